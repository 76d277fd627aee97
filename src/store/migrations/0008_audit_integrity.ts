/**
 * The keyed audit chain (see audit-chain.ts): each entry records the key that chained it (`key_id`; null
 * on the unkeyed entries written before, which verify as a legacy segment) and, for a screening or review,
 * the record's content hash and client (`record_hash`, `record_client_id`). The head remembers where
 * retention pruned the chain (`pruned_seq`, `pruned_hash`: nothing pruned yet).
 */
import type { Kysely, Migration } from 'kysely';

/** As in 0001: a migration keeps its own constants. */
const ZERO_HASH = '0'.repeat(64);

export function auditIntegrity(): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      for (const column of ['key_id', 'record_hash', 'record_client_id'])
        await db.schema.alterTable('audit_log').addColumn(column, 'text').execute();
      await db.schema
        .alterTable('audit_head')
        .addColumn('pruned_seq', 'bigint', (c) => c.notNull().defaultTo(0))
        .execute();
      await db.schema
        .alterTable('audit_head')
        .addColumn('pruned_hash', 'text', (c) => c.notNull().defaultTo(ZERO_HASH))
        .execute();
    },
  };
}
