/**
 * Conversions between records and column values: JSON columns (parsed as `unknown`, then checked),
 * enumerations read back from TEXT, timestamps and the client search key.
 */
import type { Answers, Assessment, ScreeningOutcome } from '../core/index.js';
import { DECISIONS, DISPOSITIONS, OUTCOME_FORMAT } from '../core/index.js';
import { StoreDataError, StoreInputError } from './errors.js';
import type { Page } from './port.js';
import type { Submitter } from './types.js';

type Guard<T> = (value: unknown) => value is T;

const isRecord = (value: unknown): value is Readonly<Record<string, unknown>> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export const isStringArray: Guard<readonly string[]> = (value): value is readonly string[] =>
  Array.isArray(value) && value.every((item) => typeof item === 'string');

const isAnswerValue = (value: unknown): boolean =>
  typeof value === 'boolean' ||
  typeof value === 'string' ||
  (typeof value === 'number' && Number.isFinite(value)) ||
  isStringArray(value);

export const isAnswers: Guard<Answers> = (value): value is Answers =>
  isRecord(value) && Object.values(value).every(isAnswerValue);

/** A shallow check: the assessment was produced by the engine and stored by us; this catches damage. */
export const isAssessment: Guard<Assessment> = (value): value is Assessment =>
  isRecord(value) &&
  isRecord(value.kb) &&
  oneOf(DISPOSITIONS)(value.disposition) &&
  typeof value.reviewNeeded === 'boolean' &&
  ['techniques', 'findings', 'unresolved', 'precautions', 'referrals', 'alternatives', 'openQuestions'].every(
    (key) => Array.isArray(value[key]),
  );

/** As shallow as isAssessment: an outcome the store wrote from an assessment. */
export const isOutcome: Guard<ScreeningOutcome> = (value): value is ScreeningOutcome =>
  isRecord(value) &&
  value.format === OUTCOME_FORMAT &&
  isRecord(value.kb) &&
  typeof value.kb.hash === 'string' &&
  oneOf(DISPOSITIONS)(value.disposition) &&
  typeof value.reviewNeeded === 'boolean' &&
  [
    'techniques',
    'findings',
    'unresolved',
    'precautions',
    'referrals',
    'alternatives',
    'professions',
    'openQuestions',
  ].every((key) => Array.isArray(value[key]));

export const isSubmitter: Guard<Submitter> = (value): value is Submitter =>
  isRecord(value) &&
  ((value.kind === 'client' && typeof value.intakeId === 'string') ||
    (value.kind === 'user' && typeof value.userId === 'string'));

export function oneOf<const T extends string | number>(values: readonly T[]): Guard<T> {
  return (value): value is T => (values as readonly unknown[]).includes(value);
}

export const isDecision = oneOf(DECISIONS);

/**
 * Serialises a value for a JSON column, refusing what JSON would silently change (NaN and Infinity become
 * null, undefined in an array becomes null): what is stored must read back equal.
 */
export function toJson(value: unknown, field: string): string {
  // Checked first, then serialised natively: a replacer function would make JSON.stringify call back into
  // JavaScript for every value, which costs more than this walk.
  const text = representable(value) ? JSON.stringify(value) : undefined;
  if (text === undefined)
    throw new StoreInputError(`${field} holds a value JSON cannot represent (NaN, Infinity, undefined...)`);
  return text;
}

/** Whether JSON.stringify keeps the value as it is (undefined object members aside, which it omits). */
function representable(value: unknown): boolean {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(value);
    case 'object': {
      if (value === null) return true;
      if (Array.isArray(value)) {
        // for…of, not every(): it visits the holes of a sparse array, which JSON would turn into null.
        for (const item of value) if (item === undefined || !representable(item)) return false;
        return true;
      }
      const record = value as Readonly<Record<string, unknown>>;
      if (typeof record.toJSON === 'function') return representable(record.toJSON());
      return Object.values(record).every((item) => item === undefined || representable(item));
    }
    default:
      return false;
  }
}

/** Parses a JSON column and checks its shape. */
export function fromJson<T>(text: string, guard: Guard<T>, column: string): T {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new StoreDataError(`stored ${column} is not valid JSON`);
  }
  return checked(value, guard, column);
}

/** Checks a value read from the database against the type it must have. */
export function checked<T>(value: unknown, guard: Guard<T>, column: string): T {
  if (!guard(value)) throw new StoreDataError(`stored ${column} has an unexpected value`);
  return value;
}

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/**
 * Timestamps are compared as strings in SQL (expiry, "since", ordering), which is only right when they all
 * have the one format of Date#toISOString; anything else is refused rather than stored.
 */
export function timestamp<T extends string | null>(value: T, field: string): T {
  if (value !== null && (!TIMESTAMP.test(value) || Number.isNaN(Date.parse(value))))
    throw new StoreInputError(`${field} must be a UTC timestamp like 2026-01-31T09:00:00.000Z`);
  return value;
}

/** SQLite reads a negative LIMIT as "no limit" and PostgreSQL refuses it; neither is let through. */
export function page({ limit, offset = 0 }: Page): { limit: number; offset: number } {
  if (!Number.isSafeInteger(limit) || limit < 0 || !Number.isSafeInteger(offset) || offset < 0)
    throw new StoreInputError('page limit and offset must be integers of 0 or more');
  return { limit, offset };
}

/** SQLite would store 1979.5 in an INTEGER column; PostgreSQL would refuse it. */
export function integerOrNull(value: number | null, field: string): number | null {
  if (value !== null && !Number.isSafeInteger(value))
    throw new StoreInputError(`${field} must be an integer`);
  return value;
}

/** Lower-cased text without accents, so that "helene" finds "Hélène" on both dialects alike. */
export function searchKey(...parts: readonly (string | null)[]): string {
  return parts
    .filter((part): part is string => part !== null)
    .join('\n')
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase();
}

/** A LIKE pattern matching `text` anywhere, with LIKE's own wildcards escaped (escape character `\`). */
export function containsPattern(text: string): string {
  return `%${searchKey(text).replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export const toFlag = (value: boolean): number => (value ? 1 : 0);

export function fromFlag(value: number, column: string): boolean {
  if (value !== 0 && value !== 1) throw new StoreDataError(`stored ${column} has an unexpected value`);
  return value === 1;
}
