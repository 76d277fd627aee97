/**
 * The decision that counts for each technique once clinicians have reviewed a screening: the engine's
 * decision, replaced by the latest override of that technique, and then never more permissive for a more
 * forceful technique than for a gentler one (a stricter decision on a gentle technique carries upwards).
 * The stored assessment is never changed; this is computed each time it is shown or checked.
 */
import type { Assessment, Decision } from '../core/browser.js';
import { DECISIONS, decisionRank, maxLevel } from '../core/levels.js';
import type { Id, Review, Timestamp } from './records.js';

export type OverrideReview = Extract<Review, { kind: 'override' }>;

export interface EffectiveTechnique {
  readonly techniqueId: string;
  readonly force: number;
  /** What the engine decided, as stored in the assessment. */
  readonly assessed: Decision;
  /** What counts now. */
  readonly decision: Decision;
  /** The override in force for this technique, if any (the latest one). */
  readonly override: OverrideReview | null;
  /** Set when a stricter decision on this gentler technique made this one stricter too. */
  readonly raisedBy: string | null;
}

export interface OverrideSummary {
  readonly reviewId: Id;
  readonly userId: Id;
  readonly at: Timestamp;
  readonly from: Decision;
  readonly to: Decision;
  readonly reasonCode: OverrideReview['reasonCode'];
  readonly reasonText: string;
  /** More permissive than the engine's decision. */
  readonly permissive: boolean;
}

export function isOverride(review: Review): review is OverrideReview {
  return review.kind === 'override';
}

/** True when `to` lets more happen than `from`. */
export function isMorePermissive(to: Decision, from: Decision): boolean {
  return decisionRank(to) < decisionRank(from);
}

/**
 * Effective decisions, gentlest technique first. `reviews` may hold sign-offs too; overrides apply in
 * the order they were made, the latest per technique winning.
 */
export function effectiveTechniques(
  assessment: Assessment,
  reviews: readonly Review[],
): readonly EffectiveTechnique[] {
  const latest = new Map<string, OverrideReview>();
  for (const review of [...reviews].filter(isOverride).sort((a, b) => a.createdAt.localeCompare(b.createdAt)))
    latest.set(review.techniqueId, review);
  const byForce = [...assessment.techniques].sort((a, b) => a.force - b.force);
  const result: EffectiveTechnique[] = [];
  let floor: { decision: Decision; techniqueId: string } | null = null;
  for (const t of byForce) {
    const override = latest.get(t.techniqueId) ?? null;
    const own = override?.decision ?? t.decision;
    const raisedBy: string | null =
      floor !== null && isMorePermissive(own, floor.decision) ? floor.techniqueId : null;
    const decision: Decision = floor === null ? own : maxLevel(DECISIONS, own, floor.decision);
    result.push({
      techniqueId: t.techniqueId,
      force: t.force,
      assessed: t.decision,
      decision,
      override,
      raisedBy,
    });
    if (floor === null || decisionRank(decision) > decisionRank(floor.decision))
      floor = { decision, techniqueId: t.techniqueId };
  }
  return result;
}

export function effectiveDecision(
  effective: readonly EffectiveTechnique[],
  techniqueId: string,
): EffectiveTechnique | undefined {
  return effective.find((e) => e.techniqueId === techniqueId);
}

/** The overrides in force, as every view of a decision states them. */
export function overridesInForce(effective: readonly EffectiveTechnique[]): readonly OverrideSummary[] {
  return effective.flatMap((e) =>
    e.override === null
      ? []
      : [
          {
            reviewId: e.override.id,
            userId: e.override.userId,
            at: e.override.createdAt,
            from: e.assessed,
            to: e.override.decision,
            reasonCode: e.override.reasonCode,
            reasonText: e.override.reasonText,
            permissive: isMorePermissive(e.override.decision, e.assessed),
          },
        ],
  );
}
