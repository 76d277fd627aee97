/**
 * The emergency stop: one instruction first (call the local emergency number now, with a tap-to-call link
 * and the number as text), then what to say and what not to do, in plain words, and why. It can be
 * printed on its own, and the person who answered wrongly can go back without losing the other answers.
 */
import { useEffect, useId, useRef } from 'preact/hooks';
import type { Assessment } from '../../../src/core/browser.js';
import { messages } from '../../../src/report/messages.js';
import { useLang } from '../lang.js';
import type { EmergencyNumber } from './emergency-number.js';
import { browserLocales, emergencyNumberFor } from './emergency-number.js';

/**
 * `level` 2 places it inside a page that has its own heading (the therapist's workspace: the steps are
 * then the report's, written for staff), and `note` adds what the reader must know besides the steps (for
 * staff: the client is at the top of Today). Level 1 is the person's own screen: it takes the focus, and
 * offers print and, with `onBack`, a way back to the questions.
 */
export function Emergency({
  assessment,
  sent,
  level = 1,
  note,
  onBack,
  number,
}: {
  assessment: Assessment;
  sent: boolean;
  level?: 1 | 2;
  note?: string;
  onBack?: () => void;
  /** The number to offer; by default chosen from the browser's languages. */
  number?: EmergencyNumber;
}) {
  const { lang, t } = useLang();
  const m = messages(lang);
  const id = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  const own = level === 1;
  useEffect(() => {
    if (own) heading.current?.focus();
  }, [own]);
  const reasons = assessment.findings.filter((f) => f.disposition === 'emergency');
  const call = number ?? emergencyNumberFor(browserLocales());
  const Heading = own ? 'h1' : 'h2';
  const Sub = own ? 'h2' : 'h3';
  return (
    <section
      class={own ? 'emergency emergency-stop' : 'emergency'}
      role="alert"
      aria-labelledby={`${id}-title`}
    >
      <Heading id={`${id}-title`} ref={heading} tabIndex={-1}>
        {t.emergency.title}
      </Heading>
      {note && <p>{note}</p>}
      {own && (
        <p class="first">
          <strong>{t.emergency.first}</strong>
        </p>
      )}
      <p class="call">
        <a class="call-link" href={`tel:${call.primary}`}>
          {t.emergency.call(call.primary)}
        </a>
        {call.also.map((n) => (
          <a key={n} class="call-also" href={`tel:${n}`}>
            {t.emergency.call(n)}
          </a>
        ))}
      </p>
      <p class="call-number">
        {call.region === undefined ? t.emergency.fallback : t.emergency.number(call.primary, call.also)}
      </p>
      {own ? (
        <>
          <Sub>{t.emergency.sayTitle}</Sub>
          <ul>
            {t.emergency.say.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
          <Sub>{t.emergency.dontTitle}</Sub>
          <ul>
            {t.emergency.dont.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        </>
      ) : (
        <ol>
          {m.emergency.steps.map((step) => (
            <li key={step}>{step}</li>
          ))}
        </ol>
      )}
      <Sub>{t.emergency.because}</Sub>
      <ul>
        {reasons.map((f) => (
          <li key={f.ruleId}>
            <strong>{f.title[lang]}.</strong> {f.client[lang]}
          </li>
        ))}
      </ul>
      {sent && <p>{t.emergency.sent}</p>}
      {own && (
        <div class="actions">
          <button type="button" onClick={() => window.print()}>
            {t.emergency.print}
          </button>
          {onBack && (
            <button type="button" class="secondary" onClick={onBack}>
              {t.emergency.back}
            </button>
          )}
        </div>
      )}
    </section>
  );
}
