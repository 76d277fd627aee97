/** The clinic's journeys through the HTTP API: intake link → screening → review → consent → treatment → AE. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Review } from '../../src/clinic/index.js';
import { effectiveTechniques } from '../../src/clinic/index.js';
import type { Assessment } from '../../src/core/index.js';
import { assess } from '../../src/core/index.js';
import { consentText } from '../../src/report/index.js';
import { verifyAuditChain } from '../../src/store/audit-chain.js';
import { BENIGN, withAnswers } from '../helpers/answers.js';
import type { Harness } from './harness.js';
import { json, startHarness } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h.close());

async function newClient(name = 'Jane Client'): Promise<string> {
  const response = await h.call(h.a.practitioner, 'POST', '/api/v1/clients', {
    displayName: name,
    birthYear: 1970,
  });
  expect(response.statusCode).toBe(201);
  return json<{ id: string }>(response).id;
}

async function intakeFor(
  clientId: string,
  moment = 'first_treatment',
): Promise<{ token: string; url: string }> {
  const response = await h.call(h.a.reception, 'POST', `/api/v1/clients/${clientId}/intakes`, { moment });
  expect(response.statusCode).toBe(201);
  return json<{ token: string; url: string }>(response);
}

describe('intake links', () => {
  it('lets a client submit once, stores an immutable screening, and refuses reuse', async () => {
    const clientId = await newClient();
    const { token, url } = await intakeFor(clientId);
    expect(url).toBe(`http://neckcheck.test/intake/${token}`);

    const opened = await h.call(null, 'GET', `/api/v1/intake/${token}`);
    expect(opened.statusCode).toBe(200);
    expect(json(opened)).toMatchObject({ clinic: 'Clinic A', moment: 'first_treatment' });

    const { respondent: _r, moment: _m, ...answers } = BENIGN;
    const submitted = await h.call(null, 'POST', `/api/v1/intake/${token}?detail=full`, { answers });
    expect(submitted.statusCode).toBe(201);
    const { screeningId, assessment } = json<{ screeningId: string; assessment: Assessment }>(submitted);
    expect(assessment.disposition).toBe('proceed');

    const again = await h.call(null, 'POST', `/api/v1/intake/${token}`, { answers });
    expect(again.statusCode).toBe(410);
    expect(json(again).code).toBe('intake_used');

    const stored = await h.call(h.a.practitioner, 'GET', `/api/v1/screenings/${screeningId}?detail=full`);
    expect(stored.statusCode).toBe(200);
    const detail = json<{
      screening: {
        assessment: Assessment;
        submittedBy: { kind: string };
        kbHash: string;
        answers: Record<string, unknown>;
      };
    }>(stored);
    expect(detail.screening.submittedBy.kind).toBe('client');
    expect(detail.screening.kbHash).toBe(h.deps.kb.hash);
    expect(detail.screening.answers.respondent).toBe('client');
    expect(detail.screening.assessment).toEqual(assessment);
  });

  it('gives the same assessment through the API as the engine does directly (adapter parity)', async () => {
    const answers = withAnswers(BENIGN, { age: 76, medications: ['anticoagulant'] });
    const response = await h.call(null, 'POST', '/api/v1/assess?detail=full', {
      answers,
      assessedAt: '2026-11-25T09:00:00.000Z',
    });
    expect(response.statusCode).toBe(200);
    expect(json(response)).toEqual(
      JSON.parse(JSON.stringify(assess(h.deps.kb, answers, { assessedAt: '2026-11-25T09:00:00.000Z' }))),
    );
  });

  it('refuses an expired link with a clear code', async () => {
    const clientId = await newClient();
    const { token } = await intakeFor(clientId);
    const later = new Date(h.clock.now.getTime() + (h.deps.config.intakeValidityHours + 1) * 3_600_000);
    const saved = h.clock.now;
    h.clock.now = later;
    const response = await h.call(null, 'GET', `/api/v1/intake/${token}`);
    h.clock.now = saved;
    expect(response.statusCode).toBe(410);
    expect(json(response).code).toBe('intake_expired');
  });

  it('refuses unknown tokens and invalid answers with 4xx, never 5xx', async () => {
    expect((await h.call(null, 'GET', `/api/v1/intake/${'x'.repeat(43)}`)).statusCode).toBe(404);
    const clientId = await newClient();
    const { token } = await intakeFor(clientId);
    const bad = await h.call(null, 'POST', `/api/v1/intake/${token}`, { answers: { headache: 'sometimes' } });
    expect(bad.statusCode).toBe(400);
    expect(json<{ errors: { path: string; code: string }[] }>(bad).errors[0]).toMatchObject({
      path: 'answers.headache',
      code: 'wrong_type',
    });
    const clinician = await h.call(null, 'POST', `/api/v1/intake/${token}`, {
      answers: { respondent: 'clinician' },
    });
    expect(clinician.statusCode).toBe(400);
  });
});

describe('review, consent and care', () => {
  let clientId: string;
  let screeningId: string;

  beforeAll(async () => {
    clientId = await newClient('Anticoagulated client');
    const response = await h.call(h.a.practitioner, 'POST', `/api/v1/clients/${clientId}/screenings`, {
      moment: 'first_treatment',
      respondent: 'client',
      answers: withAnswers(BENIGN, { age: 76, medications: ['anticoagulant'] }),
    });
    expect(response.statusCode).toBe(201);
    screeningId = json<{ id: string; disposition: string }>(response).id;
  });

  it('refuses consent to a contraindicated technique until a clinician overrides it, and never alters the assessment', async () => {
    const refused = await h.call(h.a.practitioner, 'POST', `/api/v1/screenings/${screeningId}/consents`, {
      techniques: ['deep_tissue'],
      lang: 'en',
      signerName: 'Jane Client',
    });
    expect(refused.statusCode).toBe(422);
    expect(json(refused).code).toBe('technique_contraindicated');

    const override = await h.call(h.a.practitioner, 'POST', `/api/v1/screenings/${screeningId}/reviews`, {
      kind: 'override',
      techniqueId: 'deep_tissue',
      decision: 'precautions',
      reasonCode: 'medical_clearance_obtained',
      reasonText: 'Haematologist agreed to gentle trigger-point work; INR stable.',
      confirmed: true,
    });
    expect(override.statusCode).toBe(201);

    const consent = await h.call(h.a.practitioner, 'POST', `/api/v1/screenings/${screeningId}/consents`, {
      techniques: ['light_massage', 'deep_tissue'],
      lang: 'fr',
      signerName: 'Jane Client',
    });
    expect(consent.statusCode).toBe(201);
    const detail = json<{
      screening: { assessment: Assessment };
      reviews: { kind: string }[];
      consents: { textShown: string }[];
    }>(await h.call(h.a.practitioner, 'GET', `/api/v1/screenings/${screeningId}?detail=full`));
    expect(
      detail.screening.assessment.techniques.find((t) => t.techniqueId === 'deep_tissue')?.decision,
    ).toBe('contraindicated');
    expect(detail.reviews.map((r) => r.kind)).toEqual(['override']);
    expect(detail.consents[0]?.textShown).toBe(
      consentText(
        h.deps.kb,
        detail.screening.assessment,
        ['light_massage', 'deep_tissue'],
        'fr',
        effectiveTechniques(detail.screening.assessment, detail.reviews as Review[]),
      ),
    );
    expect(detail.consents[0]?.textShown).toContain('Consentement');
  });

  it('signs off a screening with a note', async () => {
    const response = await h.call(h.a.practitioner, 'POST', `/api/v1/screenings/${screeningId}/reviews`, {
      kind: 'signoff',
      note: 'Reviewed with client',
    });
    expect(response.statusCode).toBe(201);
  });

  it('records treatments and adverse events and reports rates per technique', async () => {
    const treatment = await h.call(h.a.practitioner, 'POST', `/api/v1/clients/${clientId}/treatments`, {
      date: '2026-11-25',
      techniques: ['light_massage'],
      screeningId,
    });
    expect(treatment.statusCode).toBe(201);
    const event = await h.call(h.a.practitioner, 'POST', `/api/v1/clients/${clientId}/adverse-events`, {
      treatmentId: json<{ id: string }>(treatment).id,
      techniqueId: 'light_massage',
      onset: '2026-11-25T18:00:00Z',
      symptoms: 'Bruising at the left trapezius',
      severity: 1,
      actionTaken: 'Ice, reassurance',
      followUp: 'Call in 2 days',
      triage: { event_type: ['treatment'], event_symptoms: ['bruising'] },
    });
    expect(event.statusCode).toBe(201);
    expect(json<{ triage: { disposition: string; emergency: boolean } }>(event).triage).toMatchObject({
      emergency: false,
    });
    const rates = json<{
      techniques: { techniqueId: string; treatments: number; adverseEvents: number; ratePer1000: number }[];
    }>(await h.call(h.a.practitioner, 'GET', '/api/v1/adverse-events/rates?since=2026-01-01'));
    expect(rates.techniques.find((t) => t.techniqueId === 'light_massage')).toEqual({
      techniqueId: 'light_massage',
      treatments: 1,
      adverseEvents: 1,
      ratePer1000: 1000,
    });
  });

  it('keeps reception away from clinical records', async () => {
    expect((await h.call(h.a.reception, 'GET', `/api/v1/screenings/${screeningId}`)).statusCode).toBe(403);
    const client = json<{ screenings: unknown[] }>(
      await h.call(h.a.reception, 'GET', `/api/v1/clients/${clientId}`),
    );
    expect(client.screenings).toEqual([]);
  });

  it('exports everything about a client, then erases it with an audit entry', async () => {
    const exported = await h.call(h.a.admin, 'GET', `/api/v1/clients/${clientId}/export`);
    expect(exported.statusCode).toBe(200);
    const data = json<{
      screenings: unknown[];
      consents: unknown[];
      treatments: unknown[];
      adverseEvents: unknown[];
      reviews: unknown[];
    }>(exported);
    expect([
      data.screenings.length,
      data.consents.length,
      data.treatments.length,
      data.adverseEvents.length,
      data.reviews.length,
    ]).toEqual([2, 1, 1, 1, 2]);
    expect(exported.body).not.toContain('tokenHash');

    expect((await h.call(h.a.practitioner, 'DELETE', `/api/v1/clients/${clientId}`)).statusCode).toBe(403);
    expect((await h.call(h.a.admin, 'DELETE', `/api/v1/clients/${clientId}`)).statusCode).toBe(204);
    expect((await h.call(h.a.admin, 'GET', `/api/v1/clients/${clientId}`)).statusCode).toBe(404);
    expect((await h.call(h.a.admin, 'GET', `/api/v1/screenings/${screeningId}`)).statusCode).toBe(404);
    const log = json<{ entries: { action: string; resourceId: string | null }[] }>(
      await h.call(h.a.admin, 'GET', '/api/v1/audit?limit=200'),
    );
    expect(log.entries).toContainEqual(
      expect.objectContaining({ action: 'client.erase', resourceId: clientId }),
    );
  });

  it('audits reads of health data and keeps a verifiable chain', async () => {
    const log = json<{ entries: { action: string }[] }>(
      await h.call(h.a.admin, 'GET', '/api/v1/audit?limit=500'),
    );
    const actions = new Set(log.entries.map((e) => e.action));
    for (const action of [
      'auth.login',
      'client.create',
      'screening.read',
      'screening.submit',
      'client.read',
      'consent.create',
      'screening.override',
    ]) {
      expect(actions, action).toContain(action);
    }
    expect(await verifyAuditChain(h.store)).toMatchObject({ ok: true });
    expect(json(await h.call(h.a.admin, 'GET', '/api/v1/audit/verify'))).toMatchObject({ ok: true });
  });
});
