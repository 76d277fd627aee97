/**
 * Generated security tests over the route table (S-2, S-3): every route outside the explicit public list
 * answers 401 without credentials, and every route answers 404 (or leaves out the rows) for another
 * clinic's records. A new route fails here until it is added to PUBLIC or to CROSS_CLINIC.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WEB_PAGES } from '../../src/server/routes/web.js';
import { BENIGN } from '../helpers/answers.js';
import type { Harness } from './harness.js';
import { json, startHarness } from './harness.js';

/** Reviewed list of routes that anyone may call. */
const PUBLIC = new Set([
  'GET /healthz',
  'GET /readyz',
  'GET /api/openapi.json',
  'GET /api/v1/questionnaire',
  'GET /api/v1/knowledge',
  'GET /api/v1/knowledge/rules/:ruleId',
  'POST /api/v1/assess',
  'POST /api/v1/auth/login',
  'POST /api/v1/auth/login/two-factor',
  'GET /api/v1/intake/:token',
  'POST /api/v1/intake/:token',
  'GET /knowledge-bundle.json',
  'GET /fhir/metadata',
  'GET /fhir/Questionnaire/neckcheck',
  'POST /fhir/Questionnaire/neckcheck/$assess',
  // The FHIR conformance resources: generated from the knowledge base, no record in them.
  ...['CodeSystem', 'ValueSet', 'OperationDefinition', 'StructureDefinition'].flatMap((type) => [
    `GET /fhir/${type}`,
    `GET /fhir/${type}/:id`,
  ]),
  // CORS preflights of the CDS Hooks routes: no data, only which origins may call.
  'OPTIONS /cds-services',
  'OPTIONS /cds-services/:id',
  'OPTIONS /cds-services/:id/feedback',
  // SMART EHR launch: the browser's redirects to and from the EHR (what it may do is in the sealed cookies).
  'GET /smart/launch',
  'GET /smart/callback',
  ...WEB_PAGES.map((url) => `GET ${url}`),
]);
/** Routes of the web app's shell: no data in them, so browsers may keep them if they revalidate. */
const WEB_SHELL = new Set(['/knowledge-bundle.json', ...WEB_PAGES]);
const isDocs = (url: string): boolean => url.startsWith('/api/docs');

/**
 * Routes an EHR calls with its own signed token (CDS Hooks). Tenant isolation for them is tested in
 * test/cds-hooks, where the harness can sign tokens.
 */
const EHR = new Set(['GET /cds-services', 'POST /cds-services/:id', 'POST /cds-services/:id/feedback']);

