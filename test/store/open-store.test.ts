/** openStore: which database a configuration selects, and one-line errors for the ones that cannot work. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore, StoreConfigError } from '../../src/store/index.js';
import { sqlitePragmas } from '../../src/store/sqlite.js';

const dir = mkdtempSync(join(tmpdir(), 'neckcheck-open-store-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('openStore', () => {
  it('uses SQLite in <dataDir>/neckcheck.db when no URL is given', async () => {
    const dataDir = join(dir, 'nested', 'data');
    const store = await openStore({ dataDir, databaseUrl: '' });
    try {
      expect(store.dialect).toBe('sqlite');
      expect(sqlitePragmas(store)).toEqual({
        journalMode: 'wal',
        synchronous: 2,
        foreignKeys: 1,
        busyTimeout: 5000,
        secureDelete: 1,
      });
      await store.clinics.create({ name: 'c', createdAt: '2026-01-01T00:00:00.000Z' });
    } finally {
      await store.close();
    }
    const again = await openStore({ dataDir });
    try {
      expect(await again.clinics.count()).toBe(1);
    } finally {
      await again.close();
    }
  });

  it('refuses an unsupported URL without repeating it', async () => {
    const error = await openStore({ databaseUrl: 'mysql://root:hunter2@db/neckcheck' }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(StoreConfigError);
    expect(String(error)).toMatch(/unsupported database URL scheme "mysql:"/);
    expect(String(error)).not.toContain('hunter2');
  });

  it('says which folder cannot be created', async () => {
    const file = join(dir, 'a-file');
    writeFileSync(file, 'not a folder');
    const error = await openStore({ dataDir: join(file, 'data') }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreConfigError);
    expect(String(error)).toMatch(/cannot create the data folder .*a-file/);
  });

  it('says where PostgreSQL could not be reached, without the password', async () => {
    const error = await openStore({
      databaseUrl: 'postgresql://neckcheck:hunter2@127.0.0.1:1/neckcheck',
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreConfigError);
    expect(String(error)).toMatch(/cannot connect to PostgreSQL at 127\.0\.0\.1:1\/neckcheck/);
    expect(String(error)).not.toContain('hunter2');
  });

  it('refuses a malformed PostgreSQL URL', async () => {
    const error = await openStore({ databaseUrl: 'postgres://:::bad' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreConfigError);
    expect(String(error)).toMatch(/PostgreSQL URL is not valid/);
  });
});
