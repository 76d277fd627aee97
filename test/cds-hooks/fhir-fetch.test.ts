/**
 * Prefetch the CDS client did not send is fetched from its fhirServer (a FHIR server these tests start on
 * loopback) with the fhirAuthorization token: the cards are those the full prefetch gives; searchset pages
 * are followed; a refused token, a slow or huge server, a next link elsewhere and an http URL that is not
 * loopback-and-allowed end in 412 naming the keys and why.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { cardsOf } from './cards.js';
import type { FhirTestServer } from './fhir-server.js';
import { startFhirServer } from './fhir-server.js';
import type { CdsHarness } from './harness.js';
import { startCdsHarness } from './harness.js';
import {
  condition,
  medicationRequest,
  PATIENT_ID,
  patient,
  patientView,
  prefetchOf,
  SERVICE,
} from './payloads.js';

const WARFARIN = medicationRequest('mr-1', {
  system: 'http://www.nlm.nih.gov/research/umls/rxnorm',
  code: '855332',
  display: 'Warfarin Sodium 5 MG Oral Tablet',
});
const OSTEOPOROSIS = condition('c-1', {
  system: 'http://snomed.info/sct',
  code: '64859006',
  display: 'Osteoporosis',
});
const OTHERS = Array.from({ length: 7 }, (_, i) => condition(`c-x${i}`, { text: `Seasonal allergy ${i}` }));

const fhir: FhirTestServer = await startFhirServer({
  patient: patient(),
  byType: {
    Condition: [...OTHERS, OSTEOPOROSIS],
    MedicationRequest: [WARFARIN],
    MedicationStatement: [],
    QuestionnaireResponse: [],
  },
});
const h: CdsHarness = await startCdsHarness({
  env: { NECKCHECK_CDS_FHIR_ALLOW_HTTP_LOOPBACK: '1', NECKCHECK_CDS_FHIR_TIMEOUT_MS: '500' },
});
const strict: CdsHarness = await startCdsHarness();
afterAll(async () => {
  await h.close();
  await strict.close();
  await fhir.close();
});
beforeEach(() => {
  fhir.mode = 'serve';
  fhir.pageSize = 100;
  fhir.requests.length = 0;
});

const AUTH = {
  access_token: fhir.token,
  token_type: 'Bearer',
  expires_in: 300,
  scope: 'patient/*.read',
  subject: 'cds-service',
};
const withServer = (prefetch: Record<string, unknown> = {}, fhirServer = fhir.url) => ({
  ...patientView(prefetch),
  fhirServer,
  fhirAuthorization: AUTH,
});
/** Cards without the random uuids (cards and suggestions), to compare two calls. */
const comparable = (cards: ReturnType<typeof cardsOf>): unknown =>
  JSON.parse(JSON.stringify(cards).replace(/"uuid":"[0-9a-f-]{36}"/g, '"uuid":"-"'));

describe('missing prefetch fetched from the fhirServer', () => {
  it('gives the cards the full prefetch gives, with the token of fhirAuthorization', async () => {
    const full = prefetchOf({ medicationRequests: [WARFARIN], conditions: [...OTHERS, OSTEOPOROSIS] });
    const expected = cardsOf(await h.call('POST', SERVICE.patientView, { body: patientView(full) }));
    expect(expected.length).toBeGreaterThan(1);
    const fetched = cardsOf(await h.call('POST', SERVICE.patientView, { body: withServer() }));
    expect(comparable(fetched)).toEqual(comparable(expected));
    expect(fhir.requests.map((r) => r.path.split('?')[0]).sort()).toEqual([
      '/fhir/Condition',
      '/fhir/MedicationRequest',
      '/fhir/MedicationStatement',
      `/fhir/Patient/${PATIENT_ID}`,
      '/fhir/QuestionnaireResponse',
    ]);
    expect(fhir.requests.every((r) => r.authorization === `Bearer ${fhir.token}`)).toBe(true);
    const entries = await h.store.audit.listForClinic(h.a.clinicId, { limit: 5 });
    expect(entries.map((e) => e.action)).toContain('cds.fhir_fetch');
  });

  it('fetches only what is missing, and a key sent as null', async () => {
    const sent = { ...prefetchOf({ medicationRequests: [WARFARIN] }), conditions: null };
    cardsOf(await h.call('POST', SERVICE.patientView, { body: withServer(sent) }));
    expect(fhir.requests.map((r) => r.path.split('?')[0])).toEqual(['/fhir/Condition']);
  });

  it('follows next links page by page', async () => {
    fhir.pageSize = 3;
    const cards = cardsOf(
      await h.call('POST', SERVICE.patientView, {
        body: withServer({ ...prefetchOf({ medicationRequests: [WARFARIN] }), conditions: undefined }),
      }),
    );
    expect(fhir.requests.map((r) => r.path)).toEqual([
      expect.stringMatching(/^\/fhir\/Condition\?patient=/),
      expect.stringMatching(/_offset=3/),
      expect.stringMatching(/_offset=6/),
    ]);
    // Osteoporosis is on the last page: the card that names it shows it was read.
    expect(cards.some((c) => c.detail?.includes('Condition/c\\-1 (Osteoporosis)'))).toBe(true);
  });
});

