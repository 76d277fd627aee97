/**
 * Migration 0009 upgrades a database whose screenings hold their whole assessment, on both dialects: the
 * stored text is kept byte for byte and reads back as the same assessment, without any knowledge-base
 * snapshot; the reviews that point at the screenings survive; screenings stay immutable; and new
 * screenings of a stored knowledge base are kept as compact outcomes.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Kysely } from 'kysely';
import { Kysely as KyselyDb, Migrator, SqliteDialect, sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import type { KnowledgeBase, KnowledgeBundle } from '../../src/core/index.js';
import { assess, UNKNOWN_ANSWER } from '../../src/core/index.js';
import { loadKbAndBundle } from '../../src/node/kb-files.js';
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
import { BENIGN } from '../helpers/answers.js';
import { at, T0 } from './fixtures.js';
import { connectRaw, createTestDatabase, describePostgres } from './pg-helpers.js';

const loaded = await loadKbAndBundle();
if (!loaded.ok) throw new Error('knowledge base invalid');
const { kb, bundle }: { kb: KnowledgeBase; bundle: KnowledgeBundle } = loaded.value;

const OLD = [
  { ...BENIGN, age: 74, medications: ['anticoagulant'], headache: UNKNOWN_ANSWER },
  { ...BENIGN, headache: true, headache_thunderclap: true },
  BENIGN,
];
/** The text each screening's assessment was stored as before 0009. */
const stored = OLD.map((answers, i) => JSON.stringify(assess(kb, answers, { assessedAt: at(i) })));

/** A database as the release before 0009 left it: screenings with their whole assessment, one reviewed. */
async function beforeSnapshots(db: Kysely<Tables>): Promise<void> {
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
  await sql`insert into clinics (id, name, created_at) values ('clinic-1', 'Clinique Étoile', ${T0})`.execute(
    db,
  );
  await sql`insert into users (id, clinic_id, email, name, role, profession, disabled, password_hash, created_at)
    values ('user-1', 'clinic-1', 'old@clinic.test', 'Old practitioner', 'practitioner', null, 0, 'x',
      ${T0})`.execute(db);
  await sql`insert into clients (id, clinic_id, display_name, birth_year, email, phone, search_key, created_at)
    values ('client-1', 'clinic-1', 'Hélène', 1952, null, null, 'helene', ${T0})`.execute(db);
  for (const [i, answers] of OLD.entries()) {
    const assessment = JSON.parse(stored[i] as string) as { disposition: string };
    await sql`insert into screenings (id, clinic_id, client_id, moment, answers, assessment, disposition,
        kb_version, kb_hash, submitted_by, submitted_at, valid_until, based_on)
      values (${`screening-${i}`}, 'clinic-1', 'client-1', 'first_treatment', ${JSON.stringify(answers)},
        ${stored[i]}, ${assessment.disposition}, ${kb.meta.version}, ${kb.hash},
        ${JSON.stringify({ kind: 'user', userId: 'user-1' })}, ${at(i)}, ${at(60 * 24 * 30)}, null)`.execute(
      db,
    );
  }
  await sql`insert into reviews (id, clinic_id, screening_id, user_id, kind, note, created_at)
    values ('review-1', 'clinic-1', 'screening-0', 'user-1', 'signoff', 'Seen.', ${at(5)})`.execute(db);
}

async function checkUpgraded(db: Kysely<Tables>, open: () => Promise<Store>): Promise<void> {
  expect(await migrateToLatest(db)).toContain('0009_kb_versions');
  const rows = await db
    .selectFrom('screenings')
    .select(['id', 'assessment', 'outcome'])
    .orderBy('id')
    .execute();
  expect(rows).toEqual(stored.map((text, i) => ({ id: `screening-${i}`, assessment: text, outcome: null })));
  const store = await open();
  try {
    expect(await store.kbVersions.list()).toEqual([]);
    const read = await store.screenings.listForClient('clinic-1', 'client-1');
    expect(read.map((s) => JSON.stringify(s.assessment))).toEqual(stored);
    expect(read.map((s) => s.answers)).toStrictEqual(OLD);
    expect((await store.reviews.listForScreening('clinic-1', 'screening-0')).map((r) => r.id)).toEqual([
      'review-1',
    ]);
    await expect(sql`update screenings set disposition = 'proceed'`.execute(db)).rejects.toThrow(/immutable/);

    await store.kbVersions.ensure(kb, bundle, at(10));
    const answers = OLD[0] as (typeof OLD)[number];
    const assessment = assess(kb, answers, { assessedAt: at(10) });
    const created = await store.screenings.create({
      clinicId: 'clinic-1',
      clientId: 'client-1',
      moment: 'later_treatment',
      answers,
      assessment,
      disposition: assessment.disposition,
      kbVersion: kb.meta.version,
      kbHash: kb.hash,
      submittedBy: { kind: 'user', userId: 'user-1' },
      submittedAt: at(10),
      validUntil: at(60 * 24 * 30),
      basedOn: null,
    });
    const row = await db
      .selectFrom('screenings')
      .select(['assessment', 'outcome'])
      .where('id', '=', created.id)
      .executeTakeFirstOrThrow();
    expect(row.assessment).toBeNull();
    expect(row.outcome?.length).toBeLessThan((stored[0] as string).length / 3);
    expect(JSON.stringify((await store.screenings.get('clinic-1', created.id))?.assessment)).toBe(
      JSON.stringify(assessment),
    );
    // The legacy rows read the same with the snapshot stored as without.
    const again = await store.screenings.listForClient('clinic-1', 'client-1');
    expect(again.slice(0, 3).map((s) => JSON.stringify(s.assessment))).toEqual(stored);
  } finally {
    await store.close();
  }
}

describe('migration 0009 on SQLite', () => {
  const dir = mkdtempSync(join(tmpdir(), 'neckcheck-migrate-0009-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps the whole assessments stored before byte for byte, and stores outcomes after', async () => {
    const file = join(dir, 'old.db');
    const connection = new Database(file);
    // As the store runs migrations: a rebuilt screenings table would cascade-delete its reviews.
    connection.pragma('foreign_keys = ON');
    const db = new KyselyDb<Tables>({ dialect: new SqliteDialect({ database: connection }) });
    try {
      await beforeSnapshots(db);
      await checkUpgraded(db, () => openSqliteStore(file));
      expect(connection.pragma('foreign_key_check')).toEqual([]);
      expect(connection.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      await db.destroy();
    }
  });
});

describePostgres('migration 0009 on PostgreSQL', (adminUrl) => {
  it('keeps the whole assessments stored before byte for byte, and stores outcomes after', async () => {
    const database = await createTestDatabase(adminUrl);
    const db = connectRaw(database.url);
    try {
      await beforeSnapshots(db);
      await checkUpgraded(db, () => openPostgresStore(database.url));
    } finally {
      await db.destroy();
      await database.drop();
    }
  });
});
