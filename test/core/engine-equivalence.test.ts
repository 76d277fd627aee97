/**
 * The engine's speed work must not change a single byte of its output: every assessment equals the one
 * of the engine as it was before (a frozen copy in test/helpers/reference-engine), on the clinical
 * vignettes and on random answer sets, down to the order of keys in the JSON.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { Answers, KnowledgeBase } from '../../src/core/index.js';
import { assess, validateAnswers } from '../../src/core/index.js';
import { BENIGN } from '../helpers/answers.js';
import { answersArbitrary } from '../helpers/arbitraries.js';
import { kb as loadKb } from '../helpers/kb.js';
import { referenceAssess } from '../helpers/reference-engine/assess.js';

const DIR = resolve(import.meta.dirname, '..', 'vignettes');
const vignetteAnswers: { id: string; answers: unknown }[] = readdirSync(DIR)
  .filter((f) => f.endsWith('.yaml'))
  .sort()
  .flatMap(
    (f) =>
      (parse(readFileSync(join(DIR, f), 'utf8')) as { vignettes: { id: string; answers: unknown }[] })
        .vignettes,
  );
const kb: KnowledgeBase = await loadKb();

function expectSameAsReference(answers: Answers): void {
  const current = assess(kb, answers, { assessedAt: '2026-12-03T10:00:00Z' });
  const reference = referenceAssess(kb, answers, { assessedAt: '2026-12-03T10:00:00Z' });
  expect(current).toStrictEqual(reference);
  expect(JSON.stringify(current)).toBe(JSON.stringify(reference));
}

describe('engine output is unchanged by the optimisations', () => {
  it('gives the reference assessment for every clinical vignette', () => {
    expect(vignetteAnswers.length).toBeGreaterThanOrEqual(40);
    for (const vignette of vignetteAnswers) {
      const answers = validateAnswers(kb, vignette.answers);
      if (!answers.ok) throw new Error(`vignette ${vignette.id} has invalid answers`);
      expectSameAsReference(answers.value);
    }
  });

  it('gives the reference assessment for 2,000 random answer sets, partial and nearly complete', () => {
    const screenings = fc.oneof(
      answersArbitrary(kb),
      answersArbitrary(kb).map((changes) => ({ ...BENIGN, ...changes })),
    );
    fc.assert(fc.property(screenings, expectSameAsReference), { numRuns: 2000 });
  });

  it('gives the reference assessment for empty answers', () => {
    expectSameAsReference({});
  });
});
