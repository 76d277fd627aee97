/**
 * What the CDS client sent as prefetch, sorted out: per key, whether it arrived (possibly empty), was
 * declared empty (`null`), was left out, or failed (an OperationOutcome, or a resource of another patient);
 * and the resources of this patient, by type.
 */
import type { PrefetchKey } from './constants.js';
import { PREFETCH_KEYS, REQUIRED_PREFETCH } from './constants.js';
import type { JsonObject } from './fhir-json.js';
import { bundleResources, isObject, refersToPatient, resourceTypeOf, text } from './fhir-json.js';

export type PrefetchState = 'present' | 'empty' | 'absent' | 'failed';

export interface PrefetchedRecord {
  readonly patientId: string;
  readonly patient: JsonObject | undefined;
  readonly conditions: readonly JsonObject[];
  readonly medicationRequests: readonly JsonObject[];
  readonly medicationStatements: readonly JsonObject[];
  /** Medication resources included in the medication searches (`_include`), by `Medication/<id>`. */
  readonly medications: ReadonlyMap<string, JsonObject>;
  readonly questionnaireResponses: readonly JsonObject[];
  readonly states: Readonly<Record<PrefetchKey, PrefetchState>>;
}

/** The resource types each key may hold; others (and included Medications) are not findings. */
const EXPECTED: Readonly<Record<PrefetchKey, string>> = {
  patient: 'Patient',
  screenings: 'QuestionnaireResponse',
  conditions: 'Condition',
  medicationRequests: 'MedicationRequest',
  medicationStatements: 'MedicationStatement',
};

/** At most this many resources are read per key: a record larger than that is not a screening input. */
const MAX_RESOURCES = 1000;

function stateOf(value: unknown): PrefetchState {
  if (value === undefined) return 'absent';
  if (value === null) return 'empty';
  const type = resourceTypeOf(value);
  return type === undefined || type === 'OperationOutcome' ? 'failed' : 'present';
}

function aboutPatient(resource: JsonObject, patientId: string): boolean {
  const subject = resource.subject ?? resource.patient;
  return subject === undefined || refersToPatient(subject, patientId);
}

export function readPrefetch(prefetch: unknown, patientId: string): PrefetchedRecord {
  const raw = isObject(prefetch) ? prefetch : {};
  const states = {} as Record<PrefetchKey, PrefetchState>;
  const resources = {} as Record<PrefetchKey, readonly JsonObject[]>;
  const medications = new Map<string, JsonObject>();
  for (const key of PREFETCH_KEYS) {
    const value = raw[key];
    states[key] = stateOf(value);
    const all = states[key] === 'present' ? bundleResources(value).slice(0, MAX_RESOURCES) : [];
    for (const r of all) {
      const id = text(r.id);
      if (r.resourceType === 'Medication' && id !== undefined) medications.set(`Medication/${id}`, r);
    }
    resources[key] = all.filter((r) => r.resourceType === EXPECTED[key] && aboutPatient(r, patientId));
  }
  let patient = resources.patient[0];
  if (patient !== undefined && text(patient.id) !== undefined && patient.id !== patientId) {
    states.patient = 'failed';
    patient = undefined;
  }
  if (states.patient === 'present' && patient === undefined) states.patient = 'failed';
  return {
    patientId,
    patient,
    conditions: resources.conditions,
    medicationRequests: resources.medicationRequests,
    medicationStatements: resources.medicationStatements,
    medications,
    questionnaireResponses: resources.screenings,
    states,
  };
}

/** The required keys that did not arrive; the service answers 412 when there is any. */
export function missingPrefetch(record: PrefetchedRecord): PrefetchKey[] {
  return REQUIRED_PREFETCH.filter(
    (key) => record.states[key] === 'absent' || record.states[key] === 'failed',
  );
}

/** The optional keys that did not arrive, mentioned in the cards so that nobody reads silence as "none". */
export function notProvided(record: PrefetchedRecord): PrefetchKey[] {
  return PREFETCH_KEYS.filter(
    (key) =>
      !REQUIRED_PREFETCH.includes(key) &&
      (record.states[key] === 'absent' || record.states[key] === 'failed'),
  );
}
