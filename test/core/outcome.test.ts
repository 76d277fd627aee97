/**
 * A screening's compact outcome plus the knowledge base it used rebuild the assessment exactly: the same
 * object and the same JSON text, for random answers and every clinical vignette, with the knowledge base
 * as loaded from YAML and as rebuilt from its stored bundle.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { Answers, KnowledgeBase } from '../../src/core/index.js';
import {
  assess,
  expandOutcome,
  loadKnowledgeBundle,
  OutcomeMismatchError,
  toOutcome,
  validateAnswers,
} from '../../src/core/index.js';
import { loadKbAndBundle } from '../../src/node/kb-files.js';
import { BENIGN } from '../helpers/answers.js';
import { answersArbitrary } from '../helpers/arbitraries.js';

const RUNS = { numRuns: Math.max(1000, Number(process.env.PROPERTY_RUNS ?? 1000)) } as const;

let kb: KnowledgeBase;
/** The knowledge base as the store rebuilds it: its bundle through JSON text, then loaded. */
let snapshot: KnowledgeBase;
beforeAll(async () => {
  const loaded = await loadKbAndBundle();
  if (!loaded.ok) throw new Error('knowledge base invalid');
  kb = loaded.value.kb;
  snapshot = loadKnowledgeBundle(JSON.parse(JSON.stringify(loaded.value.bundle)));
});

const roundTrip = (answers: Answers, assessedAt?: string): void => {
  const assessment = assess(kb, answers, assessedAt === undefined ? {} : { assessedAt });
  const stored = JSON.parse(JSON.stringify(toOutcome(assessment)));
  for (const base of [kb, snapshot]) {
    const expanded = expandOutcome(stored, base);
    expect(expanded).toStrictEqual(assessment);
    expect(JSON.stringify(expanded)).toBe(JSON.stringify(assessment));
  }
};

describe('screening outcome', () => {
  it('rebuilds the assessment of random answers exactly', () => {
    const screenings = fc.oneof(
      answersArbitrary(kb),
      answersArbitrary(kb).map((changes) => ({ ...BENIGN, ...changes })),
    );
    fc.assert(
      fc.property(screenings, (answers) => roundTrip(answers, '2026-12-03T10:00:00.000Z')),
      RUNS,
    );
  });

  it('rebuilds the assessment of every clinical vignette exactly', () => {
    const dir = resolve(import.meta.dirname, '..', 'vignettes');
    const vignettes = readdirSync(dir)
      .filter((f) => f.endsWith('.yaml'))
      .flatMap(
        (f) => (parse(readFileSync(join(dir, f), 'utf8')) as { vignettes: { answers: unknown }[] }).vignettes,
      );
    expect(vignettes.length).toBeGreaterThanOrEqual(40);
    const dispositions = new Set<string>();
    for (const vignette of vignettes) {
      const answers = validateAnswers(kb, vignette.answers);
      if (!answers.ok) throw new Error('invalid vignette answers');
      dispositions.add(assess(kb, answers.value).disposition);
      roundTrip(answers.value);
    }
    expect([...dispositions].sort()).toEqual(['emergency', 'incomplete', 'precautions', 'proceed', 'refer']);
  });

  it('holds no knowledge-base text: a fraction of the assessment, in no language', () => {
    const assessment = assess(kb, { ...BENIGN, age: 74, medications: ['anticoagulant'] });
    const full = JSON.stringify(assessment);
    const compact = JSON.stringify(toOutcome(assessment));
    expect(compact.length).toBeLessThan(full.length / 3);
    const title = assessment.findings[0]?.title;
    expect(title).toBeDefined();
    expect(compact).not.toContain(title?.en);
    expect(compact).not.toContain(title?.fr);
  });

  it('refuses another knowledge base or a rule of another version', () => {
    const assessment = assess(kb, { ...BENIGN, age: 74, medications: ['anticoagulant'] });
    const outcome = toOutcome(assessment);
    expect(() => expandOutcome({ ...outcome, kb: { ...outcome.kb, hash: 'sha256:other' } }, kb)).toThrow(
      OutcomeMismatchError,
    );
    const [first, ...rest] = outcome.findings;
    if (first === undefined) throw new Error('expected a finding');
    const bumped = { ...outcome, findings: [{ ...first, ruleVersion: first.ruleVersion + 1 }, ...rest] };
    expect(() => expandOutcome(bumped, kb)).toThrow(/version/);
  });
});
