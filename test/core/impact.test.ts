import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { KnowledgeBundle } from '../../src/core/index.js';
import { assessImpact, ImpactCounter, loadKnowledgeBundle, planImpact } from '../../src/core/index.js';
import { loadKbAndBundle } from '../../src/node/kb-files.js';
import { answersArbitrary } from '../helpers/arbitraries.js';
import { shippedKb } from '../helpers/kb.js';

/** The bundle with some emergency rules softened to referrals, as a new version might. */
function changed(bundle: KnowledgeBundle, ids: readonly string[]): KnowledgeBundle {
  return {
    ...bundle,
    hash: `${bundle.hash}-changed`,
    files: bundle.files.map((f) => ({
      ...f,
      data: {
        ...f.data,
        ...(f.data.rules === undefined
          ? {}
          : {
              rules: f.data.rules.map((r) =>
                ids.includes(r.id)
                  ? {
                      ...r,
                      version: r.version + 1,
                      disposition: 'refer' as const,
                      changelog: [
                        ...(r.changelog ?? []),
                        { version: r.version + 1, kb: '9.9.9', change: 'A change made by a test.' },
                      ],
                    }
                  : r,
              ),
            }),
      },
    })),
  };
}

describe('impact analysis', () => {
  it('counts exactly the same with the rules-only shortcut as by assessing everything in full', async () => {
    await shippedKb();
    const loaded = await loadKbAndBundle();
    if (!loaded.ok) throw new Error('the knowledge base does not load');
    const { kb, bundle } = loaded.value;
    const toBundle = changed(bundle, ['E1', 'E3', 'E5', 'VASC-DIZZY']);
    const to = loadKnowledgeBundle(toBundle);
    const plan = planImpact(bundle, toBundle, kb, to);
    expect(plan?.rules.length).toBe(4);
    const inputs = fc
      .sample(answersArbitrary(kb), { numRuns: 600, seed: 42 })
      .map((answers, i) => ({ id: `a${i}`, answers, kbHash: kb.hash }));
    const full = new ImpactCounter();
    assessImpact({ from: kb, to }, inputs, full);
    const fast = new ImpactCounter();
    assessImpact({ from: kb, to, plans: new Map([[kb.hash, plan ?? { rules: [] }]]) }, inputs, fast);
    expect(fast.result()).toEqual(full.result());
    expect(full.result().changed).toBeGreaterThan(0);
  });

  it('takes no shortcut when anything but rules differs', async () => {
    const loaded = await loadKbAndBundle();
    if (!loaded.ok) throw new Error('the knowledge base does not load');
    const { kb, bundle } = loaded.value;
    const other: KnowledgeBundle = {
      ...bundle,
      files: bundle.files.map((f) =>
        f.data.techniques === undefined
          ? f
          : {
              ...f,
              data: { ...f.data, techniques: f.data.techniques.map((t) => ({ ...t, force: t.force + 1 })) },
            },
      ),
    };
    expect(planImpact(bundle, other, kb, loadKnowledgeBundle(other))).toBeUndefined();
  });

  it('compares answers to a question one version lacks on the questions both ask, and refuses other mismatches', async () => {
    const loaded = await loadKbAndBundle();
    if (!loaded.ok) throw new Error('the knowledge base does not load');
    const { kb, bundle } = loaded.value;
    // An older version without the thunderclap question: its rules cannot use it, so drop them too.
    const dropped = 'headache_thunderclap';
    const usesDropped = (rule: { when: unknown }) => JSON.stringify(rule.when).includes(`"${dropped}"`);
    const older = loadKnowledgeBundle({
      ...bundle,
      hash: `${bundle.hash}-older`,
      files: bundle.files.map((f) => ({
        ...f,
        data: {
          ...f.data,
          ...(f.data.questions === undefined
            ? {}
            : { questions: f.data.questions.filter((q) => q.id !== dropped) }),
          ...(f.data.rules === undefined ? {} : { rules: f.data.rules.filter((r) => !usesDropped(r)) }),
        },
      })),
    });
    expect(older.index.question.has(dropped)).toBe(false);
    const counter = new ImpactCounter();
    assessImpact(
      { from: older, to: kb },
      [
        { id: 'asked-both', answers: { headache: false } },
        { id: 'asked-newer-only', answers: { headache: true, [dropped]: true } },
        { id: 'not-an-option', answers: { sex: 'neither_of_these' } },
      ],
      counter,
    );
    const tally = counter.result();
    expect(tally).toMatchObject({ screenings: 3, narrowed: 1, invalid: 1 });
    // The newer version sees the thunderclap headache the older one never asked about.
    expect(tally.examples).toContain('asked-newer-only');
  });
});
