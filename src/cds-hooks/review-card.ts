/**
 * What clinicians changed on the stored screening the cards are based on: one warning card listing each
 * technique whose decision a review changed (the decision in force, NeckCheck's own, who changed it, when
 * and why), and a short note for the basis line of the screening's other cards. The stored assessment is
 * never changed, so without this an EHR would see the engine's decisions only.
 */

import { overrideReasonLabel } from '../clinic/labels.js';
import type { KnowledgeBase, Lang } from '../core/index.js';
import type { EffectiveDecision, StaffRef } from '../fhir/index.js';
import { isChanged } from '../fhir/index.js';
import type { Basis } from './assessment-cards.js';
import type { CardEnv } from './card-parts.js';
import { kbSource, link, overrideReasons } from './card-parts.js';
import { isoDate } from './dates.js';
import { bullets, md, paragraphs, section } from './markdown.js';
import type { Card } from './schemas.js';
import { summaryOf } from './summaries.js';
import { DECISIONS, T } from './texts.js';

/** Clinicians' reviews of a stored screening. */
export interface ScreeningReviews {
  readonly effective: readonly EffectiveDecision[];
  readonly staff: readonly StaffRef[];
}

const techniqueName = (kb: KnowledgeBase, lang: Lang, id: string): string =>
  kb.index.technique.get(id)?.name[lang] ?? id;

function line(env: CardEnv, reviews: ScreeningReviews, e: EffectiveDecision): string {
  const { lang } = env;
  const parts = [
    `**${md(techniqueName(env.kb, lang, e.techniqueId))}**: ${md(DECISIONS[e.decision][lang])} (${md(T.screeningDecided[lang])}: ${md(DECISIONS[e.assessed][lang])})`,
  ];
  const o = e.override;
  if (o !== null) {
    const who = reviews.staff.find((s) => s.id === o.userId)?.name ?? o.userId;
    const at = Date.parse(o.createdAt);
    const words = overrideReasonLabel(o.reasonCode, lang);
    const text = o.reasonText.trim();
    parts.push(
      `${md(T.changedBy[lang])} ${md(who, 120)}${Number.isNaN(at) ? '' : `, ${md(isoDate(at))}`}; ` +
        `${md(T.reason[lang])}: ${md(words)}${text === '' ? '' : ` — “${md(text, 400)}”`}`,
    );
  }
  if (e.raisedBy !== null)
    parts.push(`${md(T.raisedBy[lang])} (${md(techniqueName(env.kb, lang, e.raisedBy))})`);
  return parts.join(' — ');
}

/** The card, when a review changed at least one technique's decision. */
export function reviewCard(reviews: ScreeningReviews, env: CardEnv, basis: Basis): Card | undefined {
  const changed = reviews.effective.filter(isChanged);
  if (changed.length === 0) return undefined;
  const { lang } = env;
  return {
    uuid: env.newUuid(),
    summary: summaryOf({ kind: 'reviewed', count: changed.length }, lang),
    indicator: 'warning',
    source: kbSource(env),
    detail: paragraphs([
      md(T.reviewedIntro[lang], 400),
      section(T.reviewed[lang], bullets(changed.map((e) => line(env, reviews, e)))),
      `_${md(T.basis[lang])}:_ ${[md(basis.line), ...(basis.notes ?? [])].join(' · ')}`,
    ]),
    overrideReasons: overrideReasons(env),
    links: basis.screeningUrl === undefined ? [] : [link(T.openScreening[lang], basis.screeningUrl)],
  };
}

/** "technique decisions changed by a clinician: Manipulation → contraindicated", for a basis line. */
export function reviewNote(reviews: ScreeningReviews, kb: KnowledgeBase, lang: Lang): string | undefined {
  const changed = reviews.effective.filter(isChanged);
  if (changed.length === 0) return undefined;
  const list = changed.map(
    (e) => `${md(techniqueName(kb, lang, e.techniqueId), 120)} → ${md(DECISIONS[e.decision][lang])}`,
  );
  return `${md(T.overridden[lang])}: ${list.join('; ')}`;
}
