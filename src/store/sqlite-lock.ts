/**
 * The lock file beside a SQLite database (`neckcheck.db.lock`), held by the process that uses it: the
 * server while it runs, `restore` while it replaces the file. SQLite's own locks cannot tell that a server
 * has the file open (an idle WAL connection holds no lock), so a restore under a running server would be
 * overwritten by the server's next writes; the lock file makes restore refuse instead.
 *
 * The file is created exclusively (O_EXCL) and names its holder. A holder on this host whose process no
 * longer exists (the server was killed) is a stale lock: the next taker removes it.
 */
import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname } from 'node:path';
import { ensurePrivateDir, FILE_MODE } from './file-modes.js';

export interface LockHolder {
  readonly pid: number;
  readonly host: string;
  readonly purpose: string;
  readonly since: string;
}

export class DatabaseInUseError extends Error {
  readonly holder: LockHolder;

  constructor(database: string, holder: LockHolder) {
    super(
      `${database} is in use by ${holder.purpose} (process ${holder.pid} on ${holder.host}, since ${holder.since}); ` +
        `stop it first. If no such process runs, remove ${lockFileOf(database)}`,
    );
    this.name = 'DatabaseInUseError';
    this.holder = holder;
  }
}

export interface DatabaseLock {
  readonly file: string;
  release(): void;
}

export const lockFileOf = (database: string): string => `${database}.lock`;

function readHolder(file: string): LockHolder | undefined {
  try {
    const value: unknown = JSON.parse(readFileSync(file, 'utf8'));
    if (typeof value !== 'object' || value === null) return undefined;
    const { pid, host, purpose, since } = value as Record<string, unknown>;
    if (typeof pid !== 'number' || typeof host !== 'string') return undefined;
    return { pid, host, purpose: String(purpose), since: String(since) };
  } catch {
    return undefined;
  }
}

function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Whether a holder still holds the lock: a live process, or any process on another host (unknowable). */
function isLive(holder: LockHolder): boolean {
  return holder.host !== hostname() || processExists(holder.pid);
}

/** Who holds the database's lock now, if anyone (stale locks do not count). */
export function lockHolder(database: string): LockHolder | undefined {
  const holder = readHolder(lockFileOf(database));
  return holder !== undefined && isLive(holder) ? holder : undefined;
}

function createExclusive(file: string, holder: LockHolder): boolean {
  let fd: number;
  try {
    fd = openSync(file, 'wx', FILE_MODE);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    writeSync(fd, `${JSON.stringify(holder)}\n`);
  } finally {
    closeSync(fd);
  }
  return true;
}

/** Takes the lock of `database` for `purpose`, or throws DatabaseInUseError naming who holds it. */
export function acquireDatabaseLock(database: string, purpose: string): DatabaseLock {
  const file = lockFileOf(database);
  ensurePrivateDir(dirname(database));
  const mine: LockHolder = { pid: process.pid, host: hostname(), purpose, since: new Date().toISOString() };
  for (let attempt = 0; attempt < 3; attempt++) {
    if (createExclusive(file, mine)) {
      let released = false;
      return {
        file,
        release() {
          if (released) return;
          released = true;
          const now = readHolder(file);
          if (now?.pid === mine.pid && now.since === mine.since) rmSync(file, { force: true });
        },
      };
    }
    const holder = readHolder(file);
    // A lock being written right now has no content yet: look again rather than call it stale.
    if (holder === undefined && attempt === 0) continue;
    if (holder !== undefined && isLive(holder)) throw new DatabaseInUseError(database, holder);
    rmSync(file, { force: true });
  }
  throw new Error(`cannot take the lock ${file}: it keeps reappearing`);
}
