/** SQLite-specific behaviour: durable settings, atomic migrations, and the backup and restore drill (D-3). */
import { copyFileSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../src/store/audit-chain.js';
import { migrateToLatest } from '../../src/store/migrations/index.js';
import type { Store } from '../../src/store/port.js';
import type { Database as Tables } from '../../src/store/schema.js';
import { durabilityProblems, openSqliteStore, sqlitePragmas } from '../../src/store/sqlite.js';
import { backupSqlite, restoreSqlite } from '../../src/store/sqlite-backup.js';
import { event, newScreening, seedWorld } from './fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'neckcheck-sqlite-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const path = (name: string): string => join(dir, `${++n}-${name}`);

/** A store with a little of everything, and what it holds. */
async function populated(file: string) {
  const store = await openSqliteStore(file);
  const w = await seedWorld(store);
  const screening = await store.screenings.create(newScreening(w.clinic.id, w.client.id, w.admin.id));
  for (let i = 0; i < 5; i++) await store.audit.append(event(w.clinic.id, `action.${i}`, i));
  return { store, w, screening };
}

async function contents(store: Store, clinicId: string) {
  return {
    clients: await store.clients.list(clinicId, { limit: 100 }),
    screenings: await store.screenings.listRecent(clinicId, { limit: 100 }),
    audit: await store.audit.scan(0, 100),
  };
}

describe('SQLite settings', () => {
  it('opens files with WAL, synchronous=FULL, foreign keys and a busy timeout', async () => {
    const store = await openSqliteStore(path('pragmas.db'));
    try {
      expect(sqlitePragmas(store)).toEqual({
        journalMode: 'wal',
        synchronous: 2,
        foreignKeys: 1,
        busyTimeout: 5000,
        secureDelete: 1,
      });
    } finally {
      await store.close();
    }
    const memory = await openSqliteStore(':memory:');
    expect(sqlitePragmas(memory)).toMatchObject({ journalMode: 'memory', synchronous: 2, foreignKeys: 1 });
    await memory.close();
  });

  it('refuses to start when SQLite did not take a durable setting', () => {
    const good = { journalMode: 'wal', synchronous: 2, foreignKeys: 1, busyTimeout: 5000, secureDelete: 1 };
    expect(durabilityProblems(good, false)).toEqual([]);
    expect(durabilityProblems({ ...good, journalMode: 'delete', synchronous: 1 }, false)).toEqual([
      'journal_mode=delete',
      'synchronous=1',
    ]);
    expect(durabilityProblems({ ...good, journalMode: 'memory' }, true)).toEqual([]);
  });

  it('keeps nothing of a failed migration and names it', async () => {
    const file = path('conflict.db');
    const setup = new Database(file);
    setup.exec('create table users (id text)');
    setup.close();
    const db = new Kysely<Tables>({ dialect: new SqliteDialect({ database: new Database(file) }) });
    try {
      await expect(migrateToLatest(db)).rejects.toThrow(/database migration 0001_initial failed: .*users/);
      const tables = (await db.introspection.getTables()).map((t) => t.name);
      expect(tables).toEqual(['users']);
    } finally {
      await db.destroy();
    }
  });
});

describe('SQLite backup and restore', () => {
  it('round-trips a live database: same records, integrity ok, audit chain verified', async () => {
    const { store, w } = await populated(path('live.db'));
    const backup = path('backup.db');
    try {
      const result = await backupSqlite(store, backup);
      expect(result).toMatchObject({ file: backup, pages: expect.any(Number) });
      await store.audit.append(event(w.clinic.id, 'after.backup'));
      const target = path('restored.db');
      expect(await restoreSqlite(backup, target)).toEqual({ auditEntries: 5, movedAside: [] });
      const restored = await openSqliteStore(target);
      try {
        const original = await contents(store, w.clinic.id);
        expect(await contents(restored, w.clinic.id)).toEqual({
          ...original,
          audit: original.audit.slice(0, 5),
        });
        expect(await verifyAuditChain(restored)).toMatchObject({ ok: true, entries: 5 });
      } finally {
        await restored.close();
      }
    } finally {
      await store.close();
    }
    expect(readdirSync(dir).filter((f) => f.includes('backup.db'))).toEqual([
      expect.stringMatching(/backup\.db$/),
    ]);
  });

  it('backs up a closed database file, and never overwrites a backup', async () => {
    const file = path('closed.db');
    await (await populated(file)).store.close();
    const backup = path('closed-backup.db');
    await backupSqlite(file, backup);
    await expect(backupSqlite(file, backup)).rejects.toThrow(/already exists/);
    expect(await restoreSqlite(backup, path('closed-restored.db'))).toMatchObject({ auditEntries: 5 });
  });

  it('backs up an in-memory store', async () => {
    const memory = await openSqliteStore(':memory:');
    await seedWorld(memory);
    await memory.audit.append(event(null, 'x'));
    const backup = path('memory-backup.db');
    await backupSqlite(memory, backup);
    await memory.close();
    expect(await restoreSqlite(backup, path('memory-restored.db'))).toMatchObject({ auditEntries: 1 });
  });

  it('refuses to replace an existing or open database unless forced, and then keeps the old files', async () => {
    const { store } = await populated(path('source.db'));
    const backup = path('source-backup.db');
    await backupSqlite(store, backup);
    await store.close();
    const target = path('in-use.db');
    const running = await openSqliteStore(target);
    try {
      expect(existsSync(`${target}-wal`)).toBe(true);
      await expect(restoreSqlite(backup, target)).rejects.toThrow(/exists or is in use.*-wal/);
      expect(await running.clinics.count()).toBe(0);
    } finally {
      await running.close();
    }
    await expect(restoreSqlite(backup, target)).rejects.toThrow(/exists or is in use/);
    const result = await restoreSqlite(backup, target, { force: true });
    expect(result.movedAside).toEqual([expect.stringContaining('in-use.db.pre-restore-')]);
    expect(existsSync(result.movedAside[0] ?? '')).toBe(true);
    const restored = await openSqliteStore(target);
    expect(await restored.clinics.count()).toBe(2);
    await restored.close();
  });

  it('moves a crashed database aside with its WAL, so that its last commits stay readable', async () => {
    const { store } = await populated(path('crash-source.db'));
    const backup = path('crash-backup.db');
    await backupSqlite(store, backup);
    await store.close();
    const live = path('live-wal.db');
    const crashed = path('crashed.db');
    const writer = new Database(live);
    writer.pragma('journal_mode = WAL');
    writer.pragma('wal_autocheckpoint = 0');
    writer.exec('create table t (x integer); insert into t values (42)');
    copyFileSync(live, crashed);
    copyFileSync(`${live}-wal`, `${crashed}-wal`);
    writer.close();

    const { movedAside } = await restoreSqlite(backup, crashed, { force: true });
    expect(movedAside).toHaveLength(2);
    expect(movedAside[0]).toMatch(/crashed\.db\.pre-restore-[\dTZ-]+$/);
    expect(movedAside[1]).toBe(`${movedAside[0]}-wal`);
    const old = new Database(movedAside[0] ?? '', { readonly: true });
    expect(old.prepare('select x from t').pluck().get()).toBe(42);
    old.close();
  });

  it('refuses a damaged backup and leaves the target alone', async () => {
    const garbage = path('garbage.db');
    writeFileSync(garbage, Buffer.alloc(8192, 7));
    const target = path('untouched.db');
    await expect(restoreSqlite(garbage, target)).rejects.toThrow();
    expect(existsSync(target)).toBe(false);
    expect(readdirSync(dir).filter((f) => f.includes('untouched'))).toEqual([]);
  });

  it('refuses a backup whose audit chain was tampered with', async () => {
    const { store } = await populated(path('tamper-source.db'));
    const backup = path('tampered-backup.db');
    await backupSqlite(store, backup);
    await store.close();
    const db = new Kysely<Tables>({ dialect: new SqliteDialect({ database: new Database(backup) }) });
    await sql`drop trigger audit_log_no_update`.execute(db);
    await db.updateTable('audit_log').set({ actor: 'user:mallory' }).where('seq', '=', 4).execute();
    await db.destroy();
    const target = path('tampered-restore.db');
    await expect(restoreSqlite(backup, target)).rejects.toThrow(/audit chain is broken at entry 4/);
    expect(existsSync(target)).toBe(false);
  });
});
