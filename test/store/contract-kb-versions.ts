/**
 * Contract: knowledge-base versions stored once, and screenings of a stored version kept as a compact
 * outcome that reads back as exactly the assessment given.
 */
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { Assessment, KnowledgeBase, KnowledgeBundle } from '../../src/core/index.js';
import { assess, UNKNOWN_ANSWER } from '../../src/core/index.js';
import { loadKbAndBundle } from '../../src/node/kb-files.js';
import type { Screening } from '../../src/store/types.js';
import { BENIGN } from '../helpers/answers.js';
import { newScreening, seedWorld, T0 } from './fixtures.js';
import type { CurrentTarget } from './target.js';

let shipped: Promise<{ kb: KnowledgeBase; bundle: KnowledgeBundle }> | undefined;
const knowledge = (): Promise<{ kb: KnowledgeBase; bundle: KnowledgeBundle }> => {
  shipped ??= loadKbAndBundle().then((loaded) => {
    if (!loaded.ok) throw new Error('knowledge base invalid');
    return loaded.value;
  });
  return shipped;
};

/** A screening the engine assessed: findings, precautions, referrals and open questions included. */
function engineScreening(kb: KnowledgeBase, clinicId: string, clientId: string, userId: string) {
  const answers = { ...BENIGN, age: 74, medications: ['anticoagulant'], headache: UNKNOWN_ANSWER };
  const assessment: Assessment = assess(kb, answers, { assessedAt: T0 });
  return {
    ...newScreening(clinicId, clientId, userId),
    answers,
    assessment,
    disposition: assessment.disposition,
    kbVersion: kb.meta.version,
    kbHash: kb.hash,
  } satisfies Omit<Screening, 'id'>;
}

export function kbVersionsContract(current: CurrentTarget): void {
  describe('knowledge-base versions', () => {
    it('stores a version once, however often and however concurrently it is ensured', async () => {
      const { store, raw } = current();
      const { kb, bundle } = await knowledge();
      await Promise.all([1, 2, 3].map(() => store.kbVersions.ensure(kb, bundle, T0)));
      await store.kbVersions.ensure(kb, bundle, '2026-03-02T09:00:00.000Z');
      expect(await store.kbVersions.list()).toEqual([
        { hash: kb.hash, kbId: kb.meta.id, version: kb.meta.version, createdAt: T0 },
      ]);
      expect((await store.kbVersions.get(kb.hash))?.hash).toBe(kb.hash);
      expect(await store.kbVersions.get('sha256:none')).toBeUndefined();
      await expect(sql`update kb_versions set version = '0.0.0'`.execute(raw)).rejects.toThrow(/immutable/);
      await expect(sql`delete from kb_versions`.execute(raw)).rejects.toThrow(/immutable/);
    });

    it('keeps a screening of a stored version as a compact outcome and reads back the same assessment', async () => {
      const { store, raw } = current();
      const { kb, bundle } = await knowledge();
      const w = await seedWorld(store);
      await store.kbVersions.ensure(kb, bundle, T0);
      const input = engineScreening(kb, w.clinic.id, w.client.id, w.admin.id);
      expect(input.assessment.findings.length).toBeGreaterThan(0);
      expect(input.assessment.openQuestions.length).toBeGreaterThan(0);
      const created = await store.screenings.create(input);
      const row = await raw
        .selectFrom('screenings')
        .select(['assessment', 'outcome'])
        .where('id', '=', created.id)
        .executeTakeFirstOrThrow();
      expect(row.assessment).toBeNull();
      const full = JSON.stringify(input.assessment);
      expect(row.outcome?.length).toBeLessThan(full.length / 3);
      for (const read of [
        created,
        await store.screenings.get(w.clinic.id, created.id),
        (await store.screenings.listForClient(w.clinic.id, w.client.id))[0],
        await store.screenings.latestForClient(w.clinic.id, w.client.id),
        (await store.screenings.listRecent(w.clinic.id, { limit: 5 }))[0],
      ]) {
        expect(read?.assessment).toStrictEqual(input.assessment);
        expect(JSON.stringify(read?.assessment)).toBe(full);
      }
      const page = await store.screenings.answersPage(undefined, 10, w.clinic.id);
      expect(page.map((p) => [p.id, p.kbHash, JSON.parse(p.answersJson)])).toEqual([
        [created.id, kb.hash, input.answers],
      ]);
    });

    it('keeps the whole assessment of a knowledge base it has no snapshot of', async () => {
      const { store, raw } = current();
      const w = await seedWorld(store);
      const created = await store.screenings.create(newScreening(w.clinic.id, w.client.id, w.admin.id));
      const row = await raw
        .selectFrom('screenings')
        .select(['assessment', 'outcome'])
        .where('id', '=', created.id)
        .executeTakeFirstOrThrow();
      expect(row.outcome).toBeNull();
      expect(JSON.parse(row.assessment ?? 'null')).toStrictEqual(created.assessment);
    });

    it('refuses a row with an outcome but no snapshot, or with neither assessment nor outcome', async () => {
      const { store, raw } = current();
      const w = await seedWorld(store);
      const insert = (id: string, assessment: string | null, outcome: string | null, kbHash: string) =>
        raw
          .insertInto('screenings')
          .values({
            id,
            clinic_id: w.clinic.id,
            client_id: w.client.id,
            moment: 'first_treatment',
            answers: '{}',
            assessment,
            outcome,
            disposition: 'proceed',
            kb_version: '1.0.0',
            kb_hash: kbHash,
            submitted_by: JSON.stringify({ kind: 'user', userId: w.admin.id }),
            submitted_at: T0,
            valid_until: T0,
            based_on: null,
          })
          .execute();
      await expect(insert('s-1', null, '{}', 'sha256:none')).rejects.toThrow(/snapshot/);
      await expect(insert('s-2', null, null, 'sha256:none')).rejects.toThrow();
      expect(await store.screenings.count(w.clinic.id)).toBe(0);
    });

    it('does not take a version ensured in a transaction that rolled back as stored', async () => {
      const { store, raw } = current();
      const { kb, bundle } = await knowledge();
      const w = await seedWorld(store);
      const input = engineScreening(kb, w.clinic.id, w.client.id, w.admin.id);
      await expect(
        store.transaction(async (tx) => {
          await tx.kbVersions.ensure(kb, bundle, T0);
          await tx.screenings.create(input);
          throw new Error('rolled back');
        }),
      ).rejects.toThrow('rolled back');
      expect(await store.kbVersions.list()).toEqual([]);
      const outcomes = () =>
        raw
          .selectFrom('screenings')
          .select('outcome')
          .orderBy('submitted_at')
          .execute()
          .then((rows) => rows.map((r) => r.outcome !== null));
      await store.screenings.create(input);
      expect(await outcomes()).toEqual([false]);
      await store.transaction(async (tx) => {
        await tx.kbVersions.ensure(kb, bundle, T0);
        await tx.screenings.create({ ...input, submittedAt: '2026-03-01T10:00:00.000Z' });
      });
      await store.kbVersions.ensure(kb, bundle, '2026-03-01T11:00:00.000Z');
      await store.screenings.create({ ...input, submittedAt: '2026-03-01T11:00:00.000Z' });
      expect(await outcomes()).toEqual([false, true, true]);
      expect((await store.kbVersions.list()).map((v) => v.createdAt)).toEqual([T0]);
      const read = await store.screenings.listForClient(w.clinic.id, w.client.id);
      expect(read.map((s) => s.assessment)).toStrictEqual([
        input.assessment,
        input.assessment,
        input.assessment,
      ]);
    });
  });
}
