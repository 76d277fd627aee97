/**
 * The storage entry point: `openStore` picks PostgreSQL for a postgres:// URL and SQLite otherwise, and the
 * port, its record types and the maintenance tools (audit verification, SQLite backup) are re-exported.
 */
import { join } from 'node:path';
import { StoreConfigError } from './errors.js';
import type { AuditOptions } from './kysely-store.js';
import type { Store } from './port.js';
import { openPostgresStore } from './postgres.js';
import { openSqliteStore } from './sqlite.js';

export type { AuditChainFailure, AuditChainReport, AuditVerification } from './audit-chain.js';
export { recordHash, verifyAuditChain } from './audit-chain.js';
export type { AuditCheckpoint } from './audit-checkpoint.js';
export {
  advanceCheckpoint,
  CheckpointError,
  checkCheckpoint,
  checkpointFileIn,
  readCheckpointFile,
  signCheckpoint,
  verifyWithCheckpoint,
  writeCheckpointFile,
} from './audit-checkpoint.js';
export type { ExportHeader } from './audit-export.js';
export { exportAuditLog, verifyAuditExport } from './audit-export.js';
export type { AuditKey, AuditKeyring } from './audit-key.js';
export { DEVELOPMENT_KEYRING, loadAuditKeyring } from './audit-key.js';
export type { ConstraintKind } from './errors.js';
export { StoreConfigError, StoreConstraintError, StoreDataError, StoreInputError } from './errors.js';
export { migrateToLatest } from './migrations/index.js';
export type * from './port.js';
export { openPostgresStore } from './postgres.js';
export { openSqliteStore, sqlitePragmas } from './sqlite.js';
export type { BackupResult, RestoreResult } from './sqlite-backup.js';
export { backupSqlite, restoreSqlite } from './sqlite-backup.js';
export type { DatabaseLock, LockHolder } from './sqlite-lock.js';
export { acquireDatabaseLock, DatabaseInUseError, lockHolder } from './sqlite-lock.js';
export type * from './types.js';

export interface StoreOptions extends AuditOptions {
  /** postgres:// or postgresql:// selects PostgreSQL; unset or empty selects SQLite in `dataDir`. */
  readonly databaseUrl?: string | undefined;
  /** Folder of the SQLite database, neckcheck.db; default ./data. */
  readonly dataDir?: string | undefined;
}

export const SQLITE_FILE_NAME = 'neckcheck.db';

export function openStore(options: StoreOptions = {}): Promise<Store> {
  const url = options.databaseUrl?.trim() ?? '';
  if (url === '') return openSqliteStore(join(options.dataDir ?? 'data', SQLITE_FILE_NAME), options);
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1]?.toLowerCase();
  if (scheme === 'postgres' || scheme === 'postgresql') return openPostgresStore(url, options);
  return Promise.reject(
    new StoreConfigError(
      `unsupported database URL${scheme === undefined ? '' : ` scheme "${scheme}:"`}: use postgres://… ` +
        'for PostgreSQL, or leave it unset to use SQLite in the data folder',
    ),
  );
}
