/**
 * Migration 0006 upgrades a database holding users and API tokens at 0004, on both dialects: old tokens get
 * an expiry 90 days after the upgrade and no last use, and keep working until then; users start without
 * two-factor and clinics without requiring it.
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

const DAY = 86_400_000;

/** An empty database brought to 0004, as the previous release left it, with a user and their token. */
async function atRelease4(db: Kysely<Tables>): Promise<void> {
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
  await sql`insert into users (id, clinic_id, email, name, role, profession, disabled, password_hash, created_at)
    values ('user-1', 'clinic-1', 'old@clinic.test', 'Old admin', 'admin', null, 0, 'x', ${T0})`.execute(db);
  await sql`insert into api_tokens (id, clinic_id, name, role, token_hash, created_by, created_at, revoked_at)
    values ('token-1', 'clinic-1', 'Old integration', 'reception', 'hash-1', 'user-1', ${T0}, null)`.execute(
    db,
  );
}

async function checkUpgraded(db: Kysely<Tables>, open: () => Promise<Store>): Promise<void> {
  const before = Date.now();
  expect(await migrateToLatest(db)).toContain('0006_two_factor_tokens');
  const after = Date.now();
  const store = await open();
  try {
    const token = await store.apiTokens.findByHash('hash-1');
    expect(token).toMatchObject({ id: 'token-1', createdBy: 'user-1', lastUsedAt: null, revokedAt: null });
    const expires = Date.parse(token?.expiresAt ?? '');
    expect(expires).toBeGreaterThanOrEqual(before + 90 * DAY);
    expect(expires).toBeLessThanOrEqual(after + 90 * DAY);
    await store.apiTokens.recordUse('clinic-1', 'token-1', T0);
    expect((await store.apiTokens.findByHash('hash-1'))?.lastUsedAt).toBe(T0);
    expect(await store.apiTokens.revokeForUser('clinic-1', 'user-1', T0)).toBe(1);
    expect(await store.twoFactor.state('clinic-1', 'user-1')).toMatchObject({
      enabled: false,
      lastStep: null,
    });
    expect(await store.twoFactor.clinicRequires('clinic-1')).toBe(false);
  } finally {
    await store.close();
  }
}

describe('migration 0006 on SQLite', () => {
  const dir = mkdtempSync(join(tmpdir(), 'neckcheck-migrate-6-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('upgrades a database with users and API tokens', async () => {
    const file = join(dir, 'old.db');
    const connection = new Database(file);
    connection.pragma('foreign_keys = ON');
    const db = new KyselyDb<Tables>({ dialect: new SqliteDialect({ database: connection }) });
    try {
      await atRelease4(db);
      await checkUpgraded(db, () => openSqliteStore(file));
    } finally {
      await db.destroy();
    }
  });
});

describePostgres('migration 0006 on PostgreSQL', (adminUrl) => {
  it('upgrades a database with users and API tokens', async () => {
    const database = await createTestDatabase(adminUrl);
    const db = connectRaw(database.url);
    try {
      await atRelease4(db);
      await checkUpgraded(db, () => openPostgresStore(database.url));
    } finally {
      await db.destroy();
      await database.drop();
    }
  });
});
