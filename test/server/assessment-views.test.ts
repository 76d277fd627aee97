/**
 * Assessments over HTTP (ADR 0018): compact in one language by default (`lang`, else Accept-Language,
 * else English), the full assessment with `detail=full`, 400 for a bad `lang` or `detail` — on the
 * stateless assessment, a stored screening and an intake submission.
 */
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Assessment } from '../../src/core/index.js';
import { assess } from '../../src/core/index.js';
import type { CompactAssessment } from '../../src/report/index.js';
import { compactAssessment } from '../../src/report/index.js';
import { BENIGN, withAnswers } from '../helpers/answers.js';
import type { Harness } from './harness.js';
import { json, startHarness } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h.close());

const AT = '2026-11-25T09:00:00.000Z';
const ANTICOAGULATED = withAnswers(BENIGN, { age: 76, medications: ['anticoagulant'] });
const FULL_ASSESS = { method: 'POST', href: '/api/v1/assess?detail=full' } as const;

const fresh = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

function expectLanguage(response: LightMyRequestResponse, language: string): void {
  expect(response.statusCode, response.body).toBeLessThan(300);
  expect(response.headers['content-language']).toBe(language);
  expect(String(response.headers.vary).toLowerCase()).toContain('accept-language');
}

function expectProblem(response: LightMyRequestResponse, path: string): void {
  expect(response.statusCode, response.body).toBe(400);
  expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
  expect(json<{ errors: { path: string }[] }>(response).errors.map((e) => e.path)).toContain(path);
}

describe('POST /api/v1/assess', () => {
  const post = (query: string, headers: Record<string, string> = {}, answers = ANTICOAGULATED) =>
    h.call(null, 'POST', `/api/v1/assess${query}`, { answers, assessedAt: AT }, headers);
  const engine = (answers = ANTICOAGULATED): Assessment => assess(h.deps.kb, answers, { assessedAt: AT });

  it("answers compact, in English and with the client's words, by default", async () => {
    const response = await post('');
    expectLanguage(response, 'en');
    const body = json<CompactAssessment>(response);
    expect(body).toEqual(
      fresh(compactAssessment(h.deps.kb, engine(), { lang: 'en', audience: 'client', full: FULL_ASSESS })),
    );
    expect(body.findings.some((f) => f.disposition === 'precautions')).toBe(true);
    expect(response.body).not.toMatch(/"trace"|"authors"|"fr":/);
  });

  it('answers in French from Accept-Language, and ?lang wins over the header', async () => {
    const fr = await post('', { 'accept-language': 'fr-CA,fr;q=0.9,en;q=0.5' });
    expectLanguage(fr, 'fr');
    expect(json(fr)).toEqual(
      fresh(compactAssessment(h.deps.kb, engine(), { lang: 'fr', audience: 'client', full: FULL_ASSESS })),
    );
    const en = await post('?lang=en', { 'accept-language': 'fr' });
    expectLanguage(en, 'en');
    expect(json<CompactAssessment>(en).lang).toBe('en');
    const asked = await post('?lang=fr');
    expectLanguage(asked, 'fr');
    expect(json<CompactAssessment>(asked).headline.label).toBe(json<CompactAssessment>(fr).headline.label);
  });

  it('returns the full assessment, unchanged, with detail=full', async () => {
    const response = await post('?detail=full', { 'accept-language': 'fr' });
    expectLanguage(response, 'en, fr');
    expect(json(response)).toEqual(fresh(engine()));
    expect(json(await post('?detail=compact&lang=fr'))).toEqual(json(await post('?lang=fr')));
  });

  it('keeps a benign response within 4 KB, against about 14 KB in full', async () => {
    for (const lang of ['en', 'fr']) {
      const compact = await post(`?lang=${lang}`, {}, BENIGN);
      expect(compact.rawPayload.byteLength).toBeLessThanOrEqual(4096);
      const full = await post('?detail=full', {}, BENIGN);
      expect(full.rawPayload.byteLength).toBeGreaterThan(3 * compact.rawPayload.byteLength);
    }
  });

  it('refuses an unknown language, detail or parameter with a 400 problem', async () => {
    expectProblem(await post('?lang=de'), 'querystring.lang');
    expectProblem(await post('?detail=short'), 'querystring.detail');
    expectProblem(await post('?detail='), 'querystring.detail');
    expectProblem(await post('?verbose=1'), 'querystring.verbose');
  });
});

