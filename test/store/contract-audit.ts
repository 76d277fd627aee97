/** Contract: the audit log is append-only, hash-chained, gap-free under concurrency, and tampering shows. */
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { chained, verifyAuditChain, ZERO_HASH } from '../../src/store/audit-chain.js';
import type { Store } from '../../src/store/port.js';
import { event, pacedAppends, T0 } from './fixtures.js';
import type { ContractTarget, CurrentTarget } from './target.js';

async function appendMany(store: Store, count: number, clinicId: string | null = null): Promise<void> {
  for (let i = 0; i < count; i++) await store.audit.append(event(clinicId, `action.${i}`, i));
}

/** What someone with full database access could do: remove the append-only triggers. */
async function dropAuditTriggers({ store, raw }: ContractTarget): Promise<void> {
  if (store.dialect === 'sqlite') {
    await sql`drop trigger audit_log_no_update`.execute(raw);
    await sql`drop trigger audit_log_no_delete`.execute(raw);
  } else {
    await sql`drop trigger audit_log_reject_change on audit_log`.execute(raw);
  }
}

export function auditContract(current: CurrentTarget): void {
  describe('audit log', () => {
    it('appends hash-chained entries, lists a clinic’s newest first, scans in order', async () => {
      const { store } = current();
      expect(await store.audit.head()).toEqual({ seq: 0, hash: ZERO_HASH });
      expect(await verifyAuditChain(store)).toMatchObject({ ok: true, entries: 0, headHash: ZERO_HASH });
      const a = await store.clinics.create({ name: 'a', createdAt: T0 });
      const b = await store.clinics.create({ name: 'b', createdAt: T0 });
      const first = await store.audit.append(event(a.id, 'auth.login'));
      const second = await store.audit.append({
        ...event(null, 'auth.login'),
        outcome: 'failure',
        ip: null,
        requestId: null,
      });
      const third = await store.audit.append({
        ...event(a.id, 'screening.read'),
        resourceType: null,
        resourceId: null,
      });
      const fourth = await store.audit.append(event(b.id, 'client.erase'));

      expect(first).toMatchObject({ seq: 1, prevHash: ZERO_HASH, action: 'auth.login', clinicId: a.id });
      expect(first.hash).toMatch(/^[0-9a-f]{64}$/);
      expect(second).toMatchObject({ seq: 2, prevHash: first.hash, clinicId: null, outcome: 'failure' });
      expect(third.prevHash).toBe(second.hash);
      expect(await store.audit.listForClinic(a.id, { limit: 10 })).toEqual([third, first]);
      expect(await store.audit.listForClinic(a.id, { limit: 1, offset: 1 })).toEqual([first]);
      expect(await store.audit.listForClinic(b.id, { limit: 10 })).toEqual([fourth]);
      expect(await store.audit.scan(0, 10)).toEqual([first, second, third, fourth]);
      expect(await store.audit.scan(1, 2)).toEqual([second, third]);
      expect(await store.audit.head()).toEqual({ seq: 4, hash: fourth.hash });
      expect(await verifyAuditChain(store)).toMatchObject({ ok: true, entries: 4, headHash: fourth.hash });
    });

    it('keeps the chain gap-free under 50 concurrent appends', async () => {
      const { store } = current();
      await Promise.all(Array.from({ length: 50 }, (_, i) => store.audit.append(event(null, `a${i}`, i))));
      const entries = await store.audit.scan(0, 100);
      expect(entries.map((e) => e.seq)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
      expect(await verifyAuditChain(store)).toMatchObject({ ok: true, entries: 50 });
    });

    it('keeps the chain gap-free while another process appends too', async (context) => {
      const target = current();
      if (target.otherWriter === undefined) return context.skip();
      const other = await target.otherWriter(100);
      await Promise.all([other.go(), pacedAppends(target.store, 100, 'mine')]);
      const actions = (await target.store.audit.scan(0, 300)).map((e) => e.action);
      expect(actions.filter((a) => a.startsWith('other'))).toHaveLength(100);
      expect(await verifyAuditChain(target.store)).toMatchObject({ ok: true, entries: 200 });
    });

    it('verifies in batches beyond 1000 entries', async () => {
      const { store } = current();
      await store.transaction(async (tx) => {
        for (let i = 0; i < 1005; i++) await tx.audit.append(event(null, 'bulk', 0));
      });
      expect(await verifyAuditChain(store)).toMatchObject({ ok: true, entries: 1005 });
    });
  });

  describe('audit log tampering', () => {
    it('is refused by the database: no UPDATE, no DELETE, from any connection', async () => {
      const { store, raw } = current();
      await appendMany(store, 2);
      await expect(
        raw.updateTable('audit_log').set({ actor: 'mallory' }).where('seq', '=', 1).execute(),
      ).rejects.toThrow(/append-only/);
      await expect(raw.deleteFrom('audit_log').where('seq', '=', 2).execute()).rejects.toThrow(/append-only/);
      if (store.dialect === 'postgres')
        await expect(sql`truncate audit_log`.execute(raw)).rejects.toThrow(/append-only/);
      expect(await verifyAuditChain(store)).toMatchObject({ ok: true, entries: 2 });
    });

    it('shows an altered row', async () => {
      const target = current();
      await appendMany(target.store, 5);
      await dropAuditTriggers(target);
      await target.raw.updateTable('audit_log').set({ actor: 'user:mallory' }).where('seq', '=', 3).execute();
      expect(await verifyAuditChain(target.store)).toMatchObject({
        ok: false,
        seq: 3,
        reason: expect.stringMatching(/altered/),
      });
    });

    it('shows a missing row, in the middle or at the end', async () => {
      const target = current();
      await appendMany(target.store, 5);
      await dropAuditTriggers(target);
      await target.raw.deleteFrom('audit_log').where('seq', '=', 5).execute();
      expect(await verifyAuditChain(target.store)).toMatchObject({ ok: false, seq: 5 });
      await target.raw.deleteFrom('audit_log').where('seq', '=', 2).execute();
      expect(await verifyAuditChain(target.store)).toMatchObject({
        ok: false,
        seq: 2,
        reason: expect.stringMatching(/missing/),
      });
    });

    it('shows a row added behind the store’s back', async () => {
      const target = current();
      await appendMany(target.store, 3);
      const [last] = await target.store.audit.scan(2, 1);
      if (last === undefined) throw new Error('no entry 3');
      const forged = chained({ ...last, action: 'forged' }, 4, last.hash);
      await target.raw
        .insertInto('audit_log')
        .values({
          seq: forged.seq,
          at: forged.at,
          clinic_id: forged.clinicId,
          actor: forged.actor,
          action: forged.action,
          resource_type: forged.resourceType,
          resource_id: forged.resourceId,
          outcome: forged.outcome,
          request_id: forged.requestId,
          ip: forged.ip,
          prev_hash: forged.prevHash,
          hash: forged.hash,
        })
        .execute();
      expect(await verifyAuditChain(target.store)).toMatchObject({ ok: false, seq: 4 });
    });

    it('shows reordered rows', async () => {
      const target = current();
      await appendMany(target.store, 5);
      await dropAuditTriggers(target);
      for (const [from, to] of [
        [2, -2],
        [3, 2],
        [-2, 3],
      ] as const)
        await target.raw.updateTable('audit_log').set({ seq: to }).where('seq', '=', from).execute();
      expect(await verifyAuditChain(target.store)).toMatchObject({ ok: false, seq: 2 });
    });
  });
}
