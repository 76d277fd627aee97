/** Contract: transactions, erasure and migrations. */
import { describe, expect, it } from 'vitest';
import type { Repos } from '../../src/store/port.js';
import { at, event, newIntake, newScreening, seedClinic, seedWorld, T0 } from './fixtures.js';
import type { CurrentTarget } from './target.js';

/** Every kind of record about one client. */
async function recordsAbout(repos: Repos, clinicId: string, clientId: string, userId: string) {
  const screening = await repos.screenings.create(newScreening(clinicId, clientId, userId));
  const intake = await repos.intakes.create(newIntake(clinicId, clientId, userId));
  await repos.intakes.markUsed(clinicId, intake.id, at(1), screening.id);
  const review = await repos.reviews.create({
    clinicId,
    screeningId: screening.id,
    userId,
    kind: 'signoff',
    note: '',
    createdAt: T0,
  });
  const consent = await repos.consents.create({
    clinicId,
    clientId,
    screeningId: screening.id,
    techniques: ['a'],
    lang: 'en',
    textShown: 't',
    signerName: 's',
    signedAt: T0,
    recordedBy: userId,
    signature: null,
  });
  const treatment = await repos.treatments.create({
    clinicId,
    clientId,
    screeningId: screening.id,
    practitionerId: userId,
    date: '2026-03-01',
    techniques: ['a'],
    createdAt: T0,
  });
  const adverse = await repos.adverseEvents.create({
    clinicId,
    clientId,
    treatmentId: treatment.id,
    techniqueId: null,
    onset: T0,
    symptoms: 's',
    severity: 1,
    actionTaken: '',
    followUp: '',
    reportedBy: userId,
    createdAt: T0,
    triageScreeningId: null,
  });
  return { screening, intake, review, consent, treatment, adverse };
}

async function snapshot(repos: Repos, clinicId: string, clientId: string) {
  const screenings = await repos.screenings.listForClient(clinicId, clientId);
  return {
    client: await repos.clients.get(clinicId, clientId),
    screenings,
    reviews: (
      await Promise.all(screenings.map((s) => repos.reviews.listForScreening(clinicId, s.id)))
    ).flat(),
    intakes: await repos.intakes.listForClient(clinicId, clientId),
    consents: await repos.consents.listForClient(clinicId, clientId),
    treatments: await repos.treatments.listForClient(clinicId, clientId),
    adverseEvents: await repos.adverseEvents.listForClient(clinicId, clientId),
  };
}

