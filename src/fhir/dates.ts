/** FHIR's dateTime and instant need seconds and a time zone; ISO 8601 allows less. */
const INSTANT =
  /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:([0-5]\d|60)(\.\d+)?(Z|[+-]((0\d|1[0-3]):[0-5]\d|14:00))$/;

/** The timestamp as a FHIR instant (kept as written when it already is one), or undefined. */
export function toInstant(value: string | null | undefined): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (INSTANT.test(value)) return value;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}
