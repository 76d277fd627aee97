import type { Answers } from '../answers/types.js';
import { isUnknownAnswer } from '../answers/types.js';
import type { KnowledgeBase } from '../kb/model.js';
import { questionsOf } from '../logic/condition.js';
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
  const ruleIdsByQuestion = new Map<string, Set<string>>();
  const add = (questionId: string, ruleId: string, seen: Set<string>): void => {
    if (seen.has(questionId)) return;
    seen.add(questionId);
    const question = kb.index.question.get(questionId);
    if (question === undefined) return;
    if (question.enableWhen !== undefined) {
      for (const gate of questionsOf(question.enableWhen)) {
        if (isUnknownAnswer(answers[gate])) add(gate, ruleId, seen);
      }
    }
    if (!isUnknownAnswer(answers[questionId])) return;
    let ruleIds = ruleIdsByQuestion.get(questionId);
    if (ruleIds === undefined) {
      ruleIds = new Set();
      ruleIdsByQuestion.set(questionId, ruleIds);
    }
    ruleIds.add(ruleId);
  };
  for (const flag of unresolved) for (const q of flag.questionIds) add(q, flag.ruleId, new Set());
  for (const finding of findings) {
    if (finding.certainty !== 'possible') continue;
    for (const trigger of finding.triggers) add(trigger.questionId, finding.ruleId, new Set());
  }
  return kb.questions.flatMap((q) => {
    const ruleIds = ruleIdsByQuestion.get(q.id);
    return ruleIds === undefined
      ? []
      : [{ questionId: q.id, text: q.text, redFlag: q.redFlag, ruleIds: [...ruleIds] }];
  });
}
