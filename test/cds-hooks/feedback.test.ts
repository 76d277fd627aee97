/**
 * Feedback: stored once per card, outcome and outcome time (the same feedback sent again, even written
 * with another UTC offset, adds nothing), each stored item audited once, and kept per clinic; accepted only
 * for cards this service issued to the clinic, with an override reason the card offered.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describePostgres } from '../store/pg-helpers.js';
import { cardsOf } from './cards.js';
import type { CdsHarness } from './harness.js';
import { startCdsHarness } from './harness.js';
import { patientView, prefetchOf, SERVICE } from './payloads.js';

const FEEDBACK = `${SERVICE.patientView}/feedback`;

describe('feedback (SQLite)', () => feedbackTests(() => startCdsHarness()));
describePostgres('feedback (PostgreSQL)', (url) =>
  feedbackTests(() => startCdsHarness({ postgresUrl: url })),
);

function feedbackTests(start: () => Promise<CdsHarness>): void {
  let h: CdsHarness;
  beforeAll(async () => {
    h = await start();
  });
  afterAll(() => h.close());

  it('stores an override once and audits it once, however often it is sent', async () => {
    const [card] = cardsOf(await h.call('POST', SERVICE.patientView, { body: patientView(prefetchOf()) }));
    const uuid = card?.uuid ?? '';
    const entry = {
      card: uuid,
      outcome: 'overridden',
      overrideReason: {
        reason: card?.overrideReasons?.[1],
        userComment: 'Cleared by the GP this morning',
      },
      outcomeTimestamp: '2026-11-25T09:30:00Z',
    };
    const first = await h.call('POST', FEEDBACK, { body: { feedback: [entry] } });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toEqual({ stored: 1, duplicates: 0 });
    const again = await h.call('POST', FEEDBACK, {
      body: {
        feedback: [{ ...entry, outcomeTimestamp: '2026-11-25T10:30:00+01:00', card: uuid.toUpperCase() }],
      },
    });
    expect(again.json()).toEqual({ stored: 0, duplicates: 1 });

    const stored = await h.store.cdsFeedback.list(h.a.clinicId, { limit: 10 });
    expect(stored).toEqual([
      expect.objectContaining({
        serviceId: 'neckcheck-patient-view',
        cardUuid: uuid,
        outcome: 'overridden',
        overrideReason: {
          system: 'https://neckcheck.example/fhir/CodeSystem/cds-override-reasons',
          code: 'medical_clearance_obtained',
          display: 'Medical clearance obtained',
        },
        overrideComment: 'Cleared by the GP this morning',
        outcomeTimestamp: '2026-11-25T09:30:00.000Z',
        issuer: h.a.iss,
      }),
    ]);
    const audited = (await h.store.audit.listForClinic(h.a.clinicId, { limit: 50 })).filter((e) =>
      e.action.startsWith('cds.feedback'),
    );
    expect(audited).toEqual([
      expect.objectContaining({
        action: 'cds.feedback.overridden',
        resourceType: 'cds_feedback',
        resourceId: stored[0]?.id,
        actor: `cds:${h.a.iss}`,
        outcome: 'success',
      }),
    ]);
  });

  it('stores an accepted suggestion, and refuses "accepted" without the suggestions taken', async () => {
    const cards = cardsOf(await h.call('POST', SERVICE.patientView, { body: patientView(prefetchOf()) }));
    const card = cards[0];
    const suggestion = card?.suggestions?.[0]?.uuid ?? '';
    const accepted = { card: card?.uuid, outcome: 'accepted', outcomeTimestamp: '2026-11-25T09:31:00.123Z' };
    const refused = await h.call('POST', FEEDBACK, { body: { feedback: [accepted] } });
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toMatchObject({ errors: [{ path: 'body.feedback.0.acceptedSuggestions' }] });
    const ok = await h.call('POST', FEEDBACK, {
      body: { feedback: [{ ...accepted, acceptedSuggestions: [{ id: suggestion }] }] },
    });
    expect(ok.json()).toEqual({ stored: 1, duplicates: 0 });
    const [row] = await h.store.cdsFeedback.list(h.a.clinicId, { limit: 10, outcome: 'accepted' });
    expect(row).toMatchObject({
      acceptedSuggestions: [suggestion],
      overrideReason: null,
      overrideComment: null,
    });
  });

  it("keeps each clinic's feedback to itself: a card issued to one clinic takes no feedback from another", async () => {
    const [card] = cardsOf(
      await h.call('POST', SERVICE.patientView, { body: patientView(prefetchOf()), ehr: h.b }),
    );
    const entry = { card: card?.uuid ?? '', outcome: 'overridden', outcomeTimestamp: '2026-11-25T09:00:00Z' };
    expect((await h.call('POST', FEEDBACK, { body: { feedback: [entry] }, ehr: h.b })).json()).toEqual({
      stored: 1,
      duplicates: 0,
    });
    expect(await h.store.cdsFeedback.list(h.b.clinicId, { limit: 10, cardUuid: entry.card })).toHaveLength(1);
    const fromA = await h.call('POST', FEEDBACK, { body: { feedback: [entry] } });
    expect(fromA.statusCode, fromA.body).toBe(422);
    expect(await h.store.cdsFeedback.list(h.a.clinicId, { limit: 10, cardUuid: entry.card })).toEqual([]);
  });

  it('answers 422 naming the card for a card this service never issued (or another service did)', async () => {
    const never = '0f6c4a1e-1111-4c2d-9e3f-000000000001';
    const [issued] = cardsOf(await h.call('POST', SERVICE.patientView, { body: patientView(prefetchOf()) }));
    const at = '2026-11-25T09:00:00Z';
    const response = await h.call('POST', FEEDBACK, {
      body: {
        feedback: [
          { card: issued?.uuid, outcome: 'overridden', outcomeTimestamp: at },
          { card: never, outcome: 'overridden', outcomeTimestamp: at },
        ],
      },
    });
    expect(response.statusCode, response.body).toBe(422);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.json()).toMatchObject({
      status: 422,
      code: 'cds_feedback_rejected',
      errors: [
        { path: 'body.feedback.1.card', code: 'card_not_issued', message: expect.stringContaining(never) },
      ],
    });
    // Nothing of a refused request is stored, not even its valid items.
    expect(await h.store.cdsFeedback.list(h.a.clinicId, { limit: 10, cardUuid: issued?.uuid ?? '' })).toEqual(
      [],
    );
    const otherService = await h.call('POST', `${SERVICE.appointmentBook}/feedback`, {
      body: { feedback: [{ card: issued?.uuid, outcome: 'overridden', outcomeTimestamp: at }] },
    });
    expect(otherService.statusCode).toBe(422);
  });

  it('answers 422 naming the reason for an override reason the card did not offer', async () => {
    const [card] = cardsOf(await h.call('POST', SERVICE.patientView, { body: patientView(prefetchOf()) }));
    const offered = card?.overrideReasons?.[0];
    expect(offered).toBeDefined();
    const entry = (reason: unknown) => ({
      card: card?.uuid,
      outcome: 'overridden',
      overrideReason: { reason },
      outcomeTimestamp: '2026-11-25T09:40:00Z',
    });
    const wrong = await h.call('POST', FEEDBACK, {
      body: { feedback: [entry({ system: offered?.system, code: 'made_up' })] },
    });
    expect(wrong.statusCode, wrong.body).toBe(422);
    expect(wrong.json()).toMatchObject({
      errors: [
        {
          path: 'body.feedback.0.overrideReason.reason',
          code: 'reason_not_offered',
          message: expect.stringContaining('made_up'),
        },
      ],
    });
    const otherSystem = await h.call('POST', FEEDBACK, {
      body: { feedback: [entry({ system: 'http://example.org/other', code: offered?.code })] },
    });
    expect(otherSystem.statusCode).toBe(422);
    const right = await h.call('POST', FEEDBACK, { body: { feedback: [entry(offered)] } });
    expect(right.json()).toEqual({ stored: 1, duplicates: 0 });
  });

  it('forgets cards after the retention: feedback on them is then refused', async () => {
    const [card] = cardsOf(await h.call('POST', SERVICE.patientView, { body: patientView(prefetchOf()) }));
    const saved = h.clock.now;
    h.clock.now = new Date(saved.getTime() + (h.deps.config.cdsCardRetentionDays * 86_400 + 60) * 1000);
    try {
      const late = await h.call('POST', FEEDBACK, {
        body: {
          feedback: [{ card: card?.uuid, outcome: 'overridden', outcomeTimestamp: '2026-11-25T09:00:00Z' }],
        },
      });
      expect(late.statusCode, late.body).toBe(422);
    } finally {
      h.clock.now = saved;
    }
  });

  it.each([
    ['an empty list', { feedback: [] }],
    [
      'an unknown outcome',
      {
        feedback: [
          {
            card: '0f6c4a1e-1111-4c2d-9e3f-000000000002',
            outcome: 'ignored',
            outcomeTimestamp: '2026-11-25T09:00:00Z',
          },
        ],
      },
    ],
    [
      'a card that is not a uuid',
      { feedback: [{ card: 'x', outcome: 'overridden', outcomeTimestamp: '2026-11-25T09:00:00Z' }] },
    ],
    [
      'a timestamp that is not RFC 3339',
      {
        feedback: [
          {
            card: '0f6c4a1e-1111-4c2d-9e3f-000000000002',
            outcome: 'overridden',
            outcomeTimestamp: 'yesterday',
          },
        ],
      },
    ],
    [
      'a date before 1970',
      {
        feedback: [
          {
            card: '0f6c4a1e-1111-4c2d-9e3f-000000000002',
            outcome: 'overridden',
            outcomeTimestamp: '1969-12-31T23:59:59Z',
          },
        ],
      },
    ],
  ])('answers 400 to %s', async (_name, body) => {
    const response = await h.call('POST', FEEDBACK, { body });
    expect(response.statusCode, response.body).toBe(400);
  });

  it.each(['2026-02-30T09:00:00Z', '2026-04-31T09:00:00Z', '2025-02-29T09:00:00Z'])(
    'answers 422 to the day that does not exist %s, instead of storing the day it rolls over to',
    async (outcomeTimestamp) => {
      const response = await h.call('POST', FEEDBACK, {
        body: {
          feedback: [{ card: '0f6c4a1e-1111-4c2d-9e3f-000000000002', outcome: 'accepted', outcomeTimestamp }],
        },
      });
      expect(response.statusCode, response.body).toBe(422);
      expect(response.json()).toMatchObject({ code: 'invalid_date' });
    },
  );
}
