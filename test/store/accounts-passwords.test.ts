/**
 * Migration 0005 upgrades a database with users at 0004 on both dialects (they keep their passwords, none
 * must change it), the failed-login counts per e-mail work, and the clinic set-up the CLI runs (a clinic
 * with its first admin, a password reset) works on both.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Kysely } from 'kysely';
import { Kysely as KyselyDb, Migrator, SqliteDialect, sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { verifyPassword } from '../../src/server/auth/secrets.js';
import { createClinic, resetPassword } from '../../src/server/services/clinic-setup.js';
import { initial } from '../../src/store/migrations/0001_initial.js';
import { ehrLinksAndCdsFeedback } from '../../src/store/migrations/0002_ehr_links_and_cds_feedback.js';
import { jwtIdsIndexesSignatures } from '../../src/store/migrations/0003_jwt_ids_indexes_signatures.js';
import { inRoomAndTriage } from '../../src/store/migrations/0004_in_room_and_triage.js';
import { dialectOf, migrateToLatest } from '../../src/store/migrations/index.js';
import type { Store } from '../../src/store/port.js';
import { openPostgresStore } from '../../src/store/postgres.js';
import type { Database as Tables } from '../../src/store/schema.js';
import { openSqliteStore } from '../../src/store/sqlite.js';
import { at, T0 } from './fixtures.js';
import { connectRaw, createTestDatabase, describePostgres } from './pg-helpers.js';

/** An empty database brought to 0004, as the previous release left it, with a clinic and one user. */
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
  await sql`insert into users (id, clinic_id, email, name, role, profession, disabled, password_hash, created_at)
    values ('user-1', 'clinic-1', 'old@clinic.test', 'Old User', 'admin', null, 0, 'hash', ${T0})`.execute(
    db,
  );
}

async function checkUpgraded(db: Kysely<Tables>, open: () => Promise<Store>): Promise<void> {
  expect(await migrateToLatest(db)).toContain('0005_accounts_passwords');
  await expect(
    sql`update users set must_change_password = 2 where id = 'user-1'`.execute(db),
  ).rejects.toThrow();
  const store = await open();
  try {
    expect(await store.users.get('clinic-1', 'user-1')).toMatchObject({
      email: 'old@clinic.test',
      mustChangePassword: false,
    });
    await store.loginAttempts.put({
      email: 'OLD@clinic.test',
      failures: 5,
      windowStartedAt: T0,
      lockedUntil: at(15),
      sinceLastLogin: 5,
    });
    await store.loginAttempts.put({
      email: 'nobody@clinic.test',
      failures: 1,
      windowStartedAt: T0,
      lockedUntil: null,
      sinceLastLogin: 1,
    });
    expect(await store.loginAttempts.get('old@clinic.test')).toMatchObject({
      failures: 5,
      lockedUntil: at(15),
    });
    expect(await store.loginAttempts.listLocked('clinic-1', at(1))).toEqual([
      { userId: 'user-1', email: 'old@clinic.test', name: 'Old User', lockedUntil: at(15), failures: 5 },
    ]);
    expect(await store.loginAttempts.listLocked('clinic-1', at(15))).toEqual([]);
    expect(await store.loginAttempts.listLocked('other-clinic', at(1))).toEqual([]);
    // The sweep forgets the address no account has, and keeps the real account's count for its next login.
    expect(await store.loginAttempts.sweep(at(20), at(20))).toBe(1);
    expect(await store.loginAttempts.get('nobody@clinic.test')).toBeUndefined();
    expect(await store.loginAttempts.get('old@clinic.test')).toBeDefined();
    await store.loginAttempts.clear('old@clinic.test');
    expect(await store.loginAttempts.get('old@clinic.test')).toBeUndefined();
  } finally {
    await store.close();
  }
}

async function checkSetup(store: Store): Promise<void> {
  const now = new Date(T0);
  const created = await createClinic(store, {
    name: 'Clinique du Lac',
    adminEmail: ' Ana@Lac.Example ',
    adminName: 'Ana Admin',
    now,
  });
  expect(created.admin).toMatchObject({ email: 'ana@lac.example', role: 'admin', mustChangePassword: true });
  const secret = await store.users.findByEmailWithSecret('ana@lac.example');
  expect(await verifyPassword(secret?.passwordHash ?? '', created.oneTimePassword)).toBe(true);
  await expect(
    createClinic(store, { name: ' clinique du LAC', adminEmail: 'b@lac.example', adminName: 'B', now }),
  ).rejects.toMatchObject({ problem: 'clinic_exists' });
  await expect(
    createClinic(store, { name: 'Other', adminEmail: 'ANA@lac.example', adminName: 'B', now }),
  ).rejects.toMatchObject({ problem: 'email_exists' });
  await expect(
    createClinic(store, { name: 'Other', adminEmail: 'not an address', adminName: 'B', now }),
  ).rejects.toMatchObject({ problem: 'bad_email' });
  expect(await store.clinics.count()).toBe(1);

  await store.users.update(created.clinic.id, created.admin.id, { mustChangePassword: false });
  await store.sessions.create({
    tokenHash: 'a'.repeat(64),
    userId: created.admin.id,
    clinicId: created.clinic.id,
    createdAt: T0,
    lastSeenAt: T0,
    expiresAt: at(30),
  });
  const reset = await resetPassword(store, { email: 'ana@lac.example', now });
  expect(reset.user.mustChangePassword).toBe(true);
  expect(reset.oneTimePassword).not.toBe(created.oneTimePassword);
  const after = await store.users.findByEmailWithSecret('ana@lac.example');
  expect(await verifyPassword(after?.passwordHash ?? '', reset.oneTimePassword)).toBe(true);
  expect(await verifyPassword(after?.passwordHash ?? '', created.oneTimePassword)).toBe(false);
  expect(await store.sessions.get('a'.repeat(64))).toBeUndefined();
  await expect(resetPassword(store, { email: 'nobody@lac.example', now })).rejects.toMatchObject({
    problem: 'no_such_user',
  });
  const actions = (await store.audit.listForClinic(created.clinic.id, { limit: 10 })).map((e) => e.action);
  expect(actions).toEqual(expect.arrayContaining(['clinic.create', 'user.create', 'user.password_reset']));
}

describe('accounts and passwords on SQLite', () => {
  const dir = mkdtempSync(join(tmpdir(), 'neckcheck-0005-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('migration 0005 upgrades a database with users', async () => {
    const file = join(dir, 'old.db');
    const connection = new Database(file);
    connection.pragma('foreign_keys = ON');
    const db = new KyselyDb<Tables>({ dialect: new SqliteDialect({ database: connection }) });
    try {
      await at0004(db);
      await checkUpgraded(db, () => openSqliteStore(file));
    } finally {
      await db.destroy();
    }
  });

  it('sets up a clinic with its first admin, and resets a password', async () => {
    const store = await openSqliteStore(join(dir, 'setup.db'));
    try {
      await checkSetup(store);
    } finally {
      await store.close();
    }
  });
});

describePostgres('accounts and passwords on PostgreSQL', (adminUrl) => {
  it('migration 0005 upgrades a database with users', async () => {
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

  it('sets up a clinic with its first admin, and resets a password', async () => {
    const database = await createTestDatabase(adminUrl);
    const store = await openPostgresStore(database.url);
    try {
      await checkSetup(store);
    } finally {
      await store.close();
      await database.drop();
    }
  });
});
