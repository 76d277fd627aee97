/** The emergency stop: what to do now, in plain words, and why. No further questions. */
import { useId } from 'preact/hooks';
import type { Assessment } from '../../../src/core/browser.js';
import { messages } from '../../../src/report/messages.js';
import { useLang } from '../lang.js';

/**
 * `level` 2 places it inside a page that has its own heading (the therapist's workspace), and `note` adds
 * what the reader must know besides the steps (for staff: the client is at the top of Today).
 */
export function Emergency({
  assessment,
  sent,
  level = 1,
  note,
}: {
  assessment: Assessment;
  sent: boolean;
  level?: 1 | 2;
  note?: string;
}) {
  const { lang, t } = useLang();
  const m = messages(lang);
  const id = useId();
  const reasons = assessment.findings.filter((f) => f.disposition === 'emergency');
  const Heading = level === 1 ? 'h1' : 'h2';
  const Sub = level === 1 ? 'h2' : 'h3';
  return (
    <section class="emergency" role="alert" aria-labelledby={`${id}-title`}>
      <Heading id={`${id}-title`}>{t.emergency.title}</Heading>
      {note && <p>{note}</p>}
      <ol>
        {m.emergency.steps.map((step) => (
          <li key={step}>{step}</li>
        ))}
      </ol>
      <Sub>{t.emergency.because}</Sub>
      <ul>
        {reasons.map((f) => (
          <li key={f.ruleId}>
            <strong>{f.title[lang]}.</strong> {f.client[lang]}
          </li>
        ))}
      </ul>
      {sent && <p>{t.emergency.sent}</p>}
    </section>
  );
}
