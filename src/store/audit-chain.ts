/**
 * The audit log's hash chain: how an entry's hash is computed, and the verifier behind
 * `neckcheck audit verify`. Each hash covers the previous hash and the entry's content and position, so an
 * altered, removed, inserted or reordered row breaks the chain at that row.
 *
 * Entries are chained with HMAC-SHA256 under a key kept outside the database (audit-key.ts), so someone who
 * edits rows cannot recompute the chain after the edit. Entries written before keys existed (migration
 * 0008) have no key id and a plain SHA-256 hash: they verify as a legacy segment at the start of the chain,
 * and an unkeyed entry after a keyed one is refused (that is what recomputing without the key looks like).
 * A screening's or review's content hash is part of the entry that records it, so an edited or deleted
 * record shows too; erasing the client is the one legitimate way for it to go. A signed checkpoint kept
 * outside the database (audit-checkpoint.ts) shows a tail removed with the head rewound.
 */
import { createHash, createHmac } from 'node:crypto';
import type { AuditKey, AuditKeyring } from './audit-key.js';
import { DEVELOPMENT_KEYRING } from './audit-key.js';
import { canonicalJson } from './canonical-json.js';
import type { AuditRepo, ReviewRepo, ScreeningRepo } from './port.js';
import type { AuditEntry, AuditEvent, AuditedRecord, Id } from './types.js';

/** The previous hash of the first entry. */
export const ZERO_HASH = '0'.repeat(64);

function legacyContent(seq: number, event: Omit<AuditEvent, 'record'>): Record<string, unknown> {
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
  };
}

/**
 * Keyed: hmac_sha256_hex(key, prevHash + '\n' + canonicalJson(the event, its seq, record and key id)).
 * Without a key (legacy entries only): sha256_hex(prevHash + '\n' + canonicalJson(the event and its seq)).
 */
export function chainHash(
  prevHash: string,
  seq: number,
  event: Omit<AuditEvent, 'record'> & { readonly record?: AuditedRecord | null | undefined },
  key?: AuditKey,
): string {
  if (key === undefined)
    return createHash('sha256')
      .update(`${prevHash}\n${canonicalJson(legacyContent(seq, event))}`, 'utf8')
      .digest('hex');
  const content = canonicalJson({
    ...legacyContent(seq, event),
    record: event.record ?? null,
    keyId: key.id,
  });
  return createHmac('sha256', key.secret).update(`${prevHash}\n${content}`, 'utf8').digest('hex');
}

/** The content hash of a screening or review as the store returns it: sha256 of its canonical JSON. */
export function recordHash(record: object): string {
  return createHash('sha256').update(canonicalJson(record), 'utf8').digest('hex');
}

/** What an entry stores besides the event: its position, its key and its links. */
export function chained(
  event: AuditEvent,
  seq: number,
  prevHash: string,
  key: AuditKey | undefined = DEVELOPMENT_KEYRING.current,
): AuditEntry {
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
    record: event.record ?? null,
    keyId: key?.id ?? null,
    prevHash,
    hash: chainHash(prevHash, seq, event, key),
  };
}

export interface AuditChainReport {
  readonly ok: true;
  /** Entries checked (after the pruned prefix, up to the head). */
  readonly entries: number;
  readonly headHash: string;
  /** Unkeyed entries at the start (written before keys existed): protected against edits, not re-chaining. */
  readonly legacyEntries: number;
  /** The ids of the keys that chained the keyed entries. */
  readonly keyIds: readonly string[];
  /** Screenings and reviews whose content was compared with their entry's hash. */
  readonly records: number;
  /** Entries up to this one were removed by retention (0: none). */
  readonly prunedThrough: number;
  /** The checkpoint the chain was compared with, or null when none was given. */
  readonly checkpoint: { readonly seq: number; readonly at: string } | null;
  /** Entries per clinic (the key '' counts the entries of no clinic). */
  readonly entriesByClinic: Readonly<Record<string, number>>;
}

export interface AuditChainFailure {
  readonly ok: false;
  readonly seq: number;
  readonly reason: string;
  /** The clinic of the entry at fault, when known. */
  readonly clinicId: Id | null;
}

