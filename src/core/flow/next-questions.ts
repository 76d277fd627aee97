import type { Answers } from '../answers/types.js';
import type { AssessOptions } from '../engine/assess.js';
import { assess } from '../engine/assess.js';
import type { Assessment } from '../engine/assessment.js';
import { createContext } from '../engine/context.js';
import type { KnowledgeBase, Question } from '../kb/model.js';
import type { SectionEntry } from '../kb/schema.js';
import { TRUE } from '../logic/tri.js';

export interface Progress {
  /** Questions answered so far (including "I don't know") among those that apply. */
  readonly answered: number;
  /** Questions that apply given the answers so far; grows as branches open. */
  readonly total: number;
}

export type FlowStep =
  /** Stop asking: the answers already call for emergency care. */
  | { readonly status: 'emergency'; readonly assessment: Assessment; readonly progress: Progress }
  /** Ask these next (one section at a time, honouring branching). */
  | {
      readonly status: 'ask';
      readonly section: SectionEntry;
      readonly questions: readonly Question[];
      readonly progress: Progress;
    }
  /** Every question that applies has an answer. */
  | { readonly status: 'complete'; readonly assessment: Assessment; readonly progress: Progress };

/**
 * What to ask next. Questions are asked in knowledge-base order, one section at a time, and only when
 * they apply (a question whose enableWhen is undecided, because its gate was answered "I don't know",
 * is not asked). As soon as the answers make the outcome an emergency, the flow stops.
 */
export function nextQuestions(kb: KnowledgeBase, answers: Answers, options: AssessOptions = {}): FlowStep {
  const assessment = assess(kb, answers, options);
  const ctx = createContext(kb.questions, answers);
  const applicable = kb.questions.filter((q) => ctx.enabled(q.index) === TRUE);
  const pending = applicable.filter((q) => answers[q.id] === undefined);
  const progress: Progress = { answered: applicable.length - pending.length, total: applicable.length };
  if (assessment.disposition === 'emergency') return { status: 'emergency', assessment, progress };
  const first = pending[0];
  if (first === undefined) return { status: 'complete', assessment, progress };
  const section = kb.sections.find((s) => s.id === first.section) ?? { id: first.section, title: first.text };
  return { status: 'ask', section, questions: pending.filter((q) => q.section === first.section), progress };
}
