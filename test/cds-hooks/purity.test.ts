/**
 * src/cds-hooks is pure: it imports the core's and src/fhir's public entry points (src/fhir is pure too), its
 * own files, FHIR types and the schema
 * library `typebox` (pure data and functions, allowed in the core too), never a node: module or another
 * layer of ours, and reads no clock, randomness or process state (the caller passes the time and a UUID source).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const DIR = resolve(import.meta.dirname, '..', '..', 'src', 'cds-hooks');
const files = readdirSync(DIR).filter((f) => f.endsWith('.ts'));
const IMPORT = /^\s*(import|export)\s+(type\s+)?[^'";]*?from\s+'([^']+)'/gm;

describe('src/cds-hooks', () => {
  it('has its files', () => {
    expect(files.length).toBeGreaterThan(10);
  });

  it.each(files)('%s imports only the core, src/fhir, its own files, FHIR types and typebox', (file) => {
    const source = readFileSync(join(DIR, file), 'utf8');
    const bad = [...source.matchAll(IMPORT)]
      .filter(([, , typeOnly, from]) => {
        if (['../core/index.js', '../fhir/index.js', '../clinic/labels.js', 'typebox'].includes(from ?? ''))
          return false;
        if (from?.startsWith('./') && from.endsWith('.js')) return false;
        return !(from === '@medplum/fhirtypes' && typeOnly !== undefined);
      })
      .map(([statement]) => statement.trim());
    expect(bad).toEqual([]);
    expect(source).not.toMatch(
      /\bDate\.now\(|new Date\(|Math\.random\(|\bprocess\.|\bfetch\(|require\(|crypto\./,
    );
  });
});
