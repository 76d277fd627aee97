/** Contract: clinical leads and the clinic's sign-offs of rules (append-only, one current per rule). */
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { currentSignoffs } from '../../src/clinic/index.js';
import { StoreConstraintError } from '../../src/store/errors.js';
import type { RuleSignoff } from '../../src/store/types.js';
import { at, seedWorld } from './fixtures.js';
import type { CurrentTarget } from './target.js';

const KB = `sha256:${'a'.repeat(64)}`;

export function ruleSignoffsContract(current: CurrentTarget): void {
  describe('clinical leads and rule sign-offs', () => {
    it('designates a clinical lead and keeps it on the user', async () => {
      const { store } = current();
      const w = await seedWorld(store);
      expect(w.practitioner.clinicalLead).toBe(false);
      const updated = await store.users.update(w.clinic.id, w.practitioner.id, { clinicalLead: true });
      expect(updated?.clinicalLead).toBe(true);
      expect((await store.users.get(w.clinic.id, w.practitioner.id))?.clinicalLead).toBe(true);
      // Another clinic cannot designate someone else's practitioner.
      expect(await store.users.update(w.other.clinic.id, w.practitioner.id, { clinicalLead: false })).toBe(
        undefined,
      );
    });

    it('appends sign-offs, lists them per clinic and rule, and a new one supersedes the last', async () => {
      const { store } = current();
      const w = await seedWorld(store);
      const sign = (over: Partial<Omit<RuleSignoff, 'id'>>) =>
        store.ruleSignoffs.create({
          clinicId: w.clinic.id,
          ruleId: 'E1',
          ruleVersion: 1,
          kbHash: KB,
          userId: w.practitioner.id,
          verdict: 'changes_requested',
          comment: 'Seuil «trop bas» — à revoir',
          signedAt: at(1),
          supersedes: null,
          ...over,
        });
      const first = await sign({});
      expect(first).toMatchObject({ ruleId: 'E1', ruleVersion: 1, verdict: 'changes_requested' });
      const second = await sign({ verdict: 'approved', comment: '', signedAt: at(1), supersedes: first.id });
      const other = await sign({ ruleId: 'R2', signedAt: at(2) });
      await store.ruleSignoffs.create({
        clinicId: w.other.clinic.id,
        ruleId: 'E1',
        ruleVersion: 1,
        kbHash: KB,
        userId: w.other.practitioner.id,
        verdict: 'approved',
        comment: 'B',
        signedAt: at(0),
        supersedes: null,
      });
      const all = await store.ruleSignoffs.list(w.clinic.id);
      expect(all.map((s) => s.id).sort()).toEqual([first.id, second.id, other.id].sort());
      expect(all.at(-1)).toEqual(other);
      expect((await store.ruleSignoffs.list(w.clinic.id, 'E1')).map((s) => s.id).sort()).toEqual(
        [first.id, second.id].sort(),
      );
      const now = currentSignoffs(all);
      expect(now.get('E1')).toEqual(second);
      expect(now.get('R2')).toEqual(other);
      expect((await store.ruleSignoffs.list(w.other.clinic.id)).map((s) => s.comment)).toEqual(['B']);
    });

    it('refuses a second first sign-off, superseding twice, and a signer of another clinic', async () => {
      const { store } = current();
      const w = await seedWorld(store);
      const base = {
        clinicId: w.clinic.id,
        ruleId: 'E1',
        ruleVersion: 2,
        kbHash: KB,
        userId: w.practitioner.id,
        verdict: 'approved' as const,
        comment: '',
        signedAt: at(1),
        supersedes: null,
      };
      const first = await store.ruleSignoffs.create(base);
      await expect(store.ruleSignoffs.create(base)).rejects.toBeInstanceOf(StoreConstraintError);
      await store.ruleSignoffs.create({ ...base, supersedes: first.id });
      await expect(store.ruleSignoffs.create({ ...base, supersedes: first.id })).rejects.toBeInstanceOf(
        StoreConstraintError,
      );
      await expect(
        store.ruleSignoffs.create({ ...base, ruleId: 'R9', userId: w.other.practitioner.id }),
      ).rejects.toBeInstanceOf(StoreConstraintError);
      expect(await store.ruleSignoffs.list(w.clinic.id)).toHaveLength(2);
    });

    it('the database itself refuses to change or delete a sign-off', async () => {
      const { store, raw } = current();
      const w = await seedWorld(store);
      await store.ruleSignoffs.create({
        clinicId: w.clinic.id,
        ruleId: 'E1',
        ruleVersion: 1,
        kbHash: KB,
        userId: w.practitioner.id,
        verdict: 'approved',
        comment: '',
        signedAt: at(1),
        supersedes: null,
      });
      await expect(
        raw.updateTable('rule_signoffs').set({ verdict: 'changes_requested' }).execute(),
      ).rejects.toThrow(/immutable/);
      await expect(raw.deleteFrom('rule_signoffs').execute()).rejects.toThrow(/immutable/);
      if (store.dialect === 'postgres')
        await expect(sql`truncate rule_signoffs`.execute(raw)).rejects.toThrow(/immutable/);
      expect(await store.ruleSignoffs.list(w.clinic.id)).toHaveLength(1);
    });
  });
}