export type AuditVerification = AuditChainReport | AuditChainFailure;

export interface VerifiableStore {
  readonly audit: Pick<AuditRepo, 'scan' | 'head' | 'anchor'>;
  readonly screenings: Pick<ScreeningRepo, 'get'>;
  readonly reviews: Pick<ReviewRepo, 'get'>;
  readonly auditKeyring: AuditKeyring;
}

export interface VerifyOptions {
  /** The keys to verify with; default the store's. */
  readonly keyring?: AuditKeyring;
  /** A checkpoint kept outside the database (its signature already checked): the chain must reach it. */
  readonly checkpoint?: { readonly seq: number; readonly hash: string; readonly at: string } | undefined;
  /** Compare the screenings and reviews with their entries (default); an export offline has none. */
  readonly records?: boolean;
  /** The chain starts after a pruned prefix only if an audit.prune entry says so (default); an export may start anywhere. */
  readonly prunedStart?: boolean;
}

const BATCH = 1000;

const fail = (seq: number, reason: string, clinicId: Id | null = null): AuditChainFailure => ({
  ok: false,
  seq,
  reason,
  clinicId,
});

interface Walk {
  prevHash: string;
  lastSeq: number;
  keyed: boolean;
  legacy: number;
  checkpointHash: string | undefined;
  readonly keyIds: Set<string>;
  readonly byClinic: Record<string, number>;
  readonly records: AuditEntry[];
  /** Client id → seq of the erasure entry. */
  readonly erased: Map<string, number>;
  /** What the last `audit.prune` entry says the chain starts after (`seq:hash`). */
  prunedAt: string | undefined;
}

/** Checks one entry against the walk so far; undefined when it is right. */
function checkEntry(
  walk: Walk,
  entry: AuditEntry,
  keyring: AuditKeyring,
  checkpointSeq: number | undefined,
): AuditChainFailure | undefined {
  const expected = walk.lastSeq + 1;
  const clinic = entry.clinicId;
  if (entry.seq !== expected) return fail(expected, `entry ${expected} is missing (next is ${entry.seq})`);
  if (entry.prevHash !== walk.prevHash)
    return fail(entry.seq, 'previous hash does not match: rows removed or reordered', clinic);
  let key: AuditKey | undefined;
  if (entry.keyId === null) {
    if (walk.keyed)
      return fail(
        entry.seq,
        'an unkeyed entry after keyed ones: the chain was recomputed without the key',
        clinic,
      );
    if (entry.record !== null)
      return fail(entry.seq, 'an unkeyed entry cannot record a screening or review', clinic);
    walk.legacy++;
  } else {
    key = keyring.byId.get(entry.keyId);
    if (key === undefined)
      return fail(
        entry.seq,
        `chained with key ${entry.keyId}, which is not configured (put the retired key in audit-${entry.keyId}.key)`,
        clinic,
      );
    walk.keyed = true;
    walk.keyIds.add(entry.keyId);
  }
  if (chainHash(entry.prevHash, entry.seq, entry, key) !== entry.hash)
    return fail(
      entry.seq,
      key === undefined
        ? 'content does not match its hash: the row was altered'
        : 'content does not match its hash: the row was altered, or the chain recomputed without the key',
      clinic,
    );
  if (entry.seq === checkpointSeq) walk.checkpointHash = entry.hash;
  if (entry.record !== null) walk.records.push(entry);
  if (entry.action === 'audit.prune' && entry.actor === 'system')
    walk.prunedAt = entry.resourceId ?? undefined;
  if (entry.action === 'client.erase' && entry.resourceId !== null && entry.outcome === 'success')
    walk.erased.set(entry.resourceId, entry.seq);
  walk.byClinic[clinic ?? ''] = (walk.byClinic[clinic ?? ''] ?? 0) + 1;
  walk.prevHash = entry.hash;
  walk.lastSeq = entry.seq;
  return undefined;
}

