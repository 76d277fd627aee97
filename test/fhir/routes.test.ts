/**
 * The FHIR routes in-process: the CapabilityStatement and Questionnaire (public), the stateless $assess
 * (QuestionnaireResponse or Parameters; errors as OperationOutcome with a 4xx status) and Patient/$everything
 * (authenticated, clients.export, other clinics get 404, audited). Every body is valid FHIR.
 */
import type { Bundle, OperationOutcome, Questionnaire, RiskAssessment } from '@medplum/fhirtypes';
import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assess } from '../../src/core/index.js';
import { EXTENSIONS, QUESTIONNAIRE_URL, responseFromAnswers } from '../../src/fhir/index.js';
import { BENIGN, withAnswers } from '../helpers/answers.js';
import type { FhirApp } from './helpers/app.js';
import { ORIGIN, startFhirApp } from './helpers/app.js';
import { loadFhirValidator } from './helpers/validate.js';

const fhir = loadFhirValidator();
const ASSESS = '/fhir/Questionnaire/neckcheck/$assess';
let h: FhirApp;
let clientId: string;

beforeAll(async () => {
  h = await startFhirApp();
  const { store, kb } = h.deps;
  const at = '2026-11-25T09:00:00.000Z';
  const client = await store.clients.create({
    clinicId: h.clinicA,
    displayName: 'Bo',
    birthYear: 1980,
    email: null,
    phone: null,
    createdAt: at,
  });
  clientId = client.id;
  const assessment = assess(kb, BENIGN, { assessedAt: at });
  const users = await store.users.list(h.clinicA);
  const userId = users[0]?.id ?? '';
  await store.screenings.create({
    basedOn: null,
    clinicId: h.clinicA,
    clientId,
    moment: 'first_treatment',
    answers: BENIGN,
    assessment,
    disposition: assessment.disposition,
    kbVersion: kb.meta.version,
    kbHash: kb.hash,
    submittedBy: { kind: 'user', userId },
    submittedAt: at,
    validUntil: at,
  });
});
afterAll(async () => h.close());

const body = <T>(response: LightMyRequestResponse): T => JSON.parse(response.body) as T;

function post(payload: unknown, contentType = 'application/fhir+json'): Promise<LightMyRequestResponse> {
  return h.app.inject({
    method: 'POST',
    url: ASSESS,
    headers: { 'content-type': contentType, host: 'neckcheck.test', origin: ORIGIN },
    payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
  });
}

function expectOutcome(response: LightMyRequestResponse, status: number): OperationOutcome {
  expect(response.statusCode, response.body).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/fhir\+json/);
  const outcome = body<OperationOutcome>(response);
  expect(outcome.resourceType).toBe('OperationOutcome');
  fhir.expectValid(outcome);
  return outcome;
}

describe('FHIR formats', () => {
  it('answers 406 with an OperationOutcome for XML, and JSON for _format=json, fhir+json or */*', async () => {
    for (const request of [
      { url: '/fhir/metadata?_format=xml', headers: {} },
      { url: '/fhir/metadata?_format=application/fhir%2Bxml', headers: {} },
      { url: '/fhir/metadata', headers: { accept: 'application/fhir+xml' } },
    ]) {
      const refused = await h.app.inject({ method: 'GET', ...request });
      expect(refused.statusCode, request.url).toBe(406);
      expect(refused.headers['content-type']).toMatch(/application\/fhir\+json/);
      expect(JSON.parse(refused.body)).toMatchObject({ resourceType: 'OperationOutcome' });
    }
    for (const request of [
      { url: '/fhir/metadata?_format=json', headers: {} },
      { url: '/fhir/metadata', headers: { accept: 'application/fhir+json' } },
      { url: '/fhir/metadata', headers: { accept: 'text/html, */*;q=0.8' } },
    ]) {
      const served = await h.app.inject({ method: 'GET', ...request });
      expect(served.statusCode, request.url).toBe(200);
      expect(JSON.parse(served.body)).toMatchObject({ resourceType: 'CapabilityStatement' });
    }
  });
});

