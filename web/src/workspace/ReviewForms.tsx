/** Sign-off with a note, and override of a technique decision with a coded reason (audited on the server). */
import { useState } from 'preact/hooks';
import type { Decision, KnowledgeBase } from '../../../src/core/browser.js';
import { messages } from '../../../src/report/messages.js';
import { api } from '../api.js';
import { useLang } from '../lang.js';
import { SelectField } from '../ui/SelectField.js';
import { formatDate } from './data.js';
import { failureText } from './failure.js';
import type { Review } from './ScreeningPage.js';
import { WORKSPACE_STRINGS } from './strings.js';

const REASONS = [
  'clinical_judgement_lower_risk',
  'clinical_judgement_higher_risk',
  'medical_clearance_obtained',
  'information_incorrect',
  'client_declined',
  'other',
] as const;

export function ReviewForms(props: {
  screeningId: string;
  reviews: readonly Review[];
  kb: KnowledgeBase;
  decisions: readonly Decision[];
  onSaved: () => void;
}) {
  const { lang } = useLang();
  const s = WORKSPACE_STRINGS[lang];
  const m = messages(lang);
  const [error, setError] = useState<string | undefined>();
  const submit = (body: (form: FormData) => unknown) => async (event: Event) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    try {
      await api('POST', `/api/v1/screenings/${props.screeningId}/reviews`, body(new FormData(form)));
      form.reset();
      setError(undefined);
      props.onSaved();
    } catch (e) {
      setError(failureText(e, s));
    }
  };
  return (
    <section>
      <h2>{s.screening.reviews}</h2>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <ul>
        {props.reviews.map((r) => (
          <li key={r.id}>
            {formatDate(r.createdAt, lang)} —{' '}
            {r.kind === 'signoff'
              ? `${s.screening.signoff}: ${r.note}`
              : `${s.screening.override}: ${props.kb.index.technique.get(r.techniqueId ?? '')?.name[lang] ?? r.techniqueId} → ${m.decision[r.decision ?? 'contraindicated'].label} (${s.screening.reasons[(r.reasonCode ?? 'other') as (typeof REASONS)[number]]}: ${r.reasonText})`}
          </li>
        ))}
      </ul>
      <form onSubmit={submit((f) => ({ kind: 'signoff', note: String(f.get('note') ?? '') }))}>
        <label class="field">
          <span>{s.screening.note}</span>
          <textarea name="note" maxLength={4000} />
        </label>
        <button type="submit">{s.screening.signoff}</button>
      </form>
      <details>
        <summary>{s.screening.override}</summary>
        <form
          onSubmit={submit((f) => ({
            kind: 'override',
            techniqueId: String(f.get('techniqueId')),
            decision: String(f.get('decision')),
            reasonCode: String(f.get('reasonCode')),
            reasonText: String(f.get('reasonText')),
          }))}
        >
          <SelectField label={s.screening.technique} name="techniqueId">
            {props.kb.techniques.map((t) => (
              <option key={t.id} value={t.id}>
                {t.name[lang]}
              </option>
            ))}
          </SelectField>
          <SelectField label={s.screening.decision} name="decision">
            {props.decisions.map((d) => (
              <option key={d} value={d}>
                {m.decision[d].label}
              </option>
            ))}
          </SelectField>
          <SelectField label={s.screening.reason} name="reasonCode">
            {REASONS.map((code) => (
              <option key={code} value={code}>
                {s.screening.reasons[code]}
              </option>
            ))}
          </SelectField>
          <label class="field">
            <span>{s.screening.reasonText}</span>
            <textarea name="reasonText" required minLength={3} maxLength={4000} />
          </label>
          <button type="submit">{s.screening.override}</button>
        </form>
      </details>
    </section>
  );
}
