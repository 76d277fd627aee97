/**
 * The questionnaire, one section at a time, driven by the core's `nextQuestions`: branching, progress,
 * back, "I don't know", answers kept in session storage across reloads, and the emergency stop.
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { Answers, AnswerValue, Assessment, KnowledgeBase } from '../../../src/core/browser.js';
import { nextQuestions } from '../../../src/core/browser.js';
import { useLang } from '../lang.js';
import { QuestionField } from './QuestionField.js';

export interface Outcome {
  readonly answers: Answers;
  readonly assessment: Assessment;
  readonly emergency: boolean;
}

interface Saved {
  readonly answers: Answers;
  readonly pages: readonly (readonly string[])[];
}

function load(key: string, preset: Answers): Saved {
  try {
    const saved = JSON.parse(sessionStorage.getItem(key) ?? 'null') as Saved | null;
    if (saved !== null && typeof saved === 'object' && Array.isArray(saved.pages))
      return { answers: { ...saved.answers, ...preset }, pages: saved.pages };
  } catch {
    // A damaged saved copy is dropped: the questionnaire simply starts again.
  }
  return { answers: preset, pages: [] };
}

export function Questionnaire(props: {
  kb: KnowledgeBase;
  preset: Answers;
  storageKey: string;
  onDone: (outcome: Outcome) => void;
}) {
  const { kb, preset, storageKey, onDone } = props;
  const { lang, t } = useLang();
  const [saved, setSaved] = useState<Saved>(() => load(storageKey, preset));
  const [draft, setDraft] = useState<Record<string, AnswerValue | undefined>>({});
  const [missing, setMissing] = useState<readonly string[]>([]);
  const summary = useRef<HTMLDivElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const step = useMemo(() => nextQuestions(kb, saved.answers), [kb, saved.answers]);

  useEffect(() => {
    sessionStorage.setItem(storageKey, JSON.stringify(saved));
    if (step.status !== 'ask') {
      sessionStorage.removeItem(storageKey);
      onDone({ answers: saved.answers, assessment: step.assessment, emergency: step.status === 'emergency' });
    }
  }, [saved, step, storageKey, onDone]);

  useEffect(() => {
    if (missing.length > 0) summary.current?.focus();
  }, [missing]);

  if (step.status !== 'ask') return <p>{t.flow.loading}</p>;

  const currentAnswer = (id: string): AnswerValue | undefined =>
    id in draft ? draft[id] : saved.answers[id];
  const next = (event: Event) => {
    event.preventDefault();
    const unanswered = step.questions.filter((q) => currentAnswer(q.id) === undefined).map((q) => q.id);
    setMissing(unanswered);
    if (unanswered.length > 0) return;
    const answers: Record<string, AnswerValue> = { ...saved.answers };
    for (const q of step.questions) answers[q.id] = currentAnswer(q.id) as AnswerValue;
    setSaved({ answers, pages: [...saved.pages, step.questions.map((q) => q.id)] });
    setDraft({});
    heading.current?.focus();
  };
  const back = () => {
    const last = saved.pages.at(-1);
    if (last === undefined) return;
    const answers: Record<string, AnswerValue> = { ...saved.answers };
    const restored: Record<string, AnswerValue | undefined> = {};
    for (const id of last) {
      restored[id] = answers[id];
      delete answers[id];
    }
    setSaved({ answers, pages: saved.pages.slice(0, -1) });
    setDraft(restored);
    setMissing([]);
    heading.current?.focus();
  };

  const { answered, total } = step.progress;
  return (
    <form class="questionnaire" onSubmit={next} noValidate>
      <div class="progress">
        <progress max={total} value={answered} aria-label={t.flow.step(answered, total)} />
        <span>{t.flow.step(answered, total)}</span>
      </div>
      <h2 ref={heading} tabIndex={-1}>
        {step.section.title[lang]}
      </h2>
      {step.section.intro && <p>{step.section.intro[lang]}</p>}
      {missing.length > 0 && (
        <div class="error-summary" role="alert" tabIndex={-1} ref={summary}>
          <h3>{t.flow.errorSummary}</h3>
          <ul>
            {step.questions
              .filter((q) => missing.includes(q.id))
              .map((q) => (
                <li key={q.id}>
                  <a href={`#q-${q.id}`}>{q.text[lang]}</a>
                </li>
              ))}
          </ul>
        </div>
      )}
      {step.questions.map((q) => (
        <QuestionField
          key={q.id}
          question={q}
          value={currentAnswer(q.id)}
          error={missing.includes(q.id)}
          onChange={(value) => {
            const nextDraft = { ...draft, [q.id]: value };
            setDraft(nextDraft);
            if (value !== undefined) setMissing((m) => m.filter((id) => id !== q.id));
            // Stop at once when this answer already calls for emergency care: no further questions.
            const candidate: Record<string, AnswerValue> = { ...saved.answers };
            for (const [id, v] of Object.entries(nextDraft)) if (v !== undefined) candidate[id] = v;
            if (nextQuestions(kb, candidate).status === 'emergency') {
              setSaved({ answers: candidate, pages: [...saved.pages, step.questions.map((x) => x.id)] });
            }
          }}
        />
      ))}
      <div class="actions">
        {saved.pages.length > 0 && (
          <button type="button" class="secondary" onClick={back}>
            {t.flow.back}
          </button>
        )}
        <button type="submit">{t.flow.next}</button>
      </div>
    </form>
  );
}
