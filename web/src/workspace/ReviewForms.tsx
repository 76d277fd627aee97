/**
 * Sign-off with a note, and override of a technique decision with a coded reason (audited on the server).
 * The clinic's override rules (src/clinic) are checked here as the form is filled, for immediate feedback:
 * more permissive decisions are not offered on an emergency, referral or incomplete screening (and the
 * form says why), a more permissive decision elsewhere asks for a reason that can justify it, an
 * explanation of substance and a second confirmation. The server checks the same rules and its refusal,
 * in the user's language, is always shown.
 */
import { useState } from 'preact/hooks';
import type { OverrideReason, Review } from '../../../src/clinic/index.js';
import {
  checkOverride,
  isMorePermissive,
  NO_PERMISSIVE_OVERRIDE,
  OVERRIDE_REASONS,
  PERMISSIVE_REASONS,
} from '../../../src/clinic/index.js';
import type { Assessment, Decision, Disposition, KnowledgeBase } from '../../../src/core/browser.js';
import { DECISIONS } from '../../../src/core/browser.js';
import { messages } from '../../../src/report/messages.js';
import { api } from '../api.js';
import { useLang } from '../lang.js';
import { SelectField } from '../ui/SelectField.js';
import { formatDate } from './data.js';
import { failureText } from './failure.js';
import { reasonLabel } from './reason-label.js';
import { WORKSPACE_STRINGS } from './strings.js';

