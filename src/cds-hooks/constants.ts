/** Identifiers NeckCheck's CDS Hooks services use: service ids, prefetch keys, canonical URLs, code systems. */

import { QUESTIONNAIRE_URL } from '../fhir/index.js';

const BASE = 'https://neckcheck.example/fhir';

/** The canonical of our Questionnaire (src/fhir's); a QuestionnaireResponse names it, optionally with `|version`. */
export const QUESTIONNAIRE_CANONICAL = QUESTIONNAIRE_URL;
export const OVERRIDE_REASON_SYSTEM = `${BASE}/CodeSystem/cds-override-reasons`;
export const TASK_CODE_SYSTEM = `${BASE}/CodeSystem/cds-tasks`;

/** The 2.0 card contract: `summary` is "<140 characters". */
export const SUMMARY_MAX_LENGTH = 139;

export const CDS_HOOKS = ['patient-view', 'appointment-book'] as const;
export type CdsHook = (typeof CDS_HOOKS)[number];

export const SERVICE_IDS = {
  'patient-view': 'neckcheck-patient-view',
  'appointment-book': 'neckcheck-appointment-book',
} as const satisfies Record<CdsHook, string>;

export const PREFETCH_KEYS = [
  'patient',
  'screenings',
  'conditions',
  'medicationRequests',
  'medicationStatements',
] as const;
export type PrefetchKey = (typeof PREFETCH_KEYS)[number];

/**
 * Without these the record cannot be checked for risk factors, and the service answers 412: it does not
 * fetch from the EHR's FHIR server in this version. The others are used when sent.
 */
export const REQUIRED_PREFETCH: readonly PrefetchKey[] = ['patient', 'conditions', 'medicationRequests'];

export const SYSTEMS = {
  snomed: 'http://snomed.info/sct',
  icd10: 'http://hl7.org/fhir/sid/icd-10',
  icd10cm: 'http://hl7.org/fhir/sid/icd-10-cm',
  rxnorm: 'http://www.nlm.nih.gov/research/umls/rxnorm',
  atc: 'http://www.whocc.no/atc',
  serviceType: 'http://terminology.hl7.org/CodeSystem/service-type',
} as const;
