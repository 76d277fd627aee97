import type { Answers } from '../../../src/core/answers/types.js';
import type {
  AlternativeItem,
  PrecautionItem,
  ProfessionFit,
  Referral,
  TechniqueDecision,
} from '../../../src/core/engine/assessment.js';
import { URGENCIES } from '../../../src/core/levels.js';
import type { KnowledgeBase, Rule } from './model.js';

/** Precautions required by the applied rules, once each, in catalogue order, with the rules that require them. */
export function collectPrecautions(kb: KnowledgeBase, applied: readonly Rule[]): PrecautionItem[] {
  const byId = new Map<string, string[]>();
  for (const rule of applied) {
    for (const id of rule.precautions ?? []) {
      const ruleIds = byId.get(id);
      if (ruleIds === undefined) byId.set(id, [rule.id]);
      else ruleIds.push(rule.id);
    }
  }
  const items: PrecautionItem[] = [];
  for (const p of kb.precautions) {
    const ruleIds = byId.get(p.id);
    if (ruleIds === undefined) continue;
    items.push(
      p.site === undefined
        ? { precautionId: p.id, text: p.text, standard: p.standard === true, ruleIds }
        : { precautionId: p.id, text: p.text, standard: p.standard === true, site: p.site, ruleIds },
    );
  }
  return items;
}

/** One referral per target, at the most urgent level any rule asks for. */
export function collectReferrals(kb: KnowledgeBase, applied: readonly Rule[]): Referral[] {
  const byTarget = new Map<string, { urgency: number; ruleIds: string[] }>();
  for (const rule of applied) {
    if (rule.referral === undefined) continue;
    const urgency = URGENCIES.indexOf(rule.referral.urgency);
    const current = byTarget.get(rule.referral.to);
    if (current === undefined) byTarget.set(rule.referral.to, { urgency, ruleIds: [rule.id] });
    else {
      current.urgency = Math.max(current.urgency, urgency);
      current.ruleIds.push(rule.id);
    }
  }
  return kb.referralTargets
    .flatMap((target) => {
      const found = byTarget.get(target.id);
      if (found === undefined) return [];
      return [
        {
          to: target.id,
          name: target.name,
          urgency: URGENCIES[found.urgency] ?? 'routine',
          ruleIds: found.ruleIds,
        },
      ];
    })
    .sort((a, b) => URGENCIES.indexOf(b.urgency) - URGENCIES.indexOf(a.urgency));
}

/** Alternatives suggested by the applied rules and by what the person wants treated. */
export function collectAlternatives(
  kb: KnowledgeBase,
  applied: readonly Rule[],
  answers: Answers,
): AlternativeItem[] {
  const goalsAnswer = answers.treatment_goal;
  const goals = Array.isArray(goalsAnswer) ? (goalsAnswer as readonly string[]) : [];
  return kb.alternatives.flatMap((alternative) => {
    const ruleIds = applied.filter((r) => r.alternatives?.includes(alternative.id)).map((r) => r.id);
    const matchedGoals = alternative.suggestedFor.filter((goal) => goals.includes(goal));
    if (ruleIds.length === 0 && matchedGoals.length === 0) return [];
    return [
      {
        alternativeId: alternative.id,
        name: alternative.name,
        certainty: alternative.certainty,
        evidenceSummary: alternative.evidenceSummary,
        ruleIds,
        goals: matchedGoals,
      },
    ];
  });
}

/** Which professions can offer at least one technique that is allowed, possibly with precautions. */
export function fitProfessions(kb: KnowledgeBase, techniques: readonly TechniqueDecision[]): ProfessionFit[] {
  const usable = new Set(
    techniques
      .filter((t) => t.decision === 'allowed' || t.decision === 'precautions')
      .map((t) => t.techniqueId),
  );
  return kb.professions.map((profession) => {
    const inScope = profession.scope.filter((id) => usable.has(id));
    return {
      professionId: profession.id,
      name: profession.name,
      suitable: inScope.length > 0,
      techniques: inScope,
    };
  });
}
