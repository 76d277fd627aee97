/**
 * Forward-only migrations, listed in code (no directory scanning, so they work from dist/ and in tests).
 * Add a migration by appending to MIGRATIONS with the next number; never edit or remove a released one.
 */
import type { Kysely, Migration, MigrationProvider, MigrationResultSet } from 'kysely';
import { Migrator, SqliteAdapter, sql } from 'kysely';
import type { Database, StoreDialect } from '../schema.js';
import { initial } from './0001_initial.js';
import { ehrLinksAndCdsFeedback } from './0002_ehr_links_and_cds_feedback.js';
import { jwtIdsIndexesSignatures } from './0003_jwt_ids_indexes_signatures.js';
import { inRoomAndTriage } from './0004_in_room_and_triage.js';
import { accountsPasswords } from './0005_accounts_passwords.js';
import { twoFactorTokens } from './0006_two_factor_tokens.js';
import { faults } from './0007_faults.js';
import { auditIntegrity } from './0008_audit_integrity.js';
import { kbVersions } from './0009_kb_versions.js';
import { ruleSignoffs } from './0010_rule_signoffs.js';
import { cdsIssuedCards } from './0011_cds_issued_cards.js';

const MIGRATIONS: Readonly<Record<string, (dialect: StoreDialect) => Migration>> = {
  '0001_initial': initial,
  '0002_ehr_links_and_cds_feedback': ehrLinksAndCdsFeedback,
  '0003_jwt_ids_indexes_signatures': jwtIdsIndexesSignatures,
  '0004_in_room_and_triage': inRoomAndTriage,
  '0005_accounts_passwords': accountsPasswords,
  '0006_two_factor_tokens': twoFactorTokens,
  '0007_faults': faults,
  '0008_audit_integrity': auditIntegrity,
  '0009_kb_versions': kbVersions,
  '0010_rule_signoffs': ruleSignoffs,
  '0011_cds_issued_cards': cdsIssuedCards,
};

export const MIGRATION_NAMES: readonly string[] = Object.keys(MIGRATIONS);

export function dialectOf(db: Kysely<Database>): StoreDialect {
  return db.getExecutor().adapter instanceof SqliteAdapter ? 'sqlite' : 'postgres';
}

function provider(dialect: StoreDialect): MigrationProvider {
  return {
    getMigrations: async () =>
      Object.fromEntries(Object.entries(MIGRATIONS).map(([name, make]) => [name, make(dialect)])),
  };
}

/**
 * Brings the schema up to date and returns the names of the migrations it applied (none when up to date).
 * Throws an error naming the migration that failed; nothing of a failed run is kept.
 */
export async function migrateToLatest(db: Kysely<Database>): Promise<string[]> {
  const result = await run(db, dialectOf(db));
  if (result.error !== undefined) {
    const failed = result.results?.find((r) => r.status === 'Error')?.migrationName;
    const reason = result.error instanceof Error ? result.error.message : String(result.error);
    throw new Error(
      failed === undefined
        ? `database migration failed: ${reason}`
        : `database migration ${failed} failed: ${reason}`,
      { cause: result.error },
    );
  }
  return (result.results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/**
 * PostgreSQL: Kysely runs all pending migrations in one transaction under an advisory lock. SQLite: Kysely
 * runs them without a transaction, so we hold one (BEGIN IMMEDIATE, which also locks out other processes)
 * around the whole run, bookkeeping included; SQLite's DDL is transactional.
 */
async function run(db: Kysely<Database>, dialect: StoreDialect): Promise<MigrationResultSet> {
  if (dialect === 'postgres') return new Migrator({ db, provider: provider(dialect) }).migrateToLatest();
  return db.connection().execute(async (conn) => {
    await sql`begin immediate`.execute(conn);
    let result: MigrationResultSet;
    try {
      result = await new Migrator({ db: conn, provider: provider(dialect) }).migrateToLatest();
    } catch (error) {
      result = { error };
    }
    await (result.error === undefined ? sql`commit` : sql`rollback`).execute(conn);
    return result;
  });
}
