/**
 * Clinical vignettes as data (test/vignettes/*.yaml): typical presentations written from the evidence,
 * each with the expected disposition and, optionally, technique decisions and rules that must (not) fire.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { screen } from '../../src/core/index.js';
import { kb as loadKb } from '../helpers/kb.js';

interface Vignette {
  id: string;
  title: string;
  basis: string;
  answers: Record<string, unknown>;
  expect: {
    disposition: string;
    techniques?: Record<string, string>;
    findings?: string[];
    absent?: string[];
  };
}

const DIR = resolve(import.meta.dirname, '..', 'vignettes');
const vignettes: (Vignette & { file: string })[] = readdirSync(DIR)
  .filter((f) => f.endsWith('.yaml'))
  .sort()
  .flatMap((file) =>
    (parse(readFileSync(join(DIR, file), 'utf8')) as { vignettes: Vignette[] }).vignettes.map((v) => ({
      ...v,
      file,
    })),
  );
const kb = await loadKb();

describe('clinical vignettes', () => {
  it('has at least 40 vignettes with unique ids', () => {
    expect(vignettes.length).toBeGreaterThanOrEqual(40);
    expect(new Set(vignettes.map((v) => v.id)).size).toBe(vignettes.length);
  });

  it.each(vignettes.map((v) => [`${v.file}: ${v.id}`, v] as const))('%s', (_name, vignette) => {
    const result = screen(kb, vignette.answers);
    if (!result.ok) throw new Error(`invalid answers: ${result.errors.map((e) => e.message).join('; ')}`);
    const a = result.value;
    const fired = a.findings.map((f) => f.ruleId);
    expect(a.disposition, vignette.title).toBe(vignette.expect.disposition);
    for (const [technique, decision] of Object.entries(vignette.expect.techniques ?? {})) {
      expect(a.techniques.find((t) => t.techniqueId === technique)?.decision, `${technique}`).toBe(decision);
    }
    for (const ruleId of vignette.expect.findings ?? [])
      expect(fired, `expected ${ruleId} to fire`).toContain(ruleId);
    for (const ruleId of vignette.expect.absent ?? [])
      expect(fired, `expected ${ruleId} not to fire`).not.toContain(ruleId);
  });
});
