/**
 * The result of a screening as a FHIR Bundle (type collection): the QuestionnaireResponse when given, a
 * RiskAssessment whose basis is that response, and one DetectedIssue per finding or unexcluded red flag.
 * Entries are linked by urn:uuid full URLs.
 */
import type {
  Bundle,
  BundleEntry,
  Patient,
  QuestionnaireResponse,
  Reference,
  Resource,
} from '@medplum/fhirtypes';
import type { Assessment, KnowledgeBase, Lang } from '../core/index.js';
import { toInstant } from './dates.js';
import { detectedIssues } from './detected-issue.js';
import type { IdSource } from './ids.js';
import { seededIds, urnOf } from './ids.js';
import { riskAssessment } from './risk-assessment.js';
import { LABELS } from './text.js';

export interface AssessmentBundleOptions {
  /** The answers the assessment was made from, when they live elsewhere (a stored response). */
  readonly qrReference?: Reference;
  /** The answers themselves, to include in the bundle (their reference is then the entry's URL). */
  readonly response?: QuestionnaireResponse;
  /** The person screened; a stateless screening names nobody. */
  readonly subject?: Reference<Patient>;
  readonly lang?: Lang;
  /** Source of UUIDs for the entries; by default derived from the assessment (same input, same bundle). */
  readonly newId?: IdSource;
}

function entry<T extends Resource>(uuid: string, resource: T): BundleEntry {
  return { fullUrl: urnOf(uuid), resource: { ...resource, id: uuid } };
}

export function assessmentBundle(
  kb: KnowledgeBase,
  assessment: Assessment,
  options: AssessmentBundleOptions = {},
): Bundle {
  const lang = options.lang ?? 'en';
  const timestamp = toInstant(assessment.assessedAt);
  const newId =
    options.newId ??
    seededIds(
      `${kb.hash}|${assessment.assessedAt ?? ''}|${JSON.stringify(assessment.findings.map((f) => f.ruleId))}`,
    );
  const subject: Reference<Patient> = options.subject ?? { display: LABELS.anonymous[lang] };
  const entries: BundleEntry[] = [];
  let basis = options.qrReference;
  if (options.response !== undefined) {
    const uuid = newId();
    entries.push({ fullUrl: urnOf(uuid), resource: options.response });
    basis = { reference: urnOf(uuid), display: LABELS.answers[lang] };
  }
  const context = {
    subject,
    lang,
    terminology: kb.terminology,
    ...(basis === undefined ? {} : { basis }),
  };
  const riskId = newId();
  entries.push(entry(riskId, riskAssessment(assessment, context)));
  for (const issue of detectedIssues(assessment, context)) entries.push(entry(newId(), issue));
  return {
    resourceType: 'Bundle',
    id: newId(),
    type: 'collection',
    ...(timestamp === undefined ? {} : { timestamp }),
    entry: entries,
  };
}
