/** PostgreSQL for the store tests: a fresh database per use, or a clear skip (or failure in CI) without one. */
import { randomUUID } from 'node:crypto';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { describe, it } from 'vitest';
import type { Database } from '../../src/store/schema.js';

/** The server prepared by scripts/with-postgres.sh (or any server the tests may create databases on). */
export const PG_URL = process.env.NECKCHECK_TEST_PG_URL;

const MISSING =
  'NECKCHECK_TEST_PG_URL is not set, so the PostgreSQL store tests cannot run: ' +
  'run them through scripts/with-postgres.sh (e.g. scripts/with-postgres.sh npx vitest run test/store)';

/** Defines `define`'s tests when PostgreSQL is available; otherwise fails in CI and skips with a note elsewhere. */
export function describePostgres(name: string, define: (url: string) => void): void {
  if (PG_URL !== undefined && PG_URL !== '') {
    describe(name, () => define(PG_URL));
  } else if (process.env.CI) {
    describe(name, () => {
      it('needs a PostgreSQL server', () => {
        throw new Error(MISSING);
      });
    });
  } else {
    console.warn(`[skipped] ${name}: ${MISSING}`);
    describe.skip(name, () => {
      it('needs a PostgreSQL server', () => undefined);
    });
  }
}

async function onServer(url: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

export interface TestDatabase {
  readonly url: string;
  drop(): Promise<void>;
}

/**
 * Creates a database with a unique name on the server of `adminUrl`: empty, or a copy of `template` (a
 * database of ours with no open connection), which is much faster than migrating each new one.
 */
export async function createTestDatabase(adminUrl: string, template?: TestDatabase): Promise<TestDatabase> {
  const name = `neckcheck_t_${randomUUID().replaceAll('-', '')}`;
  const from = template === undefined ? '' : ` template ${new URL(template.url).pathname.slice(1)}`;
  await onServer(adminUrl, `create database ${name}${from}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => onServer(adminUrl, `drop database if exists ${name} with (force)`),
  };
}

/**
 * Fresh copies of a template database, one per test: the next copies are made while a test runs, and the
 * used ones are dropped in the background, since CREATE and DROP DATABASE take a few hundred ms each.
 */
export function databaseSupply(adminUrl: string, template: () => Promise<TestDatabase>, ahead = 2) {
  const ready: Promise<TestDatabase>[] = [];
  const dropping: Promise<void>[] = [];
  const refill = (): void => {
    while (ready.length < ahead) {
      const next = template().then((t) => createTestDatabase(adminUrl, t));
      next.catch(() => undefined); // reported by take()
      ready.push(next);
    }
  };
  return {
    async take(): Promise<TestDatabase> {
      refill();
      const next = ready.shift();
      refill();
      if (next === undefined) throw new Error('unreachable: the supply was just refilled');
      return next;
    },
    release(database: TestDatabase): void {
      dropping.push(database.drop());
    },
    async dispose(): Promise<void> {
      const unused = await Promise.allSettled(ready.splice(0));
      for (const r of unused) if (r.status === 'fulfilled') dropping.push(r.value.drop());
      await Promise.all(dropping);
    },
  };
}

/** A plain Kysely connection that bypasses the store. */
export function connectRaw(url: string): Kysely<Database> {
  return new Kysely<Database>({
    dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url, max: 2 }) }),
  });
}
