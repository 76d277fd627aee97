/**
 * One client's record as a FHIR Bundle (the answer to Patient/$everything): the Patient, each screening as a
 * QuestionnaireResponse rebuilt from the stored answers and a RiskAssessment built from the stored
 * assessment (with clinicians' overrides in force), the consents, the treatments as Procedures and the adverse events. Records keep their store
 * ids as resource ids; full URLs are under the FHIR base.
 */
import type { Bundle, BundleEntry, Reference, Resource } from '@medplum/fhirtypes';
import type { Answers, Assessment, KnowledgeBase, Lang } from '../core/index.js';
import type { AdverseEventRecord, ClientRecord, ConsentRecord, TreatmentRecord } from './client-resources.js';
import {
  adverseEventResource,
  consentResource,
  patientResource,
  procedureId,
  procedureResources,
} from './client-resources.js';
import { toInstant } from './dates.js';
import type { EffectiveDecision, StaffRef } from './overrides.js';
import { responseFromAnswers } from './response.js';
import { riskAssessment } from './risk-assessment.js';

export interface ScreeningRecord {
  readonly id: string;
  readonly answers: Answers;
  readonly assessment: Assessment;
  readonly submittedAt: string;
  readonly kbVersion: string;
  /** The decisions after clinicians' reviews (src/clinic's effectiveTechniques); none: as assessed. */
  readonly effective?: readonly EffectiveDecision[];
}

export interface ClientRecordSet {
  readonly client: ClientRecord;
  readonly screenings: readonly ScreeningRecord[];
  readonly consents: readonly ConsentRecord[];
  readonly treatments: readonly (TreatmentRecord & { readonly screeningId: string | null })[];
  readonly adverseEvents: readonly AdverseEventRecord[];
  /** The staff who reviewed the screenings, to name them. */
  readonly staff?: readonly StaffRef[];
}

export interface ClientBundleOptions {
  /** The FHIR base URL, e.g. https://clinic.example/fhir. */
  readonly baseUrl: string;
  readonly lang?: Lang;
  /** When the export was made. */
  readonly timestamp?: string;
}

export function clientBundle(
  kb: KnowledgeBase,
  records: ClientRecordSet,
  options: ClientBundleOptions,
): Bundle {
  const lang = options.lang ?? 'en';
  const entries: BundleEntry[] = [];
  const add = <T extends Resource>(resource: T): Reference<T> => {
    const reference = `${resource.resourceType}/${resource.id ?? ''}`;
    entries.push({
      fullUrl: `${options.baseUrl}/${reference}`,
      resource,
      search: { mode: entries.length === 0 ? 'match' : 'include' },
    });
    return { reference };
  };
  const patient = add(patientResource(records.client));
  const responses = new Map<string, Reference>();
  for (const s of records.screenings) {
    const response = responseFromAnswers(kb, s.answers, {
      id: s.id,
      lang,
      subject: patient,
      authored: s.submittedAt,
      version: s.kbVersion,
    });
    const basis = add(response);
    responses.set(s.id, basis);
    const reviews =
      s.effective === undefined ? {} : { reviews: { effective: s.effective, staff: records.staff ?? [] } };
    add(
      riskAssessment(s.assessment, {
        id: s.id,
        subject: patient,
        basis,
        lang,
        terminology: kb.terminology,
        ...reviews,
      }),
    );
  }
  for (const c of records.consents) {
    const response = responses.get(c.screeningId) ?? { reference: `QuestionnaireResponse/${c.screeningId}` };
    add(consentResource(kb, c, patient, response));
  }
  for (const t of records.treatments) {
    for (const p of procedureResources(kb, t, patient, lang)) add(p);
  }
  const treatments = new Map(records.treatments.map((t) => [t.id, t]));
  for (const e of records.adverseEvents) {
    const treatment = e.treatmentId === null ? undefined : treatments.get(e.treatmentId);
    const suspects = (treatment?.techniques ?? [])
      .map((techniqueId, index) => ({
        techniqueId,
        reference: `Procedure/${procedureId(treatment?.id ?? '', index)}`,
      }))
      .filter((p) => e.techniqueId === null || p.techniqueId === e.techniqueId)
      .map(({ reference }) => ({ reference }));
    add(adverseEventResource(e, patient, suspects));
  }
  const timestamp = toInstant(options.timestamp);
  return {
    resourceType: 'Bundle',
    type: 'searchset',
    total: 1,
    ...(timestamp === undefined ? {} : { timestamp }),
    entry: entries,
  };
}
