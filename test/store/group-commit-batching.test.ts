/**
 * Group commit batches for real: transactions started by requests that arrive together share one COMMIT
 * (one wait for the disk), even though better-sqlite3 runs each statement synchronously.
 */
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { afterEach, expect, it } from 'vitest';
import { groupCommit, MAX_BATCH } from '../../src/store/group-commit.js';
import type { Database as Tables } from '../../src/store/schema.js';

const opened: Kysely<Tables>[] = [];
afterEach(async () => {
  for (const db of opened.splice(0)) await db.destroy();
});

function setUp() {
  const connection = new Database(':memory:');
  connection.exec('create table item (n integer primary key)');
  const db = new Kysely<Tables>({ dialect: new SqliteDialect({ database: connection }) });
  opened.push(db);
  const commits: number[] = [];
  const run = groupCommit(db, {
    inTransaction: () => connection.inTransaction,
    around: (work) => work(),
    onCommit: (transactions) => commits.push(transactions),
  });
  const insert = (n: number) => run(async (conn) => sql`insert into item (n) values (${n})`.execute(conn));
  const count = () => Number(connection.prepare('select count(*) as c from item').pluck().get());
  return { run, insert, commits, count };
}

it('commits transactions started in the same turn of the event loop together', async () => {
  const { insert, commits, count } = setUp();
  await Promise.all(Array.from({ length: 50 }, (_, n) => insert(n)));
  expect(commits).toEqual([50]);
  expect(count()).toBe(50);
});

it('splits a burst larger than one batch, and loses none of it', async () => {
  const { insert, commits, count } = setUp();
  const burst = MAX_BATCH * 2 + 5;
  await Promise.all(Array.from({ length: burst }, (_, n) => insert(n)));
  expect(commits).toEqual([MAX_BATCH, MAX_BATCH, 5]);
  expect(count()).toBe(burst);
});

it('gives a transaction that arrives alone its own commit without waiting for company', async () => {
  const { insert, commits } = setUp();
  await insert(1);
  await insert(2);
  expect(commits).toEqual([1, 1]);
});
