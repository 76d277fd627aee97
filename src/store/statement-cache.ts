/**
 * Kysely's SQLite driver prepares every query anew; preparing costs more than running a small statement.
 * This hands Kysely a view of the connection whose `prepare` reuses statements by SQL text. Kysely's
 * queries are parameterised, so the number of distinct texts is small; the cache is bounded anyway (oldest
 * first out) for queries whose text varies, such as `in (?, ?, …)` lists.
 */
import type Database from 'better-sqlite3';
import type { SqliteDatabase, SqliteStatement } from 'kysely';

export const STATEMENT_CACHE_SIZE = 256;

export function cachingStatements(db: Database.Database, size = STATEMENT_CACHE_SIZE): SqliteDatabase {
  const cache = new Map<string, SqliteStatement>();
  return {
    close: () => {
      cache.clear();
      db.close();
    },
    prepare: (sql) => {
      const cached = cache.get(sql);
      if (cached !== undefined) return cached;
      const statement = db.prepare(sql);
      if (cache.size >= size) {
        const oldest = cache.keys().next();
        if (oldest.done !== true) cache.delete(oldest.value);
      }
      cache.set(sql, statement);
      return statement;
    },
  };
}
