/** Risk factors the record shows that the screening did not include: a reason to screen again. */
import type { Answers, KnowledgeBase } from '../core/index.js';
import type { Provenance } from './record-answers.js';

export function newRiskFactors(
  kb: KnowledgeBase,
  record: readonly Provenance[],
  screening: Answers,
): Provenance[] {
  return record.filter((p) => {
    const question = kb.index.question.get(p.questionId);
    if (question === undefined) return false;
    const given = screening[p.questionId];
    if (question.type === 'boolean') return given !== true;
    if (p.optionId === undefined) return false;
    const risk = question.risk;
    if (risk?.direction === 'options' && risk.options?.includes(p.optionId) !== true) return false;
    return !(Array.isArray(given) && given.includes(p.optionId));
  });
}
