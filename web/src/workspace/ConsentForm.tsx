/**
 * Consent to specific techniques: the client reads the exact consent text built from this screening (as
 * paragraphs and lists, in the language chosen), can open each technique's information sheet, and types
 * their name. Only techniques the decisions that count (after overrides) do not contraindicate are offered,
 * and only on a current screening; the server checks both and its refusal is shown.
 */
import { useState } from 'preact/hooks';
import type { Consent, EffectiveTechnique } from '../../../src/clinic/index.js';
import { CLEARANCE_NEEDED } from '../../../src/clinic/index.js';
import type { Assessment, KnowledgeBase, Lang } from '../../../src/core/browser.js';
import { consentDocument } from '../../../src/report/consent.js';
import { INFO_SHEET_STRINGS } from '../../../src/report/info-sheet-strings.js';
import { api } from '../api.js';
import { useLang } from '../lang.js';
import { SelectField } from '../ui/SelectField.js';
import { ConsentLetter } from './ConsentLetter.js';
import { formatDate } from './data.js';
import { failureText } from './failure.js';
import { SignaturePad } from './SignaturePad.js';
import { WORKSPACE_STRINGS } from './strings.js';

export function ConsentForm(props: {
  screeningId: string;
  kb: KnowledgeBase;
  assessment: Assessment;
  effective: readonly EffectiveTechnique[];
  consents: readonly Consent[];
  person: (userId: string | null) => string;
  /** Whether the screening is current (consent is recorded on a current screening only). */
  current: boolean;
  /** It follows an emergency or referral screening and awaits a clinician's sign-off noting the clearance. */
  clearanceRequired: boolean;
  readOnly: boolean;
  onSaved: () => void;
}) {
  const { lang } = useLang();
  const s = WORKSPACE_STRINGS[lang];
  const [chosen, setChosen] = useState<readonly string[]>([]);
  const [textLang, setTextLang] = useState<Lang>(lang);
  const [error, setError] = useState<string | undefined>();
  const [signature, setSignature] = useState<string | undefined>();
  const name = (id: string) => props.kb.index.technique.get(id)?.name[lang] ?? id;
  const allowed = props.effective.filter((e) => e.decision !== 'contraindicated').map((e) => e.techniqueId);
  const open = props.current && !props.clearanceRequired;
  const submit = async (event: Event) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    try {
      await api('POST', `/api/v1/screenings/${props.screeningId}/consents`, {
        techniques: chosen,
        lang: textLang,
        signerName: String(new FormData(form).get('signerName') ?? ''),
        ...(signature === undefined ? {} : { signature }),
      });
      setSignature(undefined);
      form.reset();
      setChosen([]);
      setError(undefined);
      props.onSaved();
    } catch (e) {
      setError(failureText(e, s));
    }
  };
  return (
    <section>
      <h2>{s.screening.consent}</h2>
      {props.consents.length === 0 && <p>{s.screening.noConsent}</p>}
      <ul>
        {props.consents.map((c) => (
          <li key={c.id}>
            {formatDate(c.signedAt, lang)} — {c.signerName}: {c.techniques.map(name).join(', ')}
            {c.recordedBy !== null && ` (${s.screening.signedBy(props.person(c.recordedBy))})`}
            {c.signature !== null && (
              <img class="signature" src={c.signature} alt={`${s.screening.signature}: ${c.signerName}`} />
            )}
          </li>
        ))}
      </ul>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {!props.readOnly && !props.current && <p class="notice">{s.client.notCurrent}</p>}
      {!props.readOnly && props.current && props.clearanceRequired && (
        <p class="notice">{CLEARANCE_NEEDED[lang]}</p>
      )}
      {!props.readOnly && open && allowed.length === 0 && <p>{s.client.noneOffered}</p>}
      {!props.readOnly && open && allowed.length > 0 && (
        <form onSubmit={submit}>
          <fieldset>
            <legend>{s.screening.consentTechniques}</legend>
            {allowed.map((id) => (
              <label class="choice" key={id}>
                <input
                  type="checkbox"
                  checked={chosen.includes(id)}
                  onChange={(e) =>
                    setChosen(e.currentTarget.checked ? [...chosen, id] : chosen.filter((c) => c !== id))
                  }
                />
                <span>{name(id)}</span>
              </label>
            ))}
          </fieldset>
          <SelectField
            label={s.screening.consentLang}
            value={textLang}
            onChange={(value) => setTextLang(value === 'fr' ? 'fr' : 'en')}
          >
            <option value="en">English</option>
            <option value="fr">Français</option>
          </SelectField>
          {chosen.length > 0 && (
            <>
              <h3>{s.screening.preview}</h3>
              <ConsentLetter
                document={consentDocument(props.kb, props.assessment, chosen, textLang, props.effective)}
              />
              <ul class="info-links" lang={textLang}>
                {chosen.map((id) => (
                  <li key={id}>
                    <a
                      href={`/info/${encodeURIComponent(id)}?lang=${textLang}`}
                      target="_blank"
                      rel="noopener"
                    >
                      {INFO_SHEET_STRINGS[textLang].read(
                        props.kb.index.technique.get(id)?.client.name[textLang] ?? id,
                      )}
                    </a>
                  </li>
                ))}
              </ul>
              <label class="field">
                <span>{s.screening.signer}</span>
                <input
                  type="text"
                  name="signerName"
                  required
                  minLength={2}
                  maxLength={120}
                  autoComplete="off"
                />
              </label>
              <SignaturePad
                label={s.screening.signature}
                clearLabel={s.screening.clear}
                onChange={setSignature}
              />
              <button type="submit">{s.screening.sign}</button>
            </>
          )}
        </form>
      )}
    </section>
  );
}
