/**
 * Contract: the audit chain is keyed and anchored. Someone with full database access but not the key can
 * neither recompute the chain after an edit, nor remove its tail and rewind the head unseen (against a
 * checkpoint), nor edit or delete a screening or review the chain recorded.
 */
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { chainHash, recordHash, verifyAuditChain } from '../../src/store/audit-chain.js';
import { signCheckpoint } from '../../src/store/audit-checkpoint.js';
import { exportAuditLog, verifyAuditExport } from '../../src/store/audit-export.js';
import type { AuditKey } from '../../src/store/audit-key.js';
import { auditKey, DEVELOPMENT_KEYRING, keyring } from '../../src/store/audit-key.js';
import { createKyselyStore } from '../../src/store/kysely-store.js';
import type { Store } from '../../src/store/port.js';
import type { AuditEntry } from '../../src/store/types.js';
import { event, newScreening, seedWorld, T0 } from './fixtures.js';
import type { ContractTarget, CurrentTarget } from './target.js';

/** What someone with full database access could do: remove the triggers that refuse changes. */
async function dropTriggers({ store, raw }: ContractTarget): Promise<void> {
  if (store.dialect === 'sqlite') {
    for (const name of [
      'audit_log_no_update',
      'audit_log_no_delete',
      'screenings_no_update',
      'reviews_no_update',
    ])
      await sql`drop trigger ${sql.id(name)}`.execute(raw);
  } else {
    await sql`drop trigger audit_log_reject_change on audit_log`.execute(raw);
    await sql`drop trigger screenings_reject_change on screenings`.execute(raw);
    await sql`drop trigger reviews_reject_change on reviews`.execute(raw);
  }
}

/** Rewrites entries from `fromSeq` on with `hashOf` (an attacker's recomputation) and moves the head. */
async function rechain(
  target: ContractTarget,
  fromSeq: number,
  edit: (entry: AuditEntry) => AuditEntry,
  hashOf: (prevHash: string, entry: AuditEntry) => { hash: string; keyId: string | null },
): Promise<void> {
  const entries = await target.store.audit.scan(0, 1000);
  let prevHash = entries.find((e) => e.seq === fromSeq - 1)?.hash ?? '0'.repeat(64);
  for (const original of entries.filter((e) => e.seq >= fromSeq)) {
    const entry = edit(original);
    const { hash, keyId } = hashOf(prevHash, entry);
    await target.raw
      .updateTable('audit_log')
      .set({ actor: entry.actor, prev_hash: prevHash, hash, key_id: keyId })
      .where('seq', '=', entry.seq)
      .execute();
    prevHash = hash;
  }
  await target.raw.updateTable('audit_head').set({ hash: prevHash }).where('id', '=', 1).execute();
}

const mallory = (entry: AuditEntry): AuditEntry =>
  entry.seq === 3 ? { ...entry, actor: 'user:mallory' } : entry;

async function appendFive(store: Store): Promise<void> {
  for (let i = 0; i < 5; i++) await store.audit.append(event(null, `action.${i}`, i));
}

