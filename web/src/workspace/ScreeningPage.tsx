/**
 * A screening for the therapist: whose it is (client, clinic), date, knowledge-base version and whether it
 * is current; each step with who and when (self-report, examination, sign-offs) and what the examination
 * changed; disposition banner, technique matrix with the decisions that count (overrides from what, by
 * whom, when and why), findings with a "why" drill-down (answers, rule, citations), precautions, referral
 * letter, alternatives, open questions, sign-off, override and consent. The stored assessment is never
 * changed; the effective decisions come from the clinic rules (src/clinic).
 */
import type { Step } from '../../../src/clinic/index.js';
import { approvedRuleVersions, personName, submitterName } from '../../../src/clinic/index.js';
import type { KnowledgeBase } from '../../../src/core/browser.js';
import { buildReportView } from '../../../src/report/view.js';
import { useLang } from '../lang.js';
import { Link } from '../router.js';
import type { SignoffListing } from './ClinicSignoffs.js';
import { SIGNOFFS_URL } from './ClinicSignoffs.js';
import { ConsentForm } from './ConsentForm.js';
import type { Me } from './data.js';
import { formatDate, useResource } from './data.js';
import { referralLetter } from './letter.js';
import { ReviewForms } from './ReviewForms.js';
import { RuleEvidence } from './RuleEvidence.js';
import { reasonLabel } from './reason-label.js';
import type { ScreeningDetail } from './record.js';
import { answerText, effectiveOf, reviewsOf, screeningUrl, toConsent } from './record.js';
import { WORKSPACE_STRINGS } from './strings.js';