export function ReviewForms(props: {
  screeningId: string;
  disposition: Disposition;
  assessment: Assessment;
  reviews: readonly Review[];
  kb: KnowledgeBase;
  person: (userId: string) => string;
  /** Shows the reviews without the forms (reception). */
  readOnly?: boolean;
  onSaved: () => void;
}) {
  const { lang } = useLang();
  const s = WORKSPACE_STRINGS[lang];
  const m = messages(lang);
  const { assessment, disposition, reviews } = props;
  const first = assessment.techniques[0]?.techniqueId ?? '';
  const [error, setError] = useState<string | undefined>();
  const [techniqueId, setTechniqueId] = useState(first);
  const [decision, setDecision] = useState<Decision>('contraindicated');
  const [reasonCode, setReasonCode] = useState<OverrideReason>('clinical_judgement_higher_risk');
  const [reasonText, setReasonText] = useState('');
  const [confirmed, setConfirmed] = useState(false);

  const techniqueName = (id: string) => props.kb.index.technique.get(id)?.name[lang] ?? id;
  const assessedOf = (id: string): Decision =>
    assessment.techniques.find((t) => t.techniqueId === id)?.decision ?? 'contraindicated';
  const assessed = assessedOf(techniqueId);
  const blocked = NO_PERMISSIVE_OVERRIDE.includes(disposition);
  const possible = (d: Decision) => !(blocked && isMorePermissive(d, assessed));
  const chosen = possible(decision) ? decision : (DECISIONS.find(possible) ?? 'contraindicated');
  const permissive = isMorePermissive(chosen, assessed);
  const reasons: readonly OverrideReason[] = permissive ? PERMISSIVE_REASONS : OVERRIDE_REASONS;
  const reason = reasons.includes(reasonCode) ? reasonCode : (reasons[0] ?? 'other');
  const proposal = { techniqueId, decision: chosen, reasonCode: reason, reasonText, confirmed };
  const verdict = checkOverride({ disposition, assessment }, reviews, proposal);
  // Why nothing more permissive can be chosen here: the rule's own words for the most restricted technique.
  const strictest = [...assessment.techniques]
    .sort((a, b) => b.force - a.force)
    .find((t) => t.decision !== 'allowed');
  const whyBlocked =
    blocked && strictest !== undefined
      ? checkOverride({ disposition, assessment }, reviews, {
          techniqueId: strictest.techniqueId,
          decision: 'allowed',
          reasonCode: 'medical_clearance_obtained',
          reasonText: '',
          confirmed: true,
        })
      : undefined;

  const post = async (body: unknown, form: HTMLFormElement, after: () => void) => {
    try {
      await api('POST', `/api/v1/screenings/${props.screeningId}/reviews`, body);
      form.reset();
      after();
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
      {reviews.length === 0 ? (
        <p>{s.screening.noReview}</p>
      ) : (
        <ul>
          {reviews.map((r) => (
            <li key={r.id}>
              {formatDate(r.createdAt, lang)} —{' '}
              {r.kind === 'signoff'
                ? `${s.screening.signoff} (${s.screening.by(props.person(r.userId))}): ${r.note}`
                : `${s.screening.override} (${s.screening.by(props.person(r.userId))}): ${techniqueName(r.techniqueId)}: ${m.decision[assessedOf(r.techniqueId)].label} → ${m.decision[r.decision].label} (${reasonLabel(r.reasonCode, lang)}: ${r.reasonText})`}
            </li>
          ))}
        </ul>
      )}
      {props.readOnly !== true && (
        <>
          <form
            onSubmit={(event) => {
              event.preventDefault();
              const form = event.currentTarget as HTMLFormElement;
              void post(
                { kind: 'signoff', note: String(new FormData(form).get('note') ?? '') },
                form,
                () => undefined,
              );
            }}
          >
            <label class="field">
              <span>{s.screening.note}</span>
              <textarea name="note" maxLength={4000} />
            </label>
            <button type="submit">{s.screening.signoff}</button>
          </form>
          <details>
            <summary>{s.screening.override}</summary>
            {whyBlocked !== undefined && !whyBlocked.ok && (
              <p class="notice" id="override-blocked">
                {s.screening.noPermissive} {whyBlocked.refusal.message[lang]}
              </p>
            )}
            <form
              onSubmit={(event) => {
                event.preventDefault();
                void post(
                  { kind: 'override', ...proposal, confirmed: permissive && confirmed },
                  event.currentTarget as HTMLFormElement,
                  () => {
                    setReasonText('');
                    setConfirmed(false);
                  },
                );
              }}
            >
              <SelectField label={s.screening.technique} value={techniqueId} onChange={setTechniqueId}>
                {assessment.techniques.map((t) => (
                  <option key={t.techniqueId} value={t.techniqueId}>
                    {techniqueName(t.techniqueId)} ({s.screening.engine}: {m.decision[t.decision].label})
                  </option>
                ))}
              </SelectField>
              <SelectField
                label={s.screening.decision}
                value={chosen}
                onChange={(value) => setDecision(DECISIONS.find((d) => d === value) ?? 'contraindicated')}
              >
                {DECISIONS.map((d) => (
                  <option key={d} value={d} disabled={!possible(d)}>
                    {m.decision[d].label}
                    {!possible(d) && ` (${s.screening.notPossible})`}
                    {possible(d) && isMorePermissive(d, assessed) && ` (${s.screening.permissive})`}
                  </option>
                ))}
              </SelectField>
              <SelectField
                label={s.screening.reason}
                value={reason}
                onChange={(value) => setReasonCode(OVERRIDE_REASONS.find((r) => r === value) ?? 'other')}
              >
                {reasons.map((code) => (
                  <option key={code} value={code}>
                    {reasonLabel(code, lang)}
                  </option>
                ))}
              </SelectField>
              <label class="field">
                <span>{s.screening.reasonText}</span>
                <textarea
                  name="reasonText"
                  required
                  minLength={3}
                  maxLength={4000}
                  value={reasonText}
                  onInput={(e) => setReasonText(e.currentTarget.value)}
                />
              </label>
              {permissive && (
                <label class="choice confirm">
                  <input
                    type="checkbox"
                    name="confirmed"
                    required
                    checked={confirmed}
                    onChange={(e) => setConfirmed(e.currentTarget.checked)}
                  />
                  <span>{s.screening.confirm}</span>
                </label>
              )}
              <div aria-live="polite">
                {!verdict.ok && (reasonText !== '' || verdict.refusal.code === 'override_refused') && (
                  <p class="notice">
                    {s.screening.check} {verdict.refusal.message[lang]}
                  </p>
                )}
              </div>
              <button type="submit">{s.screening.override}</button>
            </form>
          </details>
        </>
      )}
    </section>
  );
}
