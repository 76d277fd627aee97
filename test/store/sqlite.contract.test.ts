/** The storage contract on SQLite: a fresh database file per test, and once more in memory. */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { afterAll } from 'vitest';
import { migrateToLatest } from '../../src/store/migrations/index.js';
import type { Database as Tables } from '../../src/store/schema.js';
import { openSqliteStore, sqliteConnectionOf } from '../../src/store/sqlite.js';
import { storeContract } from './contract.js';

const dir = mkdtempSync(join(tmpdir(), 'neckcheck-sqlite-contract-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const connect = (file: string): Kysely<Tables> =>
  new Kysely<Tables>({ dialect: new SqliteDialect({ database: new Database(file, { timeout: 5000 }) }) });

/** Starts other-writer.ts in a child process and waits until it has opened the store. */
async function otherWriter(file: string, appends: number): Promise<{ go(): Promise<void> }> {
  const script = join(import.meta.dirname, 'other-writer.ts');
  const child = spawn(process.execPath, ['--import', 'tsx', script, file, String(appends)], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const exited = once(child, 'exit');
  const [chunk] = await Promise.race([once(child.stdout, 'data'), exited]);
  if (String(chunk) !== 'ready\n') throw new Error('the other writer did not start');
  return {
    async go() {
      child.stdin.write('go\n');
      const [code] = await exited;
      if (code !== 0) throw new Error(`the other writer failed (exit ${String(code)})`);
    },
  };
}

let n = 0;
storeContract('SQLite file', async () => {
  const file = join(dir, `store-${++n}.db`);
  const store = await openSqliteStore(file);
  const raw = connect(file);
  const others: Kysely<Tables>[] = [];
  return {
    store,
    raw,
    otherWriter: (appends) => otherWriter(file, appends),
    migrate: async () => {
      const again = connect(file);
      others.push(again);
      return migrateToLatest(again);
    },
    async cleanup() {
      await Promise.all([store.close(), raw.destroy(), ...others.map((db) => db.destroy())]);
    },
  };
});

storeContract('SQLite :memory:', async () => {
  const store = await openSqliteStore(':memory:');
  // Memory has no second connection: the tamper tests go round the store on its own connection.
  const raw = new Kysely<Tables>({ dialect: new SqliteDialect({ database: sqliteConnectionOf(store) }) });
  return { store, raw, migrate: () => migrateToLatest(raw), cleanup: () => store.close() };
});
