/**
 * Defensive reading of FHIR JSON sent by a CDS client. Prefetch is not validated against FHIR's schemas, so
 * every field is read as `unknown` and checked here: a wrong type is treated as absent, never trusted.
 */

export type JsonObject = Readonly<Record<string, unknown>>;

/** Longer strings are ignored: nothing we read needs more, and it bounds the work per request. */
const MAX_TEXT = 2000;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' && value.length <= MAX_TEXT ? value : undefined;
}

export function list(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

export function objects(value: unknown): readonly JsonObject[] {
  return list(value).filter(isObject);
}

export function resourceTypeOf(value: unknown): string | undefined {
  return isObject(value) ? text(value.resourceType) : undefined;
}

export interface CodingValue {
  readonly system: string | undefined;
  readonly code: string | undefined;
  readonly display: string | undefined;
}

export function codingOf(value: unknown): CodingValue | undefined {
  if (!isObject(value)) return undefined;
  return { system: text(value.system), code: text(value.code), display: text(value.display) };
}

/** The codings of a CodeableConcept. */
export function codingsOf(concept: unknown): readonly CodingValue[] {
  if (!isObject(concept)) return [];
  return list(concept.coding).flatMap((c) => {
    const coding = codingOf(c);
    return coding === undefined ? [] : [coding];
  });
}

/** Every human-readable text of a CodeableConcept: its text and its codings' displays. */
export function textsOf(concept: unknown): readonly string[] {
  if (!isObject(concept)) return [];
  const own = text(concept.text);
  const displays = codingsOf(concept).flatMap((c) => (c.display === undefined ? [] : [c.display]));
  return own === undefined ? displays : [own, ...displays];
}

/** The first readable name of a concept, for showing where an answer came from. */
export function labelOf(concept: unknown): string | undefined {
  return textsOf(concept)[0] ?? codingsOf(concept).find((c) => c.code !== undefined)?.code;
}

/** `Condition/123`, or the type alone when the resource has no id. */
export function sourceOf(resource: JsonObject): string {
  const type = text(resource.resourceType) ?? 'Resource';
  const id = text(resource.id);
  return id === undefined ? type : `${type}/${id}`;
}

/** The resources of a Bundle's entries (a single resource, or an array of them, is taken as such a Bundle). */
export function bundleResources(value: unknown): readonly JsonObject[] {
  if (Array.isArray(value)) return objects(value);
  if (!isObject(value)) return [];
  if (value.resourceType !== 'Bundle') return [value];
  return objects(value.entry).flatMap((entry) => (isObject(entry.resource) ? [entry.resource] : []));
}

/** Whether a reference (`Patient/1`, an absolute URL ending so, or a bare id) names this patient. */
export function refersToPatient(reference: unknown, patientId: string): boolean {
  if (!isObject(reference)) return false;
  const ref = text(reference.reference);
  if (ref === undefined) return false;
  return ref === patientId || ref === `Patient/${patientId}` || ref.endsWith(`/Patient/${patientId}`);
}

/** Lower case without accents, so that "Ostéoporose" and "osteoporose" read alike. */
export function normalise(value: string): string {
  return value.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
}

/** Milliseconds since the epoch of a FHIR date or dateTime, if it is one. */
export function instantOf(value: unknown): number | undefined {
  const raw = text(value);
  if (raw === undefined || !/^\d{4}(-\d{2}(-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2})?)?)?)?$/.test(raw))
    return undefined;
  const padded = raw.length === 4 ? `${raw}-01-01` : raw.length === 7 ? `${raw}-01` : raw;
  const ms = Date.parse(padded);
  return Number.isNaN(ms) ? undefined : ms;
}
