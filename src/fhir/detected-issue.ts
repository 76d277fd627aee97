/**
 * One DetectedIssue per finding (a rule that fired) and per red flag that could not be excluded. Severity
 * follows the disposition; the detail is the clinician's text; the evidence is the triggering answers (in
 * the QuestionnaireResponse, with the standard codes of the options the rule tested for) and the rule's
 * citations, whose first address is also the issue's reference.
 */
import type {
  CodeableConcept,
  DetectedIssue,
  DetectedIssueEvidence,
  DetectedIssueMitigation,
  Patient,
  Reference,
} from '@medplum/fhirtypes';
import type {
  AnswerValue,
  Assessment,
  CitationEntry,
  Finding,
  Lang,
  Terminology,
  UnresolvedFlag,
} from '../core/index.js';
import { citationReference, citationUrl, uniqueCitations } from './citations.js';
import { EXTENSIONS, SYSTEMS } from './constants.js';
import { toInstant } from './dates.js';
import { findingCodes } from './finding-codes.js';
import { mitigationOf } from './risk-assessment.js';
import { LABELS } from './text.js';

export interface IssueContext {
  readonly subject: Reference<Patient>;
  readonly basis?: Reference;
  readonly lang: Lang;
  /** The knowledge base's standard codes: the evidence names the SNOMED CT findings it has. */
  readonly terminology: Terminology;
}

const SEVERITY: Readonly<Record<Finding['disposition'], 'high' | 'moderate' | 'low'>> = {
  emergency: 'high',
  refer: 'high',
  precautions: 'moderate',
  proceed: 'low',
};

function answerText(value: AnswerValue | null): string {
  if (value === null) return 'unanswered';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  return Array.isArray(value) ? value.join(', ') : String(value);
}

function ruleCode(ruleId: string, version: number, title: string): CodeableConcept {
  return {
    coding: [{ system: SYSTEMS.rules, code: ruleId, version: String(version), display: title }],
    text: title,
  };
}

function evidenceOf(
  manifestations: CodeableConcept[],
  citations: readonly CitationEntry[],
  basis: Reference | undefined,
): DetectedIssueEvidence[] {
  const evidence: DetectedIssueEvidence[] = [];
  if (manifestations.length > 0 || basis !== undefined) {
    evidence.push({
      ...(manifestations.length > 0 ? { code: manifestations } : {}),
      ...(basis === undefined ? {} : { detail: [basis] }),
    });
  }
  const sources = uniqueCitations(citations);
  if (sources.length > 0) evidence.push({ detail: sources.map(citationReference) });
  return evidence;
}

function common(
  ctx: IssueContext,
  assessedAt: string | null,
  citations: readonly CitationEntry[],
): Pick<
  DetectedIssue,
  'resourceType' | 'language' | 'patient' | 'identifiedDateTime' | 'implicated' | 'reference'
> {
  const reference = citations.map(citationUrl).find((url) => url !== undefined);
  const identified = toInstant(assessedAt);
  return {
    resourceType: 'DetectedIssue',
    language: ctx.lang,
    patient: ctx.subject,
    ...(identified === undefined ? {} : { identifiedDateTime: identified }),
    implicated: [ctx.subject],
    ...(reference === undefined ? {} : { reference }),
  };
}

function findingIssue(a: Assessment, f: Finding, ctx: IssueContext): DetectedIssue {
  const mitigation: DetectedIssueMitigation[] = mitigationOf(a, ctx.lang, f.ruleId).map((text) => ({
    action: { text },
  }));
  const triggers = f.triggers.map((t) => ({ text: `${t.questionId}: ${answerText(t.answer)}` }));
  return {
    ...common(ctx, a.assessedAt, f.citations),
    extension: [
      { url: EXTENSIONS.disposition, valueCoding: { system: SYSTEMS.dispositions, code: f.disposition } },
    ],
    // A condition that could not be excluded, applied on the safe side, is a preliminary finding.
    status: f.certainty === 'definite' ? 'final' : 'preliminary',
    code: ruleCode(f.ruleId, f.ruleVersion, f.title[ctx.lang]),
    severity: SEVERITY[f.disposition],
    evidence: evidenceOf([...triggers, ...findingCodes(f, ctx.terminology)], f.citations, ctx.basis),
    detail: f.clinician[ctx.lang],
    ...(mitigation.length > 0 ? { mitigation } : {}),
  };
}

function unresolvedIssue(a: Assessment, u: UnresolvedFlag, ctx: IssueContext): DetectedIssue {
  const questions = u.questionIds.map((id) => ({ text: `${id}: unanswered or unknown` }));
  return {
    ...common(ctx, a.assessedAt, u.citations),
    extension: [
      { url: EXTENSIONS.disposition, valueCoding: { system: SYSTEMS.dispositions, code: 'incomplete' } },
      { url: EXTENSIONS.reviewNeeded, valueBoolean: true },
    ],
    status: 'preliminary',
    code: ruleCode(u.ruleId, u.ruleVersion, u.title[ctx.lang]),
    severity: 'high',
    evidence: evidenceOf(questions, u.citations, ctx.basis),
    detail: `${u.clinician[ctx.lang]}\n${LABELS.notExcluded[ctx.lang]} ${u.questionIds.join(', ')}`,
  };
}

export function detectedIssues(a: Assessment, ctx: IssueContext): DetectedIssue[] {
  return [
    ...a.findings.map((f) => findingIssue(a, f, ctx)),
    ...a.unresolved.map((u) => unresolvedIssue(a, u, ctx)),
  ];
}
