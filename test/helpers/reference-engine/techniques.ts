import type { DecisionReason, TechniqueDecision } from '../../../src/core/engine/assessment.js';
import type { Decision, Disposition } from '../../../src/core/levels.js';
import { DECISIONS, decisionRank } from '../../../src/core/levels.js';
import type { KnowledgeBase, Rule } from './model.js';

const stricter = (a: Decision, b: Decision): Decision => (decisionRank(a) >= decisionRank(b) ? a : b);

/**
 * Decides each technique. Rules restrict techniques; an emergency or a referral contraindicates all of
 * them; an unresolved red flag makes all of them at least a relative contraindication until a clinician
 * has reviewed. Finally no technique may be more permitted than a gentler one.
 */
export function decideTechniques(
  kb: KnowledgeBase,
  applied: readonly Rule[],
  disposition: Disposition,
  reviewNeeded: boolean,
): TechniqueDecision[] {
  const decisions: TechniqueDecision[] = [];
  let previous: TechniqueDecision | undefined;
  for (const technique of kb.techniques) {
    let decision: Decision = 'allowed';
    const reasons: DecisionReason[] = [];
    for (const rule of applied) {
      const restriction = rule.techniques[technique.id];
      if (restriction === undefined) continue;
      decision = stricter(decision, restriction);
      reasons.push({ kind: 'rule', ruleId: rule.id, decision: restriction });
    }
    if (disposition === 'emergency' || disposition === 'refer') {
      decision = 'contraindicated';
      reasons.unshift({ kind: 'disposition', disposition });
    } else if (reviewNeeded && decisionRank(decision) < DECISIONS.indexOf('relative')) {
      decision = 'relative';
      reasons.push({ kind: 'review' });
    }
    if (previous !== undefined && decisionRank(previous.decision) > decisionRank(decision)) {
      decision = previous.decision;
      reasons.push({
        kind: 'gentler_technique',
        techniqueId: previous.techniqueId,
        decision: previous.decision,
      });
    }
    const current: TechniqueDecision = {
      techniqueId: technique.id,
      name: technique.name,
      force: technique.force,
      decision,
      reasons,
    };
    decisions.push(current);
    previous = current;
  }
  return decisions;
}