describe('GET /fhir/metadata and /fhir/Questionnaire/neckcheck (public)', () => {
  it('serves a valid CapabilityStatement', async () => {
    const response = await h.app.inject({ method: 'GET', url: '/fhir/metadata' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/fhir\+json/);
    const statement = body<{ resourceType: string; implementation: { url: string } }>(response);
    fhir.expectValid(statement);
    expect(statement.implementation.url).toBe(`${ORIGIN}/fhir`);
  });

  it.each(['en', 'fr'] as const)('serves the Questionnaire in %s', async (lang) => {
    const response = await h.app.inject({ method: 'GET', url: `/fhir/Questionnaire/neckcheck?lang=${lang}` });
    expect(response.statusCode).toBe(200);
    const questionnaire = body<Questionnaire>(response);
    fhir.expectValid(questionnaire);
    expect(questionnaire).toMatchObject({ url: QUESTIONNAIRE_URL, language: lang });
  });

  it('refuses an unknown language with an OperationOutcome', async () => {
    expectOutcome(await h.app.inject({ method: 'GET', url: '/fhir/Questionnaire/neckcheck?lang=de' }), 400);
  });
});

describe(`POST ${ASSESS} (public, stateless)`, () => {
  it('assesses a QuestionnaireResponse like the core and returns a valid Bundle', async () => {
    const answers = withAnswers(BENIGN, { medications: ['anticoagulant'] });
    const qr = { ...responseFromAnswers(h.deps.kb, answers), subject: { reference: 'Patient/123' } };
    const response = await post(qr);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/fhir\+json/);
    const bundle = body<Bundle>(response);
    fhir.expectValid(bundle);
    const risk = bundle.entry
      ?.map((e) => e.resource)
      .find((r) => r?.resourceType === 'RiskAssessment') as RiskAssessment;
    expect(risk.prediction?.[0]?.outcome?.coding?.[0]?.code).toBe(assess(h.deps.kb, answers).disposition);
    expect(risk.subject.reference).toBe('Patient/123');
    expect(risk.occurrenceDateTime).toBe('2026-11-25T09:00:00.000Z');
  });

  it('accepts Parameters with a response part and plain application/json, in French', async () => {
    const qr = responseFromAnswers(h.deps.kb, BENIGN);
    const response = await post(
      {
        resourceType: 'Parameters',
        parameter: [
          { name: 'response', resource: qr },
          { name: 'lang', valueCode: 'fr' },
        ],
      },
      'application/json',
    );
    expect(response.statusCode, response.body).toBe(200);
    const bundle = body<Bundle>(response);
    fhir.expectValid(bundle);
    expect(bundle.entry?.[0]?.resource?.language).toBe('fr');
  });

  it('answers 400 for malformed bodies and 422 for responses it cannot assess, as OperationOutcome', async () => {
    const qr = responseFromAnswers(h.deps.kb, BENIGN);
    expectOutcome(await post('{"resourceType":'), 400);
    expectOutcome(await post(''), 400);
    expectOutcome(await post([1, 2]), 400);
    expectOutcome(await post({ resourceType: 'Patient' }), 400);
    expectOutcome(await post('resourceType=x', 'text/plain'), 415);
    const other = expectOutcome(await post({ ...qr, questionnaire: `${QUESTIONNAIRE_URL}|0.0.1` }), 422);
    expect(other.issue[0]?.expression).toEqual(['QuestionnaireResponse.questionnaire']);
    expectOutcome(await post(responseFromAnswers(h.deps.kb, withAnswers(BENIGN, { age: 500 }))), 422);
    const huge = await post({ ...qr, text: { status: 'generated', div: 'x'.repeat(300_000) } });
    expectOutcome(huge, 413);
  });
});

