/** What every NeckCheck card shares: its source, override reasons, links and the environment it is built in. */
import type { KnowledgeBase, Lang } from '../core/index.js';
import { OVERRIDE_REASON_SYSTEM } from './constants.js';
import { ruleUrl } from './detail.js';
import type { RecordAnswers } from './record-answers.js';
import type { Card, CdsLink, Indicator } from './schemas.js';
import { OVERRIDE_REASONS } from './texts.js';

const RULE_SYSTEM = 'https://neckcheck.example/fhir/CodeSystem/rules';

/**
 * `compact` (the default, ADR 0018): each text once — no heading repeating the summary, no rule link
 * repeating `links`, references as short names (in full on the rule page). `full`: as well the heading,
 * the rule link and every reference in full in the Markdown detail.
 */
export type CardDetail = 'compact' | 'full';

export interface CardEnv {
  readonly kb: KnowledgeBase;
  readonly lang: Lang;
  readonly detail: CardDetail;
  /** NeckCheck's public origin, without a trailing slash: links point into the clinic app. */
  readonly publicUrl: string;
  /** A fresh UUID per card and suggestion (the caller's randomness; this module has none). */
  readonly newUuid: () => string;
  /** What the EHR record contributed, to show where answers came from. */
  readonly record: RecordAnswers;
}

export type CardSource = Card['source'];

export function ruleSource(env: CardEnv, ruleId: string, title: string): CardSource {
  return {
    label: 'NeckCheck',
    url: ruleUrl(env.publicUrl, ruleId),
    topic: { system: RULE_SYSTEM, code: ruleId, display: title },
  };
}

/** For cards about the screening itself rather than one rule: the knowledge base's front page. */
export function kbSource(env: CardEnv): CardSource {
  return { label: 'NeckCheck', url: `${env.publicUrl}/kb` };
}

export function overrideReasons(env: CardEnv): NonNullable<Card['overrideReasons']> {
  return OVERRIDE_REASONS.map((r) => ({
    system: OVERRIDE_REASON_SYSTEM,
    code: r.code,
    display: r.text[env.lang],
  }));
}

export function link(label: string, url: string): CdsLink {
  return { label, url, type: 'absolute' };
}

const ORDER: Readonly<Record<Indicator, number>> = { critical: 0, warning: 1, info: 2 };

/** Most urgent first; otherwise in the order built. */
export function byUrgency(cards: readonly Card[]): Card[] {
  return cards
    .map((card, index) => ({ card, index }))
    .sort((a, b) => ORDER[a.card.indicator] - ORDER[b.card.indicator] || a.index - b.index)
    .map(({ card }) => card);
}
