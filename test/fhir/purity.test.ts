/**
 * src/fhir is pure, so it runs anywhere (a browser, a worker): it imports the core's public entry point, the
 * clinic's labels (pure data), its
 * own files and FHIR types only, never a node: module, and reads no clock or randomness.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const DIR = resolve(import.meta.dirname, '..', '..', 'src', 'fhir');
const files = readdirSync(DIR).filter((f) => f.endsWith('.ts'));
const IMPORT = /^\s*(import|export)\s+(type\s+)?[^'";]*?from\s+'([^']+)'/gm;

describe('src/fhir', () => {
  it('has its files', () => {
    expect(files.length).toBeGreaterThan(5);
  });

  it.each(files)('%s imports only the core, the clinic labels, its own files and FHIR types', (file) => {
    const source = readFileSync(join(DIR, file), 'utf8');
    const bad = [...source.matchAll(IMPORT)]
      .filter(([, , typeOnly, from]) => {
        if (from === '../core/index.js' || from === '../clinic/labels.js') return false;
        if (from?.startsWith('./') && from.endsWith('.js')) return false;
        return !(from === '@medplum/fhirtypes' && typeOnly !== undefined);
      })
      .map(([statement]) => statement.trim());
    expect(bad).toEqual([]);
    expect(source).not.toMatch(/\bDate\.now\(|new Date\(\)|Math\.random\(|\bprocess\.|\bfetch\(|require\(/);
  });
});
