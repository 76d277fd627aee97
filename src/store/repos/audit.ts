/** The append-only, hash-chained audit log. */
import type { Kysely } from 'kysely';
import { chained } from '../audit-chain.js';
import type { AuditKey } from '../audit-key.js';
import { page, timestamp } from '../codec.js';
import { StoreConfigError } from '../errors.js';
import type { AuditRepo } from '../port.js';
import { toAuditEntry } from '../rows.js';
import type { Database } from '../schema.js';
import type { AuditEntry, AuditEvent } from '../types.js';
import type { RepoContext } from './context.js';

/**
 * Appends inside the caller's transaction. The first statement increments the single audit_head row and
 * returns the new seq with the previous hash: on PostgreSQL that row lock makes every other appender (in
 * this process or another) wait until this transaction ends, then read the committed head; on SQLite the
 * write lock taken by BEGIN IMMEDIATE does the same. So seqs are gap-free and each entry links to the one
 * committed before it; if the transaction rolls back, the head and the entry roll back together.
 */
async function appendIn(
  db: Kysely<Database>,
  event: AuditEvent,
  key: AuditKey | undefined,
): Promise<AuditEntry> {
  timestamp(event.at, 'at');
  if (key === undefined) throw new StoreConfigError('no audit key is configured: entries cannot be appended');
  const head = await db
    .updateTable('audit_head')
    .set((eb) => ({ seq: eb('seq', '+', 1) }))
    .where('id', '=', 1)
    .returning(['seq', 'hash'])
    .executeTakeFirstOrThrow();
  const entry = chained(event, Number(head.seq), head.hash, key);
  await db.updateTable('audit_head').set({ hash: entry.hash }).where('id', '=', 1).execute();
  await db
    .insertInto('audit_log')
    .values({
      seq: entry.seq,
      at: entry.at,
      clinic_id: entry.clinicId,
      actor: entry.actor,
      action: entry.action,
      resource_type: entry.resourceType,
      resource_id: entry.resourceId,
      outcome: entry.outcome,
      request_id: entry.requestId,
      ip: entry.ip,
      key_id: entry.keyId,
      record_hash: entry.record?.hash ?? null,
      record_client_id: entry.record?.clientId ?? null,
      prev_hash: entry.prevHash,
      hash: entry.hash,
    })
    .execute();
  return entry;
}

export function auditRepo({ db, atomic, auditKey }: RepoContext): AuditRepo {
  return {
    append: (event) => atomic((tx) => appendIn(tx, event, auditKey)),
    async listForClinic(clinicId, query) {
      const { limit, offset } = page(query);
      const rows = await db
        .selectFrom('audit_log')
        .selectAll()
        .where('clinic_id', '=', clinicId)
        .orderBy('seq', 'desc')
        .limit(limit)
        .offset(offset)
        .execute();
      return rows.map(toAuditEntry);
    },
    async scan(afterSeq, count) {
      const { limit } = page({ limit: count });
      const rows = await db
        .selectFrom('audit_log')
        .selectAll()
        .where('seq', '>', afterSeq)
        .orderBy('seq')
        .limit(limit)
        .execute();
      return rows.map(toAuditEntry);
    },
    async head() {
      const row = await db
        .selectFrom('audit_head')
        .select(['seq', 'hash'])
        .where('id', '=', 1)
        .executeTakeFirstOrThrow();
      return { seq: Number(row.seq), hash: row.hash };
    },
    async anchor() {
      const row = await db
        .selectFrom('audit_head')
        .select(['pruned_seq', 'pruned_hash'])
        .where('id', '=', 1)
        .executeTakeFirstOrThrow();
      return { seq: Number(row.pruned_seq), hash: row.pruned_hash };
    },
  };
}
