/** JSON columns store exactly what reads back, and refuse what JSON would silently change. */
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { toJson } from '../../src/store/codec.js';
import { StoreInputError } from '../../src/store/errors.js';

const withoutNegativeZero = (value: unknown): unknown =>
  JSON.parse(JSON.stringify(value, (_key, item: unknown) => (Object.is(item, -0) ? 0 : item)));

it('stores any JSON value so that it reads back equal', () => {
  fc.assert(
    // -0 is the one JSON value of fast-check's that JSON itself writes as 0; it is normalised first.
    fc.property(fc.jsonValue().map(withoutNegativeZero), (value) => {
      expect(JSON.parse(toJson(value, 'value'))).toEqual(value);
    }),
    { numRuns: 1000 },
  );
});

it.each([
  ['NaN', { age: Number.NaN }],
  ['Infinity', [1, Number.POSITIVE_INFINITY]],
  ['undefined in an array', { list: ['a', undefined] }],
  ['a hole in an array', { list: new Array<number>(3) }],
  ['a function', { run: () => 1 }],
  ['a bigint', { n: 1n }],
  ['a symbol', [Symbol('x')]],
  ['undefined alone', undefined],
])('refuses %s', (_name, value) => {
  expect(() => toJson(value, 'answers')).toThrow(StoreInputError);
  expect(() => toJson(value, 'answers')).toThrow(/answers holds a value JSON cannot represent/);
});

it('omits undefined members of an object, as an absent optional field reads back', () => {
  expect(toJson({ a: 1, b: undefined }, 'x')).toBe('{"a":1}');
});

it('serialises dates through toJSON', () => {
  expect(toJson({ at: new Date(0) }, 'x')).toBe('{"at":"1970-01-01T00:00:00.000Z"}');
});
