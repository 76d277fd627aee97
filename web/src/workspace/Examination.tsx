/**
 * Screening in the treatment room, step 2: the practitioner's examination. It starts from the client's
 * self-report (shown with who and when), lets the practitioner confirm or correct each answer with the
 * client, and asks the examination questions (blood pressure, neurological and upper-motor-neuron signs),
 * which the knowledge base enables when a clinician answers. Saved as a new screening based on the
 * self-report, which stays as the client gave it; the sign-off (step 3) is on the new screening's page.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Step } from '../../../src/clinic/index.js';
import { applicableQuestions, submitterName } from '../../../src/clinic/index.js';
import type { Answers, AnswerValue, KnowledgeBase, Question } from '../../../src/core/browser.js';
import { nextQuestions } from '../../../src/core/browser.js';
import { api } from '../api.js';
import { Emergency } from '../check/Emergency.js';
import { QuestionField } from '../check/QuestionField.js';
import { useLang } from '../lang.js';
import { Link, navigate } from '../router.js';
import type { Me } from './data.js';
import { formatDate, useResource } from './data.js';
import { failureText } from './failure.js';
import { InRoomSteps } from './InRoom.js';
import type { ScreeningDetail } from './record.js';
import { screeningUrl } from './record.js';
import { WORKSPACE_STRINGS } from './strings.js';

const EXAM_SECTION = 'exam';
/** Context answers the steps set themselves (who answers, and the moment the practitioner chose). */
const CONTEXT = new Set(['respondent', 'moment']);

/** The questions that apply to these answers, in knowledge-base order (the flow's own enableWhen). */
function applicable(kb: KnowledgeBase, answers: Answers): readonly Question[] {
  return applicableQuestions(kb, answers).filter((q) => !CONTEXT.has(q.id));
}

export function Examination({ id, kb, me }: { id: string; kb: KnowledgeBase; me: Me }) {
  const { lang } = useLang();
  const s = WORKSPACE_STRINGS[lang];
  const detail = useResource<ScreeningDetail>(screeningUrl(id));
  if (detail.error) return <p role="alert">{detail.error.detail}</p>;
  if (detail.data === undefined) return <p>…</p>;
  return <ExaminationForm detail={detail.data} kb={kb} me={me} lang={lang} s={s} />;
}

