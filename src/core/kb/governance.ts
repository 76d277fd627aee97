import type { RuleEntry } from './schema.js';

/** True when a clinician approved this version of the rule (a review of another version does not count). */
export function isReviewed(rule: {
  readonly version: number;
  readonly reviews?: RuleEntry['reviews'] | undefined;
}): boolean {
  return (rule.reviews ?? []).some((r) => r.version === rule.version && r.verdict === 'approved');
}
