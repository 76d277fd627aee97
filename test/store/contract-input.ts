/** Contract: values that one database would keep and the other refuse are refused by both, up front. */
import { describe, expect, it } from 'vitest';
import { StoreInputError } from '../../src/store/errors.js';
import { at, newScreening, seedWorld } from './fixtures.js';
import type { CurrentTarget } from './target.js';

export function inputContract(current: CurrentTarget): void {
  describe('input both databases treat alike', () => {
    it('refuses timestamps that would not sort as text', async () => {
      const { store } = current();
      await expect(store.clinics.create({ name: 'x', createdAt: '2026-03-01 09:00' })).rejects.toThrow(
        StoreInputError,
      );
      await expect(store.sessions.deleteExpired('tomorrow')).rejects.toThrow(StoreInputError);
      expect(await store.clinics.count()).toBe(0);
    });

    it('refuses NUL in text, whether written or looked up', async () => {
      const { store } = current();
      const w = await seedWorld(store);
      const nul = 'Ann\u0000Bob';
      await expect(store.clients.create({ ...w.client, displayName: nul })).rejects.toThrow(StoreInputError);
      await expect(store.clients.update(w.clinic.id, w.client.id, { phone: nul })).rejects.toThrow(
        StoreInputError,
      );
      await expect(store.clients.get(w.clinic.id, nul)).rejects.toThrow(StoreInputError);
      await expect(store.sessions.get(nul)).rejects.toThrow(StoreInputError);
      expect(await store.clients.get(w.clinic.id, w.client.id)).toEqual(w.client);
      const inJson = await store.screenings.create({
        ...newScreening(w.clinic.id, w.client.id, w.admin.id),
        answers: { note: nul },
      });
      expect((await store.screenings.get(w.clinic.id, inJson.id))?.answers).toEqual({ note: nul });
    });

    it('refuses JSON that would not read back equal, fractional years and negative pages', async () => {
      const { store } = current();
      const w = await seedWorld(store);
      const screening = newScreening(w.clinic.id, w.client.id, w.admin.id);
      await expect(store.screenings.create({ ...screening, answers: { age: Number.NaN } })).rejects.toThrow(
        StoreInputError,
      );
      expect(await store.screenings.count(w.clinic.id)).toBe(0);
      await expect(
        store.clients.create({ ...w.client, birthYear: 1979.5, createdAt: at(1) }),
      ).rejects.toThrow(StoreInputError);
      await expect(store.clients.list(w.clinic.id, { limit: -1 })).rejects.toThrow(StoreInputError);
      await expect(store.audit.listForClinic(w.clinic.id, { limit: 10, offset: 0.5 })).rejects.toThrow(
        StoreInputError,
      );
      expect(await store.clients.list(w.clinic.id, { limit: 0 })).toEqual([]);
      expect(await store.clients.list(w.clinic.id, { limit: 10 })).toEqual([w.client]);
    });
  });
}
