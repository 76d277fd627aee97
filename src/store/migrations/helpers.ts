/**
 * Building blocks of the migrations, and the few places where the two dialects differ in DDL. Released
 * migrations depend on these: never change what one does; add a new helper instead.
 */
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { StoreDialect } from '../schema.js';

export type Change = 'update' | 'delete';

/**
 * Makes the database itself refuse UPDATE and/or DELETE on a table (and TRUNCATE on PostgreSQL when deletes
 * are refused), so that the rule holds for anyone with a connection, not only for our repositories.
 */
export async function rejectChanges(
  db: Kysely<unknown>,
  dialect: StoreDialect,
  table: string,
  changes: readonly Change[],
  message: string,
): Promise<void> {
  if (dialect === 'sqlite') {
    for (const change of changes) {
      const name = sql.id(`${table}_no_${change}`);
      await sql`create trigger ${name} before ${sql.raw(change)} on ${sql.table(table)}
        begin select raise(abort, ${sql.lit(message)}); end`.execute(db);
    }
    return;
  }
  await sql`create or replace function neckcheck_reject_change() returns trigger language plpgsql as $$
    begin raise exception using message = tg_argv[0]; end $$`.execute(db);
  const events = sql.join(
    changes.map((change) => sql.raw(change)),
    sql` or `,
  );
  await sql`create trigger ${sql.id(`${table}_reject_change`)} before ${events} on ${sql.table(table)}
    for each row execute function neckcheck_reject_change(${sql.lit(message)})`.execute(db);
  if (changes.includes('delete')) {
    await sql`create trigger ${sql.id(`${table}_reject_truncate`)} before truncate on ${sql.table(table)}
      for each statement execute function neckcheck_reject_change(${sql.lit(message)})`.execute(db);
  }
}

/** A tenant-owned table: a text id and a clinic_id that must name an existing clinic. */
export function tenantTable(db: Kysely<unknown>, name: string) {
  return db.schema
    .createTable(name)
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('clinic_id', 'text', (c) => c.notNull().references('clinics.id'));
}

export async function index(db: Kysely<unknown>, table: string, columns: readonly string[]): Promise<void> {
  await db.schema
    .createIndex(`${table}_${columns.join('_')}_idx`)
    .on(table)
    .columns([...columns])
    .execute();
}