function ExaminationForm({
  detail,
  kb,
  me,
  lang,
  s,
}: {
  detail: ScreeningDetail;
  kb: KnowledgeBase;
  me: Me;
  lang: 'en' | 'fr';
  s: (typeof WORKSPACE_STRINGS)['en'];
}) {
  const { screening, record } = detail;
  const [answers, setAnswers] = useState<Record<string, AnswerValue | undefined>>(() => ({
    ...screening.answers,
    respondent: 'clinician',
  }));
  const [missing, setMissing] = useState<readonly string[]>([]);
  const [problem, setProblem] = useState<string | undefined>();
  const [saving, setSaving] = useState(false);
  const summary = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (missing.length > 0) summary.current?.focus();
  }, [missing]);

  const given: Record<string, AnswerValue> = {};
  for (const [qid, v] of Object.entries(answers)) if (v !== undefined) given[qid] = v;
  const questions = applicable(kb, given);
  const flow = nextQuestions(kb, given);
  const emergency = flow.status === 'emergency';
  const clientName = record?.client.displayName ?? '—';
  const people = {
    people: record?.people ?? [],
    client: record?.client ?? { id: screening.clientId, displayName: clientName, birthYear: null },
  };
  const selfStep: Pick<Step, 'at' | 'by'> = record?.steps.find((x) => x.screeningId === screening.id) ?? {
    at: screening.submittedAt,
    by: screening.submittedBy ?? { kind: 'user', userId: me.user.id },
  };
  const who =
    selfStep.by.kind === 'client'
      ? s.screening.byIntake(clientName)
      : s.screening.answeredBy(clientName, submitterName(people, selfStep.by));
  const current = record === undefined || record.currency === 'current';

  const field = (q: Question) => (
    <QuestionField
      key={q.id}
      question={q}
      value={answers[q.id]}
      error={missing.includes(q.id)}
      onChange={(value) => {
        setAnswers((a) => ({ ...a, [q.id]: value }));
        if (value !== undefined) setMissing((m) => m.filter((x) => x !== q.id));
      }}
    />
  );
  const sections = kb.sections
    .filter((section) => section.id !== 'start' && section.id !== EXAM_SECTION)
    .map((section) => ({ section, questions: questions.filter((q) => q.section === section.id) }))
    .filter((x) => x.questions.length > 0);
  const exam = questions.filter((q) => q.section === EXAM_SECTION);
  const examIntro = kb.sections.find((x) => x.id === EXAM_SECTION)?.intro;

  const submit = async (event: Event) => {
    event.preventDefault();
    setProblem(undefined);
    const unanswered = questions.filter((q) => given[q.id] === undefined).map((q) => q.id);
    setMissing(unanswered);
    if (unanswered.length > 0 && !emergency) return;
    const { respondent: _r, moment: _m, ...confirmed } = given;
    setSaving(true);
    try {
      const created = await api<{ id: string }>('POST', `/api/v1/screenings/${screening.id}/examination`, {
        answers: confirmed,
      });
      navigate(`/app/screenings/${created.id}`);
    } catch (e) {
      setProblem(failureText(e, s));
      setSaving(false);
    }
  };

  return (
    <>
      <p>
        <Link href={`/app/screenings/${screening.id}`}>← {s.client.screening}</Link>
      </p>
      <h1>
        {s.inRoom.title} — {clientName}
      </h1>
      <InRoomSteps current={2} />
      <p>
        <strong>{s.inRoom.stepOf(1)}:</strong>{' '}
        {s.inRoom.selfReport(clientName, formatDate(selfStep.at, lang))} — {who}
      </p>
      <p>
        <strong>{s.inRoom.stepOf(2)}:</strong> {s.inRoom.savedBy(me.user.name)}
      </p>
      {!current && <p class="notice">{s.inRoom.notLatest}</p>}
      {problem && (
        <p class="error" role="alert">
          {problem}
        </p>
      )}
      {emergency && (
        <Emergency assessment={flow.assessment} sent={false} level={2} note={s.inRoom.emergency} />
      )}
      {current && (
        <form onSubmit={submit} noValidate>
          {missing.length > 0 && (
            <div class="error-summary" role="alert" tabIndex={-1} ref={summary}>
              <h3>{s.inRoom.missing}</h3>
              <ul>
                {questions
                  .filter((q) => missing.includes(q.id))
                  .map((q) => (
                    <li key={q.id}>
                      <a href={`#q-${q.id}`}>{q.text[lang]}</a>
                    </li>
                  ))}
              </ul>
            </div>
          )}
          <h2>{s.inRoom.confirm}</h2>
          <p class="hint">{s.inRoom.confirmHint}</p>
          {sections.map(({ section, questions: qs }) => {
            const pending = qs.some((q) => given[q.id] === undefined);
            return (
              <details key={section.id} open={pending || qs.some((q) => missing.includes(q.id))}>
                <summary>
                  {section.title[lang]} —{' '}
                  {s.inRoom.answers(qs.filter((q) => given[q.id] !== undefined).length)}
                  {pending && ` · ${s.inRoom.pending}`}
                </summary>
                {qs.map(field)}
              </details>
            );
          })}
          <h2>{s.inRoom.exam}</h2>
          {examIntro && <p class="hint">{examIntro[lang]}</p>}
          {exam.map(field)}
          <div class="actions">
            <button type="submit" disabled={saving}>
              {s.inRoom.save}
            </button>
          </div>
        </form>
      )}
    </>
  );
}
