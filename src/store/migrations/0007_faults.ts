/**
 * A scratch table for the write probe behind /readyz (Store.probeWrite): after a write failed for want of
 * disk or database, readiness is proven by a transaction that inserts a row about the size of a stored
 * screening and deletes it again, so the table stays empty.
 */
import type { Kysely, Migration } from 'kysely';

export function faults(): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('write_probe')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('pad', 'text', (c) => c.notNull())
        .execute();
    },
  };
}
