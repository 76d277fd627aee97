/** The result in plain language for the person screened: printable, with links to the evidence. */
import type { Assessment, KnowledgeBase } from '../../../src/core/browser.js';
import { buildReportView } from '../../../src/report/view.js';
import { useLang } from '../lang.js';

export function Result(props: {
  kb: KnowledgeBase;
  assessment: Assessment;
  note?: string;
  onRestart?: () => void;
}) {
  const { lang, t } = useLang();
  const view = buildReportView(props.kb, props.assessment, lang, { audience: 'client' });
  const d = view.m.disposition[view.disposition];
  const citations = new Map(view.findings.flatMap((f) => f.citations.map((c) => [c.id, c] as const)));
  const tell = [
    ...view.findings.filter((f) => f.disposition !== 'proceed').map((f) => f.message),
    ...view.casePrecautions,
  ];
  return (
    <article class="result">
      <h1>{t.result.title}</h1>
      {props.note && <p class="note">{props.note}</p>}
      <section class={`banner d-${view.disposition}`} aria-labelledby="can-you">
        <h2 id="can-you">{t.result.canYou}</h2>
        <p class="verdict">{d.label}</p>
        <p>{d.explain}</p>
      </section>
      {view.unresolved.length > 0 && (
        <section>
          <h2>{view.m.heading.unresolved}</h2>
          <ul>
            {view.unresolved.map((u) => (
              <li key={u.ruleId}>
                <strong>{u.title}.</strong> {u.message}
              </li>
            ))}
          </ul>
        </section>
      )}
      <section>
        <h2>{t.result.kinds}</h2>
        <div class="table-wrap">
          <table class="techniques">
            <thead>
              <tr>
                <th scope="col">{view.m.table.technique}</th>
                <th scope="col">{view.m.table.decision}</th>
                <th scope="col">{view.m.table.reason}</th>
              </tr>
            </thead>
            <tbody>
              {view.techniques.map((tech) => (
                <tr key={tech.name} class={`dec-${tech.decision}`}>
                  <th scope="row">{tech.name}</th>
                  <td>{view.m.decision[tech.decision].label}</td>
                  <td>{tech.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      <section>
        <h2>{t.result.tell}</h2>
        {tell.length === 0 ? (
          <p>{t.result.none}</p>
        ) : (
          <ul>
            {tell.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        )}
      </section>
      <section>
        <h2>{t.result.doctor}</h2>
        {view.referrals.length === 0 ? (
          <p>{t.result.none}</p>
        ) : (
          <ul>
            {view.referrals.map((r) => (
              <li key={r}>{r}</li>
            ))}
          </ul>
        )}
      </section>
      {view.alternatives.length > 0 && (
        <section>
          <h2>{t.result.alternatives}</h2>
          <ul>
            {view.alternatives.map((a) => (
              <li key={a.name}>
                <strong>{a.name}</strong> ({a.certainty}). {a.summary}
              </li>
            ))}
          </ul>
        </section>
      )}
      <section>
        <h2>{t.result.professionals}</h2>
        <ul>
          {view.professions.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      </section>
      <section>
        <h2>{t.result.evidence}</h2>
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
      </section>
      <p class="disclaimer">{view.disclaimer}</p>
      <div class="actions no-print">
        <button type="button" onClick={() => window.print()}>
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
