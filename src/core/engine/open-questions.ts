import type { Answers } from '../answers/types.js';
import { isUnknownAnswer } from '../answers/types.js';
import type { KnowledgeBase } from '../kb/model.js';
import type { Finding, OpenQuestion, UnresolvedFlag } from './assessment.js';

/**
 * The unanswered (or "I don't know") questions that could still change the result: those behind
 * unresolved red flags and possible findings, plus any unanswered earlier question that decides whether
 * they are asked at all.
 */
export function openQuestions(
  kb: KnowledgeBase,
  answers: Answers,
  unresolved: readonly UnresolvedFlag[],
  findings: readonly Finding[],
): OpenQuestion[] {
  if (unresolved.length === 0 && !findings.some((f) => f.certainty === 'possible')) return [];
  const open = new Map<string, OpenQuestion>();
  const add = (questionId: string, ruleId: string, depth: number): void => {
    const question = kb.index.question.get(questionId);
    if (question === undefined || depth > kb.questions.length) return;
    for (const gate of question.gates) if (isUnknownAnswer(answers[gate])) add(gate, ruleId, depth + 1);
    if (!isUnknownAnswer(answers[questionId])) return;
    const entry = open.get(questionId);
    if (entry === undefined)
      open.set(questionId, { questionId, text: question.text, redFlag: question.redFlag, ruleIds: [ruleId] });
    else if (!entry.ruleIds.includes(ruleId)) (entry.ruleIds as string[]).push(ruleId);
  };
  for (const flag of unresolved) for (const q of flag.questionIds) add(q, flag.ruleId, 0);
  for (const finding of findings) {
    if (finding.certainty !== 'possible') continue;
    for (const trigger of finding.triggers) add(trigger.questionId, finding.ruleId, 0);
  }
  // In questionnaire order; sorting the few open questions is cheaper than scanning every question.
  const indexOf = (q: OpenQuestion): number => kb.index.question.get(q.questionId)?.index ?? 0;
  return [...open.values()].sort((a, b) => indexOf(a) - indexOf(b));
}
