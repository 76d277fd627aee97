/**
 * The result in plain language for the person screened: the one instruction and the techniques first,
 * the details folded so a phone shows what to do without scrolling through every finding. Printable.
 */
import { useEffect, useRef } from 'preact/hooks';
import type { Assessment, Disposition, KnowledgeBase } from '../../../src/core/browser.js';
import type { HeadlineLevel } from '../../../src/report/headline.js';
import type { ReportView } from '../../../src/report/view.js';
import { buildReportView } from '../../../src/report/view.js';
import { useLang } from '../lang.js';

/** The banner reuses the disposition colours: every level that sends to a doctor looks like "refer". */
const BANNER: Readonly<Record<HeadlineLevel, Disposition>> = {
  proceed: 'proceed',
  precautions: 'precautions',
  doctor: 'refer',
  soon: 'refer',
  urgent: 'refer',
  emergency: 'emergency',
};

export function Result(props: {
  kb: KnowledgeBase;
  assessment: Assessment;
  note?: string;
  onRestart?: () => void;
}) {
  const { lang, t } = useLang();
  const view = buildReportView(props.kb, props.assessment, lang, { audience: 'client' });
  const article = useRef<HTMLElement>(null);
  // Folded details would print folded: open them all before any print, from the button or the browser.
  const unfold = () => {
    for (const d of article.current?.querySelectorAll('details') ?? []) d.open = true;
  };
  useEffect(() => {
    window.addEventListener('beforeprint', unfold);
    return () => window.removeEventListener('beforeprint', unfold);
  }, []);
  return (
    <article class="result" ref={article}>
      <h1>{t.result.title}</h1>
      {props.note && <p class="note">{props.note}</p>}
      <Headline view={view} />
      <section aria-labelledby="kinds">
        <h2 id="kinds">{t.result.kinds}</h2>
        <ul class="technique-list">
          {view.techniques.map((tech) => (
            <li key={tech.name} class={`dec-${tech.decision}`}>
              <span class="technique-name">{tech.name}</span>
              <span class="technique-decision">{tech.label}</span>
            </li>
          ))}
        </ul>
      </section>
      <Details view={view} tell={t.result.tell} />
      <p class="disclaimer">{view.disclaimer}</p>
      <div class="actions no-print">
        <button
          type="button"
          onClick={() => {
            unfold();
            window.print();
          }}
        >
          {t.result.print}
        </button>
        {props.onRestart && (
          <button type="button" class="secondary" onClick={props.onRestart}>
            {t.flow.restart}
          </button>
        )}
      </div>
    </article>
  );
}

function Headline({ view }: { view: ReportView }) {
  const { headline, m } = view;
  const c = m.client.heading;
  return (
    <section class={`banner headline d-${BANNER[headline.level]}`} aria-labelledby="what-to-do">
      <h2 id="what-to-do">{c.whatToDo}</h2>
      <p class="verdict">{headline.label}</p>
      <p class="headline-text">{headline.text}</p>
      <dl class="when-whom">
        <dt>{c.when}</dt>
        <dd>{headline.when}</dd>
        <dt>{c.whom}</dt>
        <dd>{headline.whom}</dd>
      </dl>
      {view.emergencySteps.length > 0 && (
        <ol class="emergency-steps">
          {view.emergencySteps.map((step) => (
            <li key={step}>{step}</li>
          ))}
        </ol>
      )}
    </section>
  );
}

function Fold(props: { summary: string; count?: number; children: preact.ComponentChildren }) {
  return (
    <details class="fold">
      <summary>
        {props.summary}
        {props.count !== undefined && <span class="count"> ({props.count})</span>}
      </summary>
      {props.children}
    </details>
  );
}

function Details({ view, tell }: { view: ReportView; tell: string }) {
  const { headings, m } = view;
  const possible = view.findings.filter((f) => f.certainty === 'possible');
  const definite = view.findings.filter((f) => f.certainty === 'definite' && f.disposition !== 'proceed');
  const standard = view.findings.filter((f) => f.certainty === 'definite' && f.disposition === 'proceed');
  const citations = new Map(view.findings.flatMap((f) => f.citations.map((c) => [c.id, c] as const)));
  return (
    <>
      {view.unresolved.length + possible.length > 0 && (
        <Fold summary={headings.unresolved} count={view.unresolved.length + possible.length}>
          <ul>
            {view.unresolved.map((u) => (
              <li key={u.ruleId}>
                {u.message}
                <ul class="questions">
                  {u.questions.map((q) => (
                    <li key={q}>{m.client.question(q)}</li>
                  ))}
                </ul>
              </li>
            ))}
            {possible.map((f) => (
              <li key={f.ruleId}>{f.message}</li>
            ))}
          </ul>
        </Fold>
      )}
      <Fold summary={tell} count={definite.length + standard.length}>
        <ul>
          {[...definite, ...standard].map((f) => (
            <li key={f.ruleId}>
              <strong>{f.title}.</strong> {f.message}
            </li>
          ))}
        </ul>
        <table class="techniques">
          <thead>
            <tr>
              <th scope="col">{m.table.technique}</th>
              <th scope="col">{m.table.reason}</th>
            </tr>
          </thead>
          <tbody>
            {view.techniques.map((tech) => (
              <tr key={tech.name}>
                <th scope="row">{tech.name}</th>
                <td>{tech.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Fold>
      <Fold summary={headings.referrals}>
        <ul>
          {view.referrals.map((r) => (
            <li key={r}>{r}</li>
          ))}
        </ul>
      </Fold>
      {view.alternatives.length > 0 && (
        <Fold summary={headings.alternatives} count={view.alternatives.length}>
          <ul>
            {view.alternatives.map((a) => (
              <li key={a.name}>
                <strong>{a.name}</strong> ({a.certainty}). {a.summary}
              </li>
            ))}
          </ul>
        </Fold>
      )}
      <Fold summary={headings.professions}>
        <ul>
          {view.professions.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      </Fold>
      {citations.size > 0 && (
        <Fold summary={m.client.heading.evidence} count={citations.size}>
          <ul class="citations">
            {[...citations.values()].map((c) => (
              <li key={c.id}>
                {c.href === undefined ? (
                  c.full
                ) : (
                  <a href={c.href} rel="noreferrer">
                    {c.full}
                  </a>
                )}
              </li>
            ))}
          </ul>
        </Fold>
      )}
    </>
  );
}