export function integrityContract(current: CurrentTarget): void {
  describe('transactions', () => {
    it('commits every write, audit entry included, or none', async () => {
      const { store } = current();
      const clinic = await store.clinics.create({ name: 'c', createdAt: T0 });
      const client = await store.transaction(async (tx) => {
        const created = await tx.clients.create({
          clinicId: clinic.id,
          displayName: 'kept',
          birthYear: null,
          email: null,
          phone: null,
          createdAt: T0,
        });
        await tx.audit.append(event(clinic.id, 'client.create'));
        return created;
      });
      await expect(
        store.transaction(async (tx) => {
          await tx.clients.create({
            clinicId: clinic.id,
            displayName: 'lost',
            birthYear: null,
            email: null,
            phone: null,
            createdAt: T0,
          });
          await tx.audit.append(event(clinic.id, 'client.create'));
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      expect(await store.clients.list(clinic.id, { limit: 10 })).toEqual([client]);
      expect((await store.audit.scan(0, 10)).map((e) => e.seq)).toEqual([1]);
      expect(await store.audit.head()).toMatchObject({ seq: 1 });
      expect((await store.audit.append(event(clinic.id, 'after'))).seq).toBe(2);
    });

    it('rolls back when a write inside fails, and refuses the store’s own repositories inside', async () => {
      const { store } = current();
      const w = await seedWorld(store);
      await expect(
        store.transaction(async (tx) => {
          await tx.clients.update(w.clinic.id, w.client.id, { displayName: 'renamed' });
          await tx.users.create({ ...w.admin, passwordHash: 'x' });
        }),
      ).rejects.toMatchObject({ kind: 'unique' });
      expect((await store.clients.get(w.clinic.id, w.client.id))?.displayName).toBe(w.client.displayName);
      await expect(
        store.transaction(async () => {
          await store.clients.get(w.clinic.id, w.client.id);
        }),
      ).rejects.toThrow(/use the repositories passed/);
      await expect(store.transaction(() => store.transaction(async () => 1))).rejects.toThrow(/do not nest/);
      let later: Promise<number> | undefined;
      await store.transaction(async () => {
        later = new Promise((resolve) => setTimeout(resolve, 5)).then(() => store.clinics.count());
      });
      expect(await later).toBe(2);
      expect(await store.clients.get(w.clinic.id, w.client.id)).toEqual(w.client);
    });

    it('runs transactions concurrently without losing any', async () => {
      const { store } = current();
      const clinic = await store.clinics.create({ name: 'c', createdAt: T0 });
      await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          store.transaction(async (tx) => {
            await tx.clients.create({
              clinicId: clinic.id,
              displayName: `c${i}`,
              birthYear: null,
              email: null,
              phone: null,
              createdAt: at(i),
            });
            await tx.audit.append(event(clinic.id, 'client.create', i));
          }),
        ),
      );
      expect(await store.clients.list(clinic.id, { limit: 100 })).toHaveLength(20);
      expect(await store.audit.head()).toMatchObject({ seq: 20 });
    });
  });

  describe('erasure', () => {
    it('deletes the client and every record about them, and nothing else', async () => {
      const { store } = current();
      const w = await seedWorld(store);
      const sibling = await store.clients.create({ ...w.client, displayName: 'Sibling', createdAt: T0 });
      const erased = await recordsAbout(store, w.clinic.id, w.client.id, w.practitioner.id);
      await recordsAbout(store, w.clinic.id, sibling.id, w.practitioner.id);
      await recordsAbout(store, w.other.clinic.id, w.other.client.id, w.other.practitioner.id);
      await store.audit.append(event(w.clinic.id, 'client.read'));
      const before = {
        sibling: await snapshot(store, w.clinic.id, sibling.id),
        other: await snapshot(store, w.other.clinic.id, w.other.client.id),
      };

      expect(await store.clients.erase(w.other.clinic.id, w.client.id)).toBe(false);
      expect((await snapshot(store, w.clinic.id, w.client.id)).screenings).toHaveLength(1);
      expect(await store.clients.erase(w.clinic.id, w.client.id)).toBe(true);

      expect(await snapshot(store, w.clinic.id, w.client.id)).toEqual({
        client: undefined,
        screenings: [],
        reviews: [],
        intakes: [],
        consents: [],
        treatments: [],
        adverseEvents: [],
      });
      expect(await store.screenings.get(w.clinic.id, erased.screening.id)).toBeUndefined();
      expect(await store.intakes.findByTokenHash(erased.intake.tokenHash)).toBeUndefined();
      expect(await store.consents.get(w.clinic.id, erased.consent.id)).toBeUndefined();
      expect(await store.treatments.get(w.clinic.id, erased.treatment.id)).toBeUndefined();
      expect(await store.adverseEvents.get(w.clinic.id, erased.adverse.id)).toBeUndefined();
      expect(await snapshot(store, w.clinic.id, sibling.id)).toEqual(before.sibling);
      expect(await snapshot(store, w.other.clinic.id, w.other.client.id)).toEqual(before.other);
      expect(await store.audit.head()).toMatchObject({ seq: 1 });
      expect(await store.clients.erase(w.clinic.id, w.client.id)).toBe(false);
    });

    it('erases inside a transaction that rolls back: nothing is lost', async () => {
      const { store } = current();
      const { clinic, client, practitioner } = await seedClinic(store, 'c');
      await recordsAbout(store, clinic.id, client.id, practitioner.id);
      const before = await snapshot(store, clinic.id, client.id);
      await expect(
        store.transaction(async (tx) => {
          expect(await tx.clients.erase(clinic.id, client.id)).toBe(true);
          throw new Error('audit failed');
        }),
      ).rejects.toThrow('audit failed');
      expect(await snapshot(store, clinic.id, client.id)).toEqual(before);
    });
  });

  describe('migrations', () => {
    it('are idempotent: a second run applies nothing and keeps the data', async () => {
      const { store, migrate } = current();
      const clinic = await store.clinics.create({ name: 'c', createdAt: T0 });
      expect(await migrate()).toEqual([]);
      expect(await store.clinics.get(clinic.id)).toEqual(clinic);
    });
  });
}
