import type { ExitCode } from './exit-codes.js';
import { EXIT_CODES } from './exit-codes.js';

/** An error the user can fix (bad path, bad JSON, bad answers): reported in one message, no stack trace. */
export class CliError extends Error {
  readonly exitCode: ExitCode;

  constructor(message: string, exitCode: ExitCode = EXIT_CODES.badInput) {
    super(message);
    this.name = 'CliError';
    this.exitCode = exitCode;
  }
}

/** The error code of a failed file-system call (ENOENT, EISDIR...), when there is one. */
export function errnoCode(error: unknown): string | undefined {
  if (error instanceof Error && 'code' in error && typeof error.code === 'string') return error.code;
  return undefined;
}

const FS_REASONS: Readonly<Record<string, string>> = {
  ENOENT: 'no such file or folder',
  EISDIR: 'it is a folder, not a file',
  ENOTDIR: 'not a folder',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
};

/** A file-system failure in words, for a one-line message. */
export function fsReason(error: unknown): string {
  const code = errnoCode(error);
  if (code !== undefined && FS_REASONS[code] !== undefined) return FS_REASONS[code];
  return error instanceof Error ? error.message : String(error);
}
