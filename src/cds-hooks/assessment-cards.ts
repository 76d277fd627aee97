/**
 * Cards from an Assessment: one per emergency, referral or precaution finding (critical, critical,
 * warning), one for the red flags that could not be excluded (warning), and an info card when the screening
 * found nothing to act on. Each names its rule page as source and lists the triggering answers and references.
 */
import type { Assessment, Finding, Lang, UnresolvedFlag } from '../core/index.js';
import type { CardEnv } from './card-parts.js';
import { kbSource, link, overrideReasons, ruleSource } from './card-parts.js';
import {
  bullets,
  heading,
  md,
  mdLink,
  paragraphs,
  questionLabel,
  referencesSection,
  ruleUrl,
  section,
  shortReferences,
  triggerLines,
} from './detail.js';
import type { Card, Indicator } from './schemas.js';
import { summaryOf } from './summaries.js';
import { T } from './texts.js';

/** What the cards are based on: shown at the top of each detail. */
export interface Basis {
  /** e.g. "NeckCheck screening of 2026-11-20", already in the card's language. */
  readonly line: string;
  /** ISO date of the screening (for the proceed summary). */
  readonly date: string;
  /** A link to the screening in NeckCheck, when it is stored there. */
  readonly screeningUrl?: string;
  /** Extra lines (appointments concerned, data the EHR did not send). */
  readonly notes?: readonly string[];
}

export interface AssessmentCardOptions {
  /** Add the info card when nothing else is found (off for the record-only check). */
  readonly proceedCard: boolean;
  /** Only findings whose condition holds (the record-only check: the rest was never asked). */
  readonly definiteOnly: boolean;
  /** Leave out the card of red flags not excluded (the record-only check). */
  readonly unresolvedCard: boolean;
  /** Rules already shown by another card set. */
  readonly skipRules?: ReadonlySet<string>;
}

const INDICATOR: Readonly<Record<Finding['disposition'], Indicator>> = {
  emergency: 'critical',
  refer: 'critical',
  precautions: 'warning',
  proceed: 'info',
};

function basisSection(basis: Basis, lang: Lang): string {
  const lines = [md(basis.line), ...(basis.notes ?? [])];
  return `_${md(T.basis[lang])}:_ ${lines.join(' · ')}`;
}

function links(env: CardEnv, ruleId: string | undefined, basis: Basis): NonNullable<Card['links']> {
  return [
    ...(ruleId === undefined ? [] : [link(T.rulePage[env.lang], ruleUrl(env.publicUrl, ruleId))]),
    ...(basis.screeningUrl === undefined ? [] : [link(T.openScreening[env.lang], basis.screeningUrl)]),
  ];
}

function references(env: CardEnv, citations: Finding['citations']): string {
  return env.detail === 'full'
    ? referencesSection(citations, env.lang)
    : shortReferences(citations, env.lang);
}

function findingCard(finding: Finding, env: CardEnv, basis: Basis): Card {
  const { lang } = env;
  const full = env.detail === 'full';
  const level = finding.disposition === 'precautions' ? T.precautions : T[finding.disposition];
  // The summary names the level and the title, and `links` the rule page: the full detail repeats them.
  const detail = paragraphs([
    full ? heading(level, finding.title[lang], lang, finding.ruleId) : '',
    md(finding.clinician[lang], 1200),
    section(T.triggers[lang], triggerLines(env.kb, finding.triggers, env.record.provenance, lang)),
    references(env, finding.citations),
    basisSection(basis, lang),
    full ? mdLink(T.rulePage[lang], ruleUrl(env.publicUrl, finding.ruleId)) : '',
  ]);
  const kind = finding.disposition === 'proceed' ? 'precautions' : finding.disposition;
  return {
    uuid: env.newUuid(),
    summary: summaryOf({ kind, title: finding.title[lang] }, lang),
    indicator: INDICATOR[finding.disposition],
    source: ruleSource(env, finding.ruleId, finding.title[lang]),
    detail,
    overrideReasons: overrideReasons(env),
    links: links(env, finding.ruleId, basis),
  };
}

function unresolvedCard(flags: readonly UnresolvedFlag[], env: CardEnv, basis: Basis): Card {
  const { lang } = env;
  const first = flags[0] as UnresolvedFlag;
  const lines = flags.map(
    (flag) =>
      `${mdLink(flag.title[lang], ruleUrl(env.publicUrl, flag.ruleId))} (${md(flag.ruleId)}): ` +
      flag.questionIds.map((q) => md(questionLabel(env.kb, q, lang))).join('; '),
  );
  return {
    uuid: env.newUuid(),
    summary: summaryOf({ kind: 'incomplete', count: flags.length }, lang),
    indicator: 'warning',
    source: ruleSource(env, first.ruleId, first.title[lang]),
    detail: paragraphs([
      section(T.unresolved[lang], bullets(lines)),
      references(
        env,
        flags.flatMap((f) => f.citations),
      ),
      basisSection(basis, lang),
    ]),
    overrideReasons: overrideReasons(env),
    links: links(env, first.ruleId, basis),
  };
}

function proceedCard(assessment: Assessment, env: CardEnv, basis: Basis): Card {
  const { lang } = env;
  const precautions = assessment.precautions.map((p) => md(p.text[lang], 400));
  return {
    uuid: env.newUuid(),
    summary: summaryOf({ kind: 'proceed', date: basis.date }, lang),
    indicator: 'info',
    source: kbSource(env),
    detail: paragraphs([
      `**${md(T.proceed[lang])}**: ${md(T.standard[lang])}`,
      section(T.precautionList[lang], bullets(precautions)),
      basisSection(basis, lang),
      md(T.noteNotMedical[lang]),
    ]),
    links: links(env, undefined, basis),
  };
}

export function assessmentCards(
  assessment: Assessment,
  env: CardEnv,
  basis: Basis,
  options: AssessmentCardOptions,
): Card[] {
  const skip = options.skipRules ?? new Set<string>();
  const findings = assessment.findings.filter(
    (f) =>
      f.disposition !== 'proceed' &&
      !skip.has(f.ruleId) &&
      (!options.definiteOnly || f.certainty === 'definite'),
  );
  const cards = findings.map((f) => findingCard(f, env, basis));
  const unresolved = assessment.unresolved.filter((u) => !skip.has(u.ruleId));
  if (options.unresolvedCard && unresolved.length > 0) cards.push(unresolvedCard(unresolved, env, basis));
  if (options.proceedCard && cards.length === 0) cards.push(proceedCard(assessment, env, basis));
  return cards;
}