describe('GET /fhir/Patient/:clientId/$everything (authenticated)', () => {
  const url = () => `/fhir/Patient/${clientId}/$everything`;
  const get = (authorization?: string, path = url()) =>
    h.app.inject({ method: 'GET', url: path, headers: authorization === undefined ? {} : { authorization } });

  it('exports the client as a valid Bundle, and audits it', async () => {
    const response = await get(h.tokens.adminA);
    expect(response.statusCode, response.body).toBe(200);
    const bundle = body<Bundle>(response);
    fhir.expectValid(bundle);
    expect(bundle.entry?.map((e) => e.resource?.resourceType)).toEqual([
      'Patient',
      'QuestionnaireResponse',
      'RiskAssessment',
    ]);
    const entries = await h.deps.store.audit.listForClinic(h.clinicA, { limit: 5 });
    expect(entries[0]).toMatchObject({
      action: 'client.export.fhir',
      resourceId: clientId,
      outcome: 'success',
    });
  });

  it("states a clinician's override of a stored screening beside the engine's prediction", async () => {
    const { store, kb } = h.deps;
    const at = '2026-11-25T09:00:00.000Z';
    const other = await store.clients.create({
      clinicId: h.clinicA,
      displayName: 'Cy',
      birthYear: null,
      email: null,
      phone: null,
      createdAt: at,
    });
    const [user] = await store.users.list(h.clinicA);
    const assessment = assess(kb, BENIGN, { assessedAt: at });
    const screening = await store.screenings.create({
      basedOn: null,
      clinicId: h.clinicA,
      clientId: other.id,
      moment: 'first_treatment',
      answers: BENIGN,
      assessment,
      disposition: assessment.disposition,
      kbVersion: kb.meta.version,
      kbHash: kb.hash,
      submittedBy: { kind: 'user', userId: user?.id ?? '' },
      submittedAt: at,
      validUntil: at,
    });
    await store.reviews.create({
      clinicId: h.clinicA,
      screeningId: screening.id,
      userId: user?.id ?? '',
      kind: 'override',
      note: '',
      techniqueId: 'manipulation',
      decision: 'contraindicated',
      reasonCode: 'client_declined',
      reasonText: "No thrust techniques, at the client's request",
      createdAt: '2026-11-25T09:10:00.000Z',
    });
    const response = await get(h.tokens.adminA, `/fhir/Patient/${other.id}/$everything`);
    expect(response.statusCode, response.body).toBe(200);
    const bundle = body<Bundle>(response);
    fhir.expectValid(bundle);
    const risk = bundle.entry?.find((e) => e.resource?.resourceType === 'RiskAssessment')
      ?.resource as RiskAssessment;
    const manipulation = risk.prediction?.find((p) => p.outcome?.coding?.[0]?.code === 'manipulation');
    const engine = assessment.techniques.find((t) => t.techniqueId === 'manipulation')?.decision;
    expect(manipulation?.extension).toContainEqual({ url: EXTENSIONS.techniqueDecision, valueCode: engine });
    expect(manipulation?.extension).toContainEqual({
      url: EXTENSIONS.decisionInForce,
      valueCode: 'contraindicated',
    });
    expect(risk.note?.[0]).toMatchObject({
      authorReference: { identifier: { value: user?.id }, display: user?.name },
      time: '2026-11-25T09:10:00.000Z',
      text: expect.stringContaining(
        "Reason: the client declined. No thrust techniques, at the client's request",
      ),
    });
  });

  it('refuses anonymous callers (401), roles without clients.export (403) and other clinics (404)', async () => {
    expectOutcome(await get(), 401);
    expectOutcome(await get(h.tokens.receptionA), 403);
    expectOutcome(await get(h.tokens.adminB), 404);
    expectOutcome(await get(h.tokens.adminA, '/fhir/Patient/not-a-uuid/$everything'), 400);
  });
});

