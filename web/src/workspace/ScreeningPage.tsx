/**
 * A screening for the therapist: disposition banner, technique matrix (with overrides), findings with a
 * "why" drill-down (answers, rule, citations), precautions, referral letter, alternatives, open questions,
 * sign-off, override and consent. The stored assessment is never changed; overrides are shown beside it.
 */
import type { Answers, Assessment, Decision, KnowledgeBase } from '../../../src/core/browser.js';
import { DECISIONS } from '../../../src/core/browser.js';
import { buildReportView } from '../../../src/report/view.js';
import { useLang } from '../lang.js';
import { Link } from '../router.js';
import { ConsentForm } from './ConsentForm.js';
import type { Me } from './data.js';
import { formatDate, useResource } from './data.js';
import { referralLetter } from './letter.js';
import { ReviewForms } from './ReviewForms.js';
import { WORKSPACE_STRINGS } from './strings.js';

export interface Review {
  readonly id: string;
  readonly kind: 'signoff' | 'override';
  readonly note: string;
  readonly techniqueId?: string;
  readonly decision?: Decision;
  readonly reasonCode?: string;
  readonly reasonText?: string;
  readonly createdAt: string;
}

interface Detail {
  readonly screening: {
    readonly id: string;
    readonly clientId: string;
    readonly submittedAt: string;
    readonly validUntil: string;
    readonly kbVersion: string;
    readonly answers: Answers;
    readonly assessment: Assessment;
  };
  readonly reviews: readonly Review[];
  readonly consents: readonly {
    id: string;
    techniques: string[];
    signerName: string;
    signedAt: string;
    signature: string | null;
  }[];
}

export function ScreeningPage({ id, kb, me }: { id: string; kb: KnowledgeBase; me: Me }) {
  const { lang } = useLang();
  const s = WORKSPACE_STRINGS[lang];
  const detail = useResource<Detail>(`/api/v1/screenings/${id}`);
  if (detail.error) return <p role="alert">{detail.error.detail}</p>;
  if (detail.data === undefined) return <p>…</p>;
  const { screening, reviews, consents } = detail.data;
  const a = screening.assessment;
  const view = buildReportView(kb, a, lang, { audience: 'clinician' });
  const d = view.m.disposition[view.disposition];
  const overrides = reviews.filter((r) => r.kind === 'override');
  const effective = (
    techniqueId: string,
    decision: Decision,
  ): { decision: Decision; overridden: boolean } => {
    const latest = overrides.filter((r) => r.techniqueId === techniqueId).at(-1);
    return latest?.decision === undefined
      ? { decision, overridden: false }
      : { decision: latest.decision, overridden: true };
  };

  return (
    <article>
      <p>
        <Link href={`/app/clients/${screening.clientId}`}>← {s.client.timeline}</Link>
      </p>
      <h1>
        {s.screening.title} — {formatDate(screening.submittedAt, lang)}
      </h1>
      <section class={`banner d-${view.disposition}`} aria-label={view.m.heading.result}>
        <p class="verdict">{d.label}</p>
        <p>{d.explain}</p>
        <p class="hint">
          {view.about.map((x) => `${x.label}: ${x.value}`).join(' · ')} · {s.today.validUntil}{' '}
          {formatDate(screening.validUntil, lang)}
        </p>
        <p class="no-print">
          <a href={`/api/v1/screenings/${id}/report.pdf?lang=${lang}`}>{s.screening.pdf}</a>
        </p>
      </section>

      <section>
        <h2>{s.screening.techniques}</h2>
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{view.m.table.technique}</th>
                <th scope="col">{view.m.table.decision}</th>
                <th scope="col">{view.m.table.reason}</th>
              </tr>
            </thead>
            <tbody>
              {a.techniques.map((t, i) => {
                const e = effective(t.techniqueId, t.decision);
                return (
                  <tr key={t.techniqueId} class={`dec-${e.decision}`}>
                    <th scope="row">{t.name[lang]}</th>
                    <td>
                      {view.m.decision[e.decision].label}
                      {e.overridden && ` (${s.screening.overridden}; ${view.m.decision[t.decision].label})`}
                    </td>
                    <td>{view.techniques[i]?.reason}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </section>

      <section>
        <h2>{s.screening.findings}</h2>
        {view.findings.map((f) => {
          const rule = kb.index.rule.get(f.ruleId);
          return (
            <div class="card" key={f.ruleId}>
              <h3>{f.title}</h3>
              <p class="hint">{f.meta}</p>
              <p>{f.message}</p>
              <details>
                <summary>{s.screening.why}</summary>
                {f.triggers.length > 0 && (
                  <>
                    <h4>{s.screening.answersThatFired}</h4>
                    <ul>
                      {f.triggers.map((t) => (
                        <li key={t.question}>
                          {t.question} → <strong>{t.answer}</strong>
                        </li>
                      ))}
                    </ul>
                  </>
                )}
                {rule && (
                  <p>
                    <strong>{s.screening.rationale}:</strong> {rule.rationale}
                  </p>
                )}
                <h4>{s.screening.sources}</h4>
                <ul class="citations">
                  {f.citations.map((c) => (
                    <li key={c.id}>{c.href === undefined ? c.full : <a href={c.href}>{c.full}</a>}</li>
                  ))}
                </ul>
                <p>
                  <Link href={`/kb/rules/${f.ruleId}`}>
                    {s.screening.rule} {f.ruleId}
                  </Link>
                </p>
              </details>
            </div>
          );
        })}
      </section>

      {(view.unresolved.length > 0 || view.openQuestions.length > 0) && (
        <section>
          <h2>{s.screening.unresolved}</h2>
          <ul>
            {view.unresolved.map((u) => (
              <li key={u.ruleId}>
                <strong>{u.title}</strong> — {u.questions.join('; ')}
              </li>
            ))}
          </ul>
          <h3>{s.screening.open}</h3>
          <ul>
            {view.openQuestions.map((q) => (
              <li key={q}>{q}</li>
            ))}
          </ul>
        </section>
      )}

      <section>
        <h2>{s.screening.precautions}</h2>
        <ul>
          {[...view.casePrecautions, ...view.standardPrecautions].map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      </section>

      {a.referrals.length > 0 && (
        <section>
          <h2>{s.screening.referral}</h2>
          <p>{s.screening.letterIntro}</p>
          <pre class="letter">{referralLetter(a, view, lang, screening.submittedAt)}</pre>
        </section>
      )}

      {view.alternatives.length > 0 && (
        <section>
          <h2>{s.screening.alternatives}</h2>
          <ul>
            {view.alternatives.map((x) => (
              <li key={x.name}>
                {x.name} ({x.certainty})
              </li>
            ))}
          </ul>
        </section>
      )}

      {me.user.role !== 'reception' && (
        <>
          <ReviewForms
            screeningId={id}
            reviews={reviews}
            kb={kb}
            onSaved={detail.reload}
            decisions={DECISIONS}
          />
          <ConsentForm
            screeningId={id}
            kb={kb}
            assessment={a}
            consents={consents}
            allowed={a.techniques
              .filter((t) => effective(t.techniqueId, t.decision).decision !== 'contraindicated')
              .map((t) => t.techniqueId)}
            onSaved={detail.reload}
          />
        </>
      )}
    </article>
  );
}
