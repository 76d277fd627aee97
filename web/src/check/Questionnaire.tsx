/**
 * The questionnaire, one section at a time, driven by the core's `nextQuestions`: branching, progress,
 * back, "I don't know", answers kept in session storage across reloads, and the emergency stop. With
 * `confirmEmergency` an answer that calls for emergency care is first confirmed ("Is that right?"): yes
 * stops, "ticked by mistake" clears the answer and the person goes on.
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type {
  Answers,
  AnswerValue,
  Assessment,
  KnowledgeBase,
  Lang,
  Question,
} from '../../../src/core/browser.js';
import { nextQuestions, UNKNOWN_ANSWER } from '../../../src/core/browser.js';
import type { Strings } from '../i18n.js';
import { useLang } from '../lang.js';
import { QuestionField } from './QuestionField.js';

export interface Outcome {
  readonly answers: Answers;
  readonly assessment: Assessment;
  readonly emergency: boolean;
  /** The question ids asked on each page, the last page included: lets the person go back to it. */
  readonly pages?: readonly (readonly string[])[];
  /** The question whose answer brought the emergency stop, when one did. */
  readonly trigger?: string;
}

interface Saved {
  readonly answers: Answers;
  readonly pages: readonly (readonly string[])[];
}

interface Pending {
  readonly question: Question;
  /** The answers with the emergency answer, as they would be saved. */
  readonly candidate: Answers;
  /** The question's answer before the emergency one, restored on "by mistake" (a multiple choice keeps its other ticks). */
  readonly previous: AnswerValue | undefined;
}

/** An answer in words, as the person saw it. */
export function answerText(q: Question, value: AnswerValue, lang: Lang, t: Strings): string {
  if (value === UNKNOWN_ANSWER) return t.flow.unknown;
  if (typeof value === 'boolean') return value ? t.flow.yes : t.flow.no;
  if (typeof value === 'number') return q.unit === undefined ? String(value) : `${value} ${q.unit[lang]}`;
  const ids = Array.isArray(value) ? (value as readonly string[]) : [String(value)];
  return ids.map((id) => q.options?.find((o) => o.id === id)?.text[lang] ?? id).join(', ');
}

/** The questionnaire's state when the person comes back from the emergency stop: the last page open again, the answer that stopped it cleared. */
function resumed(outcome: Outcome, preset: Answers): { saved: Saved; draft: Record<string, AnswerValue> } {
  const pages = outcome.pages ?? [];
  const last = pages.at(-1) ?? [];
  const answers: Record<string, AnswerValue> = { ...outcome.answers, ...preset };
  const draft: Record<string, AnswerValue> = {};
  for (const id of last) {
    const value = answers[id];
    delete answers[id];
    if (value !== undefined && id !== outcome.trigger) draft[id] = value;
  }
  if (outcome.trigger !== undefined) delete answers[outcome.trigger];
  return { saved: { answers, pages: pages.slice(0, -1) }, draft };
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
  /** Ask "Is that right?" before stopping at an emergency answer. */
  confirmEmergency?: boolean;
  /** Coming back from the emergency stop: its outcome (the last page reopens without the answer that stopped it). */
  resume?: Outcome;
}) {
  const { kb, preset, storageKey, onDone, confirmEmergency = false, resume } = props;
  const { lang, t } = useLang();
  const [start] = useState(() => (resume === undefined ? undefined : resumed(resume, preset)));
  const [saved, setSaved] = useState<Saved>(() => start?.saved ?? load(storageKey, preset));
  const [draft, setDraft] = useState<Record<string, AnswerValue | undefined>>(() => start?.draft ?? {});
  const [missing, setMissing] = useState<readonly string[]>([]);
  const [pending, setPending] = useState<Pending | undefined>();
  const [trigger, setTrigger] = useState<string | undefined>();
  /** The question to put the focus back on (after "by mistake", or coming back from the stop). */
  const [refocus, setRefocus] = useState<string | undefined>(resume?.trigger);
  const summary = useRef<HTMLDivElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const confirmYes = useRef<HTMLButtonElement>(null);
  const step = useMemo(() => nextQuestions(kb, saved.answers), [kb, saved.answers]);

  useEffect(() => {
    sessionStorage.setItem(storageKey, JSON.stringify(saved));
    if (step.status !== 'ask') {
      sessionStorage.removeItem(storageKey);
      onDone({
        answers: saved.answers,
        assessment: step.assessment,
        emergency: step.status === 'emergency',
        pages: saved.pages,
        ...(trigger === undefined ? {} : { trigger }),
      });
    }
  }, [saved, step, storageKey, onDone, trigger]);

  useEffect(() => {
    if (missing.length > 0) summary.current?.focus();
  }, [missing]);

  useEffect(() => {
    if (pending !== undefined) confirmYes.current?.focus();
  }, [pending]);

  useEffect(() => {
    if (pending !== undefined || refocus === undefined) return;
    const field = document.getElementById(`q-${refocus}`);
    const input = field?.querySelector<HTMLInputElement>('input') ?? null;
    (input ?? field)?.focus();
    setRefocus(undefined);
  }, [pending, refocus]);

  if (step.status !== 'ask') return <p>{t.flow.loading}</p>;

  const stop = (candidate: Answers, questionId: string) => {
    setTrigger(questionId);
    setSaved({ answers: candidate, pages: [...saved.pages, step.questions.map((x) => x.id)] });
  };

  if (pending !== undefined) {
    const q = pending.question;
    const value = pending.candidate[q.id];
    return (
      <section
        class="confirm-emergency"
        role="alertdialog"
        aria-labelledby="confirm-emergency-title"
        aria-describedby="confirm-emergency-text"
      >
        <h2 id="confirm-emergency-title">{t.confirm.title}</h2>
        <div id="confirm-emergency-text">
          <p class="hint">{q.text[lang]}</p>
          <p>{t.confirm.answered(value === undefined ? '' : answerText(q, value, lang, t))}</p>
          <p>
            <strong>{t.confirm.sign}</strong>
          </p>
        </div>
        <div class="actions">
          <button type="button" class="danger" ref={confirmYes} onClick={() => stop(pending.candidate, q.id)}>
            {t.confirm.yes}
          </button>
          <button
            type="button"
            class="secondary"
            onClick={() => {
              setDraft({ ...draft, [q.id]: pending.previous });
              setPending(undefined);
              setRefocus(q.id);
            }}
          >
            {t.confirm.no}
          </button>
        </div>
      </section>
    );
  }

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
            const previous = currentAnswer(q.id);
            const nextDraft = { ...draft, [q.id]: value };
            setDraft(nextDraft);
            if (value !== undefined) setMissing((m) => m.filter((id) => id !== q.id));
            // Stop when this answer already calls for emergency care: no further questions (after
            // "Is that right?" when asked to confirm).
            const candidate: Record<string, AnswerValue> = { ...saved.answers };
            for (const [id, v] of Object.entries(nextDraft)) if (v !== undefined) candidate[id] = v;
            if (nextQuestions(kb, candidate).status === 'emergency') {
              if (confirmEmergency)
                setPending({
                  question: q,
                  candidate,
                  previous: q.type === 'multi' && previous !== UNKNOWN_ANSWER ? previous : undefined,
                });
              else stop(candidate, q.id);
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
