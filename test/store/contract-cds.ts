/** Contract: clients linked to EHR patients, and CDS feedback stored once per card, outcome and time. */
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { StoreInputError } from '../../src/store/errors.js';
import type { CdsFeedback } from '../../src/store/types.js';
import { at, seedWorld, T0 } from './fixtures.js';
import type { CurrentTarget } from './target.js';

const EHR = 'https://ehr.example.org';
const CARD = '8d1b1e8c-5f4e-4b59-9a3c-1a2b3c4d5e6f';

function feedback(
  clinicId: string,
  overrides: Partial<Omit<CdsFeedback, 'id'>> = {},
): Omit<CdsFeedback, 'id'> {
  return {
    clinicId,
    serviceId: 'neckcheck-patient-view',
    cardUuid: CARD,
    outcome: 'overridden',
    acceptedSuggestions: [],
    overrideReason: {
      system: 'https://neckcheck.example/fhir/CodeSystem/cds-override-reasons',
      code: 'medical_clearance_obtained',
      display: 'Medical clearance obtained',
    },
    overrideComment: 'Cleared by the GP «aujourd’hui» 😊',
    outcomeTimestamp: at(5),
    receivedAt: at(6),
    issuer: 'https://ehr.example.org',
    ...overrides,
  };
}

export function cdsContract(current: CurrentTarget): void {
  describe('clients linked to EHR patients', () => {
    it('creates, finds, moves and clears a link, in its clinic only', async () => {
      const { store } = current();
      const w = await seedWorld(store);
      expect(w.client.ehrPatient).toBeNull();
      const linked = await store.clients.create({
        clinicId: w.clinic.id,
        displayName: 'Linked',
        birthYear: null,
        email: null,
        phone: null,
        createdAt: at(1),
        ehrPatient: { system: EHR, patientId: 'pat-1' },
      });
      expect(linked.ehrPatient).toEqual({ system: EHR, patientId: 'pat-1' });
      expect(await store.clients.get(w.clinic.id, linked.id)).toEqual(linked);
      expect(await store.clients.findByEhrPatient(w.clinic.id, EHR, 'pat-1')).toEqual(linked);
      expect(await store.clients.findByEhrPatient(w.clinic.id, EHR, 'pat-2')).toBeUndefined();
      expect(
        await store.clients.findByEhrPatient(w.clinic.id, 'https://other.example', 'pat-1'),
      ).toBeUndefined();
      expect(await store.clients.findByEhrPatient(w.other.clinic.id, EHR, 'pat-1')).toBeUndefined();

      const moved = await store.clients.update(w.clinic.id, linked.id, {
        ehrPatient: { system: EHR, patientId: 'pat-2' },
      });
      expect(moved).toEqual({ ...linked, ehrPatient: { system: EHR, patientId: 'pat-2' } });
      expect(await store.clients.findByEhrPatient(w.clinic.id, EHR, 'pat-1')).toBeUndefined();
      expect(await store.clients.findByEhrPatient(w.clinic.id, EHR, 'pat-2')).toEqual(moved);
      const renamed = await store.clients.update(w.clinic.id, linked.id, { displayName: 'Renamed' });
      expect(renamed?.ehrPatient).toEqual({ system: EHR, patientId: 'pat-2' });
      const cleared = await store.clients.update(w.clinic.id, linked.id, { ehrPatient: null });
      expect(cleared?.ehrPatient).toBeNull();
      expect(await store.clients.findByEhrPatient(w.clinic.id, EHR, 'pat-2')).toBeUndefined();
      expect(
        await store.clients.update(w.other.clinic.id, linked.id, {
          ehrPatient: { system: EHR, patientId: 'x' },
        }),
      ).toBeUndefined();
    });

    it('links one EHR patient to at most one client per clinic, and to one in each clinic', async () => {
      const { store } = current();
      const w = await seedWorld(store);
      const link = { system: EHR, patientId: 'shared' };
      await store.clients.update(w.clinic.id, w.client.id, { ehrPatient: link });
      await expect(
        store.clients.create({ ...w.client, displayName: 'Twin', createdAt: at(1), ehrPatient: link }),
      ).rejects.toMatchObject({ kind: 'unique' });
      const second = await store.clients.create({ ...w.client, displayName: 'Second', ehrPatient: null });
      await expect(store.clients.update(w.clinic.id, second.id, { ehrPatient: link })).rejects.toMatchObject({
        kind: 'unique',
      });
      const other = await store.clients.update(w.other.clinic.id, w.other.client.id, { ehrPatient: link });
      expect(other?.ehrPatient).toEqual(link);
      expect((await store.clients.findByEhrPatient(w.clinic.id, EHR, 'shared'))?.id).toBe(w.client.id);
      expect((await store.clients.findByEhrPatient(w.other.clinic.id, EHR, 'shared'))?.id).toBe(
        w.other.client.id,
      );
    });

    it('refuses half a link, in the store and in the database', async () => {
      const { store, raw } = current();
      const w = await seedWorld(store);
      await expect(
        store.clients.update(w.clinic.id, w.client.id, { ehrPatient: { system: EHR, patientId: '' } }),
      ).rejects.toThrow(StoreInputError);
      await expect(
        store.clients.create({ ...w.client, createdAt: at(1), ehrPatient: { system: '', patientId: 'p' } }),
      ).rejects.toThrow(StoreInputError);
      await expect(
        sql`update clients set ehr_system = ${EHR} where id = ${w.client.id}`.execute(raw),
      ).rejects.toThrow();
      expect(await store.clients.get(w.clinic.id, w.client.id)).toEqual(w.client);
    });

    it('erases a linked client with their link', async () => {
      const { store } = current();
      const w = await seedWorld(store);
      await store.clients.update(w.clinic.id, w.client.id, {
        ehrPatient: { system: EHR, patientId: 'gone' },
      });
      expect(await store.clients.erase(w.clinic.id, w.client.id)).toBe(true);
      expect(await store.clients.findByEhrPatient(w.clinic.id, EHR, 'gone')).toBeUndefined();
      const again = await store.clients.create({
        ...w.client,
        createdAt: T0,
        ehrPatient: { system: EHR, patientId: 'gone' },
      });
      expect(again.ehrPatient).toEqual({ system: EHR, patientId: 'gone' });
    });
  });

  describe('CDS feedback', () => {
    it('stores feedback once per card, outcome and outcome timestamp', async () => {
      const { store } = current();
      const w = await seedWorld(store);
      const first = await store.cdsFeedback.record(feedback(w.clinic.id));
      expect(first.created).toBe(true);
      expect(first.feedback).toMatchObject({ ...feedback(w.clinic.id), id: expect.any(String) });
      const again = await store.cdsFeedback.record(
        feedback(w.clinic.id, { receivedAt: at(9), overrideComment: null }),
      );
      expect(again).toEqual({ feedback: first.feedback, created: false });
      const accepted = await store.cdsFeedback.record(
        feedback(w.clinic.id, {
          outcome: 'accepted',
          acceptedSuggestions: ['b2a6c0de-0000-4000-8000-000000000001'],
          overrideReason: null,
          overrideComment: null,
          receivedAt: at(7),
        }),
      );
      expect(accepted.created).toBe(true);
      const later = await store.cdsFeedback.record(
        feedback(w.clinic.id, { outcomeTimestamp: at(8), receivedAt: at(8) }),
      );
      expect(later.created).toBe(true);
      expect(await store.cdsFeedback.list(w.clinic.id, { limit: 10 })).toEqual([
        first.feedback,
        accepted.feedback,
        later.feedback,
      ]);
      expect(await store.cdsFeedback.list(w.clinic.id, { limit: 10, outcome: 'accepted' })).toEqual([
        accepted.feedback,
      ]);
      expect(await store.cdsFeedback.list(w.clinic.id, { limit: 1, offset: 1, cardUuid: CARD })).toEqual([
        accepted.feedback,
      ]);
      expect(accepted.feedback.overrideReason).toBeNull();
    });

    it('keeps clinics apart: lists, and the same card id in another clinic', async () => {
      const { store } = current();
      const w = await seedWorld(store);
      const mine = await store.cdsFeedback.record(feedback(w.clinic.id));
      expect(await store.cdsFeedback.list(w.other.clinic.id, { limit: 10 })).toEqual([]);
      const theirs = await store.cdsFeedback.record(feedback(w.other.clinic.id));
      expect(theirs.created).toBe(true);
      expect(theirs.feedback.id).not.toBe(mine.feedback.id);
      expect(await store.cdsFeedback.list(w.clinic.id, { limit: 10 })).toEqual([mine.feedback]);
      await expect(store.cdsFeedback.record(feedback('no-such-clinic'))).rejects.toMatchObject({
        kind: 'reference',
      });
    });

    it('keeps one row when the same feedback arrives concurrently, and inside a transaction', async () => {
      const { store } = current();
      const w = await seedWorld(store);
      const results = await Promise.all(
        Array.from({ length: 8 }, () => store.cdsFeedback.record(feedback(w.clinic.id))),
      );
      expect(results.filter((r) => r.created)).toHaveLength(1);
      expect(new Set(results.map((r) => r.feedback.id)).size).toBe(1);
      const inTx = await store.transaction(async (tx) => {
        const repeated = await tx.cdsFeedback.record(feedback(w.clinic.id));
        await tx.audit.append({
          at: T0,
          clinicId: w.clinic.id,
          actor: 'cds:https://ehr.example.org',
          action: 'cds.feedback',
          resourceType: 'cds_feedback',
          resourceId: repeated.feedback.id,
          outcome: 'success',
          requestId: null,
          ip: null,
        });
        return repeated;
      });
      expect(inTx.created).toBe(false);
      expect(await store.cdsFeedback.list(w.clinic.id, { limit: 10 })).toHaveLength(1);
    });

    it('is immutable, and refuses timestamps it could not compare', async () => {
      const { store, raw } = current();
      const w = await seedWorld(store);
      const { feedback: stored } = await store.cdsFeedback.record(feedback(w.clinic.id));
      await expect(
        sql`update cds_feedback set outcome = 'accepted' where id = ${stored.id}`.execute(raw),
      ).rejects.toThrow(/immutable/);
      await expect(
        store.cdsFeedback.record(feedback(w.clinic.id, { outcomeTimestamp: '2026-03-01T09:05:00Z' })),
      ).rejects.toThrow(StoreInputError);
      expect(await store.cdsFeedback.list(w.clinic.id, { limit: 10 })).toEqual([stored]);
    });
  });

  describe('CDS client JWT ids', () => {
    const ISS = 'https://ehr.example.org/cds-client';

    it('accepts a jti once until it expires, per issuer', async () => {
      const { store } = current();
      const jti = `jti-${Math.random()}`;
      expect(await store.cdsJwtIds.claim(ISS, jti, at(5), at(0))).toBe(true);
      expect(await store.cdsJwtIds.claim(ISS, jti, at(5), at(1))).toBe(false);
      expect(await store.cdsJwtIds.claim('https://other.example', jti, at(5), at(1))).toBe(true);
      expect(await store.cdsJwtIds.claim(ISS, `${jti}-2`, at(5), at(1))).toBe(true);
      // Once the first token could no longer be accepted, its jti is forgotten.
      expect(await store.cdsJwtIds.claim(ISS, jti, at(10), at(5))).toBe(true);
      expect(await store.cdsJwtIds.claim(ISS, jti, at(10), at(6))).toBe(false);
    });

    it('lets exactly one of 10 concurrent claims of the same jti win', async () => {
      const { store } = current();
      const jti = `jti-${Math.random()}`;
      const results = await Promise.all(
        Array.from({ length: 10 }, () => store.cdsJwtIds.claim(ISS, jti, at(5), at(0))),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
    });

    it('forgets expired ids of every issuer', async () => {
      const { store, raw } = current();
      const old = `old-${Math.random()}`;
      await store.cdsJwtIds.claim('https://gone.example', old, at(1), at(0));
      await store.cdsJwtIds.claim(ISS, `new-${Math.random()}`, at(60 * 24 * 400), at(60 * 24 * 300));
      const left = await raw.selectFrom('cds_jwt_ids').select('jti').where('jti', '=', old).execute();
      expect(left).toEqual([]);
    });

    it('refuses timestamps it could not compare', async () => {
      const { store } = current();
      await expect(store.cdsJwtIds.claim(ISS, 'x', 'soon', at(0))).rejects.toThrow(StoreInputError);
    });
  });

  describe('CDS issued cards', () => {
    const REASONS = [
      {
        system: 'https://neckcheck.example/fhir/CodeSystem/cds-override-reasons',
        code: 'medical_clearance_obtained',
      },
    ];
    const card = (clinicId: string, uuid: string, expiresAt = at(60)) => ({
      cardUuid: uuid,
      clinicId,
      serviceId: 'neckcheck-patient-view',
      overrideReasons: REASONS,
      issuedAt: at(0),
      expiresAt,
    });
    const uuid = (n: number) => `${crypto.randomUUID().slice(0, 24)}${String(n).padStart(12, '0')}`;

    it('finds a card for its clinic and service only, until it expires, whatever the case of its uuid', async () => {
      const { store } = current();
      const w = await seedWorld(store);
      const [one, two] = [uuid(1), uuid(2)];
      await store.cdsIssuedCards.record([card(w.clinic.id, one), card(w.clinic.id, two, at(5))], at(0));
      const found = await store.cdsIssuedCards.find(
        w.clinic.id,
        'neckcheck-patient-view',
        [one.toUpperCase(), two, uuid(3)],
        at(1),
      );
      expect(found.map((c) => c.cardUuid).sort()).toEqual([one, two].sort());
      expect(found.find((c) => c.cardUuid === one)).toEqual(card(w.clinic.id, one));
      expect(
        await store.cdsIssuedCards.find(w.other.clinic.id, 'neckcheck-patient-view', [one], at(1)),
      ).toEqual([]);
      expect(
        await store.cdsIssuedCards.find(w.clinic.id, 'neckcheck-appointment-book', [one], at(1)),
      ).toEqual([]);
      const later = await store.cdsIssuedCards.find(w.clinic.id, 'neckcheck-patient-view', [one, two], at(5));
      expect(later.map((c) => c.cardUuid)).toEqual([one]);
    });

    it('records a large response in one call, keeps the first record of a uuid, and sweeps expired cards', async () => {
      const { store, raw } = current();
      const w = await seedWorld(store);
      const many = Array.from({ length: 250 }, (_, i) => card(w.clinic.id, uuid(i), at(10)));
      await store.cdsIssuedCards.record(many, at(0));
      await store.cdsIssuedCards.record(
        [{ ...card(w.clinic.id, many[0]?.cardUuid ?? ''), overrideReasons: [] }],
        at(0),
      );
      const found = await store.cdsIssuedCards.find(
        w.clinic.id,
        'neckcheck-patient-view',
        many.map((c) => c.cardUuid),
        at(1),
      );
      expect(found).toHaveLength(250);
      expect(found.find((c) => c.cardUuid === many[0]?.cardUuid)?.overrideReasons).toEqual(REASONS);
      // Recording sweeps the cards whose retention ended (at most once a minute).
      const expired = uuid(999);
      await raw
        .insertInto('cds_issued_cards')
        .values({
          card_uuid: expired,
          clinic_id: w.clinic.id,
          service_id: 's',
          override_reasons: '[]',
          issued_at: at(0),
          expires_at: at(1),
        })
        .execute();
      const kept = uuid(1000);
      await store.cdsIssuedCards.record([card(w.clinic.id, kept, at(500))], at(100));
      const rows = await raw
        .selectFrom('cds_issued_cards')
        .select('card_uuid')
        .where('card_uuid', 'in', [expired, kept])
        .execute();
      expect(rows.map((r) => r.card_uuid)).toEqual([kept]);
    });

    it('refuses timestamps it could not compare', async () => {
      const { store } = current();
      const w = await seedWorld(store);
      await expect(store.cdsIssuedCards.record([card(w.clinic.id, uuid(1), 'soon')], at(0))).rejects.toThrow(
        StoreInputError,
      );
      await expect(store.cdsIssuedCards.find(w.clinic.id, 's', [uuid(1)], 'now')).rejects.toThrow(
        StoreInputError,
      );
    });
  });
}