export function auditKeysContract(current: CurrentTarget): void {
  describe('audit chain: keyed', () => {
    it('chains every new entry under the store’s key, recorded by id', async () => {
      const { store } = current();
      const entry = await store.audit.append(event(null, 'auth.login'));
      expect(entry.keyId).toBe(DEVELOPMENT_KEYRING.current?.id);
      expect(entry.hash).not.toBe(chainHash(entry.prevHash, entry.seq, entry));
      expect(await verifyAuditChain(store)).toMatchObject({ ok: true, entries: 1, legacyEntries: 0 });
    });

    it('shows a chain recomputed after an edit by someone without the key', async () => {
      const target = current();
      await appendFive(target.store);
      await dropTriggers(target);
      const guessed: AuditKey = auditKey(Buffer.alloc(32, 7));
      await rechain(target, 3, mallory, (prev, entry) => ({
        hash: chainHash(prev, entry.seq, entry, { ...guessed, id: entry.keyId ?? '' }),
        keyId: entry.keyId,
      }));
      expect(await verifyAuditChain(target.store)).toMatchObject({
        ok: false,
        seq: 3,
        reason: expect.stringMatching(/recomputed without the key/),
      });
    });

    it('shows a tail recomputed as unkeyed entries', async () => {
      const target = current();
      await appendFive(target.store);
      await dropTriggers(target);
      await rechain(target, 3, mallory, (prev, entry) => ({
        hash: chainHash(prev, entry.seq, { ...entry, record: null }),
        keyId: null,
      }));
      expect(await verifyAuditChain(target.store)).toMatchObject({
        ok: false,
        seq: 3,
        reason: expect.stringMatching(/unkeyed entry after keyed ones/),
      });
    });

    it('verifies entries of a retired key after a rotation, and names a key that is missing', async () => {
      const target = current();
      const old = DEVELOPMENT_KEYRING.current as AuditKey;
      await target.store.audit.append(event(null, 'before.rotation'));
      const next = auditKey(Buffer.alloc(32, 1));
      const rotated = createKyselyStore(target.raw, target.store.dialect, {
        auditKeyring: keyring(next, [old]),
      });
      expect((await rotated.audit.append(event(null, 'after.rotation'))).keyId).toBe(next.id);
      expect(await verifyAuditChain(rotated)).toMatchObject({
        ok: true,
        entries: 2,
        keyIds: [old.id, next.id],
      });
      expect(await verifyAuditChain(rotated, { keyring: keyring(next) })).toMatchObject({
        ok: false,
        seq: 1,
        reason: expect.stringContaining(`key ${old.id}, which is not configured`),
      });
    });
  });

  describe('audit chain: anchored by a checkpoint', () => {
    it('shows a tail removed with the head rewound, which the chain alone cannot', async () => {
      const target = current();
      await appendFive(target.store);
      const checkpoint = signCheckpoint(
        await target.store.audit.head(),
        DEVELOPMENT_KEYRING.current as AuditKey,
        '2026-11-25T10:00:00.000Z',
      );
      await dropTriggers(target);
      const [third] = await target.store.audit.scan(2, 1);
      await target.raw.deleteFrom('audit_log').where('seq', '>', 3).execute();
      await target.raw
        .updateTable('audit_head')
        .set({ seq: 3, hash: third?.hash ?? '' })
        .where('id', '=', 1)
        .execute();
      expect(await verifyAuditChain(target.store)).toMatchObject({ ok: true, entries: 3 });
      expect(await verifyAuditChain(target.store, { checkpoint })).toMatchObject({
        ok: false,
        reason: expect.stringMatching(
          /ends at entry 3 but the checkpoint .* recorded entry 5: entries were removed/,
        ),
      });
    });

    it('shows a whole chain rewritten as a legacy segment', async () => {
      const target = current();
      await appendFive(target.store);
      const checkpoint = signCheckpoint(
        await target.store.audit.head(),
        DEVELOPMENT_KEYRING.current as AuditKey,
        '2026-11-25T10:00:00.000Z',
      );
      await dropTriggers(target);
      await rechain(target, 1, mallory, (prev, entry) => ({
        hash: chainHash(prev, entry.seq, entry),
        keyId: null,
      }));
      expect(await verifyAuditChain(target.store)).toMatchObject({ ok: true, legacyEntries: 5 });
      expect(await verifyAuditChain(target.store, { checkpoint })).toMatchObject({
        ok: false,
        seq: 5,
        reason: expect.stringMatching(/differs from the checkpoint/),
      });
    });

    it('exports JSON lines that verify offline, and shows an edited line', async () => {
      const { store } = current();
      await appendFive(store);
      const lines: string[] = [];
      const result = await exportAuditLog(store, { at: '2026-11-25T10:00:00.000Z' }, (line) => {
        lines.push(line);
      });
      expect(result.entries).toBe(5);
      expect(lines).toHaveLength(6);
      expect(await verifyAuditExport(lines.join(''), DEVELOPMENT_KEYRING)).toMatchObject({
        ok: true,
        entries: 5,
        checkpoint: { seq: 5 },
      });
      const since: string[] = [];
      await exportAuditLog(
        store,
        { at: '2026-11-25T10:00:00.000Z', since: event(null, 'x', 3).at },
        (line) => {
          since.push(line);
        },
      );
      expect(since).toHaveLength(3);
      expect(await verifyAuditExport(since.join(''), DEVELOPMENT_KEYRING)).toMatchObject({
        ok: true,
        entries: 2,
      });
      const edited = lines.map((line) => line.replace('"action.2"', '"action.two"')).join('');
      expect(await verifyAuditExport(edited, DEVELOPMENT_KEYRING)).toMatchObject({ ok: false, seq: 3 });
      const truncated = lines.slice(0, 4).join('');
      expect(await verifyAuditExport(truncated, DEVELOPMENT_KEYRING)).toMatchObject({
        ok: false,
        reason: expect.stringMatching(/removed from the end/),
      });
    });
  });

  describe('audit chain: screenings and reviews hashed in', () => {
    async function recordedScreening(store: Store) {
      const w = await seedWorld(store);
      const screening = await store.screenings.create(newScreening(w.clinic.id, w.client.id, w.admin.id));
      const review = await store.reviews.create({
        clinicId: w.clinic.id,
        screeningId: screening.id,
        userId: w.practitioner.id,
        kind: 'signoff',
        note: 'Seen.',
        createdAt: screening.submittedAt,
      });
      await store.audit.append({
        ...event(w.clinic.id, 'screening.create'),
        resourceType: 'screening',
        resourceId: screening.id,
        record: { hash: recordHash(screening), clientId: w.client.id },
      });
      await store.audit.append({
        ...event(w.clinic.id, 'screening.signoff'),
        resourceType: 'review',
        resourceId: review.id,
        record: { hash: recordHash(review), clientId: w.client.id },
      });
      return { w, screening, review };
    }

    it('verifies the records as stored, and shows an edited screening or review', async () => {
      const target = current();
      const { screening, review } = await recordedScreening(target.store);
      expect(await verifyAuditChain(target.store)).toMatchObject({ ok: true, records: 2 });
      await dropTriggers(target);
      await target.raw
        .updateTable('reviews')
        .set({ note: 'Never seen.' })
        .where('id', '=', review.id)
        .execute();
      expect(await verifyAuditChain(target.store)).toMatchObject({
        ok: false,
        reason: `review ${review.id} was changed after this entry recorded it`,
      });
      await target.raw.updateTable('reviews').set({ note: 'Seen.' }).where('id', '=', review.id).execute();
      await target.raw
        .updateTable('screenings')
        .set({ disposition: 'proceed' })
        .where('id', '=', screening.id)
        .execute();
      expect(await verifyAuditChain(target.store)).toMatchObject({
        ok: false,
        reason: `screening ${screening.id} was changed after this entry recorded it`,
      });
    });

    it('shows a deleted screening, but not one erased with its client', async () => {
      const target = current();
      const { w, screening } = await recordedScreening(target.store);
      await target.raw.deleteFrom('reviews').where('screening_id', '=', screening.id).execute();
      await target.raw.deleteFrom('screenings').where('id', '=', screening.id).execute();
      expect(await verifyAuditChain(target.store)).toMatchObject({
        ok: false,
        reason: expect.stringMatching(/missing, and its client was not erased/),
      });
      await target.store.clients.erase(w.clinic.id, w.client.id);
      await target.store.audit.append({
        ...event(w.clinic.id, 'client.erase'),
        resourceType: 'client',
        resourceId: w.client.id,
      });
      expect(await verifyAuditChain(target.store)).toMatchObject({ ok: true, records: 2 });
    });
  });
}

