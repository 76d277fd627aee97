/**
 * Adverse events are triaged through the engine's after-event questions (the knowledge base's "What
 * happened" section): structured answers, assessed like any screening at the after-event moment, so an
 * emergency sign reported as an adverse event is an emergency screening, not a line of free text.
 */
import type { Answers, KnowledgeBase, Question } from '../core/browser.js';
import { nextQuestions } from '../core/browser.js';
import { applicableQuestions } from './applicable.js';

export const AFTER_EVENT_SECTION = 'event';

export function afterEventQuestions(kb: KnowledgeBase): readonly Question[] {
  return kb.questions.filter((q) => q.section === AFTER_EVENT_SECTION);
}

/** The after-event questions that apply once these triage answers are given (branching followed). */
export function applicableAfterEventQuestions(kb: KnowledgeBase, given: Answers): readonly Question[] {
  return applicableQuestions(kb, { ...given, respondent: 'clinician', moment: 'after_event' }).filter(
    (q) => q.section === AFTER_EVENT_SECTION,
  );
}

export interface TriageIssue {
  readonly questionId: string;
  readonly message: string;
}

/**
 * The answers of an after-event triage: the given after-event answers, answered by a clinician at the
 * after-event moment. Answers to other questions are refused (they belong in a screening), and every
 * after-event question that applies must be answered, if only with "I don't know".
 */
export function triageAnswers(
  kb: KnowledgeBase,
  given: Answers,
): { ok: true; answers: Answers } | { ok: false; issues: readonly TriageIssue[] } {
  const allowed = new Set(afterEventQuestions(kb).map((q) => q.id));
  const issues = Object.keys(given)
    .filter((id) => !allowed.has(id))
    .map((id) => ({ questionId: id, message: 'is not an after-event question' }));
  if (issues.length > 0) return { ok: false, issues };
  const answers: Answers = { ...given, respondent: 'clinician', moment: 'after_event' };
  const step = nextQuestions(kb, answers);
  const missing =
    step.status === 'ask' && step.section.id === AFTER_EVENT_SECTION
      ? step.questions.map((q) => ({ questionId: q.id, message: 'must be answered (or "unknown")' }))
      : [];
  return missing.length > 0 ? { ok: false, issues: missing } : { ok: true, answers };
}
