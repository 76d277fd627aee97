/**
 * Online backup and checked restore of the SQLite database. Neither ever overwrites a file in place: both
 * write a temporary file next to the destination, check it, flush it to disk and rename it.
 */
import {
  chmodSync,
  closeSync,
  copyFileSync,
  existsSync,
  fsyncSync,
  openSync,
  renameSync,
  rmSync,
} from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { verifyAuditChain } from './audit-chain.js';
import type { AuditKeyring } from './audit-key.js';
import { FILE_MODE } from './file-modes.js';
import { createKyselyStore } from './kysely-store.js';
import type { Store } from './port.js';
import type { Database as Tables } from './schema.js';
import { sqliteConnectionOf } from './sqlite.js';
import { acquireDatabaseLock } from './sqlite-lock.js';

export interface BackupResult {
  readonly file: string;
  readonly pages: number;
}

export interface RestoreOptions {
  readonly force?: boolean;
  /** The keys to verify the backup's audit chain with; default the development key. */
  readonly auditKeyring?: AuditKeyring | undefined;
}

export interface RestoreResult {
  readonly auditEntries: number;
  /** Where the files that were replaced (with `force`) were moved; nothing is deleted. */
  readonly movedAside: readonly string[];
}

function fsyncPath(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Backups and restored databases hold client data: readable by their owner only. */
function publish(temporary: string, destination: string): void {
  chmodSync(temporary, FILE_MODE);
  fsyncPath(temporary);
  renameSync(temporary, destination);
  fsyncPath(dirname(destination));
}

/** Throws unless SQLite's own integrity check of the whole file says ok. */
function checkIntegrity(db: Database.Database, what: string): void {
  const verdict = db.pragma('integrity_check', { simple: true });
  if (verdict !== 'ok') throw new Error(`${what} failed its integrity check: ${String(verdict)}`);
}

/**
 * A file is read through a connection of its own, which sees only committed data and leaves the store's
 * connection free; only an in-memory store has to be copied through its own connection.
 */
function openSource(source: Store | string): { db: Database.Database; close(): void } {
  let file = source;
  if (typeof file !== 'string') {
    const connection = sqliteConnectionOf(file);
    if (connection.memory) return { db: connection, close: () => undefined };
    file = connection.name;
  }
  const db = new Database(file, { readonly: true, fileMustExist: true });
  return { db, close: () => db.close() };
}

/**
 * Copies a consistent snapshot of a live store (or of a database file) to `destination`, which must not
 * exist yet. The copy is a single self-contained file (rollback journal mode) checked for integrity.
 */
export async function backupSqlite(source: Store | string, destination: string): Promise<BackupResult> {
  if (existsSync(destination)) throw new Error(`backup destination ${destination} already exists`);
  const { db, close } = openSource(source);
  const temporary = `${destination}.partial-${process.pid}`;
  try {
    closeSync(openSync(temporary, 'wx', FILE_MODE));
    const { totalPages } = await db.backup(temporary);
    const copy = new Database(temporary);
    try {
      copy.pragma('journal_mode = DELETE');
      checkIntegrity(copy, 'the backup');
    } finally {
      copy.close();
    }
    publish(temporary, destination);
    return { file: destination, pages: totalPages };
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  } finally {
    close();
  }
}

async function auditEntriesOf(file: string, auditKeyring: AuditKeyring | undefined): Promise<number> {
  const db = new Kysely<Tables>({ dialect: new SqliteDialect({ database: new Database(file) }) });
  try {
    const result = await verifyAuditChain(createKyselyStore(db, 'sqlite', { auditKeyring }));
    if (!result.ok)
      throw new Error(`the backup's audit chain is broken at entry ${result.seq}: ${result.reason}`);
    return result.entries;
  } finally {
    await db.destroy();
  }
}

/**
 * Restores `backupFile` as `targetFile`. Refuses when the target exists or looks open (a -wal or -shm file
 * beside it) unless `force` is set; then the old files are renamed aside, never deleted. The backup is
 * checked first (integrity, then the audit chain of the copy) and the target only replaced if both pass.
 * A database in use is never replaced, even with `force`: a running server would keep writing to the file it
 * has open and every write after the restore would be lost. Restore holds the database's lock file (see
 * sqlite-lock.ts) from its first check to the rename, and throws DatabaseInUseError while a server holds it.
 */
export async function restoreSqlite(
  backupFile: string,
  targetFile: string,
  options: RestoreOptions = {},
): Promise<RestoreResult> {
  if (!existsSync(backupFile)) throw new Error(`backup ${backupFile} does not exist`);
  const lock = acquireDatabaseLock(targetFile, 'neckcheck restore');
  try {
    return await restoreUnlocked(backupFile, targetFile, options);
  } finally {
    lock.release();
  }
}

async function restoreUnlocked(
  backupFile: string,
  targetFile: string,
  options: RestoreOptions,
): Promise<RestoreResult> {
  const present = [targetFile, `${targetFile}-wal`, `${targetFile}-shm`].filter((f) => existsSync(f));
  if (present.length > 0 && options.force !== true)
    throw new Error(
      `${targetFile} exists or is in use (${present.join(', ')}); stop the server and pass force to replace it`,
    );

  const backup = new Database(backupFile, { readonly: true, fileMustExist: true });
  try {
    checkIntegrity(backup, 'the backup');
  } finally {
    backup.close();
  }

  const temporary = `${targetFile}.restoring-${process.pid}`;
  try {
    copyFileSync(backupFile, temporary);
    const auditEntries = await auditEntriesOf(temporary, options.auditKeyring);
    // The old -wal and -shm keep their suffix after the new name, so that SQLite still pairs them with the
    // old database: committed transactions still in the WAL stay readable there.
    const aside = `${targetFile}.pre-restore-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    const movedAside = present.map((file) => {
      const moved = aside + file.slice(targetFile.length);
      renameSync(file, moved);
      return moved;
    });
    publish(temporary, targetFile);
    return { auditEntries, movedAside };
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}