describe('412 when it cannot be fetched', () => {
  const expect412 = async (harness: CdsHarness, body: unknown, reason: string) => {
    const started = Date.now();
    const response = await harness.call('POST', SERVICE.patientView, { body });
    expect(response.statusCode, response.body).toBe(412);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    const problem = response.json() as { errors: { path: string; code: string }[]; detail: string };
    expect(problem.errors.map((e) => e.path)).toEqual([
      'body.prefetch.patient',
      'body.prefetch.conditions',
      'body.prefetch.medicationRequests',
    ]);
    expect(new Set(problem.errors.map((e) => e.code))).toEqual(new Set([reason]));
    return { problem, ms: Date.now() - started };
  };

  it('names the keys and the reason when there is no fhirServer', async () => {
    const { problem } = await expect412(h, { ...patientView({}), fhirServer: undefined }, 'no_fhir_server');
    expect(problem.detail).toMatch(/no fhirServer/);
  });

  it('says the FHIR server refused the token (401)', async () => {
    fhir.mode = 'unauthorized';
    const { problem } = await expect412(h, withServer(), 'unauthorized');
    expect(problem.detail).toMatch(/401\/403/);
    const [entry] = await h.store.audit.listForClinic(h.a.clinicId, { limit: 1 });
    expect(entry).toMatchObject({ action: 'cds.fhir_fetch:unauthorized', outcome: 'failure' });
  });

  it('gives up quickly on a slow server (timeout)', async () => {
    fhir.mode = 'slow';
    const { ms } = await expect412(h, withServer(), 'timeout');
    expect(ms).toBeLessThan(3000);
  });

  it('says when the fhirServer cannot be reached', async () => {
    const closed = createServer();
    await new Promise<void>((done) => closed.listen(0, '127.0.0.1', done));
    const { port } = closed.address() as AddressInfo;
    await new Promise((done) => closed.close(done));
    await expect412(h, withServer({}, `http://127.0.0.1:${port}/fhir`), 'unreachable');
  });

  it('stops reading a huge response', async () => {
    fhir.mode = 'huge';
    const body = withServer({ patient: patient(), medicationRequests: prefetchOf().medicationRequests });
    const response = await h.call('POST', SERVICE.patientView, { body });
    expect(response.statusCode, response.body).toBe(412);
    expect(response.json()).toMatchObject({
      errors: [{ path: 'body.prefetch.conditions', code: 'too_large' }],
    });
  });

  it('does not send the token to a next link on another origin', async () => {
    fhir.pageSize = 3;
    const body = withServer({ patient: patient(), medicationRequests: prefetchOf().medicationRequests });
    const response = await h.call('POST', SERVICE.patientView, { body });
    fhir.mode = 'foreign-next';
    const foreign = await h.call('POST', SERVICE.patientView, {
      body: withServer({ patient: patient(), medicationRequests: prefetchOf().medicationRequests }),
    });
    expect(response.statusCode).toBe(200);
    expect(foreign.json()).toMatchObject({
      errors: [{ path: 'body.prefetch.conditions', code: 'insecure_url' }],
    });
  });

  it('refuses http unless loopback is allowed, and link-local (metadata) addresses always', async () => {
    await expect412(strict, withServer(), 'insecure_url');
    await expect412(h, withServer({}, 'http://fhir.example.org/fhir'), 'insecure_url');
    await expect412(h, withServer({}, 'https://169.254.169.254/latest'), 'blocked_address');
    await expect412(h, withServer({}, 'https://[::ffff:169.254.169.254]/fhir'), 'blocked_address');
    // A name is checked after DNS, on the connection: localhost resolves to loopback, refused in production.
    await expect412(
      strict,
      withServer({}, `https://localhost:${new URL(fhir.url).port}/fhir`),
      'blocked_address',
    );
    expect(fhir.requests).toEqual([]);
  });
});
