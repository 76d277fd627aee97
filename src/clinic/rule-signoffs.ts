/**
 * Where a clinic stands on each rule of the knowledge base it runs (ADR 0019): its current sign-off of a rule
 * is the one no later sign-off supersedes, and it counts only for the rule version it signed.
 */
import type { RuleSignoff } from './records.js';

/** approved / changes_requested: signed in the rule's current version; outdated: an older version was signed. */
export type ClinicSignoffState = 'approved' | 'changes_requested' | 'unsigned' | 'outdated';

type Signoff = Pick<RuleSignoff, 'id' | 'ruleId' | 'ruleVersion' | 'verdict' | 'supersedes'>;

/** The clinic's current sign-off of each rule it signed, by rule id. */
export function currentSignoffs<T extends Signoff>(signoffs: readonly T[]): Map<string, T> {
  const superseded = new Set(signoffs.flatMap((s) => (s.supersedes === null ? [] : [s.supersedes])));
  const current = new Map<string, T>();
  for (const s of signoffs) if (!superseded.has(s.id)) current.set(s.ruleId, s);
  return current;
}

export function signoffState(
  rule: { readonly version: number },
  current: Pick<Signoff, 'ruleVersion' | 'verdict'> | undefined,
): ClinicSignoffState {
  if (current === undefined) return 'unsigned';
  if (current.ruleVersion !== rule.version) return 'outdated';
  return current.verdict;
}

/** `ID@version` of the rules the clinic approved in the version signed, for reports. */
export function approvedRuleVersions(signoffs: readonly Signoff[]): Set<string> {
  const out = new Set<string>();
  for (const s of currentSignoffs(signoffs).values())
    if (s.verdict === 'approved') out.add(`${s.ruleId}@${s.ruleVersion}`);
  return out;
}