describe('the OpenAPI document', () => {
  it('describes both forms and the two parameters on every route that returns an assessment', async () => {
    const doc = json<{
      paths: Record<
        string,
        Record<
          string,
          {
            parameters: { name: string; in: string }[];
            responses: Record<string, { content: Record<string, { schema: Record<string, unknown> }> }>;
          }
        >
      >;
    }>(await h.call(null, 'GET', '/api/openapi.json'));
    const routes = [
      ['/api/v1/assess', 'post', '200'],
      ['/api/v1/screenings/{screeningId}', 'get', '200'],
      ['/api/v1/intake/{token}', 'post', '201'],
    ] as const;
    for (const [path, method, status] of routes) {
      const op = doc.paths[path]?.[method];
      expect(op?.parameters.filter((p) => p.in === 'query').map((p) => p.name)).toEqual(['lang', 'detail']);
      const text = JSON.stringify(op?.responses[status]?.content['application/json']?.schema);
      expect(text).toContain('"openQuestionIds"');
      expect(text).toContain('"trace"');
      expect(text).toContain('"anyOf"');
    }
  });
});

describe('a stored screening', () => {
  let screeningId: string;
  beforeAll(async () => {
    const client = await h.call(h.a.practitioner, 'POST', '/api/v1/clients', { displayName: 'Ann Lang' });
    const clientId = json<{ id: string }>(client).id;
    const created = await h.call(h.a.practitioner, 'POST', `/api/v1/clients/${clientId}/screenings`, {
      moment: 'first_treatment',
      respondent: 'client',
      answers: ANTICOAGULATED,
    });
    expect(created.statusCode, created.body).toBe(201);
    screeningId = json<{ id: string }>(created).id;
  });
  const get = (query: string, headers: Record<string, string> = {}) =>
    h.call(h.a.practitioner, 'GET', `/api/v1/screenings/${screeningId}${query}`, undefined, headers);

  it("reads compact, in the requested language and with the clinician's words", async () => {
    const stored = await h.store.screenings.get(h.a.id, screeningId);
    if (stored === undefined) throw new Error('not stored');
    const full = { method: 'GET', href: `/api/v1/screenings/${screeningId}?detail=full` } as const;
    const fr = await get('', { 'accept-language': 'fr' });
    expectLanguage(fr, 'fr');
    const body = json<{ screening: { assessment: CompactAssessment; answers: unknown }; record: unknown }>(
      fr,
    );
    expect(body.screening.assessment).toEqual(
      fresh(compactAssessment(h.deps.kb, stored.assessment, { lang: 'fr', audience: 'clinician', full })),
    );
    expect(body.record).toMatchObject({ currency: 'current' });
    const en = await get('?lang=en', { 'accept-language': 'fr' });
    expectLanguage(en, 'en');
    expect(json<{ screening: { assessment: CompactAssessment } }>(en).screening.assessment.lang).toBe('en');
  });

  it('reads the stored assessment in full with detail=full, and refuses bad values', async () => {
    const stored = await h.store.screenings.get(h.a.id, screeningId);
    const response = await get('?detail=full');
    expectLanguage(response, 'en, fr');
    expect(json<{ screening: { assessment: Assessment } }>(response).screening.assessment).toEqual(
      fresh(stored?.assessment),
    );
    expectProblem(await get('?lang=es'), 'querystring.lang');
    expectProblem(await get('?detail=all'), 'querystring.detail');
  });
});

describe('an intake submission', () => {
  async function link(): Promise<string> {
    const client = await h.call(h.a.reception, 'POST', '/api/v1/clients', { displayName: 'Ivy Intake' });
    const clientId = json<{ id: string }>(client).id;
    const intake = await h.call(h.a.reception, 'POST', `/api/v1/clients/${clientId}/intakes`, {
      moment: 'first_treatment',
    });
    return json<{ token: string }>(intake).token;
  }
  const { respondent: _r, moment: _m, ...answers } = BENIGN;

  it('answers compact in the client’s language; the link is single-use, so no link to the full view', async () => {
    const response = await h.call(
      null,
      'POST',
      `/api/v1/intake/${await link()}`,
      { answers },
      {
        'accept-language': 'fr',
      },
    );
    expect(response.statusCode, response.body).toBe(201);
    expectLanguage(response, 'fr');
    const { assessment } = json<{ assessment: CompactAssessment }>(response);
    expect(assessment).toMatchObject({ detail: 'compact', lang: 'fr', audience: 'client', full: null });
    expect(assessment.disposition).toBe('proceed');
  });

  it('answers in full with detail=full, and refuses a bad value before using the link', async () => {
    const token = await link();
    expectProblem(
      await h.call(null, 'POST', `/api/v1/intake/${token}?detail=everything`, { answers }),
      'querystring.detail',
    );
    const response = await h.call(null, 'POST', `/api/v1/intake/${token}?detail=full`, { answers });
    expect(response.statusCode, response.body).toBe(201);
    const { assessment } = json<{ assessment: Assessment }>(response);
    expect(assessment.techniques[0]?.name).toHaveProperty('fr');
    expect(assessment.findings[0]).toHaveProperty('trace');
  });
});