/** For each authenticated route: a valid request body (if any), used to show another clinic gets 404. */
const CROSS_CLINIC: Readonly<Record<string, { body?: unknown } | 'list'>> = {
  'POST /api/v1/auth/logout': 'list',
  'GET /api/v1/me': 'list',
  'POST /api/v1/auth/password': 'list',
  'GET /api/v1/clients': 'list',
  'POST /api/v1/clients': 'list',
  'GET /api/v1/clients/:clientId': {},
  'PATCH /api/v1/clients/:clientId': { body: { displayName: 'Renamed by another clinic' } },
  'DELETE /api/v1/clients/:clientId': {},
  'GET /api/v1/clients/:clientId/export': {},
  'POST /api/v1/clients/:clientId/intakes': { body: { moment: 'first_treatment' } },
  'POST /api/v1/clients/:clientId/screenings': {
    body: { moment: 'first_treatment', respondent: 'client', answers: BENIGN },
  },
  'GET /api/v1/screenings': 'list',
  'GET /api/v1/screenings/:screeningId': {},
  'GET /api/v1/screenings/:screeningId/report.html': {},
  'GET /api/v1/screenings/:screeningId/report.pdf': {},
  'GET /api/v1/worklist': 'list',
  'GET /fhir/Patient/:clientId/$everything': {},
  'POST /api/v1/screenings/:screeningId/reviews': { body: { kind: 'signoff', note: 'seen' } },
  'POST /api/v1/screenings/:screeningId/examination': { body: { answers: { exam_neuro: ['none'] } } },
  'POST /api/v1/screenings/:screeningId/consents': {
    body: { techniques: ['light_massage'], lang: 'en', signerName: 'Jane Doe' },
  },
  'POST /api/v1/clients/:clientId/treatments': {
    body: { date: '2026-11-25', techniques: ['light_massage'] },
  },
  'POST /api/v1/clients/:clientId/adverse-events': {
    body: {
      onset: '2026-11-25T10:00:00Z',
      symptoms: 'soreness',
      severity: 1,
      actionTaken: 'none',
      followUp: 'none',
      triage: { event_type: ['treatment'], event_symptoms: ['soreness'] },
    },
  },
  'GET /api/v1/adverse-events/rates': 'list',
  'GET /api/v1/users': 'list',
  'POST /api/v1/users': 'list',
  'PATCH /api/v1/users/:userId': { body: { name: 'Renamed by another clinic' } },
  'GET /api/v1/users/locked': 'list',
  'POST /api/v1/users/:userId/unlock': {},
  'GET /api/v1/api-tokens': 'list',
  'POST /api/v1/api-tokens': 'list',
  'DELETE /api/v1/api-tokens/:tokenId': {},
  'GET /api/v1/audit': 'list',
  'GET /api/v1/audit/verify': 'list',
  'GET /api/v1/account/two-factor': 'list',
  'POST /api/v1/account/two-factor/enrolment': 'list',
  'POST /api/v1/account/two-factor/enrolment/confirm': 'list',
  'POST /api/v1/account/two-factor/recovery-codes': 'list',
  'POST /api/v1/account/two-factor/disable': 'list',
  'DELETE /api/v1/users/:userId/two-factor': {},
  'GET /api/v1/clinic/security': 'list',
  'PATCH /api/v1/clinic/security': 'list',
  'GET /api/v1/rule-signoffs': 'list',
  'POST /api/v1/rule-signoffs': 'list',
  'GET /api/v1/admin/impact': 'list',
  'POST /api/v1/admin/impact': 'list',
  'GET /api/v1/smart/launch': 'list',
  'POST /api/v1/smart/launch/client': 'list',
  'DELETE /api/v1/smart/launch': 'list',
};

let h: Harness;
const ids: Record<string, string> = {};

beforeAll(async () => {
  h = await startHarness();
  const client = json<{ id: string }>(
    await h.call(h.a.practitioner, 'POST', '/api/v1/clients', { displayName: 'Client of A' }),
  );
  const screening = json<{ id: string }>(
    await h.call(h.a.practitioner, 'POST', `/api/v1/clients/${client.id}/screenings`, {
      moment: 'first_treatment',
      respondent: 'client',
      answers: BENIGN,
    }),
  );
  const token = json<{ token: { id: string } }>(
    await h.call(h.a.admin, 'POST', '/api/v1/api-tokens', { name: 'EHR', role: 'practitioner' }),
  );
  Object.assign(ids, {
    clientId: client.id,
    screeningId: screening.id,
    tokenId: token.token.id,
    userId: h.a.practitioner.userId,
  });
});
afterAll(async () => h.close());

const withIds = (url: string): string =>
  url.replace(/:(\w+)/g, (_m, name: string) => ids[name] ?? `missing-${name}`);

