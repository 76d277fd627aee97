/**
 * The one instruction a result gives: what to do, how soon and whom to see. Every client output leads
 * with it and every section below agrees with it, so it is derived once here from the disposition, the
 * referrals, the red flags not ruled out and the technique decisions.
 */
import type { Assessment, KnowledgeBase, Lang, Urgency } from '../core/index.js';
import { maxLevel } from '../core/index.js';
import type { HeadlineLevel } from './headline-levels.js';
import { HEADLINE_LEVELS } from './headline-levels.js';
import { messages } from './messages.js';

export type { HeadlineLevel } from './headline-levels.js';
export { HEADLINE_LEVELS } from './headline-levels.js';

export interface Headline {
  readonly level: HeadlineLevel;
  /** `unknown` when the level comes from a red flag that could not be ruled out, not from a finding. */
  readonly cause: 'finding' | 'unknown';
  /** Short: "Emergency", "See a doctor today". */
  readonly label: string;
  /** The instruction itself, in one or a few sentences. */
  readonly text: string;
  readonly when: string;
  readonly whom: string;
}

const URGENCY_LEVEL: Readonly<Record<Urgency, HeadlineLevel>> = {
  immediate: 'emergency',
  same_day: 'urgent',
  within_days: 'soon',
  routine: 'doctor',
};

export function sendsToCare(level: HeadlineLevel): boolean {
  return rank(level) >= rank('doctor');
}

export function rank(level: HeadlineLevel): number {
  return HEADLINE_LEVELS.indexOf(level);
}

/** The level a referral of this urgency calls for. */
export function urgencyLevel(urgency: Urgency): HeadlineLevel {
  return URGENCY_LEVEL[urgency];
}

/** The level a red flag that could not be ruled out calls for: an undecided emergency sign is checked today. */
export function unresolvedLevel(kb: KnowledgeBase, flag: Assessment['unresolved'][number]): HeadlineLevel {
  if (flag.disposition === 'emergency') return 'urgent';
  const urgency = kb.index.rule.get(flag.ruleId)?.referral?.urgency ?? 'routine';
  return urgencyLevel(urgency === 'immediate' ? 'same_day' : urgency);
}

/** The most urgent of what the findings call for, and separately of what the undecided red flags do. */
export function headlineLevel(kb: KnowledgeBase, assessment: Assessment): Pick<Headline, 'level' | 'cause'> {
  const max = (a: HeadlineLevel, b: HeadlineLevel): HeadlineLevel => maxLevel(HEADLINE_LEVELS, a, b);
  let found: HeadlineLevel = 'proceed';
  if (assessment.disposition === 'emergency') found = 'emergency';
  else if (assessment.disposition === 'refer') found = 'doctor';
  else if (assessment.disposition === 'precautions') found = 'precautions';
  for (const r of assessment.referrals) found = max(found, urgencyLevel(r.urgency));
  let unknown: HeadlineLevel = assessment.disposition === 'incomplete' ? 'doctor' : 'proceed';
  for (const u of assessment.unresolved) unknown = max(unknown, unresolvedLevel(kb, u));
  // No technique may be used without a clinician's judgement: the person cannot simply go ahead.
  const usable = assessment.techniques.some((t) => t.decision === 'allowed' || t.decision === 'precautions');
  if (!usable && assessment.disposition === 'incomplete') unknown = max(unknown, 'doctor');
  else if (!usable) found = max(found, 'doctor');
  return rank(unknown) > rank(found)
    ? { level: unknown, cause: 'unknown' }
    : { level: found, cause: 'finding' };
}

export function buildHeadline(kb: KnowledgeBase, assessment: Assessment, lang: Lang): Headline {
  const { level, cause } = headlineLevel(kb, assessment);
  const words = messages(lang).client.headline[level];
  return {
    level,
    cause,
    label: words.label,
    text: cause === 'unknown' ? words.unknown : words.text,
    when: words.when,
    whom: words.whom,
  };
}
