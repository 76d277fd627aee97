/**
 * Probing the API as a practitioner: no override, consent, treatment or report gets around an emergency
 * screening; permissive overrides elsewhere need justification; treatments need a current screening and
 * consent; adverse events are triaged through the engine; in-room screening keeps its steps. The same
 * journeys run on SQLite and on a real PostgreSQL server.
 */
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isMorePermissive } from '../../src/clinic/index.js';
import type { Assessment, Decision } from '../../src/core/index.js';
import { assess, DECISIONS } from '../../src/core/index.js';
import { OVERRIDE_REASONS } from '../../src/store/types.js';
import { BENIGN, withAnswers } from '../helpers/answers.js';
import type { TestDatabase } from '../store/pg-helpers.js';
import { createTestDatabase, describePostgres } from '../store/pg-helpers.js';
import type { Harness } from './harness.js';
import { json, startHarness } from './harness.js';

const STROKE = withAnswers(BENIGN, { neuro_symptoms: ['speech'] });
const ANTICOAGULATED = withAnswers(BENIGN, { age: 76, medications: ['anticoagulant'] });
const SUBSTANTIAL = 'Haematologist agreed to gentle trigger-point work; INR stable last week.';

interface Detail {
  screening: { id: string; disposition: string; assessment: Assessment; basedOn: string | null };
  reviews: { kind: string }[];
  consents: { textShown: string }[];
  record: {
    client: { displayName: string };
    clinic: { name: string };
    effective: { techniqueId: string; assessed: Decision; decision: Decision; override: unknown }[];
    steps: { kind: string; by: { kind: string; userId?: string } }[];
    changes: { questionId: string }[];
    currency: string;
    clearanceRequired: boolean;
  };
}