export function auditRetentionContract(current: CurrentTarget): void {
  describe('audit retention', () => {
    it('prunes entries older than the cut-off and the chain still verifies from there', async () => {
      const { store } = current();
      for (let i = 0; i < 10; i++) await store.audit.append(event(null, `action.${i}`, i));
      const old = signCheckpoint(await store.audit.head(), DEVELOPMENT_KEYRING.current as AuditKey, T0);
      expect(await store.audit.prune(event(null, 'cut', 5).at, event(null, 'now', 20).at)).toBe(5);
      expect((await store.audit.scan(0, 100)).map((e) => e.seq)).toEqual([6, 7, 8, 9, 10, 11]);
      const [prune] = await store.audit.scan(10, 1);
      expect(prune).toMatchObject({ action: 'audit.prune', actor: 'system' });
      expect(await verifyAuditChain(store)).toMatchObject({ ok: true, entries: 6, prunedThrough: 5 });
      expect(await verifyAuditChain(store, { checkpoint: old })).toMatchObject({ ok: true });
      expect(await store.audit.prune(event(null, 'cut', 5).at, event(null, 'now', 21).at)).toBe(0);
    });

    it('still refuses deletes afterwards, and shows a prefix removed outside retention', async () => {
      const target = current();
      for (let i = 0; i < 6; i++) await target.store.audit.append(event(null, `action.${i}`, i));
      await target.store.audit.prune(event(null, 'cut', 2).at, event(null, 'now', 20).at);
      await expect(target.raw.deleteFrom('audit_log').where('seq', '=', 3).execute()).rejects.toThrow(
        /append-only/,
      );
      if (target.store.dialect === 'sqlite') await sql`drop trigger audit_log_no_delete`.execute(target.raw);
      else await sql`drop trigger audit_log_reject_change on audit_log`.execute(target.raw);
      const [third] = await target.store.audit.scan(2, 1);
      await target.raw.deleteFrom('audit_log').where('seq', '=', 3).execute();
      await target.raw
        .updateTable('audit_head')
        .set({ pruned_seq: 3, pruned_hash: third?.hash ?? '' })
        .where('id', '=', 1)
        .execute();
      expect(await verifyAuditChain(target.store)).toMatchObject({
        ok: false,
        seq: 4,
        reason: expect.stringMatching(/removed outside retention/),
      });
    });
  });
}
