/**
 * `neckcheck audit export`: the audit log as JSON lines, with what it takes to verify it offline. The first
 * line describes the export (where its chain starts, and a checkpoint of the head signed at export time);
 * every other line is one entry with its key id, record hash and links. Verifying an export checks the
 * chain from its first entry, the keyed hashes and the checkpoint; the screenings themselves stay behind.
 */
import type { AuditVerification } from './audit-chain.js';
import { verifyAuditChain } from './audit-chain.js';
import type { AuditCheckpoint } from './audit-checkpoint.js';
import { checkCheckpoint, signCheckpoint } from './audit-checkpoint.js';
import type { AuditKeyring } from './audit-key.js';
import type { AuditRepo } from './port.js';
import type { AuditEntry, Timestamp } from './types.js';

export const EXPORT_FORMAT = 'neckcheck-audit-export/1';

export interface ExportHeader {
  readonly format: typeof EXPORT_FORMAT;
  readonly exportedAt: Timestamp;
  /** The last entry before the export (0 and 64 zeros when it starts at the beginning). */
  readonly after: { readonly seq: number; readonly hash: string };
  readonly checkpoint: AuditCheckpoint | null;
}

const BATCH = 1000;

/** The seq after which entries at or after `since` begin (entries are in time order). */
async function startAfter(audit: Pick<AuditRepo, 'scan' | 'anchor'>, since: Timestamp | undefined) {
  const anchor = await audit.anchor();
  if (since === undefined) return anchor;
  let previous = anchor;
  for (;;) {
    const batch = await audit.scan(previous.seq, BATCH);
    for (const entry of batch) {
      if (entry.at >= since) return previous;
      previous = { seq: entry.seq, hash: entry.hash };
    }
    if (batch.length < BATCH) return previous;
  }
}

/** Writes the export line by line, up to the head read when it starts. */
export async function exportAuditLog(
  store: { readonly audit: Pick<AuditRepo, 'scan' | 'head' | 'anchor'>; readonly auditKeyring: AuditKeyring },
  options: { readonly since?: Timestamp | undefined; readonly at: Timestamp },
  write: (line: string) => Promise<void> | void,
): Promise<{ readonly entries: number; readonly header: ExportHeader }> {
  const head = await store.audit.head();
  const after = await startAfter(store.audit, options.since);
  const key = store.auditKeyring.current;
  const header: ExportHeader = {
    format: EXPORT_FORMAT,
    exportedAt: options.at,
    after,
    checkpoint: key === undefined ? null : signCheckpoint(head, key, options.at),
  };
  await write(`${JSON.stringify(header)}\n`);
  let last = after.seq;
  while (last < head.seq) {
    const batch = (await store.audit.scan(last, BATCH)).filter((entry) => entry.seq <= head.seq);
    for (const entry of batch) await write(`${JSON.stringify(entry)}\n`);
    const end = batch.at(-1);
    if (end === undefined) break;
    last = end.seq;
  }
  return { entries: last - after.seq, header };
}

/** Verifies an export's chain and checkpoint offline. Throws on text that is not an export. */
export async function verifyAuditExport(text: string, keyring: AuditKeyring): Promise<AuditVerification> {
  const [first, ...rest] = text.split('\n').filter((line) => line.trim() !== '');
  const header = JSON.parse(first ?? 'null') as ExportHeader | null;
  if (header?.format !== EXPORT_FORMAT) throw new Error(`not a ${EXPORT_FORMAT} file`);
  const entries = rest.map((line) => JSON.parse(line) as AuditEntry);
  const checkpoint =
    header.checkpoint === null
      ? undefined
      : checkCheckpoint(header.checkpoint, keyring, 'the export’s checkpoint');
  const last = entries.at(-1);
  const head = last === undefined ? header.after : { seq: last.seq, hash: last.hash };
  const none = async () => undefined;
  return verifyAuditChain(
    {
      audit: {
        head: async () => head,
        anchor: async () => header.after,
        scan: async (afterSeq, limit) => entries.filter((e) => e.seq > afterSeq).slice(0, limit),
      },
      screenings: { get: none },
      reviews: { get: none },
      auditKeyring: keyring,
    },
    { checkpoint, records: false, prunedStart: false },
  );
}
