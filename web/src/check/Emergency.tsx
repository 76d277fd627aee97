/** The emergency stop: what to do now, in plain words, and why. No further questions. */
import type { Assessment } from '../../../src/core/browser.js';
import { messages } from '../../../src/report/messages.js';
import { useLang } from '../lang.js';

export function Emergency({ assessment, sent }: { assessment: Assessment; sent: boolean }) {
  const { lang, t } = useLang();
  const m = messages(lang);
  const reasons = assessment.findings.filter((f) => f.disposition === 'emergency');
  return (
    <section class="emergency" role="alert" aria-labelledby="emergency-title">
      <h1 id="emergency-title">{t.emergency.title}</h1>
      <ol>
        {m.emergency.steps.map((step) => (
          <li key={step}>{step}</li>
        ))}
      </ol>
      <h2>{t.emergency.because}</h2>
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
