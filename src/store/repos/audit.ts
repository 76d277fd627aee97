/** The append-only, hash-chained audit log. */
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { chained } from '../audit-chain.js';
import type { AuditKey } from '../audit-key.js';
import { page, timestamp } from '../codec.js';
import { StoreConfigError } from '../errors.js';
import { dialectOf } from '../migrations/index.js';
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

/** The database refuses deletes from audit_log (migration 0001); retention lifts that for its own delete. */
async function withDeletesAllowed(db: Kysely<Database>, run: () => Promise<void>): Promise<void> {
  if (dialectOf(db) === 'postgres') {
    await sql`alter table audit_log disable trigger audit_log_reject_change`.execute(db);
    await run();
    await sql`alter table audit_log enable trigger audit_log_reject_change`.execute(db);
    return;
  }
  await sql`drop trigger audit_log_no_delete`.execute(db);
  await run();
  await sql`create trigger audit_log_no_delete before delete on audit_log
    begin select raise(abort, 'audit log is append-only'); end`.execute(db);
}

async function pruneIn(
  db: Kysely<Database>,
  before: string,
  at: string,
  key: AuditKey | undefined,
): Promise<number> {
  timestamp(before, 'before');
  const head = await db.selectFrom('audit_head').selectAll().where('id', '=', 1).executeTakeFirstOrThrow();
  const firstKept = await db
    .selectFrom('audit_log')
    .select((eb) => eb.fn.min('seq').as('seq'))
    .where('at', '>=', before)
    .executeTakeFirst();
  const through = firstKept?.seq == null ? Number(head.seq) : Number(firstKept.seq) - 1;
  const from = Number(head.pruned_seq);
  if (through <= from) return 0;
  const last = await db
    .selectFrom('audit_log')
    .select('hash')
    .where('seq', '=', through)
    .executeTakeFirstOrThrow();
  await withDeletesAllowed(db, async () => {
    await db.deleteFrom('audit_log').where('seq', '<=', through).execute();
  });
  await db
    .updateTable('audit_head')
    .set({ pruned_seq: through, pruned_hash: last.hash })
    .where('id', '=', 1)
    .execute();
  await appendIn(
    db,
    {
      at,
      clinicId: null,
      actor: 'system',
      action: 'audit.prune',
      resourceType: 'audit',
      resourceId: `${through}:${last.hash}`,
      outcome: 'success',
      requestId: null,
      ip: null,
    },
    key,
  );
  return through - from;
}

export function auditRepo({ db, atomic, auditKey }: RepoContext): AuditRepo {
  return {
    append: (event) => atomic((tx) => appendIn(tx, event, auditKey)),
    prune: (before, at) => atomic((tx) => pruneIn(tx, before, at, auditKey)),
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
