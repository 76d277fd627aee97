/**
 * Migration 0008 upgrades a database whose audit log was chained without a key, on both dialects: the old
 * entries verify as a legacy segment, new ones are keyed and link to the last old one, and an edit of an
 * old entry still shows.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Kysely } from 'kysely';
import { Kysely as KyselyDb, Migrator, SqliteDialect, sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { chainHash, verifyAuditChain, ZERO_HASH } from '../../src/store/audit-chain.js';
import { DEVELOPMENT_KEYRING } from '../../src/store/audit-key.js';
import { initial } from '../../src/store/migrations/0001_initial.js';
import { ehrLinksAndCdsFeedback } from '../../src/store/migrations/0002_ehr_links_and_cds_feedback.js';
import { jwtIdsIndexesSignatures } from '../../src/store/migrations/0003_jwt_ids_indexes_signatures.js';
import { inRoomAndTriage } from '../../src/store/migrations/0004_in_room_and_triage.js';
import { dialectOf, migrateToLatest } from '../../src/store/migrations/index.js';
import type { Store } from '../../src/store/port.js';
import { openPostgresStore } from '../../src/store/postgres.js';
import type { Database as Tables } from '../../src/store/schema.js';
import { openSqliteStore } from '../../src/store/sqlite.js';
import { event } from './fixtures.js';
import { connectRaw, createTestDatabase, describePostgres } from './pg-helpers.js';

/** A database as the release before 0008 left it, with three entries of the unkeyed chain. */
async function beforeKeys(db: Kysely<Tables>): Promise<void> {
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
  let prev = ZERO_HASH;
  for (let seq = 1; seq <= 3; seq++) {
    const e = event(null, `old.${seq}`, seq);
    const hash = chainHash(prev, seq, e);
    await sql`insert into audit_log (seq, at, clinic_id, actor, action, resource_type, resource_id, outcome,
        request_id, ip, prev_hash, hash)
      values (${seq}, ${e.at}, null, ${e.actor}, ${e.action}, ${e.resourceType}, ${e.resourceId}, ${e.outcome},
        ${e.requestId}, ${e.ip}, ${prev}, ${hash})`.execute(db);
    await sql`update audit_head set seq = ${seq}, hash = ${hash} where id = 1`.execute(db);
    prev = hash;
  }
}

async function checkUpgraded(db: Kysely<Tables>, open: () => Promise<Store>): Promise<void> {
  expect(await migrateToLatest(db)).toContain('0008_audit_integrity');
  const store = await open();
  try {
    expect(await verifyAuditChain(store)).toMatchObject({
      ok: true,
      entries: 3,
      legacyEntries: 3,
      keyIds: [],
    });
    const [last] = await store.audit.scan(2, 1);
    const next = await store.audit.append(event(null, 'new.4', 4));
    expect(next).toMatchObject({ seq: 4, prevHash: last?.hash, keyId: DEVELOPMENT_KEYRING.current?.id });
    expect(await verifyAuditChain(store)).toMatchObject({
      ok: true,
      entries: 4,
      legacyEntries: 3,
      keyIds: [DEVELOPMENT_KEYRING.current?.id],
      prunedThrough: 0,
    });
    if (store.dialect === 'sqlite') await sql`drop trigger audit_log_no_update`.execute(db);
    else await sql`drop trigger audit_log_reject_change on audit_log`.execute(db);
    await sql`update audit_log set actor = 'user:mallory' where seq = 2`.execute(db);
    expect(await verifyAuditChain(store)).toMatchObject({
      ok: false,
      seq: 2,
      reason: expect.stringMatching(/altered/),
    });
  } finally {
    await store.close();
  }
}

describe('migration 0008 on SQLite', () => {
  const dir = mkdtempSync(join(tmpdir(), 'neckcheck-migrate-0008-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps the unkeyed entries as a legacy segment and keys the chain after them', async () => {
    const file = join(dir, 'old.db');
    const db = new KyselyDb<Tables>({ dialect: new SqliteDialect({ database: new Database(file) }) });
    try {
      await beforeKeys(db);
      await checkUpgraded(db, () => openSqliteStore(file));
    } finally {
      await db.destroy();
    }
  });
});

describePostgres('migration 0008 on PostgreSQL', (adminUrl) => {
  it('keeps the unkeyed entries as a legacy segment and keys the chain after them', async () => {
    const database = await createTestDatabase(adminUrl);
    const db = connectRaw(database.url);
    try {
      await beforeKeys(db);
      await checkUpgraded(db, () => openPostgresStore(database.url));
    } finally {
      await db.destroy();
      await database.drop();
    }
  });
});
