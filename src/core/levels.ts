/**
 * Ordered clinical levels. Each list runs from the most permissive to the most restrictive, and the
 * index in the list is the level's rank: combining two levels always keeps the more restrictive one.
 */

/** Overall disposition of a screening. `incomplete` sits above `precautions`: an unanswered red flag
 * is never reassuring, but a definite referral or emergency outranks it. */
export const DISPOSITIONS = ['proceed', 'precautions', 'incomplete', 'refer', 'emergency'] as const;
export type Disposition = (typeof DISPOSITIONS)[number];

/** Decision for one technique. */
export const DECISIONS = ['allowed', 'precautions', 'relative', 'contraindicated'] as const;
export type Decision = (typeof DECISIONS)[number];

/** How soon a referral should happen. */
export const URGENCIES = ['routine', 'within_days', 'same_day', 'immediate'] as const;
export type Urgency = (typeof URGENCIES)[number];

/** How a rule's evidence was checked in the evidence brief (see knowledge/README.md). */
export const EVIDENCE_TAGS = ['V', 'V2', 'G', 'U'] as const;
export type EvidenceTag = (typeof EVIDENCE_TAGS)[number];

/** Certainty of evidence for a benefit (GRADE wording). */
export const CERTAINTIES = ['none', 'very_low', 'low', 'moderate', 'high'] as const;
export type Certainty = (typeof CERTAINTIES)[number];

export function rankOf<L extends string>(levels: readonly L[], level: L): number {
  return levels.indexOf(level);
}

export function maxLevel<L extends string>(levels: readonly L[], a: L, b: L): L {
  return levels.indexOf(a) >= levels.indexOf(b) ? a : b;
}

export function dispositionRank(d: Disposition): number {
  return DISPOSITIONS.indexOf(d);
}

export function decisionRank(d: Decision): number {
  return DECISIONS.indexOf(d);
}