describe('fuzzing the FHIR routes: never a 5xx, always an OperationOutcome or a resource', () => {
  const qr = () => responseFromAnswers(h.deps.kb, BENIGN);
  const mutated = fc
    .tuple(
      fc.constantFrom('item', 'status', 'questionnaire', 'resourceType', 'language', 'subject'),
      fc.jsonValue(),
    )
    .map(([key, value]) => ({ ...qr(), [key]: value }));
  const itemMutated = fc.tuple(fc.nat(20), fc.jsonValue()).map(([i, value]) => {
    const base = qr();
    const items = [...(base.item ?? [])];
    items[i % Math.max(1, items.length)] = value as never;
    return { ...base, item: items };
  });
  const bodies = fc.oneof(
    fc.jsonValue(),
    mutated,
    itemMutated,
    fc.record({
      resourceType: fc.constant('Parameters'),
      parameter: fc.array(fc.record({ name: fc.string(), resource: fc.jsonValue() })),
    }),
  );

  it('POST $assess', async () => {
    await fc.assert(
      fc.asyncProperty(
        bodies,
        fc.constantFrom('application/fhir+json', 'application/json', 'text/plain'),
        fc.boolean(),
        async (payload, type, raw) => {
          const text = JSON.stringify(payload) ?? 'null';
          const response = await post(raw ? `${text}}{` : text, type);
          expect(response.statusCode, response.body.slice(0, 300)).toBeLessThan(500);
          expect(response.headers['content-type']).toMatch(/^application\/fhir\+json/);
          expect(response.body).not.toMatch(/\n\s+at |node_modules|"stack"/);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('GET routes with random parameters', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string(), fc.string(), async (id, lang) => {
        for (const url of [
          `/fhir/Patient/${encodeURIComponent(id)}/$everything?lang=${encodeURIComponent(lang)}`,
          `/fhir/Questionnaire/neckcheck?lang=${encodeURIComponent(lang)}`,
          `/fhir/metadata?x=${encodeURIComponent(id)}`,
        ]) {
          const response = await h.app.inject({
            method: 'GET',
            url,
            headers: { authorization: h.tokens.adminA },
          });
          expect(response.statusCode, `${url}: ${response.body.slice(0, 200)}`).toBeLessThan(500);
        }
      }),
      { numRuns: 100 },
    );
  });
});

describe('other FHIR URLs', () => {
  it('answer 404 with an OperationOutcome', async () => {
    expectOutcome(await h.app.inject({ method: 'GET', url: '/fhir/Patient' }), 404);
    expectOutcome(await h.app.inject({ method: 'GET', url: '/fhir/Questionnaire/other' }), 404);
  });

  it('ignore the parameters FHIR clients add, and appear in the OpenAPI document', async () => {
    const response = await h.app.inject({
      method: 'GET',
      url: '/fhir/Questionnaire/neckcheck?_format=json&lang=fr',
    });
    expect(response.statusCode).toBe(200);
    const doc = JSON.parse((await h.app.inject({ method: 'GET', url: '/api/openapi.json' })).body) as {
      paths: Record<string, unknown>;
    };
    expect(
      Object.keys(doc.paths)
        .filter((p) => p.startsWith('/fhir/'))
        .sort(),
    ).toEqual([
      '/fhir/CodeSystem',
      '/fhir/CodeSystem/{id}',
      '/fhir/OperationDefinition',
      '/fhir/OperationDefinition/{id}',
      '/fhir/Patient/{clientId}/$everything',
      '/fhir/Questionnaire/neckcheck',
      '/fhir/Questionnaire/neckcheck/$assess',
      '/fhir/StructureDefinition',
      '/fhir/StructureDefinition/{id}',
      '/fhir/ValueSet',
      '/fhir/ValueSet/{id}',
      '/fhir/metadata',
    ]);
  });

  it('carry the security headers, on answers and on errors', async () => {
    for (const response of [
      await h.app.inject({ method: 'GET', url: '/fhir/metadata' }),
      await h.app.inject({ method: 'GET', url: `/fhir/Patient/${clientId}/$everything` }),
      await post('{'),
    ]) {
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.headers['cache-control']).toBe('no-store');
      expect(response.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    }
  });

  it('are listed in the route table with their access', () => {
    const fhirRoutes = h.app.routeTable.filter((r) => r.url.startsWith('/fhir/'));
    expect(fhirRoutes.map((r) => `${r.method} ${r.url} ${r.access}`).sort()).toEqual([
      'GET /fhir/CodeSystem public',
      'GET /fhir/CodeSystem/:id public',
      'GET /fhir/OperationDefinition public',
      'GET /fhir/OperationDefinition/:id public',
      'GET /fhir/Patient/:clientId/$everything authenticated',
      'GET /fhir/Questionnaire/neckcheck public',
      'GET /fhir/StructureDefinition public',
      'GET /fhir/StructureDefinition/:id public',
      'GET /fhir/ValueSet public',
      'GET /fhir/ValueSet/:id public',
      'GET /fhir/metadata public',
      'POST /fhir/Questionnaire/neckcheck/$assess public',
    ]);
  });
});
