/** Every rule's own test vectors, one test each (CS-2), named after the rule. */
import { describe, expect, it } from 'vitest';
import { shippedKb } from '../helpers/kb.js';

const { kb, vectors } = await shippedKb();

describe('rule vectors', () => {
  it.each(vectors.map((v) => [`${v.ruleId}: ${v.name}`, v] as const))('%s', (_name, vector) => {
    expect(vector.actual).toBe(vector.expected);
  });

  it('covers every rule with a positive, a negative and an unknown vector (standard care: positive only)', () => {
    for (const rule of kb.rules) {
      const kinds = new Set(vectors.filter((v) => v.ruleId === rule.id).map((v) => v.expected));
      const needed = rule.when.kind === 'always' ? ['true'] : ['true', 'false', 'unknown'];
      expect([...kinds].sort(), rule.id).toEqual(expect.arrayContaining(needed));
    }
  });

  it('covers every trigger of the evidence brief (E1–E8, R1–R11, P1–P12)', () => {
    const covered = new Set(kb.rules.flatMap((r) => r.covers));
    const triggers = [
      ...Array.from({ length: 8 }, (_, i) => `E${i + 1}`),
      ...Array.from({ length: 11 }, (_, i) => `R${i + 1}`),
      ...Array.from({ length: 12 }, (_, i) => `P${i + 1}`),
    ];
    expect(triggers.filter((t) => !covered.has(t))).toEqual([]);
  });
});
