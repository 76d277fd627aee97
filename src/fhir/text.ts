/** Localised texts: the value in one language, the other languages as standard `translation` extensions. */
import type { Extension } from '@medplum/fhirtypes';
import type { Lang, LocalizedText } from '../core/index.js';
import { LANGS } from '../core/index.js';
import { EXTENSIONS } from './constants.js';

/** The extensions of a primitive value (the `_text` next to `text` in FHIR JSON). */
export interface PrimitiveElement {
  readonly extension: Extension[];
}

/** The `translation` extensions of a text: one per language other than `lang`. */
export function translations(text: LocalizedText, lang: Lang): PrimitiveElement {
  return {
    extension: LANGS.filter((other) => other !== lang).map((other) => ({
      url: EXTENSIONS.translation,
      extension: [
        { url: 'lang', valueCode: other },
        { url: 'content', valueString: text[other] },
      ],
    })),
  };
}

/** Texts NeckCheck adds to the knowledge base's own: the yes/no/"I don't know" answers and a few labels. */
export const LABELS = {
  yes: { en: 'Yes', fr: 'Oui' },
  no: { en: 'No', fr: 'Non' },
  unknown: { en: "I don't know", fr: 'Je ne sais pas' },
  anonymous: {
    en: 'Unidentified person (stateless screening)',
    fr: 'Personne non identifiée (dépistage sans enregistrement)',
  },
  answers: { en: 'Screening answers', fr: 'Réponses au dépistage' },
  overall: { en: 'Overall screening disposition', fr: 'Orientation globale du dépistage' },
  adverseEvent: {
    en: 'Serious adverse event during or after',
    fr: 'Événement indésirable grave pendant ou après',
  },
  notExcluded: { en: 'Red flag not excluded; unanswered:', fr: "Signal d'alerte non exclu ; sans réponse :" },
  referTo: { en: 'Refer to', fr: 'Orienter vers' },
  consentPolicy: {
    en: 'Informed consent to neck massage or manual therapy',
    fr: 'Consentement éclairé à un massage du cou ou à une thérapie manuelle',
  },
  neck: { en: 'Neck', fr: 'Cou' },
} as const satisfies Record<string, LocalizedText>;

/** UTF-8 text as base64, without Buffer or btoa, so that the module runs anywhere. */
export function base64Utf8(text: string): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  const bytes = new TextEncoder().encode(text);
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const a = bytes[i] ?? 0;
    const b = bytes[i + 1];
    const c = bytes[i + 2];
    const n = (a << 16) | ((b ?? 0) << 8) | (c ?? 0);
    out += alphabet[(n >> 18) & 63];
    out += alphabet[(n >> 12) & 63];
    out += b === undefined ? '=' : alphabet[(n >> 6) & 63];
    out += c === undefined ? '=' : alphabet[n & 63];
  }
  return out;
}
