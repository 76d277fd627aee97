/**
 * Dates the API accepts must exist: 2026-02-30, 0000-00-00 or month 13 are refused (422 invalid_date)
 * instead of being rolled over by Date.parse (30 February becomes 2 March) or stored as written.
 */
import { problems } from './problem.js';

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-](\d{2}):(\d{2}))$/i;

const isLeap = (year: number): boolean => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;

function daysIn(year: number, month: number): number {
  return month === 2 ? (isLeap(year) ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** A calendar day YYYY-MM-DD that exists (year 1 to 9999). */
export function isCalendarDate(text: string): boolean {
  const match = DAY.exec(text);
  if (match === null) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  return year >= 1 && month >= 1 && month <= 12 && day >= 1 && day <= daysIn(year, month);
}

/** An RFC 3339 date-time whose day and time exist. */
export function isTimestamp(text: string): boolean {
  const match = TIME.exec(text);
  if (match === null || !isCalendarDate(match[1] ?? '')) return false;
  const [hour, minute, second] = [Number(match[2]), Number(match[3]), Number(match[4] ?? 0)];
  const [offsetHour, offsetMinute] = [Number(match[6] ?? 0), Number(match[7] ?? 0)];
  return hour <= 23 && minute <= 59 && second <= 60 && offsetHour <= 23 && offsetMinute <= 59;
}

/**
 * Throws unless `text` is a real day (or, with `time`, a real date-time): 400 when it is not written as one
 * at all ("yesterday"), 422 invalid_date when it is written as one that does not exist (2026-02-30).
 */
export function requireRealDate(text: string, path: string, kind: 'day' | 'time'): void {
  if (!(kind === 'day' ? DAY : SHAPE).test(text))
    throw problems.validation([
      { path, message: kind === 'day' ? 'is not a date (YYYY-MM-DD)' : 'is not an RFC 3339 date-time' },
    ]);
  if (!(kind === 'day' ? isCalendarDate(text) : isTimestamp(text))) throw problems.invalidDate(path);
}

/** Written as a day or a date-time, whether or not it exists. */
export const writtenAsDate = (text: unknown): boolean =>
  typeof text === 'string' && (DAY.test(text) || SHAPE.test(text));

/** Written as a date-time, whether or not it exists. */
const SHAPE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/i;
