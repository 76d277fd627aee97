/**
 * Both checks every FHIR resource NeckCheck produces must pass: the official R4 JSON schema (per type) and
 * the error-severity FHIRPath invariants of the R4 StructureDefinitions. Load once per test file.
 */
import { expect } from 'vitest';
import type { InvariantFailure } from './invariants.js';
import { loadInvariantChecker } from './invariants.js';
import type { SchemaProblem } from './schema.js';
import { CHECKED_TYPES, loadSchemaValidator } from './schema.js';

export interface FhirValidator {
  /** Schema problems and failed invariants of a resource and every resource nested in it. */
  problems(resource: unknown): { schema: SchemaProblem[]; invariants: InvariantFailure[] };
  expectValid(resource: unknown): void;
  readonly timings: { schemaCompileMs: number; invariantsLoadMs: number };
  evaluations(): number;
}

export function loadFhirValidator(): FhirValidator {
  const schema = loadSchemaValidator(CHECKED_TYPES);
  const invariants = loadInvariantChecker(CHECKED_TYPES);
  const problems = (resource: unknown) => ({
    schema: schema.validate(resource),
    invariants: invariants.check(resource as Record<string, unknown>),
  });
  return {
    problems,
    expectValid: (resource) => {
      const found = problems(resource);
      expect(found.schema, 'JSON schema').toEqual([]);
      expect(found.invariants, 'FHIRPath invariants').toEqual([]);
    },
    timings: { schemaCompileMs: schema.compileMs, invariantsLoadMs: invariants.loadMs },
    evaluations: invariants.evaluations,
  };
}