describe('route table', () => {
  it('has the routes we expect, and marks exactly the reviewed ones public', () => {
    const table = h.app.routeTable.filter((r) => !isDocs(r.url));
    expect(table.length).toBeGreaterThan(25);
    const publicRoutes = table.filter((r) => r.access === 'public').map((r) => `${r.method} ${r.url}`);
    expect(new Set(publicRoutes)).toEqual(PUBLIC);
    expect(h.app.routeTable.filter((r) => isDocs(r.url)).every((r) => r.access === 'public')).toBe(true);
  });

  it('lists exactly the reviewed EHR-token routes', () => {
    const ehr = h.app.routeTable.filter((r) => r.access === 'ehr').map((r) => `${r.method} ${r.url}`);
    expect(new Set(ehr)).toEqual(EHR);
  });

  it('refuses EHR-token routes without a token, even with a valid session or API token', async () => {
    const apiToken = json<{ secret: string }>(
      await h.call(h.a.admin, 'POST', '/api/v1/api-tokens', { name: 'Not an EHR', role: 'practitioner' }),
    ).secret;
    for (const route of h.app.routeTable.filter((r) => r.access === 'ehr')) {
      const url = route.url.replace(':id', 'neckcheck-patient-view');
      const body = route.method === 'GET' ? undefined : {};
      for (const [actor, headers] of [
        [null, {}],
        [h.a.practitioner, {}],
        [null, { authorization: `Bearer ${apiToken}` }],
      ] as const) {
        const response = await h.call(actor, route.method, url, body, headers);
        expect(response.statusCode, `${route.method} ${route.url}`).toBe(401);
        expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      }
    }
  });

  it('lists a cross-clinic case for every authenticated route', () => {
    const missing = h.app.routeTable
      .filter((r) => r.access === 'authenticated')
      .map((r) => `${r.method} ${r.url}`)
      .filter((key) => CROSS_CLINIC[key] === undefined);
    expect(missing, 'add these routes to CROSS_CLINIC').toEqual([]);
  });

  it('answers 401 (problem+json, or an OperationOutcome for FHIR) without credentials on every authenticated route', async () => {
    for (const route of h.app.routeTable.filter((r) => r.access === 'authenticated')) {
      const response = await h.call(
        null,
        route.method,
        withIds(route.url),
        route.method === 'GET' ? undefined : {},
      );
      expect(response.statusCode, `${route.method} ${route.url}`).toBe(401);
      if (route.url.startsWith('/fhir/')) {
        // FHIR clients expect an OperationOutcome, not problem+json.
        expect(response.headers['content-type']).toMatch(/^application\/fhir\+json/);
        expect(json<{ issue: { code: string }[] }>(response).issue[0]?.code).toBe('login');
      } else {
        expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(json(response).code).toBe('unauthenticated');
      }
    }
  });

  it('answers 404 to another clinic for every route that names a record, and changes nothing', async () => {
    for (const route of h.app.routeTable.filter((r) => r.access === 'authenticated' && r.url.includes(':'))) {
      const key = `${route.method} ${route.url}`;
      const spec = CROSS_CLINIC[key];
      const body = spec === 'list' || spec === undefined ? undefined : spec.body;
      const response = await h.call(
        h.b.admin,
        route.method,
        withIds(route.url),
        body ?? (route.method === 'GET' ? undefined : {}),
      );
      expect(response.statusCode, `${key}: ${response.body}`).toBe(404);
    }
    const own = await h.call(h.a.practitioner, 'GET', `/api/v1/clients/${ids.clientId}`);
    expect(own.statusCode).toBe(200);
    expect(json<{ client: { displayName: string }; screenings: unknown[] }>(own).client.displayName).toBe(
      'Client of A',
    );
  });

  it("never shows another clinic's rows in lists", async () => {
    for (const route of h.app.routeTable.filter(
      (r) => r.access === 'authenticated' && r.method === 'GET' && !r.url.includes(':'),
    )) {
      const response = await h.call(h.b.admin, 'GET', route.url);
      expect(response.statusCode, route.url).toBe(200);
      for (const id of [ids.clientId, ids.screeningId, ids.tokenId, ids.userId, h.a.id]) {
        expect(response.body, `${route.url} leaks ${id}`).not.toContain(id);
      }
    }
  });

  it('sets the security headers on every route, including errors', async () => {
    for (const route of h.app.routeTable.filter((r) => !isDocs(r.url))) {
      const response = await h.call(
        null,
        route.method,
        withIds(route.url),
        route.method === 'GET' ? undefined : {},
      );
      const headers = response.headers;
      const where = `${route.method} ${route.url}`;
      expect(headers['strict-transport-security'], where).toMatch(/max-age=(\d+)/);
      expect(
        Number(/max-age=(\d+)/.exec(String(headers['strict-transport-security']))?.[1]),
      ).toBeGreaterThanOrEqual(31_536_000);
      expect(headers['content-security-policy'], where).toContain("frame-ancestors 'none'");
      expect(headers['x-content-type-options'], where).toBe('nosniff');
      expect(headers['referrer-policy'], where).toBe('no-referrer');
      expect(headers['cache-control'], where).toBe(WEB_SHELL.has(route.url) ? 'no-cache' : 'no-store');
    }
  });
});
