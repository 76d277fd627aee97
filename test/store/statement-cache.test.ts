/** Prepared statements are reused by SQL text, within a bound. */
import Database from 'better-sqlite3';
import { afterEach, expect, it } from 'vitest';
import { cachingStatements } from '../../src/store/statement-cache.js';

const opened: Database.Database[] = [];
afterEach(() => {
  for (const db of opened.splice(0)) if (db.open) db.close();
});

function connection(): Database.Database {
  const db = new Database(':memory:');
  opened.push(db);
  db.exec('create table t (n integer)');
  return db;
}

it('reuses the statement prepared for the same SQL text, and it still runs with new parameters', () => {
  const cached = cachingStatements(connection());
  const insert = cached.prepare('insert into t (n) values (?)');
  expect(cached.prepare('insert into t (n) values (?)')).toBe(insert);
  insert.run([1]);
  cached.prepare('insert into t (n) values (?)').run([2]);
  expect(cached.prepare('select n from t order by n').all([])).toEqual([{ n: 1 }, { n: 2 }]);
});

it('keeps at most the given number of statements, dropping the oldest first', () => {
  const cached = cachingStatements(connection(), 2);
  const first = cached.prepare('select 1');
  const second = cached.prepare('select 2');
  cached.prepare('select 3');
  expect(cached.prepare('select 2')).toBe(second);
  expect(cached.prepare('select 1')).not.toBe(first);
});

it('closes the connection', () => {
  const db = connection();
  cachingStatements(db).close();
  expect(db.open).toBe(false);
});
