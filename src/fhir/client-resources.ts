/**
 * A client's records as FHIR R4 resources: Patient (minimal), Consent, Procedure (one per technique applied
 * in a treatment) and AdverseEvent. The record shapes below are what the store keeps, reduced to the fields
 * exported; they are declared here so that this module depends on the core only.
 */
import type {
  AdverseEvent,
  CodeableConcept,
  Consent,
  Patient,
  Procedure,
  Reference,
} from '@medplum/fhirtypes';

type PatientRef = Reference<Patient>;

import type { KnowledgeBase, Lang } from '../core/index.js';
import { EXTENSIONS, SYSTEMS } from './constants.js';
import { toInstant } from './dates.js';
import { techniqueCodings } from './terminology.js';
import { base64Utf8, LABELS } from './text.js';

export interface ClientRecord {
  readonly id: string;
  readonly displayName: string;
  readonly birthYear: number | null;
  /** The EHR patient the clinic linked the client to, exported as the Patient's identifier there. */
  readonly ehrPatient?: { readonly system: string; readonly patientId: string } | null;
}

export interface ConsentRecord {
  readonly id: string;
  readonly screeningId: string;
  readonly techniques: readonly string[];
  readonly lang: Lang;
  readonly textShown: string;
  readonly signerName: string;
  readonly signedAt: string;
}

export interface TreatmentRecord {
  readonly id: string;
  readonly date: string;
  readonly techniques: readonly string[];
}

export interface AdverseEventRecord {
  readonly id: string;
  readonly treatmentId: string | null;
  readonly techniqueId: string | null;
  readonly onset: string;
  readonly symptoms: string;
  /** 1 mild … 5 death (CTCAE-like grade). */
  readonly severity: number;
  readonly actionTaken: string;
  readonly followUp: string;
  readonly createdAt: string;
}

/** FHIR strings have at least one character. */
const text = (value: string): string | undefined => (value.trim() === '' ? undefined : value);

export function patientResource(client: ClientRecord): Patient {
  const name = text(client.displayName);
  return {
    resourceType: 'Patient',
    id: client.id,
    ...(name === undefined ? {} : { name: [{ text: name }] }),
    ...(client.ehrPatient == null
      ? {}
      : { identifier: [{ system: client.ehrPatient.system, value: client.ehrPatient.patientId }] }),
    ...(client.birthYear === null ? {} : { birthDate: String(client.birthYear).padStart(4, '0') }),
  };
}

/** Our technique coding, then its SNOMED CT procedure when the knowledge base gives one. */
function techniqueConcept(kb: KnowledgeBase, techniqueId: string, lang: Lang): CodeableConcept {
  const name = kb.index.technique.get(techniqueId)?.name[lang];
  return {
    coding: techniqueCodings(kb.terminology, techniqueId, name),
    ...(name === undefined ? {} : { text: name }),
  };
}

export function consentResource(
  kb: KnowledgeBase,
  c: ConsentRecord,
  patient: PatientRef,
  response: Reference,
): Consent {
  const shown = text(c.textShown);
  const signer = text(c.signerName);
  const signedAt = toInstant(c.signedAt);
  return {
    resourceType: 'Consent',
    id: c.id,
    language: c.lang,
    status: 'active',
    scope: { coding: [{ system: SYSTEMS.consentScope, code: 'treatment', display: 'Treatment' }] },
    category: [
      { coding: [{ system: SYSTEMS.consentCategory, code: '59284-0', display: 'Patient Consent' }] },
    ],
    patient,
    ...(signedAt === undefined ? {} : { dateTime: signedAt }),
    ...(signer === undefined ? {} : { performer: [{ display: signer }] }),
    policyRule: { text: LABELS.consentPolicy[c.lang] },
    ...(shown === undefined
      ? {}
      : {
          sourceAttachment: {
            contentType: 'text/plain; charset=utf-8',
            language: c.lang,
            data: base64Utf8(shown),
            title: LABELS.consentPolicy[c.lang],
          },
        }),
    provision: {
      type: 'permit',
      ...(c.techniques.length > 0 ? { code: c.techniques.map((t) => techniqueConcept(kb, t, c.lang)) } : {}),
      data: [{ meaning: 'related', reference: response }],
    },
  };
}

/** Procedure ids: the treatment's id and the technique's position (FHIR ids allow no underscore). */
export const procedureId = (treatmentId: string, index: number): string => `${treatmentId}-${index + 1}`;

export function procedureResources(
  kb: KnowledgeBase,
  t: TreatmentRecord,
  patient: PatientRef,
  lang: Lang,
): Procedure[] {
  return t.techniques.map((techniqueId, index) => {
    const concept = techniqueConcept(kb, techniqueId, lang);
    return {
      resourceType: 'Procedure',
      id: procedureId(t.id, index),
      identifier: [{ system: SYSTEMS.treatments, value: t.id }],
      status: 'completed',
      code: { ...concept, text: concept.text ?? techniqueId },
      subject: patient,
      performedDateTime: t.date,
      bodySite: [{ text: LABELS.neck[lang] }],
    };
  });
}

const SERIOUSNESS = [
  'Non-serious',
  'Non-serious',
  'Serious',
  'SeriousIsLifeThreatening',
  'SeriousResultsInDeath',
];
const SEVERITY = ['mild', 'moderate', 'severe', 'severe', 'severe'] as const;

export function adverseEventResource(
  e: AdverseEventRecord,
  patient: PatientRef,
  suspects: readonly Reference<Procedure>[],
): AdverseEvent {
  const grade = Math.min(5, Math.max(1, Math.round(e.severity)));
  const seriousness = SERIOUSNESS[grade - 1] ?? 'Serious';
  const severity = SEVERITY[grade - 1] ?? 'severe';
  const symptoms = text(e.symptoms);
  const onset = toInstant(e.onset);
  const recorded = toInstant(e.createdAt);
  const notes = [
    ...(text(e.actionTaken) === undefined
      ? []
      : [{ url: EXTENSIONS.actionTaken, valueString: e.actionTaken }]),
    ...(text(e.followUp) === undefined ? [] : [{ url: EXTENSIONS.followUp, valueString: e.followUp }]),
  ];
  return {
    resourceType: 'AdverseEvent',
    id: e.id,
    ...(notes.length > 0 ? { extension: notes } : {}),
    actuality: 'actual',
    ...(symptoms === undefined ? {} : { event: { text: symptoms } }),
    subject: patient,
    ...(onset === undefined ? {} : { date: onset }),
    ...(recorded === undefined ? {} : { recordedDate: recorded }),
    seriousness: { coding: [{ system: SYSTEMS.aeSeriousness, code: seriousness }] },
    severity: {
      coding: [{ system: SYSTEMS.aeSeverity, code: severity }],
      text: `Grade ${grade} of 5 (CTCAE-like)`,
    },
    ...(grade === 5 ? { outcome: { coding: [{ system: SYSTEMS.aeOutcome, code: 'fatal' }] } } : {}),
    ...(suspects.length > 0 ? { suspectEntity: suspects.map((instance) => ({ instance })) } : {}),
  };
}
