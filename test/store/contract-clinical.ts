/** Contract: screenings (immutable, exact JSON), reviews, consents, treatments and adverse events. */
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { ANSWERS, ASSESSMENT, at, newScreening, seedWorld, T0 } from './fixtures.js';
import type { CurrentTarget } from './target.js';

export function clinicalContract(current: CurrentTarget): void {
  describe('screenings', () => {
    it('round-trips answers and assessment exactly, unicode and nested arrays included', async () => {
      const { store } = current();
      const w = await seedWorld(store);
      const created = await store.screenings.create({
        ...newScreening(w.clinic.id, w.client.id, w.admin.id),
        submittedBy: { kind: 'client', intakeId: 'intake-1' },
      });
      const read = await store.screenings.get(w.clinic.id, created.id);
      expect(read).toEqual(created);
      expect(read?.answers).toStrictEqual(ANSWERS);
      expect(read?.assessment).toStrictEqual(ASSESSMENT);
      expect(read?.submittedBy).toStrictEqual({ kind: 'client', intakeId: 'intake-1' });
    });

    it('lists per client, most recent first per clinic, pages and counts, in the clinic only', async () => {
      const { store } = current();
      const w = await seedWorld(store);
      const make = (minute: number) =>
        store.screenings.create(newScreening(w.clinic.id, w.client.id, w.admin.id, at(minute)));
      const two = await make(2);
      const one = await make(1);
      const three = await make(3);
      const ids = (list: readonly { id: string }[]) => list.map((x) => x.id);
      expect(ids(await store.screenings.listForClient(w.clinic.id, w.client.id))).toEqual(
        ids([one, two, three]),
      );
      expect(await store.screenings.latestForClient(w.clinic.id, w.client.id)).toEqual(three);
      expect(await store.screenings.latestRefForClient(w.clinic.id, w.client.id)).toEqual({
        id: three.id,
        moment: three.moment,
        disposition: three.disposition,
        submittedAt: three.submittedAt,
        validUntil: three.validUntil,
      });
      expect(ids(await store.screenings.listRecent(w.clinic.id, { limit: 2 }))).toEqual(ids([three, two]));
      expect(ids(await store.screenings.listRecent(w.clinic.id, { limit: 2, offset: 2 }))).toEqual(
        ids([one]),
      );
      expect(await store.screenings.count(w.clinic.id)).toBe(3);

      expect(await store.screenings.get(w.other.clinic.id, one.id)).toBeUndefined();
      expect(await store.screenings.listForClient(w.other.clinic.id, w.client.id)).toEqual([]);
      expect(await store.screenings.latestForClient(w.other.clinic.id, w.client.id)).toBeUndefined();
      expect(await store.screenings.latestRefForClient(w.other.clinic.id, w.client.id)).toBeUndefined();
      expect(await store.screenings.listRecent(w.other.clinic.id, { limit: 10 })).toEqual([]);
      expect(await store.screenings.count(w.other.clinic.id)).toBe(0);
    });

    it('lists the screenings no one has reviewed, most urgent first, newest first within a disposition', async () => {
      const { store } = current();
      const w = await seedWorld(store);
      const make = (minute: number, disposition: 'emergency' | 'refer' | 'proceed') =>
        store.screenings.create({
          ...newScreening(w.clinic.id, w.client.id, w.admin.id, at(minute)),
          disposition,
        });
      const oldRefer = await make(1, 'refer');
      const proceed = await make(2, 'proceed');
      const emergency = await make(3, 'emergency');
      const newRefer = await make(4, 'refer');
      const reviewed = await make(5, 'emergency');
      await store.reviews.create({
        clinicId: w.clinic.id,
        screeningId: reviewed.id,
        userId: w.practitioner.id,
        kind: 'signoff',
        note: '',
        createdAt: at(6),
      });
      const ids = (list: readonly { id: string }[]) => list.map((x) => x.id);
      expect(ids(await store.screenings.listUnreviewed(w.clinic.id, { limit: 10 }))).toEqual(
        ids([emergency, newRefer, oldRefer, proceed]),
      );
      expect(ids(await store.screenings.listUnreviewed(w.clinic.id, { limit: 2, offset: 1 }))).toEqual(
        ids([newRefer, oldRefer]),
      );
      expect(await store.screenings.listUnreviewed(w.other.clinic.id, { limit: 10 })).toEqual([]);
    });

    it("lists each client's latest screening when its re-check is due, however old, soonest first", async () => {
      const { store } = current();
      const w = await seedWorld(store);
      const second = await store.clients.create({
        clinicId: w.clinic.id,
        displayName: 'Second',
        birthYear: null,
        email: null,
        phone: null,
        createdAt: T0,
      });
      const make = (clientId: string, submitted: number, validUntil: number) =>
        store.screenings.create({
          ...newScreening(w.clinic.id, clientId, w.admin.id, at(submitted)),
          validUntil: at(validUntil),
        });
      // First client: an old screening superseded by a newer one that is due; second: one due, one not.
      await make(w.client.id, 1, 100);
      const firstDue = await make(w.client.id, 2, 300);
      await make(second.id, 3, 50);
      const secondLatest = await make(second.id, 4, 5000);
      const ids = (list: readonly { id: string }[]) => list.map((x) => x.id);
      expect(ids(await store.screenings.listRecheckDue(w.clinic.id, at(1000), { limit: 10 }))).toEqual(
        ids([firstDue]),
      );
      expect(ids(await store.screenings.listRecheckDue(w.clinic.id, at(6000), { limit: 10 }))).toEqual(
        ids([firstDue, secondLatest]),
      );
      expect(await store.screenings.listRecheckDue(w.clinic.id, at(200), { limit: 10 })).toEqual([]);
      expect(await store.screenings.listRecheckDue(w.other.clinic.id, at(6000), { limit: 10 })).toEqual([]);
      await expect(store.screenings.listRecheckDue(w.clinic.id, 'tomorrow', { limit: 10 })).rejects.toThrow(
        /UTC timestamp/,
      );
    });

    it('pages through every screening for impact analysis: keyset pages, one clinic or all, answers exact', async () => {
      const { store } = current();
      const w = await seedWorld(store);
      const mine = await Promise.all(
        [1, 2, 3, 4, 5].map((m) =>
          store.screenings.create(newScreening(w.clinic.id, w.client.id, w.admin.id, at(m))),
        ),
      );
      const theirs = await store.screenings.create(
        newScreening(w.other.clinic.id, w.other.client.id, w.other.practitioner.id),
      );
      const walk = async (clinicId?: string) => {
        const seen: string[] = [];
        let after: string | undefined;
        for (;;) {
          const page = await store.screenings.answersPage(after, 2, clinicId);
          if (page.length === 0) return seen;
          expect(page.length).toBeLessThanOrEqual(2);
          for (const s of page) {
            expect(JSON.parse(s.answersJson)).toStrictEqual(ANSWERS);
            expect(s.kbHash).toBe('f'.repeat(64));
            seen.push(s.id);
          }
          after = page.at(-1)?.id;
        }
      };
      const clinicOnly = await walk(w.clinic.id);
      expect(clinicOnly).toEqual(mine.map((s) => s.id).sort());
      expect(await store.screenings.countAnswers(w.clinic.id)).toBe(5);
      const all = await walk();
      expect(all).toEqual([...all].sort());
      expect(all).toEqual(expect.arrayContaining([...clinicOnly, theirs.id]));
      expect(await store.screenings.countAnswers()).toBe(all.length);
    });

    it('cannot be changed: no update method, and the database refuses an UPDATE', async () => {
      const { store, raw } = current();
      const w = await seedWorld(store);
      const screening = await store.screenings.create(newScreening(w.clinic.id, w.client.id, w.admin.id));
      expect(Object.keys(store.screenings).sort()).toEqual([
        'answersPage',
        'count',
        'countAnswers',
        'create',
        'get',
        'latestForClient',
        'latestRefForClient',
        'listForClient',
        'listRecent',
        'listRecheckDue',
        'listUnreviewed',
      ]);
      await expect(
        raw
          .updateTable('screenings')
          .set({ disposition: 'proceed' })
          .where('id', '=', screening.id)
          .execute(),
      ).rejects.toThrow(/immutable/);
      expect(await store.screenings.get(w.clinic.id, screening.id)).toEqual(screening);
    });

    it('refuses a screening for a client of another clinic', async () => {
      const { store } = current();
      const w = await seedWorld(store);
      await expect(
        store.screenings.create(newScreening(w.other.clinic.id, w.client.id, w.admin.id)),
      ).rejects.toMatchObject({ kind: 'reference' });
    });
  });

  describe('reviews', () => {
    it('stores sign-offs and overrides, listed per screening in its clinic only', async () => {
      const { store } = current();
      const w = await seedWorld(store);
      const screening = await store.screenings.create(newScreening(w.clinic.id, w.client.id, w.admin.id));
      const base = { clinicId: w.clinic.id, screeningId: screening.id, userId: w.practitioner.id };
      const signoff = await store.reviews.create({ ...base, kind: 'signoff', note: 'vu', createdAt: at(1) });
      const override = await store.reviews.create({
        ...base,
        kind: 'override',
        note: '',
        techniqueId: 'light_massage',
        decision: 'precautions',
        reasonCode: 'medical_clearance_obtained',
        reasonText: 'Letter from GP, 2026-02-27',
        createdAt: at(2),
      });
      expect(signoff).toEqual({
        ...base,
        id: expect.any(String),
        kind: 'signoff',
        note: 'vu',
        createdAt: at(1),
      });
      expect(await store.reviews.listForScreening(w.clinic.id, screening.id)).toEqual([signoff, override]);
      expect(await store.reviews.listForScreening(w.other.clinic.id, screening.id)).toEqual([]);
      await expect(
        store.reviews.create({
          ...base,
          clinicId: w.other.clinic.id,
          userId: w.other.practitioner.id,
          kind: 'signoff',
          note: '',
          createdAt: T0,
        }),
      ).rejects.toMatchObject({ kind: 'reference' });
    });
  });

  describe('consents, treatments and adverse events', () => {
    it('creates, gets and lists them, per client and per clinic since a time, in their clinic only', async () => {
      const { store } = current();
      const w = await seedWorld(store);
      const screening = await store.screenings.create(newScreening(w.clinic.id, w.client.id, w.admin.id));
      const ids = { clinicId: w.clinic.id, clientId: w.client.id };
      const consent = await store.consents.create({
        ...ids,
        screeningId: screening.id,
        techniques: ['light_massage', 'stretching'],
        lang: 'fr',
        textShown: 'J’accepte… « texte » exact\n',
        signerName: 'Zoë',
        signedAt: at(1),
        recordedBy: null,
        signature: `data:image/png;base64,${'iVBORw0KGgo'.repeat(400)}`,
      });
      const early = await store.treatments.create({
        ...ids,
        screeningId: screening.id,
        practitionerId: w.practitioner.id,
        date: '2026-03-01',
        techniques: ['light_massage'],
        createdAt: at(2),
      });
      const late = await store.treatments.create({
        ...ids,
        screeningId: null,
        practitionerId: w.practitioner.id,
        date: '2026-03-02',
        techniques: [],
        createdAt: at(10),
      });
      const event = await store.adverseEvents.create({
        ...ids,
        treatmentId: early.id,
        techniqueId: 'light_massage',
        onset: at(3),
        symptoms: 'dizziness',
        severity: 2,
        actionTaken: 'stopped',
        followUp: 'call tomorrow',
        reportedBy: w.practitioner.id,
        createdAt: at(4),
        triageScreeningId: null,
      });

      expect(await store.consents.get(w.clinic.id, consent.id)).toEqual(consent);
      expect(await store.consents.listForClient(w.clinic.id, w.client.id)).toEqual([consent]);
      expect(await store.treatments.get(w.clinic.id, early.id)).toEqual(early);
      expect(await store.treatments.listForClient(w.clinic.id, w.client.id)).toEqual([early, late]);
      expect(await store.treatments.listForClinic(w.clinic.id, at(2))).toEqual([early, late]);
      expect(await store.treatments.listForClinic(w.clinic.id, at(3))).toEqual([late]);
      expect(await store.adverseEvents.get(w.clinic.id, event.id)).toEqual(event);
      expect(await store.adverseEvents.listForClient(w.clinic.id, w.client.id)).toEqual([event]);
      expect(await store.adverseEvents.listForClinic(w.clinic.id, T0)).toEqual([event]);
      expect(await store.adverseEvents.listForClinic(w.clinic.id, at(5))).toEqual([]);

      const other = w.other.clinic.id;
      expect(await store.consents.get(other, consent.id)).toBeUndefined();
      expect(await store.consents.listForClient(other, w.client.id)).toEqual([]);
      expect(await store.treatments.get(other, early.id)).toBeUndefined();
      expect(await store.treatments.listForClient(other, w.client.id)).toEqual([]);
      expect(await store.treatments.listForClinic(other, T0)).toEqual([]);
      expect(await store.adverseEvents.get(other, event.id)).toBeUndefined();
      expect(await store.adverseEvents.listForClient(other, w.client.id)).toEqual([]);
      expect(await store.adverseEvents.listForClinic(other, T0)).toEqual([]);
    });

    it('refuses records that point at another clinic’s client, screening, treatment or staff', async () => {
      const { store } = current();
      const w = await seedWorld(store);
      const screening = await store.screenings.create(newScreening(w.clinic.id, w.client.id, w.admin.id));
      const theirs = { clinicId: w.other.clinic.id, clientId: w.other.client.id };
      await expect(
        store.treatments.create({
          ...theirs,
          screeningId: screening.id,
          practitionerId: w.other.practitioner.id,
          date: '2026-03-01',
          techniques: [],
          createdAt: T0,
        }),
      ).rejects.toMatchObject({ kind: 'reference' });
      await expect(
        store.treatments.create({
          ...theirs,
          screeningId: null,
          practitionerId: w.practitioner.id,
          date: '2026-03-01',
          techniques: [],
          createdAt: T0,
        }),
      ).rejects.toMatchObject({ kind: 'reference' });
      await expect(
        store.consents.create({
          ...theirs,
          screeningId: screening.id,
          techniques: [],
          lang: 'en',
          textShown: 't',
          signerName: 's',
          signedAt: T0,
          recordedBy: null,
          signature: null,
        }),
      ).rejects.toMatchObject({ kind: 'reference' });
      expect(await store.treatments.listForClinic(w.other.clinic.id, T0)).toEqual([]);
    });

    it('keeps consents and reviews as written: the database refuses an UPDATE', async () => {
      const { store, raw } = current();
      const w = await seedWorld(store);
      const screening = await store.screenings.create(newScreening(w.clinic.id, w.client.id, w.admin.id));
      await store.consents.create({
        clinicId: w.clinic.id,
        clientId: w.client.id,
        screeningId: screening.id,
        techniques: [],
        lang: 'en',
        textShown: 'original',
        signerName: 's',
        signedAt: T0,
        recordedBy: null,
        signature: 'data:image/png;base64,iVBORw0KGgo=',
      });
      await expect(sql`update consents set text_shown = 'changed'`.execute(raw)).rejects.toThrow(/immutable/);
      await expect(sql`update consents set signature = null`.execute(raw)).rejects.toThrow(/immutable/);
    });
  });
}