function journeys(start: () => Promise<{ h: Harness; close: () => Promise<void> }>): void {
  let h: Harness;
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ h, close } = await start());
  }, 60_000);
  afterAll(async () => close?.());

  const as = (method: string, url: string, body?: unknown, lang = 'en') =>
    h.call(h.a.practitioner, method, url, body, { 'accept-language': lang });
  const problem = (r: LightMyRequestResponse) => json<{ code: string; detail: string }>(r);

  async function client(name: string): Promise<string> {
    const r = await as('POST', '/api/v1/clients', { displayName: name, birthYear: 1960 });
    expect(r.statusCode).toBe(201);
    return json<{ id: string }>(r).id;
  }
  async function screen(clientId: string, answers: unknown, respondent = 'client'): Promise<string> {
    const r = await as('POST', `/api/v1/clients/${clientId}/screenings`, {
      moment: 'first_treatment',
      respondent,
      answers,
    });
    expect(r.statusCode, r.body).toBe(201);
    return json<{ id: string }>(r).id;
  }
  const detail = async (id: string) => json<Detail>(await as('GET', `/api/v1/screenings/${id}?detail=full`));

  describe('an emergency screening', () => {
    let clientId: string;
    let screeningId: string;
    beforeAll(async () => {
      clientId = await client('Stroke Client');
      screeningId = await screen(clientId, STROKE);
    });

    it('refuses every override more permissive than the engine, whatever the reason, text or confirmation', async () => {
      const { screening } = await detail(screeningId);
      expect(screening.disposition).toBe('emergency');
      let tried = 0;
      for (const t of screening.assessment.techniques)
        for (const decision of DECISIONS.filter((d) => isMorePermissive(d, t.decision)))
          for (const reasonCode of OVERRIDE_REASONS) {
            const r = await as('POST', `/api/v1/screenings/${screeningId}/reviews`, {
              kind: 'override',
              techniqueId: t.techniqueId,
              decision,
              reasonCode,
              reasonText: SUBSTANTIAL,
              confirmed: true,
            });
            expect(r.statusCode, `${t.techniqueId} → ${decision} (${reasonCode})`).toBe(422);
            expect(problem(r).code).toBe('override_refused');
            tried += 1;
          }
      expect(tried).toBeGreaterThan(50);
      expect((await detail(screeningId)).reviews).toEqual([]);
    });

    it('says why in the user’s language', async () => {
      const r = await as(
        'POST',
        `/api/v1/screenings/${screeningId}/reviews`,
        {
          kind: 'override',
          techniqueId: 'manipulation',
          decision: 'allowed',
          reasonCode: 'other',
          reasonText: 'abc',
          confirmed: true,
        },
        'fr-CA,fr;q=0.9,en;q=0.5',
      );
      expect(r.statusCode).toBe(422);
      expect(r.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(problem(r).detail).toMatch(/urgence/);
    });

    it('refuses consent and treatment for every technique, and keeps every decision contraindicated', async () => {
      for (const t of h.deps.kb.techniques) {
        const consent = await as('POST', `/api/v1/screenings/${screeningId}/consents`, {
          techniques: [t.id],
          lang: 'en',
          signerName: 'Stroke Client',
        });
        expect(consent.statusCode, t.id).toBe(422);
        expect(problem(consent).code).toBe('technique_contraindicated');
        const treatment = await as('POST', `/api/v1/clients/${clientId}/treatments`, {
          date: '2026-11-25',
          techniques: [t.id],
        });
        expect(treatment.statusCode, t.id).toBe(422);
        expect(problem(treatment).code).toBe('technique_contraindicated');
      }
      const d = await detail(screeningId);
      expect(d.record.effective.every((e) => e.decision === 'contraindicated')).toBe(true);
      expect(d.consents).toEqual([]);
      const export_ = json<{ treatments: unknown[]; consents: unknown[] }>(
        await h.call(h.a.admin, 'GET', `/api/v1/clients/${clientId}/export`),
      );
      expect([export_.treatments.length, export_.consents.length]).toEqual([0, 0]);
    });

    it('still takes a sign-off, and names the client and clinic', async () => {
      const signoff = await as('POST', `/api/v1/screenings/${screeningId}/reviews`, {
        kind: 'signoff',
        note: 'Sent to the emergency department by ambulance.',
      });
      expect(signoff.statusCode).toBe(201);
      const d = await detail(screeningId);
      expect(d.record.client.displayName).toBe('Stroke Client');
      expect(d.record.clinic.name).toBe('Clinic A');
      expect(d.record.steps.map((s) => s.kind)).toEqual(['self_report', 'signoff']);
    });
  });

  describe('a new screening soon after an emergency one', () => {
    it('needs a clinician sign-off recording the clearance before consent or treatment', async () => {
      const clientId = await client('Rescreened');
      await screen(clientId, STROKE);
      const rescreen = await screen(clientId, BENIGN);
      const consent = () =>
        as('POST', `/api/v1/screenings/${rescreen}/consents`, {
          techniques: ['light_massage'],
          lang: 'en',
          signerName: 'Rescreened Client',
        });
      const treat = () =>
        as('POST', `/api/v1/clients/${clientId}/treatments`, {
          date: '2026-11-25',
          techniques: ['light_massage'],
        });
      for (const attempt of [consent, treat]) {
        const r = await attempt();
        expect(r.statusCode).toBe(409);
        expect(problem(r).code).toBe('signoff_required');
      }
      expect((await detail(rescreen)).record.clearanceRequired).toBe(true);
      await as('POST', `/api/v1/screenings/${rescreen}/reviews`, { kind: 'signoff', note: 'ok' });
      expect((await treat()).statusCode).toBe(409);
      await as('POST', `/api/v1/screenings/${rescreen}/reviews`, {
        kind: 'signoff',
        note: 'Seen in the emergency department; CT angiogram normal; neurologist cleared gentle massage.',
      });
      expect((await detail(rescreen)).record.clearanceRequired).toBe(false);
      expect((await consent()).statusCode).toBe(201);
      expect((await treat()).statusCode).toBe(201);
    });
  });

  describe('a precautions screening', () => {
    let clientId: string;
    let screeningId: string;
    beforeAll(async () => {
      clientId = await client('Anticoagulated Client');
      screeningId = await screen(clientId, ANTICOAGULATED);
    });
    const overrideTo = (techniqueId: string, decision: Decision, extra: Record<string, unknown> = {}) =>
      as('POST', `/api/v1/screenings/${screeningId}/reviews`, {
        kind: 'override',
        techniqueId,
        decision,
        reasonCode: 'medical_clearance_obtained',
        reasonText: SUBSTANTIAL,
        confirmed: true,
        ...extra,
      });

    it('needs a justifying reason, substance and confirmation for a more permissive override', async () => {
      expect((await detail(screeningId)).screening.disposition).toBe('precautions');
      for (const extra of [
        { reasonCode: 'other', reasonText: 'abc' },
        { reasonCode: 'other' },
        { reasonText: 'abc' },
        { confirmed: false },
        {},
      ].slice(0, 4)) {
        const r = await overrideTo('deep_tissue', 'precautions', extra);
        expect(r.statusCode, JSON.stringify(extra)).toBe(422);
        expect(problem(r).code).toBe('override_unjustified');
      }
      const gentlerFirst = await overrideTo('manipulation', 'allowed');
      expect(gentlerFirst.statusCode).toBe(422);
      expect(problem(gentlerFirst).code).toBe('override_refused');
      expect((await overrideTo('deep_tissue', 'precautions')).statusCode).toBe(201);
      const d = await detail(screeningId);
      const deep = d.record.effective.find((e) => e.techniqueId === 'deep_tissue');
      expect(deep).toMatchObject({ assessed: 'contraindicated', decision: 'precautions' });
      expect(d.screening.assessment.techniques.find((t) => t.techniqueId === 'deep_tissue')?.decision).toBe(
        'contraindicated',
      );
    });

    it('treats only with consent signed after the override, and records the treatment on this screening', async () => {
      const without = await as('POST', `/api/v1/clients/${clientId}/treatments`, {
        date: '2026-11-25',
        techniques: ['deep_tissue'],
      });
      expect(without.statusCode).toBe(409);
      expect(problem(without).code).toBe('consent_required');
      const consent = await as('POST', `/api/v1/screenings/${screeningId}/consents`, {
        techniques: ['light_massage', 'deep_tissue'],
        lang: 'en',
        signerName: 'Anticoagulated Client',
      });
      expect(consent.statusCode).toBe(201);
      const treated = await as('POST', `/api/v1/clients/${clientId}/treatments`, {
        date: '2026-11-25',
        techniques: ['light_massage', 'deep_tissue'],
      });
      expect(treated.statusCode, treated.body).toBe(201);
      expect(json<{ screeningId: string }>(treated).screeningId).toBe(screeningId);
    });

    it('refuses impossible dates and a screening of another client', async () => {
      for (const [date, status] of [
        ['2026-02-30', 422],
        ['0000-00-00', 422],
        ['2027-12-01', 400],
      ] as const) {
        const r = await as('POST', `/api/v1/clients/${clientId}/treatments`, {
          date,
          techniques: ['light_massage'],
        });
        expect(r.statusCode, date).toBe(status);
      }
      const other = await client('Someone Else');
      const r = await as('POST', `/api/v1/clients/${other}/treatments`, {
        date: '2026-11-25',
        techniques: ['light_massage'],
        screeningId,
      });
      expect(r.statusCode).toBe(404);
    });

    it('refuses treatment without a screening, and after the screening expired', async () => {
      const none = await client('Never Screened');
      const r = await as('POST', `/api/v1/clients/${none}/treatments`, {
        date: '2026-11-25',
        techniques: ['light_massage'],
      });
      expect(r.statusCode).toBe(409);
      expect(problem(r).code).toBe('screening_not_current');
      // A screening recorded 40 days ago, past its validity (the session clock cannot jump that far).
      const old = await client('Screened Long Ago');
      const submitted = new Date(h.clock.now.getTime() - 40 * 86_400_000);
      const assessment = assess(h.deps.kb, BENIGN, { assessedAt: submitted.toISOString() });
      await h.store.screenings.create({
        clinicId: h.a.id,
        clientId: old,
        moment: 'first_treatment',
        answers: BENIGN,
        assessment,
        disposition: assessment.disposition,
        kbVersion: h.deps.kb.meta.version,
        kbHash: h.deps.kb.hash,
        submittedBy: { kind: 'user', userId: h.a.practitioner.userId },
        submittedAt: submitted.toISOString(),
        validUntil: new Date(submitted.getTime() + 30 * 86_400_000).toISOString(),
        basedOn: null,
      });
      const late = await as('POST', `/api/v1/clients/${old}/treatments`, {
        date: '2026-11-25',
        techniques: ['light_massage'],
      });
      expect(late.statusCode).toBe(409);
      expect(problem(late).detail).toMatch(/expired/);
    });
  });

  describe('an adverse event', () => {
    it('with neurological symptoms is an emergency at once, tops Today and blocks further treatment', async () => {
      const clientId = await client('Dizzy After Massage');
      const screeningId = await screen(clientId, BENIGN);
      expect(
        (
          await as('POST', `/api/v1/clients/${clientId}/treatments`, {
            date: '2026-11-25',
            techniques: ['light_massage'],
          })
        ).statusCode,
      ).toBe(201);
      const unstructured = await as('POST', `/api/v1/clients/${clientId}/adverse-events`, {
        onset: '2026-11-25T10:20:00Z',
        symptoms: 'dizziness and headache 20 minutes after the session',
        severity: 2,
        actionTaken: '',
        followUp: '',
      });
      expect(unstructured.statusCode).toBe(400);
      const partial = await as('POST', `/api/v1/clients/${clientId}/adverse-events`, {
        onset: '2026-11-25T10:20:00Z',
        symptoms: 'dizziness and headache',
        severity: 2,
        actionTaken: '',
        followUp: '',
        triage: { event_type: ['treatment'] },
      });
      expect(partial.statusCode).toBe(400);
      const r = await as('POST', `/api/v1/clients/${clientId}/adverse-events`, {
        onset: '2026-11-25T10:20:00Z',
        symptoms: 'dizziness and headache 20 minutes after the session',
        severity: 2,
        actionTaken: 'Stopped, called emergency services',
        followUp: '',
        triage: {
          event_type: ['treatment'],
          event_symptoms: ['neuro', 'new_headache'],
          event_headache_course: 'mild_settled',
        },
      });
      expect(r.statusCode, r.body).toBe(201);
      const event = json<{
        triageScreeningId: string;
        triage: { screeningId: string; disposition: string; emergency: boolean };
      }>(r);
      expect(event.triage).toMatchObject({ disposition: 'emergency', emergency: true });
      expect(event.triageScreeningId).toBe(event.triage.screeningId);
      const worklist = json<{ toReview: { id: string; clientName: string }[] }>(
        await as('GET', '/api/v1/worklist'),
      );
      expect(worklist.toReview[0]).toMatchObject({
        id: event.triage.screeningId,
        clientName: 'Dizzy After Massage',
      });
      const again = await as('POST', `/api/v1/clients/${clientId}/treatments`, {
        date: '2026-11-25',
        techniques: ['light_massage'],
      });
      expect(again.statusCode).toBe(409);
      expect(problem(again).code).toBe('screening_not_current');
      const consent = await as('POST', `/api/v1/screenings/${screeningId}/consents`, {
        techniques: ['light_massage'],
        lang: 'en',
        signerName: 'Dizzy',
      });
      expect(consent.statusCode).toBe(409);
    });
  });

  describe('in-room screening', () => {
    it('keeps the self-report, the examination and the sign-off as distinct steps', async () => {
      const clientId = await client('In Room');
      const selfReport = await screen(clientId, BENIGN, 'client');
      const examined = await as('POST', `/api/v1/screenings/${selfReport}/examination`, {
        answers: {
          dizziness: true,
          exam_bp_systolic: 128,
          exam_bp_diastolic: 82,
          exam_neuro: ['none'],
          exam_umn: ['none'],
        },
      });
      expect(examined.statusCode, examined.body).toBe(201);
      const examId = json<{ id: string; basedOn: string }>(examined).id;
      expect(json<{ basedOn: string }>(examined).basedOn).toBe(selfReport);
      expect(
        (await as('POST', `/api/v1/screenings/${examId}/reviews`, { kind: 'signoff', note: 'Examined' }))
          .statusCode,
      ).toBe(201);
      const d = await detail(examId);
      expect(d.record.steps.map((s) => s.kind)).toEqual(['self_report', 'examination', 'signoff']);
      expect(
        d.record.steps.every((s) => s.by.kind === 'user' && s.by.userId === h.a.practitioner.userId),
      ).toBe(true);
      expect(d.record.changes.map((c) => c.questionId).sort()).toEqual(
        ['dizziness', 'exam_bp_diastolic', 'exam_bp_systolic', 'exam_neuro', 'exam_umn'].sort(),
      );
      expect(d.record.currency).toBe('current');
      const original = await detail(selfReport);
      expect(original.record.currency).toBe('superseded');
      expect(original.screening.basedOn).toBeNull();
      const twice = await as('POST', `/api/v1/screenings/${selfReport}/examination`, {
        answers: { exam_neuro: ['none'] },
      });
      expect(twice.statusCode).toBe(409);
    });

    it('turns examination findings into the engine’s decision', async () => {
      const clientId = await client('Nystagmus');
      const selfReport = await screen(clientId, BENIGN, 'client');
      const examined = await as('POST', `/api/v1/screenings/${selfReport}/examination`, {
        answers: { exam_neuro: ['nystagmus'] },
      });
      expect(examined.statusCode).toBe(201);
      expect(['emergency', 'refer']).toContain(json<{ disposition: string }>(examined).disposition);
    });
  });
}

describe('clinical guardrails on SQLite', () => {
  journeys(async () => {
    const h = await startHarness();
    return { h, close: () => h.close() };
  });
});

describePostgres('clinical guardrails on PostgreSQL', (url) => {
  journeys(async () => {
    const database: TestDatabase = await createTestDatabase(url);
    const h = await startHarness({}, { databaseUrl: database.url });
    return {
      h,
      close: async () => {
        await h.close();
        await database.drop();
      },
    };
  });
});
