/**
 * The interactive screening, independent of any terminal library: it asks one question at a time through
 * an injected function, so that a test can drive it with a scripted list of replies.
 */
import type {
  Answers,
  AnswerValue,
  FlowStep,
  KnowledgeBase,
  Lang,
  Progress,
  Question,
  SectionEntry,
} from '../../core/index.js';
import { checkAnswer, nextQuestions } from '../../core/index.js';

export interface PromptRequest {
  readonly question: Question;
  readonly section: SectionEntry;
  /** The first question asked in this section since the previous section: show the section title. */
  readonly newSection: boolean;
  readonly progress: Progress;
  /** There is an earlier answer that "← Back" would remove. */
  readonly canGoBack: boolean;
  readonly lang: Lang;
}

export type PromptReply =
  | { readonly kind: 'answer'; readonly value: AnswerValue }
  | { readonly kind: 'back' };

export type AskQuestion = (request: PromptRequest) => Promise<PromptReply>;

export interface InteractiveResult {
  readonly answers: Answers;
  /** Where the questions stopped: every applicable question answered, or an emergency. */
  readonly step: Exclude<FlowStep, { status: 'ask' }>;
}

/**
 * Asks until every question that applies is answered, or stops at once when the answers make the outcome
 * an emergency. Each answer is followed by a fresh `nextQuestions`, so branching questions appear as soon
 * as they apply. "Back" removes the most recent answer; the answers form a stack, so no later answer can
 * survive a change to an earlier one.
 */
export async function runInteractive(
  kb: KnowledgeBase,
  lang: Lang,
  ask: AskQuestion,
  initial: Answers = {},
): Promise<InteractiveResult> {
  const answers: Record<string, AnswerValue> = { ...initial };
  const history: string[] = [];
  let shownSection: string | undefined;
  for (;;) {
    const step = nextQuestions(kb, answers);
    if (step.status !== 'ask') return { answers: { ...answers }, step };
    const question = step.questions[0];
    if (question === undefined) throw new Error(`section "${step.section.id}" has nothing to ask`);
    const reply = await ask({
      question,
      section: step.section,
      newSection: step.section.id !== shownSection,
      progress: step.progress,
      canGoBack: history.length > 0,
      lang,
    });
    shownSection = step.section.id;
    if (reply.kind === 'back') {
      const previous = history.pop();
      if (previous !== undefined) delete answers[previous];
      continue;
    }
    const issue = checkAnswer(question, reply.value);
    if (issue !== undefined) throw new Error(`invalid reply to "${question.id}": ${issue.message}`);
    answers[question.id] = reply.value;
    history.push(question.id);
  }
}
