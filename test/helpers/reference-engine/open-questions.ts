import type { Answers } from '../../../src/core/answers/types.js';
import { isUnknownAnswer } from '../../../src/core/answers/types.js';
import type { Finding, OpenQuestion, UnresolvedFlag } from '../../../src/core/engine/assessment.js';
import type { KnowledgeBase } from './model.js';

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
  const ruleIdsByQuestion = new Map<string, string[]>();
  const add = (questionId: string, ruleId: string, depth: number): void => {
    const question = kb.index.question.get(questionId);
    if (question === undefined || depth > kb.questions.length) return;
    for (const gate of question.gates) if (isUnknownAnswer(answers[gate])) add(gate, ruleId, depth + 1);
    if (!isUnknownAnswer(answers[questionId])) return;
    const ruleIds = ruleIdsByQuestion.get(questionId);
    if (ruleIds === undefined) ruleIdsByQuestion.set(questionId, [ruleId]);
    else if (!ruleIds.includes(ruleId)) ruleIds.push(ruleId);
  };
  for (const flag of unresolved) for (const q of flag.questionIds) add(q, flag.ruleId, 0);
  for (const finding of findings) {
    if (finding.certainty !== 'possible') continue;
    for (const trigger of finding.triggers) add(trigger.questionId, finding.ruleId, 0);
  }
  if (ruleIdsByQuestion.size === 0) return [];
  const open: OpenQuestion[] = [];
  for (const q of kb.questions) {
    const ruleIds = ruleIdsByQuestion.get(q.id);
    if (ruleIds !== undefined) open.push({ questionId: q.id, text: q.text, redFlag: q.redFlag, ruleIds });
  }
  return open;
}
