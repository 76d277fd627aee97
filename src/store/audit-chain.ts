/**
 * The audit log's hash chain: how an entry's hash is computed, and the verifier behind
 * `neckcheck audit verify`. Each hash covers the previous hash and the entry's content and position, so an
 * altered, removed, inserted or reordered row breaks the chain at that row.
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json.js';
import type { AuditRepo } from './port.js';
import type { AuditEntry, AuditEvent } from './types.js';

/** The previous hash of the first entry. */
export const ZERO_HASH = '0'.repeat(64);

/** sha256_hex(prevHash + '\n' + canonicalJson(the event and its seq)). */
export function chainHash(prevHash: string, seq: number, event: AuditEvent): string {
  const content = canonicalJson({
    seq,
    at: event.at,
    clinicId: event.clinicId,
    actor: event.actor,
    action: event.action,
    resourceType: event.resourceType,
    resourceId: event.resourceId,
    outcome: event.outcome,
    requestId: event.requestId,
    ip: event.ip,
  });
  return createHash('sha256').update(`${prevHash}\n${content}`, 'utf8').digest('hex');
}

export type AuditVerification =
  | { readonly ok: true; readonly entries: number; readonly headHash: string }
  | { readonly ok: false; readonly seq: number; readonly reason: string };

const BATCH = 1000;

/**
 * Checks the whole chain, 1000 entries at a time, up to the head recorded when the check starts (entries
 * appended meanwhile are left for the next run). Reports the first entry that is wrong.
 */
export async function verifyAuditChain(store: {
  readonly audit: Pick<AuditRepo, 'scan' | 'head'>;
}): Promise<AuditVerification> {
  const head = await store.audit.head();
  let prevHash = ZERO_HASH;
  let lastSeq = 0;
  while (lastSeq < head.seq) {
    const batch = await store.audit.scan(lastSeq, BATCH);
    for (const entry of batch) {
      if (lastSeq === head.seq) break;
      const expected = lastSeq + 1;
      if (entry.seq !== expected)
        return { ok: false, seq: expected, reason: `entry ${expected} is missing (next is ${entry.seq})` };
      if (entry.prevHash !== prevHash)
        return {
          ok: false,
          seq: entry.seq,
          reason: 'previous hash does not match: rows removed or reordered',
        };
      if (chainHash(entry.prevHash, entry.seq, entry) !== entry.hash)
        return { ok: false, seq: entry.seq, reason: 'content does not match its hash: the row was altered' };
      prevHash = entry.hash;
      lastSeq = entry.seq;
    }
    if (batch.length < BATCH) break;
  }
  if (lastSeq < head.seq)
    return { ok: false, seq: lastSeq + 1, reason: `entries ${lastSeq + 1} to ${head.seq} are missing` };
  if (prevHash !== head.hash)
    return {
      ok: false,
      seq: head.seq,
      reason: 'the last entry does not match the recorded head of the chain',
    };
  const stray = await strayEntry(store.audit, head.seq);
  if (stray !== undefined)
    return {
      ok: false,
      seq: stray,
      reason: 'an entry was added outside the store (not recorded in the head)',
    };
  return { ok: true, entries: lastSeq, headHash: prevHash };
}

/**
 * An entry past the head that no later head covers. A store append moves the head in the transaction that
 * adds the entry, so an entry seen committed is always covered by the head read after it.
 */
async function strayEntry(
  audit: Pick<AuditRepo, 'scan' | 'head'>,
  headSeq: number,
): Promise<number | undefined> {
  const [next] = await audit.scan(headSeq, 1);
  if (next === undefined) return undefined;
  const now = await audit.head();
  return now.seq < next.seq ? next.seq : undefined;
}

/** What an entry stores besides the event: its position and its links. */
export function chained(event: AuditEvent, seq: number, prevHash: string): AuditEntry {
  return {
    seq,
    at: event.at,
    clinicId: event.clinicId,
    actor: event.actor,
    action: event.action,
    resourceType: event.resourceType,
    resourceId: event.resourceId,
    outcome: event.outcome,
    requestId: event.requestId,
    ip: event.ip,
    prevHash,
    hash: chainHash(prevHash, seq, event),
  };
}
