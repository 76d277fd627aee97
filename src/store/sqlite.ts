/** The embedded default: one SQLite file, opened with durable settings that are checked, not assumed. */
import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { StoreConfigError } from './errors.js';
import { ensurePrivateDir, ensurePrivateFile } from './file-modes.js';
import type { AuditOptions } from './kysely-store.js';
import { createKyselyStore } from './kysely-store.js';
import { migrateToLatest } from './migrations/index.js';
import type { Store } from './port.js';
import type { Database as Tables } from './schema.js';
import { cachingStatements } from './statement-cache.js';

export const MEMORY = ':memory:';

export interface SqlitePragmas {
  readonly journalMode: string;
  readonly synchronous: number;
  readonly foreignKeys: number;
  readonly busyTimeout: number;
  readonly secureDelete: number;
}

const connections = new WeakMap<Store, Database.Database>();

/** The better-sqlite3 connection under a store opened by openSqliteStore (for backups and checks). */
export function sqliteConnectionOf(store: Store): Database.Database {
  const connection = connections.get(store);
  if (connection === undefined) throw new TypeError('not a store opened by openSqliteStore');
  return connection;
}

export function readPragmas(db: Database.Database): SqlitePragmas {
  const number = (name: string): number => Number(db.pragma(name, { simple: true }));
  return {
    journalMode: String(db.pragma('journal_mode', { simple: true })),
    synchronous: number('synchronous'),
    foreignKeys: number('foreign_keys'),
    busyTimeout: number('busy_timeout'),
    secureDelete: number('secure_delete'),
  };
}

export const sqlitePragmas = (store: Store): SqlitePragmas => readPragmas(sqliteConnectionOf(store));

/** The settings that differ from what the store requires, as `name=value`; empty when all is well. */
export function durabilityProblems(actual: SqlitePragmas, memory: boolean): string[] {
  return [
    actual.journalMode === (memory ? 'memory' : 'wal') ? '' : `journal_mode=${actual.journalMode}`,
    actual.synchronous === 2 ? '' : `synchronous=${actual.synchronous}`,
    actual.foreignKeys === 1 ? '' : `foreign_keys=${actual.foreignKeys}`,
    actual.busyTimeout === 5000 ? '' : `busy_timeout=${actual.busyTimeout}`,
    actual.secureDelete === 1 ? '' : `secure_delete=${actual.secureDelete}`,
  ].filter((problem) => problem !== '');
}

/**
 * Applies WAL, synchronous=FULL (2), foreign keys, a 5 s busy timeout and secure_delete (deleted content is
 * overwritten with zeros, so erased client data is not left readable in free pages), then reads them back: a
 * setting SQLite did not accept (WAL on some network file systems) stops the start-up instead of losing data
 * later.
 */
function applyDurableSettings(db: Database.Database, memory: boolean): void {
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  db.pragma('secure_delete = ON');
  const problems = durabilityProblems(readPragmas(db), memory);
  if (problems.length > 0)
    throw new StoreConfigError(
      `SQLite refused the durable settings (${problems.join(', ')}); not starting. ` +
        'Put the data folder on a local disk.',
    );
}

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Opens (creating if needed) the database file, checks its settings and brings its schema up to date. */
export async function openSqliteStore(file: string, options: AuditOptions = {}): Promise<Store> {
  const memory = file === MEMORY;
  if (!memory) {
    try {
      ensurePrivateDir(dirname(file));
      for (const existing of [file, `${file}-wal`, `${file}-shm`])
        if (existing === file || existsSync(existing)) ensurePrivateFile(existing);
    } catch (error) {
      throw new StoreConfigError(`cannot create the data folder ${dirname(file)}: ${reason(error)}`, {
        cause: error,
      });
    }
  }
  let connection: Database.Database;
  try {
    connection = new Database(file);
  } catch (error) {
    throw new StoreConfigError(`cannot open the database ${file}: ${reason(error)}`, { cause: error });
  }
  const db = new Kysely<Tables>({ dialect: new SqliteDialect({ database: cachingStatements(connection) }) });
  try {
    try {
      applyDurableSettings(connection, memory);
    } catch (error) {
      if (error instanceof StoreConfigError) throw error;
      throw new StoreConfigError(`cannot use the database ${file}: ${reason(error)}`, { cause: error });
    }
    await migrateToLatest(db);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  const store = createKyselyStore(db, 'sqlite', {
    sqliteInTransaction: () => connection.inTransaction,
    auditKeyring: options.auditKeyring,
  });
  connections.set(store, connection);
  return store;
}