export function ScreeningPage({ id, kb, me }: { id: string; kb: KnowledgeBase; me: Me }) {
  const { lang, t } = useLang();
  const s = WORKSPACE_STRINGS[lang];
  const detail = useResource<ScreeningDetail>(screeningUrl(id));
  // Findings from rules this clinic has not signed say so, as in the printed report.
  const signoffs = useResource<SignoffListing>(SIGNOFFS_URL);
  if (detail.error) return <p role="alert">{detail.error.detail}</p>;
  if (detail.data === undefined) return <p>…</p>;
  const { screening } = detail.data;
  const record = detail.data.record;
  const reviews = reviewsOf(detail.data);
  const effective = effectiveOf(detail.data);
  const consents = detail.data.consents.map((c) => toConsent(c, screening.id, screening.clientId));
  const a = screening.assessment;
  const view = buildReportView(kb, a, lang, {
    audience: 'clinician',
    ...(signoffs.data === undefined ? {} : { clinicApproved: approvedRuleVersions(signoffs.data.signoffs) }),
  });
  const d = view.m.disposition[view.disposition];
  const people = {
    people: record?.people ?? [],
    client: record?.client ?? { id: screening.clientId, displayName: '—', birthYear: null },
  };
  const person = (userId: string | null) => personName(people, userId);
  const techniqueName = (tid: string) => kb.index.technique.get(tid)?.name[lang] ?? tid;
  const clientName = record?.client.displayName ?? '—';
  const who = (step: Pick<Step, 'kind' | 'by'>): string => {
    if (step.by.kind === 'client') return s.screening.byIntake(clientName);
    if (step.kind === 'self_report')
      return s.screening.answeredBy(clientName, submitterName(people, step.by));
    return s.screening.by(submitterName(people, step.by));
  };
  const words = { yes: t.flow.yes, no: t.flow.no, unknown: t.flow.unknown, none: s.screening.noAnswer };
  const canExamine =
    me.user.role !== 'reception' && record?.currency === 'current' && (screening.basedOn ?? null) === null;

  return (
    <article>
      <p>
        <Link href={`/app/clients/${screening.clientId}`}>← {s.client.timeline}</Link>
      </p>
      <h1>
        {s.screening.title} — {clientName} — {formatDate(screening.submittedAt, lang)}
      </h1>
      <section aria-labelledby="record-title">
        <h2 id="record-title" class="visually-hidden">
          {s.screening.record}
        </h2>
        <dl class="record">
          <dt>{s.screening.client}</dt>
          <dd>
            {clientName}
            {record?.client.birthYear != null && ` (${record.client.birthYear})`}
          </dd>
          <dt>{s.screening.clinic}</dt>
          <dd>{record?.clinic.name ?? me.clinic.name}</dd>
          <dt>{s.screening.date}</dt>
          <dd>
            <time dateTime={screening.submittedAt}>{formatDate(screening.submittedAt, lang)}</time>
          </dd>
          <dt>{s.screening.kbVersion}</dt>
          <dd>{screening.kbVersion}</dd>
          <dt>{s.today.validUntil}</dt>
          <dd>{formatDate(screening.validUntil, lang)}</dd>
          {record && (
            <>
              <dt>{s.screening.status}</dt>
              <dd class={`currency-${record.currency}`}>{s.screening.currency[record.currency]}</dd>
            </>
          )}
        </dl>
      </section>

      {record && record.steps.length > 0 && (
        <section>
          <h2>{s.screening.steps}</h2>
          <ol class="steps">
            {record.steps.map((step, i) => (
              <li key={`${step.kind}-${step.at}-${i}`}>
                <strong>{s.screening.stepKinds[step.kind]}</strong> —{' '}
                <time dateTime={step.at}>{formatDate(step.at, lang)}</time> — {who(step)}
                {step.screeningId !== screening.id && (
                  <>
                    {' '}
                    (<Link href={`/app/screenings/${step.screeningId}`}>{s.client.screening}</Link>)
                  </>
                )}
              </li>
            ))}
          </ol>
          {canExamine && (
            <p>
              <Link class="button" href={`/app/screenings/${id}/examine`}>
                {s.screening.examine}
              </Link>{' '}
              <span class="hint">{s.screening.examineHint}</span>
            </p>
          )}
          {record.changes.length > 0 && (
            <>
              <h3>{s.screening.changes}</h3>
              <div class="table-wrap">
                <table>
                  <thead>
                    <tr>
                      <th scope="col">{s.screening.question}</th>
                      <th scope="col">{s.screening.before}</th>
                      <th scope="col">{s.screening.after}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {record.changes.map((c) => (
                      <tr key={c.questionId}>
                        <th scope="row">
                          {kb.index.question.get(c.questionId)?.clinicianLabel[lang] ?? c.questionId}
                        </th>
                        <td>{answerText(kb, c.questionId, c.before, lang, words)}</td>
                        <td>{answerText(kb, c.questionId, c.after, lang, words)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </>
          )}
        </section>
      )}

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
              {a.techniques.map((tech, i) => {
                const e = effective.find((x) => x.techniqueId === tech.techniqueId);
                const decision = e?.decision ?? tech.decision;
                return (
                  <tr key={tech.techniqueId} class={`dec-${decision}`}>
                    <th scope="row">{tech.name[lang]}</th>
                    <td>
                      {e?.override
                        ? s.screening.overrideBy(
                            view.m.decision[decision].label,
                            person(e.override.userId),
                            formatDate(e.override.createdAt, lang),
                          )
                        : view.m.decision[decision].label}
                      {e?.override && (
                        <span class="hint">
                          {' '}
                          ({s.screening.overridden}; {s.screening.engine}:{' '}
                          {view.m.decision[tech.decision].label}; {reasonLabel(e.override.reasonCode, lang)}:{' '}
                          {e.override.reasonText})
                        </span>
                      )}
                      {e?.raisedBy && (
                        <span class="hint"> ({s.screening.raisedBy(techniqueName(e.raisedBy))})</span>
                      )}
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
                  <>
                    <p>
                      <strong>{s.screening.rationale}:</strong> {rule.rationale}
                    </p>
                    <RuleEvidence rule={rule} kb={kb} lang={lang} />
                  </>
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

      <ReviewForms
        screeningId={id}
        disposition={screening.disposition}
        assessment={a}
        reviews={reviews}
        kb={kb}
        person={person}
        readOnly={me.user.role === 'reception'}
        onSaved={detail.reload}
      />
      <ConsentForm
        screeningId={id}
        kb={kb}
        assessment={a}
        effective={effective}
        consents={consents}
        person={person}
        current={record === undefined || record.currency === 'current'}
        clearanceRequired={record?.clearanceRequired === true}
        readOnly={me.user.role === 'reception'}
        onSaved={detail.reload}
      />
    </article>
  );
}
