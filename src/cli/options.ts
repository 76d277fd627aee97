/** Checks of option values: commander restricts choices, these give them their types. */
import { Option } from 'commander';
import type { Lang } from '../core/index.js';
import { isLang, LANGS } from '../core/index.js';
import type { Audience } from '../report/index.js';
import { AUDIENCES } from '../report/index.js';
import { CliError } from './errors.js';

export function oneOf<T extends string>(allowed: readonly T[], value: unknown, name: string): T {
  const found = allowed.find((a) => a === value);
  if (found === undefined) throw new CliError(`${name} must be one of ${allowed.join(', ')}`);
  return found;
}

export function langOption(): Option {
  return new Option('--lang <lang>', 'language of the questions and of the output')
    .choices(LANGS)
    .default('en');
}

export function asLang(value: unknown): Lang {
  if (!isLang(value)) throw new CliError(`--lang must be one of ${LANGS.join(', ')}`);
  return value;
}

export function asAudience(value: unknown): Audience {
  return oneOf(AUDIENCES, value, '--audience');
}

export function asOptionalString(value: unknown, name: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw new CliError(`${name} needs a value`);
  return value;
}

const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/** An ISO 8601 date and time with a time zone, such as 2026-11-25T10:00:00Z; kept as written. */
export function asTimestamp(value: string): string {
  if (!ISO_TIMESTAMP.test(value) || Number.isNaN(Date.parse(value))) {
    throw new CliError(
      `--assessed-at must be an ISO 8601 date and time with a time zone, such as 2026-11-25T10:00:00Z; got "${value}"`,
    );
  }
  return value;
}
