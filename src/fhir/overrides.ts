/**
 * Clinicians' overrides of a stored screening's technique decisions, as FHIR states them. The engine's
 * predictions stay as assessed; for each technique whose decision changed, the prediction carries the
 * decision in force and the override (decision, reason, author, time) as extensions, and the
 * RiskAssessment a note in words. The shapes below are what src/clinic computes (effectiveTechniques),
 * declared here so that this module depends on the core only.
 */
import type { Annotation, Extension, Practitioner, Reference } from '@medplum/fhirtypes';
import { overrideReasonLabel } from '../clinic/labels.js';
import type { Decision, Lang } from '../core/index.js';
import { EXTENSIONS, SYSTEMS } from './constants.js';
import { toInstant } from './dates.js';

export interface OverrideRecord {
  readonly userId: string;
  readonly decision: Decision;
  readonly reasonCode: string;
  readonly reasonText: string;
  readonly createdAt: string;
}

/** One technique's decision after clinicians' reviews (src/clinic's EffectiveTechnique fits). */
export interface EffectiveDecision {
  readonly techniqueId: string;
  /** The engine's decision, as stored. */
  readonly assessed: Decision;
  /** The decision in force. */
  readonly decision: Decision;
  readonly override: OverrideRecord | null;
  /** The gentler technique whose stricter decision carried up to this one. */
  readonly raisedBy: string | null;
}

/** A staff member the export names (reviewers). */
export interface StaffRef {
  readonly id: string;
  readonly name: string;
}

export interface ReviewContext {
  readonly effective: readonly EffectiveDecision[];
  readonly staff: readonly StaffRef[];
}

const WORDS = {
  en: {
    override: (technique: string, assessed: Decision, to: Decision, decision: Decision) =>
      `Clinician override of ${technique}: the screening decided "${assessed}", the clinician "${to}"` +
      (to === decision ? '.' : `; in force: "${decision}".`),
    reason: (words: string, text: string) =>
      text === '' ? ` Reason: ${words}.` : ` Reason: ${words}. ${text}`,
    raised: (technique: string, assessed: Decision, decision: Decision, gentler: string) =>
      `Decision in force for ${technique}: "${decision}" (the screening decided "${assessed}"), raised because of the decision for the gentler technique ${gentler}.`,
  },
  fr: {
    override: (technique: string, assessed: Decision, to: Decision, decision: Decision) =>
      `Décision modifiée par un clinicien pour ${technique} : dépistage « ${assessed} », clinicien « ${to} »` +
      (to === decision ? '.' : ` ; en vigueur : « ${decision} ».`),
    reason: (words: string, text: string) =>
      text === '' ? ` Motif : ${words}.` : ` Motif : ${words}. ${text}`,
    raised: (technique: string, assessed: Decision, decision: Decision, gentler: string) =>
      `Décision en vigueur pour ${technique} : « ${decision} » (dépistage : « ${assessed} »), rendue plus stricte en raison de la décision pour la technique plus douce ${gentler}.`,
  },
} as const;

/** Changed by a review: overridden, or raised by a gentler technique's override. */
export function isChanged(e: EffectiveDecision): boolean {
  return e.override !== null || e.raisedBy !== null;
}

/** Who made an override: our staff id as a logical identifier (no Practitioner resource is exported). */
function authorOf(ctx: ReviewContext, userId: string): Reference<Practitioner> {
  const name = ctx.staff.find((s) => s.id === userId)?.name;
  return {
    identifier: { system: SYSTEMS.staff, value: userId },
    ...(name === undefined || name.trim() === '' ? {} : { display: name }),
  };
}

function reasonCoding(code: string, lang: Lang) {
  const words = overrideReasonLabel(code, lang);
  return { system: SYSTEMS.overrideReasons, code, display: words };
}

/** The extensions a technique's prediction carries when a review changed its decision. */
export function reviewExtensions(e: EffectiveDecision, ctx: ReviewContext, lang: Lang): Extension[] {
  if (!isChanged(e)) return [];
  const out: Extension[] = [{ url: EXTENSIONS.decisionInForce, valueCode: e.decision }];
  const o = e.override;
  if (o !== null) {
    const time = toInstant(o.createdAt);
    const text = o.reasonText.trim();
    out.push({
      url: EXTENSIONS.clinicianOverride,
      extension: [
        { url: 'decision', valueCode: o.decision },
        { url: 'reason', valueCoding: reasonCoding(o.reasonCode, lang) },
        ...(text === '' ? [] : [{ url: 'reasonText', valueString: text }]),
        { url: 'author', valueReference: authorOf(ctx, o.userId) },
        ...(time === undefined ? [] : [{ url: 'time', valueDateTime: time }]),
      ],
    });
  }
  if (e.raisedBy !== null)
    out.push({ url: EXTENSIONS.raisedBy, valueCoding: { system: SYSTEMS.techniques, code: e.raisedBy } });
  return out;
}

/** One note per technique whose decision a review changed, saying what counts now and why. */
export function reviewNotes(
  techniqueName: (id: string) => string,
  ctx: ReviewContext,
  lang: Lang,
): Annotation[] {
  const w = WORDS[lang];
  const name = (id: string): string => `${techniqueName(id)} (${id})`;
  return ctx.effective.filter(isChanged).map((e): Annotation => {
    const o = e.override;
    const raised =
      e.raisedBy === null ? '' : w.raised(name(e.techniqueId), e.assessed, e.decision, name(e.raisedBy));
    if (o === null) return { text: raised };
    const time = toInstant(o.createdAt);
    const words = overrideReasonLabel(o.reasonCode, lang);
    const text =
      w.override(name(e.techniqueId), e.assessed, o.decision, e.decision) +
      w.reason(words, o.reasonText.trim()) +
      (raised === '' ? '' : ` ${raised}`);
    return {
      authorReference: authorOf(ctx, o.userId),
      ...(time === undefined ? {} : { time }),
      text,
    };
  });
}
