import type { Answers } from '../answers/types.js';
import type { KnowledgeBase } from '../kb/model.js';
import type { PrecautionEntry } from '../kb/schema.js';
import { URGENCIES } from '../levels.js';
import type {
  AlternativeItem,
  PrecautionItem,
  ProfessionFit,
  Referral,
  TechniqueDecision,
} from './assessment.js';
import type { RulePlan } from './plan.js';

/** Precautions required by the applied rules, once each, in catalogue order, with the rules that require them. */
export function collectPrecautions(kb: KnowledgeBase, applied: readonly RulePlan[]): PrecautionItem[] {
  const ruleIdsAt: (string[] | undefined)[] = new Array(kb.precautions.length);
  for (const rule of applied) {
    for (const position of rule.precautions) {
      const ruleIds = ruleIdsAt[position];
      if (ruleIds === undefined) ruleIdsAt[position] = [rule.id];
      else ruleIds.push(rule.id);
    }
  }
  const items: PrecautionItem[] = [];
  for (let position = 0; position < ruleIdsAt.length; position++) {
    const ruleIds = ruleIdsAt[position];
    if (ruleIds === undefined) continue;
    const p = kb.precautions[position] as PrecautionEntry;
    items.push(
      p.site === undefined
        ? { precautionId: p.id, text: p.text, standard: p.standard === true, ruleIds }
        : { precautionId: p.id, text: p.text, standard: p.standard === true, site: p.site, ruleIds },
    );
  }
  return items;
}

/** One referral per target, at the most urgent level any rule asks for, the most urgent first. */
export function collectReferrals(kb: KnowledgeBase, applied: readonly RulePlan[]): Referral[] {
  let byTarget: Map<string, { urgency: number; ruleIds: string[] }> | undefined;
  for (const rule of applied) {
    if (rule.referral === undefined) continue;
    byTarget ??= new Map();
    const urgency = rule.referral.urgency;
    const current = byTarget.get(rule.referral.to);
    if (current === undefined) byTarget.set(rule.referral.to, { urgency, ruleIds: [rule.id] });
    else {
      current.urgency = Math.max(current.urgency, urgency);
      current.ruleIds.push(rule.id);
    }
  }
  if (byTarget === undefined) return [];
  const referrals: Referral[] = [];
  for (const target of kb.referralTargets) {
    const found = byTarget.get(target.id);
    if (found === undefined) continue;
    referrals.push({
      to: target.id,
      name: target.name,
      urgency: URGENCIES[found.urgency] ?? 'routine',
      ruleIds: found.ruleIds,
    });
  }
  return referrals.length < 2
    ? referrals
    : referrals.sort((a, b) => URGENCIES.indexOf(b.urgency) - URGENCIES.indexOf(a.urgency));
}

/** Alternatives suggested by the applied rules and by what the person wants treated. */
export function collectAlternatives(
  kb: KnowledgeBase,
  applied: readonly RulePlan[],
  answers: Answers,
): AlternativeItem[] {
  const goalsAnswer = answers.treatment_goal;
  const goals = Array.isArray(goalsAnswer) ? (goalsAnswer as readonly string[]) : [];
  const items: AlternativeItem[] = [];
  for (const alternative of kb.alternatives) {
    const ruleIds: string[] = [];
    for (const rule of applied) if (rule.alternatives.includes(alternative.id)) ruleIds.push(rule.id);
    const matchedGoals: string[] = [];
    if (goals.length > 0)
      for (const goal of alternative.suggestedFor) if (goals.includes(goal)) matchedGoals.push(goal);
    if (ruleIds.length === 0 && matchedGoals.length === 0) continue;
    items.push({
      alternativeId: alternative.id,
      name: alternative.name,
      certainty: alternative.certainty,
      evidenceSummary: alternative.evidenceSummary,
      ruleIds,
      goals: matchedGoals,
    });
  }
  return items;
}

/** Which professions can offer at least one technique that is allowed, possibly with precautions. */
export function fitProfessions(kb: KnowledgeBase, techniques: readonly TechniqueDecision[]): ProfessionFit[] {
  const usable = new Set<string>();
  for (const t of techniques)
    if (t.decision === 'allowed' || t.decision === 'precautions') usable.add(t.techniqueId);
  const fits: ProfessionFit[] = [];
  for (const profession of kb.professions) {
    const inScope: string[] = [];
    for (const id of profession.scope) if (usable.has(id)) inScope.push(id);
    fits.push({
      professionId: profession.id,
      name: profession.name,
      suitable: inScope.length > 0,
      techniques: inScope,
    });
  }
  return fits;
}
