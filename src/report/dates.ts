/**
 * Dates as people read them, in the report's language. Formatted by hand rather than with Intl so that the
 * same text comes out on the server, in every browser and in every ICU version; always in UTC (a printed
 * report has no time zone of its own), and said so.
 */
import type { Lang } from '../core/index.js';
import { messages } from './messages.js';

const pad = (n: number): string => String(n).padStart(2, '0');

/** "25 November 2026, 10:00 UTC" or "25 novembre 2026, 10 h 00 UTC"; the input as given if it is no date. */
export function formatDateTime(iso: string, lang: Lang): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  const d = new Date(ms);
  const m = messages(lang).date;
  const month = m.months[d.getUTCMonth()] ?? '';
  return m.dateTime(d.getUTCDate(), month, d.getUTCFullYear(), pad(d.getUTCHours()), pad(d.getUTCMinutes()));
}

/** "25 November 2026" or "25 novembre 2026". */
export function formatDay(iso: string, lang: Lang): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  const d = new Date(ms);
  const m = messages(lang).date;
  return m.day(d.getUTCDate(), m.months[d.getUTCMonth()] ?? '', d.getUTCFullYear());
}
