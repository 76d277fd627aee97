/**
 * Migration 0010 upgrades a database with users, on both dialects: nobody is a clinical lead afterwards,
 * and the clinic's sign-offs of rules can be kept, immutable, from then on.
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
import { accountsPasswords } from '../../src/store/migrations/0005_accounts_passwords.js';
import { twoFactorTokens } from '../../src/store/migrations/0006_two_factor_tokens.js';
import { faults } from '../../src/store/migrations/0007_faults.js';
import { auditIntegrity } from '../../src/store/migrations/0008_audit_integrity.js';
import { dialectOf, migrateToLatest } from '../../src/store/migrations/index.js';
import type { Store } from '../../src/store/port.js';
import { openPostgresStore } from '../../src/store/postgres.js';
import type { Database as Tables } from '../../src/store/schema.js';
import { openSqliteStore } from '../../src/store/sqlite.js';
import { T0 } from './fixtures.js';
import { connectRaw, createTestDatabase, describePostgres } from './pg-helpers.js';

/** A database as 0008 left it, with a clinic and a practitioner. */
async function before(db: Kysely<Tables>): Promise<void> {
  const dialect = dialectOf(db);
  const migrator = new Migrator({
    db,
    provider: {
      getMigrations: async () => ({
        '0001_initial': initial(dialect),
        '0002_ehr_links_and_cds_feedback': ehrLinksAndCdsFeedback(dialect),
        '0003_jwt_ids_indexes_signatures': jwtIdsIndexesSignatures(),
        '0004_in_room_and_triage': inRoomAndTriage(),
        '0005_accounts_passwords': accountsPasswords(),
        '0006_two_factor_tokens': twoFactorTokens(),
        '0007_faults': faults(),
        '0008_audit_integrity': auditIntegrity(),
      }),
    },
  });
  const result = await migrator.migrateToLatest();
  if (result.error !== undefined) throw result.error;
  await sql`insert into clinics (id, name, created_at) values ('c1', 'Old clinic', ${T0})`.execute(db);
  await sql`insert into users (id, clinic_id, email, name, role, profession, disabled, password_hash, created_at)
    values ('u1', 'c1', 'old@clinic.test', 'Old Practitioner', 'practitioner', null, 0, 'x', ${T0})`.execute(
    db,
  );
}

async function checkUpgraded(db: Kysely<Tables>, open: () => Promise<Store>): Promise<void> {
  expect(await migrateToLatest(db)).toContain('0010_rule_signoffs');
  const store = await open();
  try {
    expect(await store.users.get('c1', 'u1')).toMatchObject({ clinicalLead: false, role: 'practitioner' });
    await store.users.update('c1', 'u1', { clinicalLead: true });
    const signed = await store.ruleSignoffs.create({
      clinicId: 'c1',
      ruleId: 'E1',
      ruleVersion: 2,
      kbHash: 'sha256:x',
      userId: 'u1',
      verdict: 'approved',
      comment: '',
      signedAt: T0,
      supersedes: null,
    });
    expect(await store.ruleSignoffs.list('c1')).toEqual([signed]);
    await expect(sql`update rule_signoffs set comment = 'changed'`.execute(db)).rejects.toThrow(/immutable/);
  } finally {
    await store.close();
  }
}

describe('migration 0010 on SQLite', () => {
  const dir = mkdtempSync(join(tmpdir(), 'neckcheck-migrate-0010-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('makes nobody a clinical lead and keeps sign-offs from then on', async () => {
    const file = join(dir, 'old.db');
    const db = new KyselyDb<Tables>({ dialect: new SqliteDialect({ database: new Database(file) }) });
    try {
      await before(db);
      await checkUpgraded(db, () => openSqliteStore(file));
    } finally {
      await db.destroy();
    }
  });
});

describePostgres('migration 0010 on PostgreSQL', (adminUrl) => {
  it('makes nobody a clinical lead and keeps sign-offs from then on', async () => {
    const database = await createTestDatabase(adminUrl);
    const db = connectRaw(database.url);
    try {
      await before(db);
      await checkUpgraded(db, () => openPostgresStore(database.url));
    } finally {
      await db.destroy();
      await database.drop();
    }
  });
});
