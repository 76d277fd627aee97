import type { Disposition } from '../core/index.js';

/** The process exit codes of `neckcheck`; scripts can branch on the screening result without parsing it. */
export const EXIT_CODES = {
  proceed: 0,
  internalError: 1,
  badInput: 2,
  kbInvalid: 3,
  /** `restore` refused: a running server (or another restore) holds the database. */
  databaseInUse: 4,
  precautions: 10,
  incomplete: 11,
  refer: 12,
  emergency: 13,
  /** The person stopped the interactive screening (Ctrl+C), as shells report an interrupt. */
  cancelled: 130,
} as const;

export type ExitCode = (typeof EXIT_CODES)[keyof typeof EXIT_CODES];

export function exitCodeFor(disposition: Disposition): ExitCode {
  return EXIT_CODES[disposition];
}

export const EXIT_CODES_HELP = `
Exit codes:
  0    proceed
  10   proceed with precautions
  11   incomplete: a red flag was not ruled out, clinician review needed
  12   refer to a physician before any neck treatment
  13   emergency: seek emergency care now
  2    bad input or usage (invalid answers, unreadable file, unknown option)
  3    knowledge base invalid
  1    unexpected internal error
  130  interactive screening cancelled (Ctrl+C)`;
