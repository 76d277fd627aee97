/** Contract: clients (search, paging, isolation) and single-use intake links. */
import { describe, expect, it } from 'vitest';
import { at, newIntake, newScreening, seedWorld, T0 } from './fixtures.js';
import type { CurrentTarget } from './target.js';

export function clientsContract(current: CurrentTarget): void {
  describe('clients', () => {
    it('creates, gets and updates clients in their clinic only', async () => {
      const { store } = current();
      const w = await seedWorld(store);
      const client = await store.clients.create({
        clinicId: w.clinic.id,
        displayName: 'Zoë Ångström',
        birthYear: null,
        email: 'zoe@example.org',
        phone: '+33 6 12 34 56 78',
        createdAt: at(1),
      });
      expect(await store.clients.get(w.clinic.id, client.id)).toEqual(client);
      const updated = await store.clients.update(w.clinic.id, client.id, { birthYear: 1990, phone: null });
      expect(updated).toEqual({ ...client, birthYear: 1990, phone: null });
      expect(await store.clients.get(w.clinic.id, client.id)).toEqual(updated);

      expect(await store.clients.get(w.other.clinic.id, client.id)).toBeUndefined();
      expect(await store.clients.update(w.other.clinic.id, client.id, { displayName: 'x' })).toBeUndefined();
      expect(await store.clients.list(w.other.clinic.id, { limit: 10 })).toEqual([w.other.client]);
      expect(await store.clients.get(w.clinic.id, client.id)).toEqual(updated);
    });

    it('lists the clients of the clinic among given ids, ignoring unknown and other clinics ids', async () => {
      const { store } = current();
      const w = await seedWorld(store);
      const byName = (list: readonly { displayName: string }[]) => list.map((c) => c.displayName).sort();
      expect(
        byName(
          await store.clients.listByIds(w.clinic.id, [w.client.id, w.client.id, w.other.client.id, 'nope']),
        ),
      ).toEqual([w.client.displayName]);
      expect(await store.clients.listByIds(w.clinic.id, [])).toEqual([]);
    });

    it('lists newest first, pages, and searches name, email and phone ignoring case and accents', async () => {
      const { store } = current();
      const w = await seedWorld(store);
      const make = (displayName: string, minute: number, email: string | null = null) =>
        store.clients.create({
          clinicId: w.clinic.id,
          displayName,
          birthYear: null,
          email,
          phone: null,
          createdAt: at(minute),
        });
      const helene = await make('Hélène Dupré', 1);
      const percent = await make('100% Bob_x', 2);
      const ann = await make('Ann', 3, 'ann.HELENE@example.org');
      const ids = async (query: Parameters<typeof store.clients.list>[1]) =>
        (await store.clients.list(w.clinic.id, query)).map((c) => c.id);

      expect(await ids({ limit: 10 })).toEqual([ann.id, percent.id, helene.id, w.client.id]);
      expect(await ids({ limit: 2, offset: 1 })).toEqual([percent.id, helene.id]);
      expect(await ids({ limit: 10, search: 'helene' })).toEqual([ann.id, helene.id]);
      expect(await ids({ limit: 10, search: '  DUPRÉ ' })).toEqual([helene.id]);
      expect(await ids({ limit: 10, search: '%' })).toEqual([percent.id]);
      expect(await ids({ limit: 10, search: 'b_x' })).toEqual([percent.id]);
      expect(await ids({ limit: 10, search: 'bob%x' })).toEqual([]);
      expect(await ids({ limit: 10, search: '' })).toHaveLength(4);
      expect(await store.clients.list(w.other.clinic.id, { limit: 10, search: 'helene' })).toEqual([]);
    });
  });

  describe('intakes', () => {
    it('creates, gets, finds by token hash and lists intakes', async () => {
      const { store } = current();
      const w = await seedWorld(store);
      const intake = await store.intakes.create(newIntake(w.clinic.id, w.client.id, w.admin.id));
      expect(intake).toMatchObject({ usedAt: null, screeningId: null, moment: 'later_treatment' });
      expect(await store.intakes.get(w.clinic.id, intake.id)).toEqual(intake);
      expect(await store.intakes.findByTokenHash(intake.tokenHash)).toEqual(intake);
      expect(await store.intakes.findByTokenHash('unknown')).toBeUndefined();
      expect(await store.intakes.listForClient(w.clinic.id, w.client.id)).toEqual([intake]);
      expect(await store.intakes.get(w.other.clinic.id, intake.id)).toBeUndefined();
      expect(await store.intakes.listForClient(w.other.clinic.id, w.client.id)).toEqual([]);
      await expect(
        store.intakes.create({
          ...newIntake(w.clinic.id, w.client.id, w.admin.id),
          tokenHash: intake.tokenHash,
        }),
      ).rejects.toMatchObject({ kind: 'unique' });
    });

    it('is used once: markUsed succeeds once, never for another clinic', async () => {
      const { store } = current();
      const w = await seedWorld(store);
      const intake = await store.intakes.create(newIntake(w.clinic.id, w.client.id, w.admin.id));
      const screening = await store.screenings.create(newScreening(w.clinic.id, w.client.id, w.admin.id));
      expect(await store.intakes.markUsed(w.other.clinic.id, intake.id, at(1), screening.id)).toBe(false);
      expect(await store.intakes.markUsed(w.clinic.id, 'no-such-intake', at(1), screening.id)).toBe(false);
      expect(await store.intakes.markUsed(w.clinic.id, intake.id, at(2), screening.id)).toBe(true);
      expect(await store.intakes.markUsed(w.clinic.id, intake.id, at(3), screening.id)).toBe(false);
      expect(await store.intakes.get(w.clinic.id, intake.id)).toEqual({
        ...intake,
        usedAt: at(2),
        screeningId: screening.id,
      });
    });

    it('lets exactly one of 10 concurrent markUsed calls win', async () => {
      const { store } = current();
      const w = await seedWorld(store);
      const intake = await store.intakes.create(newIntake(w.clinic.id, w.client.id, w.admin.id));
      const screening = await store.screenings.create(newScreening(w.clinic.id, w.client.id, w.admin.id));
      const results = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          store.intakes.markUsed(w.clinic.id, intake.id, at(i), screening.id),
        ),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
    });

    it('refuses to link an intake to a screening of another client', async () => {
      const { store } = current();
      const w = await seedWorld(store);
      const second = await store.clients.create({ ...w.client, displayName: 'Second', createdAt: T0 });
      const intake = await store.intakes.create(newIntake(w.clinic.id, w.client.id, w.admin.id));
      const screening = await store.screenings.create(newScreening(w.clinic.id, second.id, w.admin.id));
      await expect(store.intakes.markUsed(w.clinic.id, intake.id, at(1), screening.id)).rejects.toMatchObject(
        {
          kind: 'reference',
        },
      );
      expect((await store.intakes.get(w.clinic.id, intake.id))?.usedAt).toBeNull();
    });
  });
}
