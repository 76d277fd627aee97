import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../src/store/canonical-json.js';

/**
 * The definition, spelled out the slow way: keys sorted at every level, plain JSON without whitespace.
 * (A sorted copy through JSON.stringify would not do: objects put integer-like keys first.)
 */
function reference(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(reference).join(',')}]`;
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, item]) => item !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${reference(item)}`).join(',')}}`;
}

/** The same value with its object keys in another order. */
function shuffled(value: unknown, seed: number): unknown {
  if (Array.isArray(value)) return value.map((item) => shuffled(item, seed + 1));
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value as Record<string, unknown>);
  const rotated =
    entries.length === 0
      ? entries
      : [...entries.slice(seed % entries.length), ...entries.slice(0, seed % entries.length)];
  return Object.fromEntries(rotated.reverse().map(([key, item]) => [key, shuffled(item, seed + 1)]));
}

describe('canonical JSON', () => {
  it('is plain JSON of the value with its keys sorted at every level, whatever their order', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.nat(), (value, seed) => {
        const expected = reference(value);
        expect(canonicalJson(value)).toBe(expected);
        expect(canonicalJson(shuffled(value, seed))).toBe(expected);
      }),
      { numRuns: 500 },
    );
  });

  it('leaves out undefined properties, as JSON does, and refuses what JSON cannot say', () => {
    expect(canonicalJson({ b: 1, a: undefined, c: [true, null, 'x'] })).toBe('{"b":1,"c":[true,null,"x"]}');
    expect(() => canonicalJson({ a: Number.NaN })).toThrow(TypeError);
    expect(() => canonicalJson([undefined])).toThrow(TypeError);
    expect(() => canonicalJson({ f: () => 1 })).toThrow(TypeError);
  });
});
