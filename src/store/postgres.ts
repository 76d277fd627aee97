/** PostgreSQL, for larger deployments: a pool of 10 connections, durability checked at start-up. */
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { StoreConfigError } from './errors.js';
import type { AuditOptions } from './kysely-store.js';
import { createKyselyStore } from './kysely-store.js';
import { migrateToLatest } from './migrations/index.js';
import type { Store } from './port.js';
import type { Database } from './schema.js';

const INT8_OID = 20;

/** int8 (audit seq, counts) as a number rather than pg's default string; our values stay far below 2^53. */
function parseInt8(text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value)) throw new RangeError(`integer ${text} is too large`);
  return value;
}

const types: pg.CustomTypesConfig = {
  getTypeParser: (oid, format) => (oid === INT8_OID ? parseInt8 : pg.types.getTypeParser(oid, format)),
};

/** Where the URL points, without its password, for messages. */
export function describePostgresUrl(url: string): string {
  const parsed = new URL(url);
  return `${parsed.hostname || 'localhost'}:${parsed.port || '5432'}${parsed.pathname}`;
}

/** Settings that must be on for an acknowledged commit to survive a crash (goal D-2). */
async function unsafeSettings(db: Kysely<Database>): Promise<string[]> {
  const { rows } = await sql<{ fsync: string; synchronous_commit: string; full_page_writes: string }>`
    select current_setting('fsync') as fsync,
           current_setting('synchronous_commit') as synchronous_commit,
           current_setting('full_page_writes') as full_page_writes`.execute(db);
  const settings = rows[0];
  if (settings === undefined) return ['(settings could not be read)'];
  return Object.entries(settings)
    .filter(([, value]) => value === 'off')
    .map(([name]) => `${name}=off`);
}

/**
 * Connects, refuses a server that does not flush commits to disk (unless NECKCHECK_ALLOW_UNSAFE_PG=1, for
 * throwaway test clusters), and brings the schema up to date.
 */
export async function openPostgresStore(url: string, options: AuditOptions = {}): Promise<Store> {
  let where: string;
  try {
    where = describePostgresUrl(url);
  } catch {
    throw new StoreConfigError(
      'the PostgreSQL URL is not valid (expected postgres://user@host:port/database)',
    );
  }
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    connectionTimeoutMillis: 10_000,
    application_name: 'neckcheck',
    types,
  });
  // A connection that drops (server restart, network) emits 'error', which crashes the process without a
  // listener. The pool listens only while a client is idle; a client checked out by a query or a
  // transaction gets its own listener here. Its query fails (the request answers 503), the pool discards
  // it on release because it is no longer queryable, and the next query opens a new connection.
  pool.on('error', () => undefined);
  pool.on('connect', (client) => {
    client.on('error', () => undefined);
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  try {
    let unsafe: string[];
    try {
      unsafe = await unsafeSettings(db);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new StoreConfigError(`cannot connect to PostgreSQL at ${where}: ${reason}`, { cause: error });
    }
    if (unsafe.length > 0 && process.env.NECKCHECK_ALLOW_UNSAFE_PG !== '1')
      throw new StoreConfigError(
        `PostgreSQL at ${where} does not make commits durable (${unsafe.join(', ')}); not starting. ` +
          'Turn these settings on (NECKCHECK_ALLOW_UNSAFE_PG=1 overrides this, for throwaway test databases only).',
      );
    await migrateToLatest(db);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return createKyselyStore(db, 'postgres', { auditKeyring: options.auditKeyring });
}
