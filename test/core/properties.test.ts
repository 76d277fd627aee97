/**
 * Safety invariants of the engine, checked with fast-check over random screenings of the shipped
 * knowledge base (at least 1,000 runs each).
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Answers, AnswerValue, KnowledgeBase } from '../../src/core/index.js';
import { assess, decisionRank, dispositionRank, UNKNOWN_ANSWER } from '../../src/core/index.js';
import { BENIGN } from '../helpers/answers.js';
import { answersArbitrary, riskierAnswer } from '../helpers/arbitraries.js';
import { kb as loadKb } from '../helpers/kb.js';

const RUNS = { numRuns: Math.max(1000, Number(process.env.PROPERTY_RUNS ?? 1000)) } as const;

let kb: KnowledgeBase;
let screenings: fc.Arbitrary<Answers>;
beforeAll(async () => {
  kb = await loadKb();
  // Random partial screenings, and complete benign screenings with random answers changed.
  screenings = fc.oneof(
    answersArbitrary(kb),
    answersArbitrary(kb).map((changes) => ({ ...BENIGN, ...changes })),
  );
});

const without = (answers: Answers, ids: readonly string[]): Answers =>
  Object.fromEntries(Object.entries(answers).filter(([id]) => !ids.includes(id)));

describe('engine invariants', () => {
  it('adding a risk answer ("yes", a risk option, a higher reading) never lowers the disposition', () => {
    const riskQuestions = kb.questions.filter((q) => q.risk !== undefined && q.risk.direction !== 'none');
    fc.assert(
      fc.property(screenings, fc.nat(riskQuestions.length - 1), fc.nat(), (answers, qIndex, pick) => {
        const question = riskQuestions[qIndex];
        if (question === undefined) return;
        const riskier = riskierAnswer(question, answers[question.id], pick);
        fc.pre(riskier !== undefined);
        const before = assess(kb, answers).disposition;
        const after = assess(kb, { ...answers, [question.id]: riskier as AnswerValue }).disposition;
        expect(dispositionRank(after), `${question.id}: ${before} → ${after}`).toBeGreaterThanOrEqual(
          dispositionRank(before),
        );
      }),
      RUNS,
    );
  });

  it('never gives a more forceful technique a more permissive decision than a gentler one', () => {
    fc.assert(
      fc.property(screenings, (answers) => {
        const ranks = assess(kb, answers).techniques.map((t) => decisionRank(t.decision));
        for (let i = 1; i < ranks.length; i++)
          expect(ranks[i]).toBeGreaterThanOrEqual(ranks[i - 1] as number);
      }),
      RUNS,
    );
  });

  it('gives the same output for the same input', () => {
    fc.assert(
      fc.property(screenings, (answers) => {
        const first = JSON.stringify(assess(kb, answers, { assessedAt: 'T' }));
        const second = JSON.stringify(assess(kb, structuredClone(answers), { assessedAt: 'T' }));
        expect(second).toBe(first);
      }),
      RUNS,
    );
  });

  it('never turns a result into "proceed" by removing answers', () => {
    fc.assert(
      fc.property(
        screenings,
        fc.uniqueArray(fc.constantFrom(...kb.questions.map((q) => q.id)), { minLength: 1 }),
        (answers, removed) => {
          const before = assess(kb, answers).disposition;
          fc.pre(before !== 'proceed');
          expect(assess(kb, without(answers, removed)).disposition).not.toBe('proceed');
        },
      ),
      RUNS,
    );
  });

  it('never proceeds when red-flag questions of a complete screening are unanswered or "I don\'t know"', () => {
    // Questions that matter only with a risk factor this client does not have (cancer, blood thinners, a
    // bleeding tendency, age 65 or over, fragile bones): "I don't know" to them rightly changes nothing here.
    const riskGroupOnly = new Set(['upper_back_pain', 'pain_trivial_onset']);
    const redFlags = kb.questions
      .filter((q) => q.redFlag && BENIGN[q.id] !== undefined && !riskGroupOnly.has(q.id))
      .map((q) => q.id);
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.constantFrom(...redFlags), { minLength: 1 }),
        fc.boolean(),
        (ids, asUnknown) => {
          const changed = asUnknown
            ? {
                ...BENIGN,
                ...Object.fromEntries(
                  ids
                    .filter((id) => kb.index.question.get(id)?.allowUnknown)
                    .map((id) => [id, UNKNOWN_ANSWER]),
                ),
              }
            : without(BENIGN, ids);
          fc.pre(JSON.stringify(changed) !== JSON.stringify(BENIGN));
          expect(assess(kb, changed).disposition).not.toBe('proceed');
        },
      ),
      RUNS,
    );
  });

  it('never reassures while a red flag is undecided', () => {
    fc.assert(
      fc.property(screenings, (answers) => {
        const a = assess(kb, answers);
        if (a.unresolved.length > 0) {
          expect(dispositionRank(a.disposition)).toBeGreaterThanOrEqual(dispositionRank('incomplete'));
          expect(a.techniques.every((t) => decisionRank(t.decision) >= decisionRank('relative'))).toBe(true);
        }
      }),
      RUNS,
    );
  });

  it('explains every finding with rule id, version, citations, triggers and trace (CS-1)', () => {
    fc.assert(
      fc.property(screenings, (answers) => {
        for (const f of assess(kb, answers).findings) {
          expect(f.ruleId).toMatch(/^[A-Z]/);
          expect(f.ruleVersion).toBeGreaterThanOrEqual(1);
          expect(f.citations.length).toBeGreaterThan(0);
          expect(f.citations.every((c) => c.doi ?? c.pmid ?? c.url ?? c.isbn)).toBeTruthy();
          expect(f.trace.result).toBe(f.certainty === 'definite' ? 'true' : 'unknown');
          if (f.trace.kind !== 'always') expect(f.triggers.length).toBeGreaterThan(0);
        }
      }),
      RUNS,
    );
  });

  it('contraindicates every technique for an emergency or a referral', () => {
    fc.assert(
      fc.property(screenings, (answers) => {
        const a = assess(kb, answers);
        if (a.disposition === 'emergency' || a.disposition === 'refer') {
          expect(a.techniques.every((t) => t.decision === 'contraindicated')).toBe(true);
          expect(a.referrals.length).toBeGreaterThan(0);
        }
      }),
      RUNS,
    );
  });
});
