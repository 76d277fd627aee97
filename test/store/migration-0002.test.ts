/**
 * Migrations 0002 to 0004 upgrade a database that holds data at 0001, on both dialects: existing clients
 * stay, unlinked; existing screenings complete no earlier one; the new table and the link work; the rules
 * of 0001 (immutability, tenancy) still hold.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Kysely } from 'kysely';
import { Kysely as KyselyDb, Migrator, SqliteDialect, sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { initial } from '../../src/store/migrations/0001_initial.js';
import { dialectOf, migrateToLatest } from '../../src/store/migrations/index.js';
import type { Store } from '../../src/store/port.js';
import { openPostgresStore } from '../../src/store/postgres.js';
import type { Database as Tables } from '../../src/store/schema.js';
import { openSqliteStore } from '../../src/store/sqlite.js';
import { newScreening, T0 } from './fixtures.js';
import { connectRaw, createTestDatabase, describePostgres } from './pg-helpers.js';

/** Brings an empty database to 0001 only, as a server of the previous release left it, with one client. */
async function atRelease1(db: Kysely<Tables>): Promise<void> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => ({ '0001_initial': initial(dialectOf(db)) }) },
  });
  const result = await migrator.migrateToLatest();
  if (result.error !== undefined) throw result.error;
  await sql`insert into clinics (id, name, created_at) values ('clinic-1', 'Old clinic', ${T0})`.execute(db);
  await sql`insert into clients (id, clinic_id, display_name, birth_year, email, phone, search_key, created_at)
    values ('client-1', 'clinic-1', 'Old client', 1970, null, null, 'old client', ${T0})`.execute(db);
  const old = newScreening('clinic-1', 'client-1', 'nobody');
  await sql`insert into screenings (id, clinic_id, client_id, moment, answers, assessment, disposition, kb_version,
      kb_hash, submitted_by, submitted_at, valid_until)
    values ('screening-1', 'clinic-1', 'client-1', ${old.moment}, ${JSON.stringify(old.answers)},
      ${JSON.stringify(old.assessment)}, ${old.disposition}, ${old.kbVersion}, ${old.kbHash},
      ${JSON.stringify({ kind: 'client', intakeId: 'i' })}, ${old.submittedAt}, ${old.validUntil})`.execute(
    db,
  );
}

async function checkUpgraded(db: Kysely<Tables>, open: () => Promise<Store>): Promise<void> {
  expect((await migrateToLatest(db)).slice(0, 3)).toEqual([
    '0002_ehr_links_and_cds_feedback',
    '0003_jwt_ids_indexes_signatures',
    '0004_in_room_and_triage',
  ]);
  const store = await open();
  try {
    // 0004: a screening stored before in-room screening completes none.
    expect((await store.screenings.get('clinic-1', 'screening-1'))?.basedOn).toBeNull();
    const old = await store.clients.get('clinic-1', 'client-1');
    expect(old).toMatchObject({ displayName: 'Old client', birthYear: 1970, ehrPatient: null });
    const link = { system: 'https://ehr.example.org', patientId: 'p-1' };
    await store.clients.update('clinic-1', 'client-1', { ehrPatient: link });
    expect((await store.clients.findByEhrPatient('clinic-1', link.system, link.patientId))?.id).toBe(
      'client-1',
    );
    const recorded = await store.cdsFeedback.record({
      clinicId: 'clinic-1',
      serviceId: 'svc',
      cardUuid: 'card',
      outcome: 'accepted',
      acceptedSuggestions: [],
      overrideReason: null,
      overrideComment: null,
      outcomeTimestamp: T0,
      receivedAt: T0,
      issuer: 'iss',
    });
    expect(recorded.created).toBe(true);
    const screening = await store.screenings.create({
      ...newScreening('clinic-1', 'client-1', 'nobody'),
      submittedBy: { kind: 'client', intakeId: 'i' },
    });
    await expect(
      sql`update screenings set disposition = 'proceed' where id = ${screening.id}`.execute(db),
    ).rejects.toThrow(/immutable/);
  } finally {
    await store.close();
  }
}

describe('migration 0002 on SQLite', () => {
  const dir = mkdtempSync(join(tmpdir(), 'neckcheck-migrate-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('upgrades a populated release-1 database', async () => {
    const file = join(dir, 'old.db');
    const connection = new Database(file);
    connection.pragma('foreign_keys = ON');
    const db = new KyselyDb<Tables>({ dialect: new SqliteDialect({ database: connection }) });
    try {
      await atRelease1(db);
      await checkUpgraded(db, () => openSqliteStore(file));
    } finally {
      await db.destroy();
    }
  });
});

describePostgres('migration 0002 on PostgreSQL', (adminUrl) => {
  it('upgrades a populated release-1 database', async () => {
    const database = await createTestDatabase(adminUrl);
    const db = connectRaw(database.url);
    try {
      await atRelease1(db);
      await checkUpgraded(db, () => openPostgresStore(database.url));
    } finally {
      await db.destroy();
      await database.drop();
    }
  });
});
