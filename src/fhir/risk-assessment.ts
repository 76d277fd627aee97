/**
 * An assessment as a RiskAssessment: the overall disposition and one prediction per technique (risk of a
 * serious adverse event, qualitatively), the precautions and referrals as mitigation, the knowledge base and
 * its version as the method, the answers as the basis, the citations as notes and the fired rules as
 * extensions. It is built from the stored assessment, so an old screening exports as it was assessed; given
 * clinicians' reviews, it adds the decision in force and the override of each technique they changed.
 */
import type {
  Extension,
  Patient,
  Reference,
  RiskAssessment,
  RiskAssessmentPrediction,
} from '@medplum/fhirtypes';
import type {
  Assessment,
  Decision,
  DecisionReason,
  Disposition,
  Lang,
  TechniqueDecision,
  Terminology,
} from '../core/index.js';
import { citationNotes } from './citations.js';
import { EXTENSIONS, SYSTEMS } from './constants.js';
import { toInstant } from './dates.js';
import type { ReviewContext } from './overrides.js';
import { reviewExtensions, reviewNotes } from './overrides.js';
import { techniqueCodings } from './terminology.js';
import { LABELS } from './text.js';

export interface RiskContext {
  readonly id?: string;
  readonly subject: Reference<Patient>;
  readonly basis?: Reference;
  readonly lang: Lang;
  /** Clinicians' reviews of a stored screening: the decisions in force and who made them. */
  readonly reviews?: ReviewContext;
  /** The knowledge base's standard codes, added beside ours. */
  readonly terminology: Terminology;
}

type Risk = 'low' | 'moderate' | 'high';

const RISK_DISPLAY: Readonly<Record<Risk, string>> = {
  low: 'Low likelihood',
  moderate: 'Moderate likelihood',
  high: 'High likelihood',
};

/** An unexcluded red flag (incomplete) is never reassuring: it ranks with referral. */
export const DISPOSITION_RISK: Readonly<Record<Disposition, Risk>> = {
  proceed: 'low',
  precautions: 'moderate',
  incomplete: 'high',
  refer: 'high',
  emergency: 'high',
};

export const DECISION_RISK: Readonly<Record<Decision, Risk>> = {
  allowed: 'low',
  precautions: 'moderate',
  relative: 'high',
  contraindicated: 'high',
};

function qualitative(risk: Risk) {
  return { coding: [{ system: SYSTEMS.riskProbability, code: risk, display: RISK_DISPLAY[risk] }] };
}

function reasonOf(r: DecisionReason): string {
  switch (r.kind) {
    case 'rule':
      return `rule ${r.ruleId}: ${r.decision}`;
    case 'disposition':
      return `overall ${r.disposition}`;
    case 'review':
      return 'clinician review needed';
    case 'gentler_technique':
      return `no more permissive than ${r.techniqueId} (${r.decision})`;
  }
}

function reasonText(d: TechniqueDecision): string {
  const reasons = d.reasons.map(reasonOf);
  return reasons.length > 0 ? `${d.decision} (${reasons.join('; ')})` : d.decision;
}

function techniquePrediction(
  d: TechniqueDecision,
  lang: Lang,
  reviews: ReviewContext | undefined,
  terminology: Terminology,
): RiskAssessmentPrediction {
  const effective = reviews?.effective.find((e) => e.techniqueId === d.techniqueId);
  return {
    extension: [
      { url: EXTENSIONS.techniqueDecision, valueCode: d.decision },
      ...(effective === undefined || reviews === undefined ? [] : reviewExtensions(effective, reviews, lang)),
    ],
    outcome: {
      coding: techniqueCodings(terminology, d.techniqueId, d.name[lang]),
      text: `${LABELS.adverseEvent[lang]} ${d.name[lang]}`,
    },
    qualitativeRisk: qualitative(DECISION_RISK[d.decision]),
    rationale: reasonText(d),
  };
}

function overallPrediction(a: Assessment, lang: Lang): RiskAssessmentPrediction {
  const titles = [
    ...a.findings.map((f) => f.title[lang]),
    ...a.unresolved.map((u) => `${u.title[lang]} (?)`),
  ];
  return {
    outcome: {
      coding: [{ system: SYSTEMS.dispositions, code: a.disposition }],
      text: `${LABELS.overall[lang]}: ${a.disposition}`,
    },
    qualitativeRisk: qualitative(DISPOSITION_RISK[a.disposition]),
    ...(titles.length > 0 ? { rationale: titles.join('; ') } : {}),
  };
}

/** Referrals first, then the precautions specific to this person, then standard care. */
export function mitigationOf(a: Assessment, lang: Lang, ruleId?: string): string[] {
  const applies = (ruleIds: readonly string[]): boolean => ruleId === undefined || ruleIds.includes(ruleId);
  return [
    ...a.referrals
      .filter((r) => applies(r.ruleIds))
      .map((r) => `${LABELS.referTo[lang]} ${r.name[lang]} (${r.urgency})`),
    ...a.precautions.filter((p) => !p.standard && applies(p.ruleIds)).map((p) => p.text[lang]),
    ...a.precautions.filter((p) => p.standard && applies(p.ruleIds)).map((p) => p.text[lang]),
  ];
}

function extensionsOf(a: Assessment): Extension[] {
  return [
    { url: EXTENSIONS.disposition, valueCoding: { system: SYSTEMS.dispositions, code: a.disposition } },
    { url: EXTENSIONS.reviewNeeded, valueBoolean: a.reviewNeeded },
    ...a.findings.map((f) => ({
      url: EXTENSIONS.firedRule,
      valueCoding: { system: SYSTEMS.rules, code: f.ruleId, version: String(f.ruleVersion) },
    })),
  ];
}

export function riskAssessment(a: Assessment, ctx: RiskContext): RiskAssessment {
  const mitigation = mitigationOf(a, ctx.lang);
  const occurrence = toInstant(a.assessedAt);
  const name = (id: string): string => a.techniques.find((t) => t.techniqueId === id)?.name[ctx.lang] ?? id;
  const notes = [
    ...(ctx.reviews === undefined ? [] : reviewNotes(name, ctx.reviews, ctx.lang)),
    ...citationNotes([
      ...a.findings.flatMap((f) => f.citations),
      ...a.unresolved.flatMap((u) => u.citations),
    ]),
  ];
  return {
    resourceType: 'RiskAssessment',
    ...(ctx.id === undefined ? {} : { id: ctx.id }),
    language: ctx.lang,
    extension: extensionsOf(a),
    status: 'final',
    method: {
      coding: [{ system: SYSTEMS.knowledgeBase, code: a.kb.id, version: a.kb.version }],
      text: `NeckCheck knowledge base ${a.kb.id} ${a.kb.version} (content hash ${a.kb.hash}), engine ${a.engineVersion}`,
    },
    subject: ctx.subject,
    ...(occurrence === undefined ? {} : { occurrenceDateTime: occurrence }),
    ...(ctx.basis === undefined ? {} : { basis: [ctx.basis] }),
    prediction: [
      overallPrediction(a, ctx.lang),
      ...a.techniques.map((d) => techniquePrediction(d, ctx.lang, ctx.reviews, ctx.terminology)),
    ],
    ...(mitigation.length > 0 ? { mitigation: mitigation.join('\n') } : {}),
    ...(notes.length > 0 ? { note: notes } : {}),
  };
}