/** Every screening and review an entry recorded is still there unchanged, or its client was erased later. */
async function checkRecords(store: VerifiableStore, walk: Walk): Promise<AuditChainFailure | undefined> {
  for (const entry of walk.records) {
    const { record, resourceType, resourceId, clinicId } = entry;
    if (record === null || resourceId === null || clinicId === null) continue;
    const found =
      resourceType === 'screening'
        ? await store.screenings.get(clinicId, resourceId)
        : resourceType === 'review'
          ? await store.reviews.get(clinicId, resourceId)
          : undefined;
    const what = `${resourceType ?? 'record'} ${resourceId}`;
    if (found === undefined) {
      const erasedAt = walk.erased.get(record.clientId);
      if (erasedAt !== undefined && erasedAt > entry.seq) continue;
      return fail(entry.seq, `${what} recorded here is missing, and its client was not erased`, clinicId);
    }
    if (recordHash(found) !== record.hash)
      return fail(entry.seq, `${what} was changed after this entry recorded it`, clinicId);
  }
  return undefined;
}

/**
 * Checks the whole chain, 1000 entries at a time, from the end of the pruned prefix up to the head
 * recorded when the check starts (entries appended meanwhile are left for the next run), then the
 * screenings and reviews it recorded, then the checkpoint. Reports the first entry that is wrong.
 */
export async function verifyAuditChain(
  store: VerifiableStore,
  options: VerifyOptions = {},
): Promise<AuditVerification> {
  const keyring = options.keyring ?? store.auditKeyring;
  const checkpoint = options.checkpoint;
  const head = await store.audit.head();
  const anchor = await store.audit.anchor();
  const walk: Walk = {
    prevHash: anchor.hash,
    lastSeq: anchor.seq,
    keyed: false,
    legacy: 0,
    checkpointHash: undefined,
    keyIds: new Set(),
    byClinic: {},
    records: [],
    erased: new Map(),
    prunedAt: undefined,
  };
  while (walk.lastSeq < head.seq) {
    const batch = await store.audit.scan(walk.lastSeq, BATCH);
    for (const entry of batch) {
      if (walk.lastSeq === head.seq) break;
      const failure = checkEntry(walk, entry, keyring, checkpoint?.seq);
      if (failure !== undefined) return failure;
    }
    if (batch.length < BATCH) break;
  }
  if (walk.lastSeq < head.seq)
    return fail(walk.lastSeq + 1, `entries ${walk.lastSeq + 1} to ${head.seq} are missing`);
  if (walk.prevHash !== head.hash)
    return fail(head.seq, 'the last entry does not match the recorded head of the chain');
  if (options.prunedStart !== false && anchor.seq > 0 && walk.prunedAt !== `${anchor.seq}:${anchor.hash}`)
    return fail(
      anchor.seq + 1,
      `the chain starts after entry ${anchor.seq}, but no audit.prune entry says so: its start was removed outside retention`,
    );
  const stray = await strayEntry(store.audit, head.seq);
  if (stray !== undefined)
    return fail(stray, 'an entry was added outside the store (not recorded in the head)');
  if (checkpoint !== undefined) {
    if (checkpoint.seq > head.seq)
      return fail(
        head.seq + 1,
        `the chain ends at entry ${head.seq} but the checkpoint of ${checkpoint.at} recorded entry ${checkpoint.seq}: ` +
          'entries were removed from the end and the head rewound',
      );
    if (checkpoint.seq > anchor.seq && walk.checkpointHash !== checkpoint.hash)
      return fail(
        checkpoint.seq,
        `entry ${checkpoint.seq} differs from the checkpoint of ${checkpoint.at}: the chain was rewritten`,
      );
  }
  const records = options.records === false ? undefined : await checkRecords(store, walk);
  if (records !== undefined) return records;
  return {
    ok: true,
    entries: walk.lastSeq - anchor.seq,
    headHash: walk.prevHash,
    legacyEntries: walk.legacy,
    keyIds: [...walk.keyIds],
    records: walk.records.length,
    prunedThrough: anchor.seq,
    checkpoint: checkpoint === undefined ? null : { seq: checkpoint.seq, at: checkpoint.at },
    entriesByClinic: walk.byClinic,
  };
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
