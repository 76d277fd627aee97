/**
 * Migration 0007 (the write probe's scratch table) upgrades a database that holds data at 0004, on both
 * dialects: the data stays, the probe commits and leaves the table empty.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Kysely } from 'kysely';
import { Kysely as KyselyDb, Migrator, SqliteDialect, sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { initial } from '../../src/store/migrations/0001_initial.js';
import { ehrLinksAndCdsFeedback } from '../../src/store/migrations/0002_ehr_links_and_cds_feedback.js';
import { jwtIdsIndexesSignatures } from '../../src/store/migrations/0003_jwt_ids_indexes_signatures.js';
import { inRoomAndTriage } from '../../src/store/migrations/0004_in_room_and_triage.js';
import { dialectOf, migrateToLatest } from '../../src/store/migrations/index.js';
import type { Store } from '../../src/store/port.js';
import { openPostgresStore } from '../../src/store/postgres.js';
import type { Database as Tables } from '../../src/store/schema.js';
import { openSqliteStore } from '../../src/store/sqlite.js';
import { T0 } from './fixtures.js';
import { connectRaw, createTestDatabase, describePostgres } from './pg-helpers.js';

/** Brings an empty database to 0004, as the release before 0007 left it, with one clinic. */
async function at0004(db: Kysely<Tables>): Promise<void> {
  const dialect = dialectOf(db);
  const migrator = new Migrator({
    db,
    provider: {
      getMigrations: async () => ({
        '0001_initial': initial(dialect),
        '0002_ehr_links_and_cds_feedback': ehrLinksAndCdsFeedback(dialect),
        '0003_jwt_ids_indexes_signatures': jwtIdsIndexesSignatures(),
        '0004_in_room_and_triage': inRoomAndTriage(),
      }),
    },
  });
  const result = await migrator.migrateToLatest();
  if (result.error !== undefined) throw result.error;
  await sql`insert into clinics (id, name, created_at) values ('clinic-1', 'Old clinic', ${T0})`.execute(db);
}

async function checkUpgraded(db: Kysely<Tables>, open: () => Promise<Store>): Promise<void> {
  expect(await migrateToLatest(db)).toContain('0007_faults');
  const store = await open();
  try {
    expect((await store.clinics.get('clinic-1'))?.name).toBe('Old clinic');
    await store.probeWrite();
    await store.probeWrite();
    const { rows } = await sql<{ n: number | string }>`select count(*) as n from write_probe`.execute(db);
    expect(Number(rows[0]?.n)).toBe(0);
  } finally {
    await store.close();
  }
}

describe('migration 0007 on SQLite', () => {
  const dir = mkdtempSync(join(tmpdir(), 'neckcheck-migrate-0007-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('upgrades a populated 0004 database', async () => {
    const file = join(dir, 'old.db');
    const db = new KyselyDb<Tables>({ dialect: new SqliteDialect({ database: new Database(file) }) });
    try {
      await at0004(db);
      await checkUpgraded(db, () => openSqliteStore(file));
    } finally {
      await db.destroy();
    }
  });
});

describePostgres('migration 0007 on PostgreSQL', (adminUrl) => {
  it('upgrades a populated 0004 database', async () => {
    const database = await createTestDatabase(adminUrl);
    const db = connectRaw(database.url);
    try {
      await at0004(db);
      await checkUpgraded(db, () => openPostgresStore(database.url));
    } finally {
      await db.destroy();
      await database.drop();
    }
  });
});
