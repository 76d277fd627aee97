/**
 * The text a client reads before consenting to specific techniques, built from the techniques'
 * information sheets: the date of the screening in words, each technique in plain words with the decision
 * that counts, the common and the serious risks with how often they happen, the precautions of this
 * screening, when to call an ambulance, and the consent itself. Given the decisions that count after
 * clinicians' reviews, it states them, and says in plain words when the therapist changed the screening's
 * decision and why. Pure and deterministic: the server stores exactly this text with the signature, and
 * the web app shows the same document (`consentDocument`) whose text content is this string.
 */
import type { EffectiveTechnique } from '../clinic/index.js';
import type { Assessment, ComplicationEntry, KnowledgeBase, Lang } from '../core/index.js';
import { formatDay } from './dates.js';
import { isMildRisk, techniqueRisks } from './info-sheet.js';
import { CONSENT_STRINGS } from './info-sheet-strings.js';

export interface ConsentItem {
  readonly text: string;
  /** Lines under the item: how clinicians' reviews changed the technique's decision. */
  readonly notes: readonly string[];
}

export type ConsentBlock =
  | { readonly kind: 'title'; readonly text: string }
  | { readonly kind: 'paragraph'; readonly text: string }
  | { readonly kind: 'list'; readonly heading: string; readonly items: readonly ConsentItem[] };

export interface ConsentDocument {
  readonly lang: Lang;
  readonly blocks: readonly ConsentBlock[];
}

/** The separators of the text form; the web app puts the same characters between its elements. */
export const CONSENT_TEXT = {
  block: '\n\n',
  item: '\n- ',
  note: '\n  ',
  heading: (heading: string, lang: Lang) => (lang === 'fr' ? `${heading}\u00a0:` : `${heading}:`),
} as const;

/** An ISO timestamp's day in words, in UTC: "25 November 2026", "1er décembre 2026". */
export function dateInWords(iso: string | null | undefined, lang: Lang): string {
  if (iso === undefined || iso === null || Number.isNaN(Date.parse(iso))) return CONSENT_STRINGS[lang].noDate;
  return formatDay(iso, lang);
}

/** Whether the harm's client wording rests on a measured figure (not case reports only). */
function hasFigure(c: ComplicationEntry): boolean {
  return c.client.likelihood !== 'unknown' && c.client.likelihood !== 'not_reported';
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

/** The lines that explain, under a technique, how clinicians' reviews changed its decision. */
function reviewNotes(kb: KnowledgeBase, e: EffectiveTechnique, lang: Lang): string[] {
  const w = CONSENT_STRINGS[lang];
  const words = (d: string) => w.decisions[d] ?? d;
  const notes: string[] = [];
  if (e.override !== null) {
    const text = e.override.reasonText.trim();
    const reason = text === '' ? (w.reasons[e.override.reasonCode] ?? e.override.reasonCode) : text;
    notes.push(w.changed(words(e.assessed), words(e.override.decision)), w.reason(reason));
  }
  if (e.raisedBy !== null) {
    const gentler = kb.index.technique.get(e.raisedBy);
    notes.push(w.raised(gentler?.client.name[lang] ?? e.raisedBy));
  }
  return notes;
}

/**
 * The consent as a document. `effective`: the decisions after clinicians' reviews (effectiveTechniques);
 * without it, the screening's own decisions.
 */
export function consentDocument(
  kb: KnowledgeBase,
  assessment: Assessment,
  techniqueIds: readonly string[],
  lang: Lang,
  effective?: readonly EffectiveTechnique[],
): ConsentDocument {
  const w = CONSENT_STRINGS[lang];
  const techniques: ConsentItem[] = [];
  const risks = new Map<string, ComplicationEntry>();
  for (const id of techniqueIds) {
    const technique = kb.index.technique.get(id);
    if (technique === undefined) continue;
    const reviewed = effective?.find((e) => e.techniqueId === id);
    const decision =
      reviewed?.decision ??
      assessment.techniques.find((t) => t.techniqueId === id)?.decision ??
      'contraindicated';
    techniques.push({
      text: `${technique.client.name[lang]}. ${w.decision(w.decisions[decision] ?? decision)}`,
      notes: reviewed === undefined ? [] : reviewNotes(kb, reviewed, lang),
    });
    for (const risk of techniqueRisks(kb, technique)) risks.set(risk.id, risk);
  }
  const ordered = kb.complications.filter((c) => risks.has(c.id));
  const item = (c: ComplicationEntry): ConsentItem => ({
    text: `${c.client.name[lang]} — ${c.client.chance[lang]}.`,
    notes: [],
  });
  const blocks: ConsentBlock[] = [
    { kind: 'title', text: w.title },
    {
      kind: 'paragraph',
      text: w.screening(dateInWords(assessment.assessedAt, lang), assessment.kb.version),
    },
    { kind: 'list', heading: w.techniques, items: techniques },
  ];
  const mild = ordered.filter(isMildRisk);
  const serious = ordered.filter((c) => !isMildRisk(c));
  if (mild.length > 0) blocks.push({ kind: 'list', heading: w.common, items: mild.map(item) });
  // Serious harms with a measured rate each say how often; the others share one line.
  const measured = serious.filter((c) => hasFigure(c));
  const unmeasured = serious.filter((c) => !hasFigure(c));
  const seriousItems = measured.map(item);
  if (unmeasured.length > 0)
    seriousItems.push({
      text: `${unmeasured.map((c, i) => (i === 0 ? c.client.name[lang] : lowerFirst(c.client.name[lang]))).join(lang === 'fr' ? ' ; ' : '; ')} — ${w.fewCases}.`,
      notes: [],
    });
  if (serious.length > 0) blocks.push({ kind: 'list', heading: w.serious, items: seriousItems });
  const specific = assessment.precautions.filter((p) => !p.standard);
  if (specific.length > 0)
    blocks.push({
      kind: 'list',
      heading: w.precautions,
      items: specific.map((p) => ({ text: p.text[lang], notes: [] })),
    });
  blocks.push(
    { kind: 'paragraph', text: w.after },
    { kind: 'paragraph', text: w.sheet },
    { kind: 'paragraph', text: w.closing },
  );
  return { lang, blocks };
}

/** The document as the plain text the server stores. */
export function consentDocumentText(document: ConsentDocument): string {
  return document.blocks
    .map((block) => {
      if (block.kind !== 'list') return block.text;
      const items = block.items.map(
        (i) => `${CONSENT_TEXT.item}${i.text}${i.notes.map((n) => `${CONSENT_TEXT.note}${n}`).join('')}`,
      );
      return `${CONSENT_TEXT.heading(block.heading, document.lang)}${items.join('')}`;
    })
    .join(CONSENT_TEXT.block);
}

/**
 * The consent text. `effective`: the decisions after clinicians' reviews (effectiveTechniques); without
 * it, the screening's own decisions. The same inputs always give the same text.
 */
export function consentText(
  kb: KnowledgeBase,
  assessment: Assessment,
  techniqueIds: readonly string[],
  lang: Lang,
  effective?: readonly EffectiveTechnique[],
): string {
  return consentDocumentText(consentDocument(kb, assessment, techniqueIds, lang, effective));
}
