/**
 * A signed checkpoint of the audit chain's head, kept outside the database: the server writes it to
 * `checkpoint.json` in the audit folder every few minutes and at shutdown, `neckcheck audit export` puts one
 * in every export, and an admin can keep copies elsewhere. Someone who removes entries from the end of the
 * chain and rewinds the head cannot rewind a checkpoint they cannot sign, so `verify` shows the truncation.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { AuditVerification, VerifiableStore } from './audit-chain.js';
import { verifyAuditChain } from './audit-chain.js';
import type { AuditKey, AuditKeyring } from './audit-key.js';
import { canonicalJson } from './canonical-json.js';
import { ensurePrivateDir, FILE_MODE } from './file-modes.js';
import type { AuditRepo } from './port.js';

export const CHECKPOINT_FORMAT = 'neckcheck-audit-checkpoint/1';
export const CHECKPOINT_FILE = 'checkpoint.json';

export interface AuditCheckpoint {
  readonly format: typeof CHECKPOINT_FORMAT;
  readonly seq: number;
  readonly hash: string;
  readonly at: string;
  readonly keyId: string;
  readonly mac: string;
}

export class CheckpointError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CheckpointError';
  }
}

const macOf = (key: AuditKey, fields: Omit<AuditCheckpoint, 'mac'>): string =>
  createHmac('sha256', key.secret).update(canonicalJson(fields), 'utf8').digest('hex');

export function signCheckpoint(
  head: { readonly seq: number; readonly hash: string },
  key: AuditKey,
  at: string,
): AuditCheckpoint {
  const fields = { format: CHECKPOINT_FORMAT, seq: head.seq, hash: head.hash, at, keyId: key.id } as const;
  return { ...fields, mac: macOf(key, fields) };
}

/** Parses and checks a checkpoint's signature; throws CheckpointError saying what is wrong. */
export function checkCheckpoint(value: unknown, keyring: AuditKeyring, where: string): AuditCheckpoint {
  if (typeof value !== 'object' || value === null) throw new CheckpointError(`${where} is not a checkpoint`);
  const { format, seq, hash, at, keyId, mac } = value as Record<string, unknown>;
  if (
    format !== CHECKPOINT_FORMAT ||
    typeof seq !== 'number' ||
    !Number.isInteger(seq) ||
    typeof hash !== 'string' ||
    typeof at !== 'string' ||
    typeof keyId !== 'string' ||
    typeof mac !== 'string'
  )
    throw new CheckpointError(`${where} is not a ${CHECKPOINT_FORMAT} checkpoint`);
  const key = keyring.byId.get(keyId);
  if (key === undefined)
    throw new CheckpointError(`${where} was signed with key ${keyId}, which is not configured`);
  const expected = Buffer.from(macOf(key, { format, seq, hash, at, keyId }), 'hex');
  const given = Buffer.from(mac, 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    throw new CheckpointError(`${where} has a bad signature: it was altered`);
  return { format, seq, hash, at, keyId, mac };
}

export function readCheckpointFile(file: string, keyring: AuditKeyring): AuditCheckpoint | undefined {
  if (!existsSync(file)) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    throw new CheckpointError(`${file} is not JSON`);
  }
  return checkCheckpoint(value, keyring, file);
}

/** Writes the checkpoint atomically (temporary file, fsync, rename), mode 0600. */
export function writeCheckpointFile(file: string, checkpoint: AuditCheckpoint): void {
  ensurePrivateDir(dirname(file));
  const temporary = `${file}.partial-${process.pid}`;
  const fd = openSync(temporary, 'w', FILE_MODE);
  try {
    writeSync(fd, `${JSON.stringify(checkpoint, null, 2)}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temporary, file);
}

export const checkpointFileIn = (auditDir: string): string => join(auditDir, CHECKPOINT_FILE);

/**
 * Moves the checkpoint file forward to the chain's current head, signed with the current key. Refuses to
 * move it when the chain no longer contains the checkpointed entry (a truncated or rewritten chain): the
 * old checkpoint is the evidence, and overwriting it would erase it.
 */
export async function advanceCheckpoint(
  store: { readonly audit: Pick<AuditRepo, 'head' | 'scan' | 'anchor'>; readonly auditKeyring: AuditKeyring },
  file: string,
  at: string,
): Promise<AuditCheckpoint> {
  const key = store.auditKeyring.current;
  if (key === undefined) throw new CheckpointError('no audit key is configured: no checkpoint can be signed');
  const previous = readCheckpointFile(file, store.auditKeyring);
  const head = await store.audit.head();
  const anchor = await store.audit.anchor();
  if (previous !== undefined && previous.seq > anchor.seq) {
    const [entry] = previous.seq === 0 ? [] : await store.audit.scan(previous.seq - 1, 1);
    const kept = previous.seq === 0 || (entry?.seq === previous.seq && entry.hash === previous.hash);
    if (previous.seq > head.seq || !kept)
      throw new CheckpointError(
        `the audit chain no longer contains entry ${previous.seq} of the checkpoint ${file}; ` +
          'the checkpoint is left as it is: run neckcheck audit verify',
      );
  }
  const checkpoint = signCheckpoint(head, key, at);
  writeCheckpointFile(file, checkpoint);
  return checkpoint;
}

/**
 * Verifies the chain against the checkpoint file when there is one; a checkpoint with a bad signature is a
 * failed verification, not an error.
 */
export async function verifyWithCheckpoint(store: VerifiableStore, file: string): Promise<AuditVerification> {
  let checkpoint: AuditCheckpoint | undefined;
  try {
    checkpoint = readCheckpointFile(file, store.auditKeyring);
  } catch (error) {
    if (error instanceof CheckpointError) return { ok: false, seq: 0, reason: error.message, clinicId: null };
    throw error;
  }
  return verifyAuditChain(store, { checkpoint });
}
