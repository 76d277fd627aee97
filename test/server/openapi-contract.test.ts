/**
 * Contract test of the OpenAPI document (/api/openapi.json): every route of the app is called, in success
 * and error cases, and each LIVE response is checked against the document (status documented for the
 * operation, media type documented for the status, body valid against its schema; see openapi-validator.ts).
 * Every authenticated or EHR-token route is also called without credentials (401), without a row for it.
 *
 * ADDING A ROUTE: add one entry to CASES, keyed "METHOD /url" exactly as the route is registered (the
 * failure message lists the missing keys), with at least one 2xx case and every error the handler itself
 * throws. A case is `{ status, why, send }`; `send(f)` makes the request with the fixtures `f`: `f.call`
 * is test/server/harness.ts's call (actor or null, method, url, body, headers), `f.cds` the CDS harness
 * (test/cds-hooks/harness.ts, for routes an EHR calls with a signed JWT), and `f.client()`,
 * `f.screening()`, `f.intake()` make fresh records so that a case never depends on another; `f.lead` is
 * clinic A's clinical lead, and `f.smart.launch(actor, patient)` runs a whole SMART EHR launch against a
 * local launcher and returns the browser's cookies for `f.smart.api`. A route the document leaves out on
 * purpose goes in UNDOCUMENTED, with the reason. For example:
 *
 *   'GET /api/v1/things/:thingId': [
 *     { status: 200, why: 'one thing', send: (f) => f.call(f.h.a.admin, 'GET', `/api/v1/things/${id}`) },
 *     { status: 404, why: 'unknown', send: (f) => f.call(f.h.a.admin, 'GET', `/api/v1/things/${NO_SUCH_ID}`) },
 *   ],
 *
 * When a case fails with "status N is not documented", the route's schema is missing a response the
 * handler sends: declare it in the route (`N: ProblemSchema`, or `{ ...ProblemSchema, description }`), or in
 * src/server/http/openapi.ts if every route of its kind sends it. Errors under /fhir are documented as
 * OperationOutcome by that helper.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ConformanceType } from '../../src/fhir/conformance/index.js';
import { CONFORMANCE_TYPES } from '../../src/fhir/conformance/index.js';
import { CANONICAL_BASE } from '../../src/fhir/index.js';
import { buildApp } from '../../src/server/app.js';
import { totpCode } from '../../src/server/auth/totp.js';
import { loadConfig } from '../../src/server/config.js';
import { WEB_PAGES } from '../../src/server/routes/web.js';
import type { CdsHarness } from '../cds-hooks/harness.js';
import { startCdsHarness } from '../cds-hooks/harness.js';
import { patientView, prefetchOf, SERVICE, SPEC_PATIENT_VIEW } from '../cds-hooks/payloads.js';
import { BENIGN, withAnswers } from '../helpers/answers.js';
import type { Launcher } from '../helpers/smart-launcher.js';
import { startLauncher } from '../helpers/smart-launcher.js';
import type { Actor, Harness } from './harness.js';
import { addStaff, json, ORIGIN, PASSWORD, startHarness } from './harness.js';
import type { OpenApiDocument } from './openapi-validator.js';
import { openApiPath, responseValidator } from './openapi-validator.js';
import { api, follow, Jar, last } from './smart-flow.js';

/** Routes the document leaves out on purpose: the web app and the interactive docs are not the API. */
const UNDOCUMENTED = new Set([
  ...WEB_PAGES.map((url) => `GET ${url}`),
  'GET /knowledge-bundle.json',
  // The SMART launch's browser navigations: they redirect to the EHR or the workspace, or show a page
  // (src/server/routes/smart.ts); the JSON routes under /api/v1/smart are documented.
  'GET /smart/launch',
  'GET /smart/callback',
  // CORS preflights of the CDS Hooks routes, answered for browsers before the documented call.
  'OPTIONS /cds-services',
  'OPTIONS /cds-services/:id',
  'OPTIONS /cds-services/:id/feedback',
]);
const isDocsUi = (url: string): boolean => url.startsWith('/api/docs') || url.startsWith('/assets/');

interface Fixtures {
  readonly h: Harness;
  readonly cds: CdsHarness;
  readonly call: Harness['call'];
  /** A client of clinic A, a benign screening of it, an API token, and a user to act on. */
  readonly clientId: string;
  readonly screeningId: string;
  readonly tokenId: string;
  readonly staff: Actor;
  client(): Promise<string>;
  screening(clientId?: string, answers?: typeof BENIGN): Promise<string>;
  intake(): Promise<string>;
  /** A staff member who has turned two-factor on, with their TOTP secret. */
  twoFactorUser(): Promise<{ actor: Actor; secret: string }>;
  /** Clinic A's clinical lead (a practitioner an admin designated), who signs rules. */
  readonly lead: Actor;
  /**
   * SMART EHR launches: a second app on the same store, configured with a local launcher
   * (test/helpers/smart-launcher.ts) as clinic A's EHR. `launch` runs the whole browser flow for one of
   * SMART_PATIENTS and returns the browser's cookies; `api` calls that app with them.
   */
  readonly smart: {
    readonly app: FastifyInstance;
    readonly launcher: Launcher;
    launch(actor: Actor, patientId: string): Promise<Jar>;
    api(
      jar: Jar,
      method: 'GET' | 'POST' | 'DELETE',
      url: string,
      body?: unknown,
    ): Promise<LightMyRequestResponse>;
  };
}

interface Case {
  readonly status: number;
  readonly why: string;
  readonly send: (f: Fixtures) => Promise<LightMyRequestResponse>;
}

const NO_SUCH_ID = '00000000-0000-4000-8000-000000000000';
const XML = { 'content-type': 'application/xml' };
const A = (f: Fixtures) => f.h.a;

/** The EHR patient a client of clinic A is linked to, for the SMART launch cases. */
const LINKED_PATIENT = 'pat-linked';
const SMART_PATIENTS = [
  { id: LINKED_PATIENT, family: 'Martin', given: ['Claire'], birthDate: '1971-04-02' },
  { id: 'pat-new', family: 'Dubois', given: ['Jean', 'Luc'], birthDate: '1985-11-30' },
  { id: 'pat-open', family: 'Roy', given: ['Anne'], birthDate: '1990-01-01' },
];

/** A shipped release to compare with, as GET /api/v1/admin/impact offers it. */
async function impactRelease(f: Fixtures): Promise<string> {
  const overview = json<{ releases: { version: string }[] }>(
    await f.call(A(f).admin, 'GET', '/api/v1/admin/impact'),
  );
  const release = overview.releases[0]?.version;
  if (release === undefined) throw new Error('no shipped release to compare with');
  return release;
}

/** Clinic A's impact overview once its latest run (if any) has ended. */
async function impactSettled(f: Fixtures): Promise<LightMyRequestResponse> {
  for (let i = 0; i < 600; i++) {
    const response = await f.call(A(f).admin, 'GET', '/api/v1/admin/impact');
    const run = json<{ run: { state: string } | null }>(response).run;
    if (run === null || run.state !== 'running') return response;
    await sleep(50);
  }
  throw new Error('the impact run did not end');
}

const postImpact = async (f: Fixtures, direction = 'release_to_current') =>
  f.call(A(f).admin, 'POST', '/api/v1/admin/impact', { release: await impactRelease(f), direction });

/** Starts an impact run in clinic A, after the one going (if any) has ended. */
async function startImpact(f: Fixtures): Promise<LightMyRequestResponse> {
  await impactSettled(f);
  return postImpact(f);
}

/** A rule in a version after its first, so that an older version exists. */
function signedRule(f: Fixtures): { id: string; version: number } {
  const rule = f.h.deps.kb.rules.find((r) => r.version >= 2);
  if (rule === undefined) throw new Error('no rule after its first version');
  return { id: rule.id, version: rule.version };
}

/** A sign-off of that rule's current version by clinic A's clinical lead (or `actor`). */
function sign(
  f: Fixtures,
  verdict: string,
  overrides: Record<string, unknown> = {},
  actor: Actor = f.lead,
): Promise<LightMyRequestResponse> {
  const rule = signedRule(f);
  return f.call(actor, 'POST', '/api/v1/rule-signoffs', {
    ruleId: rule.id,
    ruleVersion: rule.version,
    verdict,
    ...overrides,
  });
}

/** A transaction's repositories, but one that has not seen any rule sign-off yet. */
function withoutSignoffs(tx: unknown): unknown {
  const repos = tx as { ruleSignoffs: object };
  const signoffs = new Proxy(repos.ruleSignoffs, {
    get: (target, name) => {
      if (name === 'list') return async () => [];
      const value: unknown = Reflect.get(target, name, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return new Proxy(repos, {
    get: (target, name) => {
      if (name === 'ruleSignoffs') return signoffs;
      const value: unknown = Reflect.get(target, name, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/** One resource of each conformance type, by id. */
const CONFORMANCE_IDS: Readonly<Record<ConformanceType, string>> = {
  CodeSystem: 'answers',
  ValueSet: 'answers-neuro-symptoms',
  OperationDefinition: 'Questionnaire-assess',
  StructureDefinition: 'clinician-override',
};

/** The read and search routes of each conformance type: 200, 404 for an unknown id, 400, 406 for XML. */
function conformanceRows(): Record<string, Case[]> {
  const get = (f: Fixtures, url: string, headers: Record<string, string> = {}) =>
    f.call(null, 'GET', url, undefined, headers);
  return Object.fromEntries(
    CONFORMANCE_TYPES.flatMap((type) => {
      const id = CONFORMANCE_IDS[type];
      return [
        [
          `GET /fhir/${type}/:id`,
          [
            { status: 200, why: 'one resource', send: (f) => get(f, `/fhir/${type}/${id}`) },
            { status: 404, why: 'unknown', send: (f) => get(f, `/fhir/${type}/nothing-here`) },
            { status: 406, why: 'XML', send: (f) => get(f, `/fhir/${type}/${id}?_format=xml`) },
          ],
        ],
        [
          `GET /fhir/${type}`,
          [
            { status: 200, why: 'all of them', send: (f) => get(f, `/fhir/${type}`) },
            {
              status: 200,
              why: 'by url and version',
              send: (f) =>
                get(
                  f,
                  `/fhir/${type}?url=${encodeURIComponent(`${CANONICAL_BASE}/${type}/${id}`)}&version=${f.h.deps.kb.meta.version}`,
                ),
            },
            {
              status: 200,
              why: 'no match',
              send: (f) => get(f, `/fhir/${type}?url=${encodeURIComponent('https://nowhere.example/x')}`),
            },
            { status: 400, why: 'an empty url', send: (f) => get(f, `/fhir/${type}?url=`) },
            { status: 406, why: 'XML', send: (f) => get(f, `/fhir/${type}?_format=xml`) },
            {
              status: 406,
              why: 'XML asked in Accept',
              send: (f) => get(f, `/fhir/${type}`, { accept: 'application/fhir+xml' }),
            },
          ],
        ],
      ] as [string, Case[]][];
    }),
  );
}

const CASES: Readonly<Record<string, readonly Case[]>> = {
  'GET /healthz': [{ status: 200, why: 'alive', send: (f) => f.call(null, 'GET', '/healthz') }],
  'GET /readyz': [{ status: 200, why: 'ready', send: (f) => f.call(null, 'GET', '/readyz') }],
  'GET /api/openapi.json': [
    { status: 200, why: 'the document', send: (f) => f.call(null, 'GET', '/api/openapi.json') },
  ],
  'GET /api/v1/questionnaire': [
    { status: 200, why: 'both languages', send: (f) => f.call(null, 'GET', '/api/v1/questionnaire') },
    { status: 200, why: 'French', send: (f) => f.call(null, 'GET', '/api/v1/questionnaire?lang=fr') },
    { status: 400, why: 'bad query', send: (f) => f.call(null, 'GET', '/api/v1/questionnaire?lang=de') },
  ],
  'GET /api/v1/knowledge': [
    { status: 200, why: 'the knowledge base', send: (f) => f.call(null, 'GET', '/api/v1/knowledge') },
  ],
  'GET /api/v1/knowledge/rules/:ruleId': [
    {
      status: 200,
      why: 'a rule',
      send: async (f) => f.call(null, 'GET', `/api/v1/knowledge/rules/${f.h.deps.kb.rules[0]?.id}`),
    },
    { status: 404, why: 'no such rule', send: (f) => f.call(null, 'GET', '/api/v1/knowledge/rules/nope') },
  ],
  'POST /api/v1/assess': [
    {
      status: 200,
      why: 'assessed',
      send: (f) => f.call(null, 'POST', '/api/v1/assess', { answers: BENIGN }),
    },
    {
      status: 400,
      why: 'answers that do not fit',
      send: (f) => f.call(null, 'POST', '/api/v1/assess', { answers: { headache: 'sometimes' } }),
    },
    { status: 400, why: 'no body', send: (f) => f.call(null, 'POST', '/api/v1/assess', {}) },
    { status: 415, why: 'not JSON', send: (f) => f.call(null, 'POST', '/api/v1/assess', '<a/>', XML) },
    {
      status: 413,
      why: 'too large',
      send: (f) => f.call(null, 'POST', '/api/v1/assess', { answers: { x: 'y'.repeat(300_000) } }),
    },
    {
      status: 422,
      why: 'a date that does not exist',
      send: (f) =>
        f.call(null, 'POST', '/api/v1/assess', { answers: BENIGN, assessedAt: '2026-02-30T10:00:00Z' }),
    },
  ],
  'POST /api/v1/auth/login': [
    {
      status: 200,
      why: 'logged in',
      send: (f) => f.call(null, 'POST', '/api/v1/auth/login', { email: f.staff.email, password: PASSWORD }),
    },
    {
      status: 200,
      why: 'second step asked',
      send: async (f) => {
        const { actor } = await f.twoFactorUser();
        return f.call(null, 'POST', '/api/v1/auth/login', { email: actor.email, password: PASSWORD });
      },
    },
    {
      status: 401,
      why: 'wrong password',
      send: (f) =>
        f.call(null, 'POST', '/api/v1/auth/login', { email: f.staff.email, password: 'wrong one' }),
    },
    {
      status: 400,
      why: 'no password',
      send: (f) => f.call(null, 'POST', '/api/v1/auth/login', { email: 'a@b' }),
    },
    {
      status: 403,
      why: 'cross-site',
      send: (f) =>
        f.call(
          null,
          'POST',
          '/api/v1/auth/login',
          { email: f.staff.email, password: PASSWORD },
          { origin: 'https://evil.example' },
        ),
    },
  ],
  'POST /api/v1/auth/login/two-factor': [
    {
      status: 200,
      why: 'second step done',
      send: async (f) => {
        const { actor, secret } = await f.twoFactorUser();
        const first = await f.call(null, 'POST', '/api/v1/auth/login', {
          email: actor.email,
          password: PASSWORD,
        });
        return f.call(null, 'POST', '/api/v1/auth/login/two-factor', {
          challenge: json<{ challenge: string }>(first).challenge,
          code: totpCode(secret, f.h.clock.now),
        });
      },
    },
    {
      status: 401,
      why: 'unknown challenge',
      send: (f) =>
        f.call(null, 'POST', '/api/v1/auth/login/two-factor', { challenge: 'x'.repeat(40), code: '123456' }),
    },
    {
      status: 400,
      why: 'neither code nor recovery code',
      send: (f) => f.call(null, 'POST', '/api/v1/auth/login/two-factor', { challenge: 'x'.repeat(40) }),
    },
  ],
  'POST /api/v1/auth/logout': [
    {
      status: 204,
      why: 'logged out',
      send: async (f) => {
        const login = await f.call(null, 'POST', '/api/v1/auth/login', {
          email: f.staff.email,
          password: PASSWORD,
        });
        const cookie = `${login.cookies[0]?.name}=${login.cookies[0]?.value}`;
        return f.call({ ...f.staff, cookie }, 'POST', '/api/v1/auth/logout');
      },
    },
    {
      status: 403,
      why: 'cross-site',
      send: (f) =>
        f.call(f.staff, 'POST', '/api/v1/auth/logout', undefined, { origin: 'https://evil.example' }),
    },
  ],
  'GET /api/v1/me': [
    { status: 200, why: 'me', send: (f) => f.call(A(f).practitioner, 'GET', '/api/v1/me') },
    {
      status: 429,
      why: 'too many refused tokens from one address',
      send: async (f) => {
        const attempt = () =>
          f.h.app.inject({
            method: 'GET',
            url: '/api/v1/me',
            remoteAddress: '192.0.2.7',
            headers: { authorization: 'Bearer not-a-token' },
          });
        let response = await attempt();
        for (let i = 0; i <= f.h.deps.config.failuresPerMinute && response.statusCode === 401; i++)
          response = await attempt();
        return response;
      },
    },
  ],
  'POST /api/v1/auth/password': [
    {
      status: 204,
      why: 'changed',
      send: async (f) => {
        const actor = await addStaff(f.h, A(f).admin, {
          email: `pw-${Date.now()}@clinic-a.test`,
          name: 'Password changer',
          role: 'practitioner',
        });
        return f.call(actor, 'POST', '/api/v1/auth/password', {
          currentPassword: PASSWORD,
          newPassword: `${PASSWORD} and more`,
        });
      },
    },
    {
      status: 403,
      why: 'wrong current password',
      send: (f) =>
        f.call(A(f).reception, 'POST', '/api/v1/auth/password', {
          currentPassword: 'not it at all',
          newPassword: 'a long enough new passphrase',
        }),
    },
    {
      status: 422,
      why: 'a weak new password',
      send: (f) =>
        f.call(A(f).reception, 'POST', '/api/v1/auth/password', {
          currentPassword: PASSWORD,
          newPassword: 'abc',
        }),
    },
  ],
  'GET /api/v1/clients': [
    {
      status: 403,
      why: 'a one-time password not changed yet',
      send: async (f) => {
        const email = `one-time-${Date.now()}@clinic-a.test`;
        const password = `${PASSWORD} given once`;
        await f.call(A(f).admin, 'POST', '/api/v1/users', {
          email,
          name: 'New',
          role: 'reception',
          password,
        });
        const login = await f.call(null, 'POST', '/api/v1/auth/login', { email, password });
        const cookie = `${login.cookies[0]?.name}=${login.cookies[0]?.value}`;
        return f.call({ userId: '', email, cookie }, 'GET', '/api/v1/clients');
      },
    },
    {
      status: 200,
      why: 'list',
      send: (f) => f.call(A(f).practitioner, 'GET', '/api/v1/clients?search=Client'),
    },
    {
      status: 400,
      why: 'bad query',
      send: (f) => f.call(A(f).practitioner, 'GET', '/api/v1/clients?limit=0'),
    },
  ],
  'POST /api/v1/clients': [
    {
      status: 201,
      why: 'created',
      send: (f) => f.call(A(f).practitioner, 'POST', '/api/v1/clients', { displayName: 'New client' }),
    },
    {
      status: 400,
      why: 'unknown field',
      send: (f) => f.call(A(f).practitioner, 'POST', '/api/v1/clients', { displayName: 'X', shoeSize: 42 }),
    },
    {
      status: 400,
      why: 'not JSON',
      send: (f) =>
        f.call(A(f).practitioner, 'POST', '/api/v1/clients', '{"displayName":', {
          'content-type': 'application/json',
        }),
    },
    {
      status: 415,
      why: 'not JSON',
      send: (f) => f.call(A(f).practitioner, 'POST', '/api/v1/clients', '<client/>', XML),
    },
    {
      status: 403,
      why: 'cross-site',
      send: (f) =>
        f.call(
          A(f).practitioner,
          'POST',
          '/api/v1/clients',
          { displayName: 'X' },
          { origin: 'https://evil.example' },
        ),
    },
    {
      status: 409,
      why: 'EHR patient already linked',
      send: async (f) => {
        const ehrPatient = { system: 'https://ehr.example', patientId: `p-${Date.now()}` };
        await f.call(A(f).practitioner, 'POST', '/api/v1/clients', { displayName: 'Linked', ehrPatient });
        return f.call(A(f).practitioner, 'POST', '/api/v1/clients', { displayName: 'Twice', ehrPatient });
      },
    },
  ],
  'GET /api/v1/clients/:clientId': [
    {
      status: 200,
      why: 'one client',
      send: (f) => f.call(A(f).practitioner, 'GET', `/api/v1/clients/${f.clientId}`),
    },
    {
      status: 404,
      why: 'unknown',
      send: (f) => f.call(A(f).practitioner, 'GET', `/api/v1/clients/${NO_SUCH_ID}`),
    },
    { status: 400, why: 'not an id', send: (f) => f.call(A(f).practitioner, 'GET', '/api/v1/clients/42') },
    {
      status: 404,
      why: 'other clinic',
      send: (f) => f.call(f.h.b.admin, 'GET', `/api/v1/clients/${f.clientId}`),
    },
  ],
  'PATCH /api/v1/clients/:clientId': [
    {
      status: 200,
      why: 'renamed',
      send: (f) =>
        f.call(A(f).practitioner, 'PATCH', `/api/v1/clients/${f.clientId}`, { displayName: 'Renamed' }),
    },
    {
      status: 403,
      why: 'reception may not link an EHR patient',
      send: (f) =>
        f.call(A(f).reception, 'PATCH', `/api/v1/clients/${f.clientId}`, {
          ehrPatient: { system: 'https://ehr.example', patientId: 'p1' },
        }),
    },
    {
      status: 404,
      why: 'unknown',
      send: (f) => f.call(A(f).practitioner, 'PATCH', `/api/v1/clients/${NO_SUCH_ID}`, { displayName: 'X' }),
    },
    {
      status: 409,
      why: 'EHR patient linked to another client',
      send: async (f) => {
        const ehrPatient = { system: 'https://ehr.example', patientId: `patch-${Date.now()}` };
        await f.call(A(f).practitioner, 'POST', '/api/v1/clients', { displayName: 'Linked', ehrPatient });
        return f.call(A(f).practitioner, 'PATCH', `/api/v1/clients/${await f.client()}`, { ehrPatient });
      },
    },
  ],
  'DELETE /api/v1/clients/:clientId': [
    {
      status: 204,
      why: 'erased',
      send: async (f) => f.call(A(f).admin, 'DELETE', `/api/v1/clients/${await f.client()}`),
    },
    {
      status: 403,
      why: 'not an admin',
      send: (f) => f.call(A(f).practitioner, 'DELETE', `/api/v1/clients/${f.clientId}`),
    },
    {
      status: 404,
      why: 'unknown',
      send: (f) => f.call(A(f).admin, 'DELETE', `/api/v1/clients/${NO_SUCH_ID}`),
    },
  ],
  'GET /api/v1/clients/:clientId/export': [
    {
      status: 200,
      why: 'export',
      send: (f) => f.call(A(f).admin, 'GET', `/api/v1/clients/${f.clientId}/export`),
    },
    {
      status: 403,
      why: 'reception',
      send: (f) => f.call(A(f).reception, 'GET', `/api/v1/clients/${f.clientId}/export`),
    },
    {
      status: 404,
      why: 'unknown',
      send: (f) => f.call(A(f).admin, 'GET', `/api/v1/clients/${NO_SUCH_ID}/export`),
    },
  ],
  'POST /api/v1/clients/:clientId/intakes': [
    {
      status: 201,
      why: 'link made',
      send: (f) =>
        f.call(A(f).reception, 'POST', `/api/v1/clients/${f.clientId}/intakes`, {
          moment: 'first_treatment',
        }),
    },
    {
      status: 400,
      why: 'unknown moment',
      send: (f) =>
        f.call(A(f).reception, 'POST', `/api/v1/clients/${f.clientId}/intakes`, { moment: 'someday' }),
    },
    {
      status: 404,
      why: 'unknown client',
      send: (f) =>
        f.call(A(f).reception, 'POST', `/api/v1/clients/${NO_SUCH_ID}/intakes`, {
          moment: 'first_treatment',
        }),
    },
  ],
  'GET /api/v1/intake/:token': [
    {
      status: 200,
      why: 'open link',
      send: async (f) => f.call(null, 'GET', `/api/v1/intake/${await f.intake()}`),
    },
    {
      status: 404,
      why: 'unknown link',
      send: (f) => f.call(null, 'GET', `/api/v1/intake/${'x'.repeat(43)}`),
    },
    { status: 400, why: 'malformed token', send: (f) => f.call(null, 'GET', '/api/v1/intake/short') },
    {
      status: 410,
      why: 'used link',
      send: async (f) => {
        const token = await f.intake();
        await f.call(null, 'POST', `/api/v1/intake/${token}`, { answers: BENIGN });
        return f.call(null, 'GET', `/api/v1/intake/${token}`);
      },
    },
  ],
  'POST /api/v1/intake/:token': [
    {
      status: 201,
      why: 'submitted',
      send: async (f) => f.call(null, 'POST', `/api/v1/intake/${await f.intake()}`, { answers: BENIGN }),
    },
    {
      status: 400,
      why: 'answers that do not fit',
      send: async (f) =>
        f.call(null, 'POST', `/api/v1/intake/${await f.intake()}`, { answers: { headache: 'sometimes' } }),
    },
    {
      status: 410,
      why: 'used link',
      send: async (f) => {
        const token = await f.intake();
        await f.call(null, 'POST', `/api/v1/intake/${token}`, { answers: BENIGN });
        return f.call(null, 'POST', `/api/v1/intake/${token}`, { answers: BENIGN });
      },
    },
    {
      status: 404,
      why: 'unknown link',
      send: (f) => f.call(null, 'POST', `/api/v1/intake/${'x'.repeat(43)}`, { answers: BENIGN }),
    },
  ],
  'POST /api/v1/clients/:clientId/screenings': [
    {
      status: 201,
      why: 'stored',
      send: (f) =>
        f.call(A(f).practitioner, 'POST', `/api/v1/clients/${f.clientId}/screenings`, {
          moment: 'first_treatment',
          respondent: 'client',
          answers: BENIGN,
        }),
    },
    {
      status: 400,
      why: 'answers that do not fit',
      send: (f) =>
        f.call(A(f).practitioner, 'POST', `/api/v1/clients/${f.clientId}/screenings`, {
          moment: 'first_treatment',
          answers: { headache: 'sometimes' },
        }),
    },
    {
      status: 403,
      why: 'reception',
      send: (f) =>
        f.call(A(f).reception, 'POST', `/api/v1/clients/${f.clientId}/screenings`, {
          moment: 'first_treatment',
          answers: BENIGN,
        }),
    },
    {
      status: 404,
      why: 'unknown client',
      send: (f) =>
        f.call(A(f).practitioner, 'POST', `/api/v1/clients/${NO_SUCH_ID}/screenings`, {
          moment: 'first_treatment',
          respondent: 'client',
          answers: BENIGN,
        }),
    },
  ],
  'GET /api/v1/screenings': [
    { status: 200, why: 'list', send: (f) => f.call(A(f).practitioner, 'GET', '/api/v1/screenings?limit=5') },
    {
      status: 400,
      why: 'bad query',
      send: (f) => f.call(A(f).practitioner, 'GET', '/api/v1/screenings?offset=x'),
    },
  ],
  'GET /api/v1/worklist': [
    { status: 200, why: 'worklist', send: (f) => f.call(A(f).practitioner, 'GET', '/api/v1/worklist') },
    { status: 403, why: 'reception', send: (f) => f.call(A(f).reception, 'GET', '/api/v1/worklist') },
  ],
  'GET /api/v1/screenings/:screeningId': [
    {
      status: 200,
      why: 'one screening',
      send: (f) => f.call(A(f).practitioner, 'GET', `/api/v1/screenings/${f.screeningId}`),
    },
    {
      status: 403,
      why: 'reception',
      send: (f) => f.call(A(f).reception, 'GET', `/api/v1/screenings/${f.screeningId}`),
    },
    {
      status: 404,
      why: 'unknown',
      send: (f) => f.call(A(f).practitioner, 'GET', `/api/v1/screenings/${NO_SUCH_ID}`),
    },
    { status: 400, why: 'not an id', send: (f) => f.call(A(f).practitioner, 'GET', '/api/v1/screenings/x') },
  ],
  'POST /api/v1/screenings/:screeningId/examination': [
    {
      status: 201,
      why: 'examined',
      send: async (f) =>
        f.call(A(f).practitioner, 'POST', `/api/v1/screenings/${await f.screening()}/examination`, {
          answers: { exam_neuro: ['none'] },
        }),
    },
    {
      status: 409,
      why: 'not the current screening',
      send: async (f) => {
        const client = await f.client();
        const older = await f.screening(client);
        await f.screening(client);
        return f.call(A(f).practitioner, 'POST', `/api/v1/screenings/${older}/examination`, {
          answers: { exam_neuro: ['none'] },
        });
      },
    },
    {
      status: 404,
      why: 'unknown',
      send: (f) =>
        f.call(A(f).practitioner, 'POST', `/api/v1/screenings/${NO_SUCH_ID}/examination`, {
          answers: { exam_neuro: ['none'] },
        }),
    },
  ],
  'POST /api/v1/screenings/:screeningId/reviews': [
    {
      status: 201,
      why: 'signed off',
      send: (f) =>
        f.call(A(f).practitioner, 'POST', `/api/v1/screenings/${f.screeningId}/reviews`, {
          kind: 'signoff',
          note: 'Seen',
        }),
    },
    {
      status: 400,
      why: 'unknown technique',
      send: (f) =>
        f.call(A(f).practitioner, 'POST', `/api/v1/screenings/${f.screeningId}/reviews`, {
          kind: 'override',
          techniqueId: 'levitation',
          decision: 'precautions',
          reasonCode: 'medical_clearance_obtained',
          reasonText: 'Cleared',
        }),
    },
    {
      status: 422,
      why: 'a more permissive decision not confirmed',
      send: async (f) =>
        f.call(
          A(f).practitioner,
          'POST',
          `/api/v1/screenings/${await f.screening(undefined, anticoagulated)}/reviews`,
          {
            kind: 'override',
            techniqueId: 'deep_tissue',
            decision: 'precautions',
            reasonCode: 'medical_clearance_obtained',
            reasonText: 'Cleared by the haematologist',
          },
        ),
    },
    {
      status: 404,
      why: 'unknown',
      send: (f) =>
        f.call(A(f).practitioner, 'POST', `/api/v1/screenings/${NO_SUCH_ID}/reviews`, {
          kind: 'signoff',
          note: 'x',
        }),
    },
  ],
  'POST /api/v1/screenings/:screeningId/consents': [
    {
      status: 201,
      why: 'consented',
      send: async (f) =>
        f.call(A(f).practitioner, 'POST', `/api/v1/screenings/${await f.screening()}/consents`, {
          techniques: ['light_massage'],
          lang: 'en',
          signerName: 'Jane Client',
        }),
    },
    {
      status: 422,
      why: 'a contraindicated technique',
      send: async (f) =>
        f.call(
          A(f).practitioner,
          'POST',
          `/api/v1/screenings/${await f.screening(undefined, anticoagulated)}/consents`,
          {
            techniques: ['deep_tissue'],
            lang: 'en',
            signerName: 'Jane Client',
          },
        ),
    },
    {
      status: 400,
      why: 'signature not a PNG',
      send: (f) =>
        f.call(A(f).practitioner, 'POST', `/api/v1/screenings/${f.screeningId}/consents`, {
          techniques: ['light_massage'],
          lang: 'en',
          signerName: 'Jane Client',
          signature: 'data:image/png;base64,AAAA',
        }),
    },
    {
      status: 404,
      why: 'unknown',
      send: (f) =>
        f.call(A(f).practitioner, 'POST', `/api/v1/screenings/${NO_SUCH_ID}/consents`, {
          techniques: ['light_massage'],
          lang: 'en',
          signerName: 'Jane Client',
        }),
    },
  ],
  'POST /api/v1/clients/:clientId/treatments': [
    {
      status: 201,
      why: 'recorded',
      send: async (f) => {
        const client = await f.client();
        const screeningId = await f.screening(client);
        await f.call(A(f).practitioner, 'POST', `/api/v1/screenings/${screeningId}/consents`, {
          techniques: ['light_massage'],
          lang: 'en',
          signerName: 'Jane Client',
        });
        return f.call(A(f).practitioner, 'POST', `/api/v1/clients/${client}/treatments`, {
          date: '2026-11-25',
          techniques: ['light_massage'],
          screeningId,
        });
      },
    },
    {
      status: 409,
      why: 'no current screening',
      send: async (f) =>
        f.call(A(f).practitioner, 'POST', `/api/v1/clients/${await f.client()}/treatments`, {
          date: '2026-11-25',
          techniques: ['light_massage'],
        }),
    },
    {
      status: 422,
      why: 'a day that does not exist',
      send: (f) =>
        f.call(A(f).practitioner, 'POST', `/api/v1/clients/${f.clientId}/treatments`, {
          date: '2026-02-30',
          techniques: ['light_massage'],
        }),
    },
    {
      status: 400,
      why: 'unknown technique',
      send: (f) =>
        f.call(A(f).practitioner, 'POST', `/api/v1/clients/${f.clientId}/treatments`, {
          date: '2026-11-25',
          techniques: ['levitation'],
        }),
    },
    {
      status: 404,
      why: 'unknown client',
      send: (f) =>
        f.call(A(f).practitioner, 'POST', `/api/v1/clients/${NO_SUCH_ID}/treatments`, {
          date: '2026-11-25',
          techniques: ['light_massage'],
        }),
    },
  ],
  'POST /api/v1/clients/:clientId/adverse-events': [
    {
      status: 201,
      why: 'recorded',
      send: (f) =>
        f.call(A(f).practitioner, 'POST', `/api/v1/clients/${f.clientId}/adverse-events`, adverseEvent()),
    },
    {
      status: 422,
      why: 'an onset that does not exist',
      send: (f) =>
        f.call(
          A(f).practitioner,
          'POST',
          `/api/v1/clients/${f.clientId}/adverse-events`,
          adverseEvent({ onset: '2026-02-30T10:00:00Z' }),
        ),
    },
    {
      status: 404,
      why: 'unknown treatment',
      send: (f) =>
        f.call(
          A(f).practitioner,
          'POST',
          `/api/v1/clients/${f.clientId}/adverse-events`,
          adverseEvent({ treatmentId: NO_SUCH_ID }),
        ),
    },
    {
      status: 400,
      why: 'severity out of range',
      send: (f) =>
        f.call(
          A(f).practitioner,
          'POST',
          `/api/v1/clients/${f.clientId}/adverse-events`,
          adverseEvent({ severity: 9 }),
        ),
    },
  ],
  'GET /api/v1/adverse-events/rates': [
    {
      status: 200,
      why: 'rates',
      send: (f) => f.call(A(f).practitioner, 'GET', '/api/v1/adverse-events/rates?since=2026-01-01'),
    },
    {
      status: 400,
      why: 'before 2000',
      send: (f) => f.call(A(f).practitioner, 'GET', '/api/v1/adverse-events/rates?since=1999-01-01'),
    },
    {
      status: 422,
      why: 'a day that does not exist',
      send: (f) => f.call(A(f).practitioner, 'GET', '/api/v1/adverse-events/rates?since=2026-02-30'),
    },
  ],
  'GET /api/v1/users': [
    { status: 200, why: 'list', send: (f) => f.call(A(f).admin, 'GET', '/api/v1/users') },
    { status: 403, why: 'not an admin', send: (f) => f.call(A(f).reception, 'GET', '/api/v1/users') },
  ],
  'POST /api/v1/users': [
    {
      status: 201,
      why: 'created',
      send: (f) =>
        f.call(A(f).admin, 'POST', '/api/v1/users', {
          email: `new-${Date.now()}@clinic-a.test`,
          name: 'New user',
          role: 'reception',
          password: `${PASSWORD} once`,
        }),
    },
    {
      status: 409,
      why: 'e-mail taken',
      send: (f) =>
        f.call(A(f).admin, 'POST', '/api/v1/users', {
          email: f.staff.email,
          name: 'Again',
          role: 'reception',
          password: `${PASSWORD} once`,
        }),
    },
    {
      status: 422,
      why: 'weak password',
      send: (f) =>
        f.call(A(f).admin, 'POST', '/api/v1/users', {
          email: `weak-${Date.now()}@clinic-a.test`,
          name: 'Weak',
          role: 'reception',
          password: 'abc',
        }),
    },
    {
      status: 400,
      why: 'a practitioner without a profession… or a bad role',
      send: (f) =>
        f.call(A(f).admin, 'POST', '/api/v1/users', {
          email: 'x@clinic-a.test',
          name: 'X',
          role: 'king',
          password: 'x',
        }),
    },
    {
      status: 403,
      why: 'not an admin',
      send: (f) =>
        f.call(A(f).practitioner, 'POST', '/api/v1/users', {
          email: 'y@clinic-a.test',
          name: 'Y',
          role: 'reception',
          password: `${PASSWORD} once`,
        }),
    },
  ],
  'PATCH /api/v1/users/:userId': [
    {
      status: 200,
      why: 'renamed',
      send: (f) => f.call(A(f).admin, 'PATCH', `/api/v1/users/${f.staff.userId}`, { name: 'Renamed staff' }),
    },
    {
      status: 409,
      why: 'disabling oneself',
      send: (f) => f.call(A(f).admin, 'PATCH', `/api/v1/users/${A(f).admin.userId}`, { disabled: true }),
    },
    {
      status: 409,
      why: 'a receptionist as clinical lead',
      send: (f) =>
        f.call(A(f).admin, 'PATCH', `/api/v1/users/${A(f).reception.userId}`, { clinicalLead: true }),
    },
    {
      status: 404,
      why: 'unknown',
      send: (f) => f.call(A(f).admin, 'PATCH', `/api/v1/users/${NO_SUCH_ID}`, { name: 'X' }),
    },
  ],
  'GET /api/v1/users/locked': [
    { status: 200, why: 'list', send: (f) => f.call(A(f).admin, 'GET', '/api/v1/users/locked') },
    {
      status: 403,
      why: 'not an admin',
      send: (f) => f.call(A(f).practitioner, 'GET', '/api/v1/users/locked'),
    },
  ],
  'POST /api/v1/users/:userId/unlock': [
    {
      status: 204,
      why: 'unlocked',
      send: (f) => f.call(A(f).admin, 'POST', `/api/v1/users/${f.staff.userId}/unlock`),
    },
    {
      status: 404,
      why: 'unknown',
      send: (f) => f.call(A(f).admin, 'POST', `/api/v1/users/${NO_SUCH_ID}/unlock`),
    },
  ],
  'GET /api/v1/api-tokens': [
    { status: 200, why: 'list', send: (f) => f.call(A(f).admin, 'GET', '/api/v1/api-tokens') },
    { status: 403, why: 'not an admin', send: (f) => f.call(A(f).practitioner, 'GET', '/api/v1/api-tokens') },
  ],
  'POST /api/v1/api-tokens': [
    {
      status: 201,
      why: 'created',
      send: (f) => f.call(A(f).admin, 'POST', '/api/v1/api-tokens', { name: 'EHR', role: 'practitioner' }),
    },
    {
      status: 400,
      why: 'bad role',
      send: (f) => f.call(A(f).admin, 'POST', '/api/v1/api-tokens', { name: 'EHR', role: 'king' }),
    },
  ],
  'DELETE /api/v1/api-tokens/:tokenId': [
    {
      status: 204,
      why: 'revoked',
      send: (f) => f.call(A(f).admin, 'DELETE', `/api/v1/api-tokens/${f.tokenId}`),
    },
    {
      status: 415,
      why: 'a body that is not JSON',
      send: (f) => f.call(A(f).admin, 'DELETE', `/api/v1/api-tokens/${NO_SUCH_ID}`, '<x/>', XML),
    },
    {
      status: 404,
      why: 'unknown',
      send: (f) => f.call(A(f).admin, 'DELETE', `/api/v1/api-tokens/${NO_SUCH_ID}`),
    },
  ],
  'GET /api/v1/audit': [
    { status: 200, why: 'entries', send: (f) => f.call(A(f).admin, 'GET', '/api/v1/audit?limit=20') },
    { status: 400, why: 'bad query', send: (f) => f.call(A(f).admin, 'GET', '/api/v1/audit?limit=-1') },
    { status: 403, why: 'not an admin', send: (f) => f.call(A(f).practitioner, 'GET', '/api/v1/audit') },
  ],
  'GET /api/v1/audit/verify': [
    { status: 200, why: 'verified', send: (f) => f.call(A(f).admin, 'GET', '/api/v1/audit/verify') },
  ],
  'GET /api/v1/account/two-factor': [
    {
      status: 200,
      why: 'status',
      send: (f) => f.call(A(f).practitioner, 'GET', '/api/v1/account/two-factor'),
    },
  ],
  'POST /api/v1/account/two-factor/enrolment': [
    {
      status: 200,
      why: 'started',
      send: (f) => f.call(f.staff, 'POST', '/api/v1/account/two-factor/enrolment'),
    },
    {
      status: 409,
      why: 'already on',
      send: async (f) =>
        f.call((await f.twoFactorUser()).actor, 'POST', '/api/v1/account/two-factor/enrolment'),
    },
  ],
  'POST /api/v1/account/two-factor/enrolment/confirm': [
    {
      status: 200,
      why: 'confirmed',
      send: async (f) => {
        const actor = await newStaff(f);
        const started = await f.call(actor, 'POST', '/api/v1/account/two-factor/enrolment');
        return f.call(actor, 'POST', '/api/v1/account/two-factor/enrolment/confirm', {
          code: totpCode(json<{ secret: string }>(started).secret, f.h.clock.now),
        });
      },
    },
    {
      status: 409,
      why: 'not started',
      send: async (f) =>
        f.call(await newStaff(f), 'POST', '/api/v1/account/two-factor/enrolment/confirm', { code: '123456' }),
    },
    {
      status: 400,
      why: 'wrong code',
      send: async (f) => {
        const actor = await newStaff(f);
        const started = await f.call(actor, 'POST', '/api/v1/account/two-factor/enrolment');
        const right = totpCode(json<{ secret: string }>(started).secret, f.h.clock.now);
        return f.call(actor, 'POST', '/api/v1/account/two-factor/enrolment/confirm', {
          code: right === '000000' ? '111111' : '000000',
        });
      },
    },
  ],
  'POST /api/v1/account/two-factor/recovery-codes': [
    {
      status: 200,
      why: 'renewed',
      send: async (f) => {
        const { actor, secret } = await f.twoFactorUser();
        return f.call(actor, 'POST', '/api/v1/account/two-factor/recovery-codes', {
          code: totpCode(secret, f.h.clock.now),
        });
      },
    },
    {
      status: 400,
      why: 'wrong code',
      send: async (f) => {
        const { actor, secret } = await f.twoFactorUser();
        const right = totpCode(secret, f.h.clock.now);
        return f.call(actor, 'POST', '/api/v1/account/two-factor/recovery-codes', {
          code: right === '000000' ? '111111' : '000000',
        });
      },
    },
  ],
  'POST /api/v1/account/two-factor/disable': [
    {
      status: 204,
      why: 'turned off',
      send: async (f) => {
        const { actor, secret } = await f.twoFactorUser();
        return f.call(actor, 'POST', '/api/v1/account/two-factor/disable', {
          code: totpCode(secret, f.h.clock.now),
        });
      },
    },
    {
      status: 409,
      why: 'already off',
      send: async (f) =>
        f.call(await newStaff(f), 'POST', '/api/v1/account/two-factor/disable', {
          password: PASSWORD,
        }),
    },
  ],
  'DELETE /api/v1/users/:userId/two-factor': [
    {
      status: 204,
      why: 'reset by the admin',
      send: async (f) =>
        f.call(A(f).admin, 'DELETE', `/api/v1/users/${(await f.twoFactorUser()).actor.userId}/two-factor`),
    },
    {
      status: 409,
      why: 'resetting oneself',
      send: (f) => f.call(A(f).admin, 'DELETE', `/api/v1/users/${A(f).admin.userId}/two-factor`),
    },
    {
      status: 404,
      why: 'unknown',
      send: (f) => f.call(A(f).admin, 'DELETE', `/api/v1/users/${NO_SUCH_ID}/two-factor`),
    },
  ],
  'GET /api/v1/clinic/security': [
    { status: 200, why: 'settings', send: (f) => f.call(A(f).admin, 'GET', '/api/v1/clinic/security') },
  ],
  'PATCH /api/v1/clinic/security': [
    {
      status: 200,
      why: 'unchanged setting',
      send: (f) => f.call(A(f).admin, 'PATCH', '/api/v1/clinic/security', { requireTwoFactor: false }),
    },
    {
      status: 409,
      why: 'requiring two-factor without it oneself',
      send: (f) => f.call(A(f).admin, 'PATCH', '/api/v1/clinic/security', { requireTwoFactor: true }),
    },
  ],
  'GET /api/v1/admin/impact': [
    {
      status: 200,
      why: 'what can be compared, no run yet',
      send: (f) => f.call(f.h.b.admin, 'GET', '/api/v1/admin/impact'),
    },
    {
      status: 200,
      why: 'a finished run, with its tally',
      send: async (f) => {
        const started = await startImpact(f);
        if (started.statusCode !== 202) throw new Error(`impact: ${started.body}`);
        return impactSettled(f);
      },
    },
    {
      status: 403,
      why: 'not an admin',
      send: (f) => f.call(A(f).practitioner, 'GET', '/api/v1/admin/impact'),
    },
  ],
  'POST /api/v1/admin/impact': [
    { status: 202, why: 'started', send: (f) => startImpact(f) },
    {
      status: 409,
      why: 'a run is going',
      send: async (f) => {
        await startImpact(f);
        return postImpact(f, 'current_to_release');
      },
    },
    {
      status: 400,
      why: 'no such release',
      send: (f) =>
        f.call(A(f).admin, 'POST', '/api/v1/admin/impact', {
          release: '99.0.0',
          direction: 'release_to_current',
        }),
    },
    {
      status: 400,
      why: 'no such direction',
      send: async (f) =>
        f.call(A(f).admin, 'POST', '/api/v1/admin/impact', {
          release: await impactRelease(f),
          direction: 'sideways',
        }),
    },
    {
      status: 403,
      why: 'not an admin',
      send: async (f) =>
        f.call(A(f).practitioner, 'POST', '/api/v1/admin/impact', {
          release: await impactRelease(f),
          direction: 'release_to_current',
        }),
    },
    {
      status: 503,
      why: 'a server without the knowledge bundle',
      send: async (f) => {
        const { bundle: _bundle, ...withoutBundle } = f.h.deps;
        const app = await buildApp(withoutBundle, { logger: false });
        try {
          return await api(app, new Jar(A(f).admin), 'POST', '/api/v1/admin/impact', {
            release: await impactRelease(f),
            direction: 'release_to_current',
          });
        } finally {
          await app.close();
        }
      },
    },
  ],
  'GET /api/v1/rule-signoffs': [
    {
      status: 200,
      why: 'nothing signed',
      send: (f) => f.call(f.h.b.reception, 'GET', '/api/v1/rule-signoffs'),
    },
    {
      status: 200,
      why: 'signed rules',
      send: async (f) => {
        const signed = await sign(f, 'approved');
        if (signed.statusCode !== 201) throw new Error(`sign-off: ${signed.body}`);
        return f.call(A(f).reception, 'GET', '/api/v1/rule-signoffs');
      },
    },
  ],
  'POST /api/v1/rule-signoffs': [
    { status: 201, why: 'approved', send: (f) => sign(f, 'approved') },
    {
      status: 201,
      why: 'changes asked, superseding the last sign-off',
      send: async (f) => {
        await sign(f, 'approved');
        return sign(f, 'changes_requested', { comment: 'The age threshold is too low.' });
      },
    },
    {
      status: 403,
      why: 'not the clinical lead',
      send: (f) => sign(f, 'approved', {}, A(f).practitioner),
    },
    {
      status: 403,
      why: 'an API token (a signature is a person in a session)',
      send: async (f) => {
        const token = await f.call(A(f).admin, 'POST', '/api/v1/api-tokens', {
          name: 'Signer',
          role: 'practitioner',
        });
        const rule = signedRule(f);
        return f.call(
          null,
          'POST',
          '/api/v1/rule-signoffs',
          { ruleId: rule.id, ruleVersion: rule.version, verdict: 'approved' },
          { authorization: `Bearer ${json<{ secret: string }>(token).secret}` },
        );
      },
    },
    { status: 404, why: 'no such rule', send: (f) => sign(f, 'approved', { ruleId: 'NOPE' }) },
    {
      status: 422,
      why: 'not the current version of the rule',
      send: (f) => sign(f, 'approved', { ruleVersion: signedRule(f).version - 1 }),
    },
    { status: 400, why: 'no such verdict', send: (f) => sign(f, 'maybe') },
    {
      status: 409,
      why: 'signed by someone else at the same moment',
      send: async (f) => {
        await sign(f, 'approved');
        // Two instances signing at once: this one reads the sign-offs before the other's commit (SQLite
        // serialises transactions, so the read is made stale), and the database's unique index refuses it.
        const store = f.h.deps.store;
        const transaction = store.transaction.bind(store);
        const stale = vi
          .spyOn(store, 'transaction')
          .mockImplementation(((fn: (tx: unknown) => Promise<unknown>) =>
            transaction((tx) => fn(withoutSignoffs(tx)))) as typeof store.transaction);
        try {
          return await sign(f, 'approved');
        } finally {
          stale.mockRestore();
        }
      },
    },
  ],
  'GET /api/v1/smart/launch': [
    {
      status: 200,
      why: 'no launch in this browser',
      send: (f) => f.call(A(f).practitioner, 'GET', '/api/v1/smart/launch'),
    },
    {
      status: 200,
      why: 'a launch on a new patient',
      send: async (f) =>
        f.smart.api(await f.smart.launch(A(f).practitioner, 'pat-open'), 'GET', '/api/v1/smart/launch'),
    },
    {
      status: 200,
      why: 'a launch on a linked patient',
      send: async (f) =>
        f.smart.api(await f.smart.launch(A(f).practitioner, LINKED_PATIENT), 'GET', '/api/v1/smart/launch'),
    },
    {
      status: 403,
      why: 'a launch for another clinic',
      send: async (f) =>
        f.smart.api(await f.smart.launch(f.h.b.practitioner, 'pat-open'), 'GET', '/api/v1/smart/launch'),
    },
    {
      status: 403,
      why: 'reception',
      send: async (f) =>
        f.smart.api(await f.smart.launch(A(f).reception, 'pat-open'), 'GET', '/api/v1/smart/launch'),
    },
  ],
  'POST /api/v1/smart/launch/client': [
    {
      status: 201,
      why: 'client added and linked',
      send: async (f) =>
        f.smart.api(
          await f.smart.launch(A(f).practitioner, 'pat-new'),
          'POST',
          '/api/v1/smart/launch/client',
          {
            displayName: 'Jean-Luc Dubois',
            birthYear: 1985,
          },
        ),
    },
    {
      status: 404,
      why: 'no launch in this browser',
      send: (f) => f.call(A(f).practitioner, 'POST', '/api/v1/smart/launch/client', { displayName: 'X' }),
    },
    {
      status: 400,
      why: 'a blank name',
      send: async (f) =>
        f.smart.api(
          await f.smart.launch(A(f).practitioner, 'pat-open'),
          'POST',
          '/api/v1/smart/launch/client',
          {
            displayName: '   ',
          },
        ),
    },
    {
      status: 400,
      why: 'unknown field',
      send: async (f) =>
        f.smart.api(
          await f.smart.launch(A(f).practitioner, 'pat-open'),
          'POST',
          '/api/v1/smart/launch/client',
          {
            displayName: 'X',
            shoeSize: 42,
          },
        ),
    },
    {
      status: 409,
      why: 'the patient is linked to a client already',
      send: async (f) =>
        f.smart.api(
          await f.smart.launch(A(f).practitioner, LINKED_PATIENT),
          'POST',
          '/api/v1/smart/launch/client',
          { displayName: 'Twice' },
        ),
    },
    {
      status: 403,
      why: 'a launch for another clinic',
      send: async (f) =>
        f.smart.api(
          await f.smart.launch(f.h.b.practitioner, 'pat-open'),
          'POST',
          '/api/v1/smart/launch/client',
          {
            displayName: 'X',
          },
        ),
    },
    {
      status: 403,
      why: 'reception',
      send: async (f) =>
        f.smart.api(await f.smart.launch(A(f).reception, 'pat-open'), 'POST', '/api/v1/smart/launch/client', {
          displayName: 'X',
        }),
    },
  ],
  'DELETE /api/v1/smart/launch': [
    {
      status: 204,
      why: 'launch ended',
      send: async (f) =>
        f.smart.api(await f.smart.launch(A(f).practitioner, 'pat-open'), 'DELETE', '/api/v1/smart/launch'),
    },
    {
      status: 204,
      why: 'no launch to end',
      send: (f) => f.call(A(f).practitioner, 'DELETE', '/api/v1/smart/launch'),
    },
    {
      status: 403,
      why: 'cross-site',
      send: (f) =>
        f.call(A(f).practitioner, 'DELETE', '/api/v1/smart/launch', undefined, {
          origin: 'https://evil.example',
        }),
    },
  ],
  'GET /api/v1/screenings/:screeningId/report.html': [
    {
      status: 200,
      why: 'HTML report',
      send: (f) =>
        f.call(A(f).practitioner, 'GET', `/api/v1/screenings/${f.screeningId}/report.html?lang=fr`),
    },
    {
      status: 400,
      why: 'bad query',
      send: (f) =>
        f.call(A(f).practitioner, 'GET', `/api/v1/screenings/${f.screeningId}/report.html?audience=x`),
    },
    {
      status: 404,
      why: 'unknown',
      send: (f) => f.call(A(f).practitioner, 'GET', `/api/v1/screenings/${NO_SUCH_ID}/report.html`),
    },
  ],
  'GET /api/v1/screenings/:screeningId/report.pdf': [
    {
      status: 200,
      why: 'PDF report',
      send: (f) => f.call(A(f).practitioner, 'GET', `/api/v1/screenings/${f.screeningId}/report.pdf`),
    },
    {
      status: 404,
      why: 'unknown',
      send: (f) => f.call(A(f).practitioner, 'GET', `/api/v1/screenings/${NO_SUCH_ID}/report.pdf`),
    },
  ],
  'GET /fhir/metadata': [
    { status: 200, why: 'CapabilityStatement', send: (f) => f.call(null, 'GET', '/fhir/metadata') },
    { status: 406, why: 'XML asked for', send: (f) => f.call(null, 'GET', '/fhir/metadata?_format=xml') },
  ],
  'GET /fhir/Questionnaire/neckcheck': [
    {
      status: 200,
      why: 'Questionnaire',
      send: (f) => f.call(null, 'GET', '/fhir/Questionnaire/neckcheck?lang=fr'),
    },
    {
      status: 400,
      why: 'bad language',
      send: (f) => f.call(null, 'GET', '/fhir/Questionnaire/neckcheck?lang=de'),
    },
    {
      status: 406,
      why: 'XML asked for',
      send: (f) =>
        f.call(null, 'GET', '/fhir/Questionnaire/neckcheck', undefined, { accept: 'application/fhir+xml' }),
    },
  ],
  'POST /fhir/Questionnaire/neckcheck/$assess': [
    {
      status: 200,
      why: 'assessed',
      send: async (f) => {
        const response = await f.call(f.h.a.admin, 'GET', `/fhir/Patient/${f.clientId}/$everything`);
        const qr = json<{ entry: { resource: { resourceType: string } }[] }>(response).entry.find(
          (e) => e.resource.resourceType === 'QuestionnaireResponse',
        )?.resource;
        return f.call(null, 'POST', '/fhir/Questionnaire/neckcheck/$assess', qr, {
          'content-type': 'application/fhir+json',
        });
      },
    },
    {
      status: 400,
      why: 'not a QuestionnaireResponse',
      send: (f) => f.call(null, 'POST', '/fhir/Questionnaire/neckcheck/$assess', { resourceType: 'Patient' }),
    },
    {
      status: 415,
      why: 'XML',
      send: (f) => f.call(null, 'POST', '/fhir/Questionnaire/neckcheck/$assess', '<x/>', XML),
    },
  ],
  'GET /fhir/Patient/:clientId/$everything': [
    {
      status: 200,
      why: 'Bundle',
      send: (f) => f.call(A(f).admin, 'GET', `/fhir/Patient/${f.clientId}/$everything`),
    },
    {
      status: 404,
      why: 'unknown',
      send: (f) => f.call(A(f).admin, 'GET', `/fhir/Patient/${NO_SUCH_ID}/$everything`),
    },
    { status: 400, why: 'not an id', send: (f) => f.call(A(f).admin, 'GET', '/fhir/Patient/x/$everything') },
    {
      status: 403,
      why: 'reception',
      send: (f) => f.call(A(f).reception, 'GET', `/fhir/Patient/${f.clientId}/$everything`),
    },
  ],
  ...conformanceRows(),
  'GET /cds-services': [{ status: 200, why: 'discovery', send: (f) => f.cds.call('GET', '/cds-services') }],
  'POST /cds-services/:id': [
    {
      status: 200,
      why: 'cards',
      send: (f) => f.cds.call('POST', SERVICE.patientView, { body: patientView(prefetchOf()) }),
    },
    {
      status: 412,
      why: 'prefetch missing, and no fhirServer to fetch it from',
      send: (f) => {
        const { fhirServer: _none, ...body } = SPEC_PATIENT_VIEW;
        return f.cds.call('POST', SERVICE.patientView, { body });
      },
    },
    {
      status: 400,
      why: 'fhirAuthorization without fhirServer (dependentRequired)',
      send: (f) => {
        const body = {
          ...patientView(prefetchOf()),
          fhirAuthorization: {
            access_token: 'x',
            token_type: 'Bearer',
            expires_in: 300,
            scope: 'x',
            subject: 'x',
          },
        };
        return f.cds.call('POST', SERVICE.patientView, { body });
      },
    },
    {
      status: 404,
      why: 'unknown service',
      send: (f) => f.cds.call('POST', '/cds-services/nope', { body: patientView(prefetchOf()) }),
    },
  ],
  'POST /cds-services/:id/feedback': [
    {
      status: 200,
      why: 'stored, on a card this service issued',
      send: async (f) => {
        const issued = json<{ cards: { uuid: string }[] }>(
          await f.cds.call('POST', SERVICE.patientView, { body: patientView(prefetchOf()) }),
        ).cards[0];
        return f.cds.call('POST', `${SERVICE.patientView}/feedback`, {
          body: {
            feedback: [
              { card: issued?.uuid, outcome: 'overridden', outcomeTimestamp: '2026-11-25T09:00:00Z' },
            ],
          },
        });
      },
    },
    {
      status: 422,
      why: 'a card this service never issued',
      send: (f) =>
        f.cds.call('POST', `${SERVICE.patientView}/feedback`, {
          body: {
            feedback: [
              {
                card: '0f6c4a1e-1111-4c2d-9e3f-000000000001',
                outcome: 'overridden',
                outcomeTimestamp: '2026-11-25T09:00:00Z',
              },
            ],
          },
        }),
    },
    {
      status: 400,
      why: 'empty list',
      send: (f) => f.cds.call('POST', `${SERVICE.patientView}/feedback`, { body: { feedback: [] } }),
    },
    {
      status: 422,
      why: 'a time that does not exist',
      send: (f) =>
        f.cds.call('POST', `${SERVICE.patientView}/feedback`, {
          body: {
            feedback: [
              {
                card: '0f6c4a1e-1111-4c2d-9e3f-000000000002',
                outcome: 'overridden',
                outcomeTimestamp: '2026-02-30T09:00:00Z',
              },
            ],
          },
        }),
    },
  ],
};

const anticoagulated = withAnswers(BENIGN, { age: 76, medications: ['anticoagulant'] });

function adverseEvent(overrides: Record<string, unknown> = {}) {
  return {
    onset: '2026-11-25T18:00:00Z',
    symptoms: 'Soreness at the left trapezius',
    severity: 1,
    actionTaken: 'Reassurance',
    followUp: 'Call in 2 days',
    triage: { event_type: ['treatment'], event_symptoms: ['soreness'] },
    ...overrides,
  };
}

let staffCount = 0;
async function newStaff(f: Fixtures): Promise<Actor> {
  staffCount += 1;
  return addStaff(f.h, f.h.a.admin, {
    email: `contract-${staffCount}@clinic-a.test`,
    name: `Contract ${staffCount}`,
    role: 'practitioner',
  });
}

let f: Fixtures;
let doc: OpenApiDocument;
let problemsOf: ReturnType<typeof responseValidator>;

beforeAll(async () => {
  // Many logins from one address: the login rate limit is not what this test is about.
  const h = await startHarness({ NECKCHECK_LOGIN_ATTEMPTS_PER_MINUTE: '1000' });
  const cds = await startCdsHarness();
  const call = h.call;
  const client = async () =>
    json<{ id: string }>(await call(h.a.practitioner, 'POST', '/api/v1/clients', { displayName: 'Client' }))
      .id;
  const screening = async (clientId?: string, answers = BENIGN) => {
    const response = await call(
      h.a.practitioner,
      'POST',
      `/api/v1/clients/${clientId ?? (await client())}/screenings`,
      {
        moment: 'first_treatment',
        respondent: 'client',
        answers,
      },
    );
    if (response.statusCode !== 201) throw new Error(`screening: ${response.body}`);
    return json<{ id: string }>(response).id;
  };
  const clientId = await client();
  const lead = await addStaff(h, h.a.admin, {
    email: 'lead@clinic-a.test',
    name: 'Clinical lead',
    role: 'practitioner',
  });
  const designated = await call(h.a.admin, 'PATCH', `/api/v1/users/${lead.userId}`, { clinicalLead: true });
  if (designated.statusCode !== 200) throw new Error(`clinical lead: ${designated.body}`);
  const launcher = await startLauncher({
    clientId: 'neckcheck-a',
    redirectUri: `${ORIGIN}/smart/callback`,
    patients: SMART_PATIENTS,
  });
  // The clinics exist before this configuration names one; both apps share the store and the data folder.
  const smartApp = await buildApp(
    {
      ...h.deps,
      config: loadConfig(
        {
          NECKCHECK_LOG_LEVEL: 'silent',
          NECKCHECK_PUBLIC_URL: ORIGIN,
          NECKCHECK_FAILURES_PER_MINUTE: '1000',
          NECKCHECK_SMART_CLIENTS: JSON.stringify([
            { iss: launcher.iss, clinicId: h.a.id, clientId: 'neckcheck-a' },
          ]),
        },
        {},
        h.deps.config.dataDir,
      ),
    },
    { logger: false },
  );
  await smartApp.ready();
  const linked = await call(h.a.practitioner, 'POST', '/api/v1/clients', {
    displayName: 'C. Martin',
    ehrPatient: { system: launcher.iss, patientId: LINKED_PATIENT },
  });
  if (linked.statusCode !== 201) throw new Error(`linked client: ${linked.body}`);
  const fixtures: Fixtures = {
    h,
    cds,
    call,
    clientId,
    screeningId: await screening(clientId),
    tokenId: json<{ token: { id: string } }>(
      await call(h.a.admin, 'POST', '/api/v1/api-tokens', { name: 'To revoke', role: 'reception' }),
    ).token.id,
    staff: await addStaff(h, h.a.admin, {
      email: 'staff@clinic-a.test',
      name: 'Staff',
      role: 'practitioner',
    }),
    client,
    screening,
    intake: async () =>
      json<{ token: string }>(
        await call(h.a.reception, 'POST', `/api/v1/clients/${clientId}/intakes`, {
          moment: 'first_treatment',
        }),
      ).token,
    twoFactorUser: async () => {
      const actor = await newStaff(fixtures);
      const started = await call(actor, 'POST', '/api/v1/account/two-factor/enrolment');
      const secret = json<{ secret: string }>(started).secret;
      await call(actor, 'POST', '/api/v1/account/two-factor/enrolment/confirm', {
        code: totpCode(secret, h.clock.now),
      });
      // A code is accepted once: the next one is in the next time step.
      h.clock.now = new Date(h.clock.now.getTime() + 30_000);
      return { actor, secret };
    },
    lead,
    smart: {
      app: smartApp,
      launcher,
      launch: async (actor, patientId) => {
        const jar = new Jar(actor);
        const url = `${ORIGIN}/smart/launch?iss=${encodeURIComponent(launcher.iss)}&launch=${launcher.launch(patientId)}`;
        const end = last(await follow(smartApp, jar, url));
        if (end.status !== 303) throw new Error(`SMART launch: ${end.status} ${end.body.slice(0, 200)}`);
        return jar;
      },
      api: (jar, method, url, body) => api(smartApp, jar, method, url, body),
    },
  };
  f = fixtures;
  doc = json<OpenApiDocument>(await call(null, 'GET', '/api/openapi.json'));
  problemsOf = responseValidator(doc);
}, 60_000);
afterAll(async () => {
  await f?.smart.app.close();
  await f?.smart.launcher.close();
  await f?.h.close();
  await f?.cds.close();
});

const routeKeys = () =>
  f.h.app.routeTable.filter((r) => !isDocsUi(r.url)).map((r) => ({ key: `${r.method} ${r.url}`, ...r }));
const documented = (method: string, url: string) => doc.paths[openApiPath(url)]?.[method.toLowerCase()];

describe('the route set', () => {
  it('has a row for every documented route, and documents every route but the reviewed exceptions', () => {
    const routes = routeKeys();
    const missingRows = routes
      .filter((r) => documented(r.method, r.url) !== undefined && CASES[r.key] === undefined)
      .map((r) => r.key);
    expect(missingRows, 'add these routes to CASES in this file').toEqual([]);
    const undocumented = routes.filter((r) => documented(r.method, r.url) === undefined).map((r) => r.key);
    expect(new Set(undocumented), 'document these routes, or list them in UNDOCUMENTED').toEqual(
      UNDOCUMENTED,
    );
    const stale = Object.keys(CASES).filter((key) => !routes.some((r) => r.key === key));
    expect(stale, 'rows for routes that do not exist').toEqual([]);
  });

  it('has a success case for every route', () => {
    const without = Object.entries(CASES)
      .filter(([, cases]) => !cases.some((c) => c.status < 300))
      .map(([key]) => key);
    expect(without).toEqual([]);
  });

  it('documents each route with a unique operationId and the security its access really has', () => {
    const ids = new Set<string>();
    for (const route of routeKeys()) {
      const op = documented(route.method, route.url);
      if (op === undefined) continue;
      expect(op.operationId, route.key).toMatch(/^[a-z][A-Za-z0-9]+$/);
      expect(ids.has(op.operationId ?? ''), `${route.key}: operationId used twice`).toBe(false);
      ids.add(op.operationId ?? '');
      const expected =
        route.access === 'public'
          ? []
          : route.access === 'ehr'
            ? [{ cdsHooks: [] }]
            : [{ session: [] }, { apiToken: [] }];
      expect(op.security, route.key).toEqual(expected);
    }
  });
});

describe('live responses match the document', () => {
  for (const [key, cases] of Object.entries(CASES)) {
    const [method = '', url = ''] = key.split(' ');
    it(key, async () => {
      for (const c of cases) {
        const response = await c.send(f);
        const where = `${key} (${c.why})`;
        expect(response.statusCode, `${where}: ${response.body.slice(0, 300)}`).toBe(c.status);
        expect(problemsOf(method, url, response).join('; '), where).toBe('');
      }
    });
  }

  it('answers 401 without credentials on every authenticated and EHR route, as documented', async () => {
    for (const route of routeKeys().filter((r) => r.access !== 'public')) {
      if (documented(route.method, route.url) === undefined) continue;
      const concrete = route.url.replace(/:(\w+)/g, (_m, name: string) =>
        name === 'id' ? 'neckcheck-patient-view' : name === 'token' ? 'x'.repeat(43) : NO_SUCH_ID,
      );
      const body = route.method === 'GET' ? undefined : {};
      const response =
        route.access === 'ehr'
          ? await f.cds.call(route.method as 'GET', concrete, {
              token: null,
              ...(body === undefined ? {} : { body }),
            })
          : await f.call(null, route.method, concrete, body);
      expect(response.statusCode, route.key).toBe(401);
      expect(problemsOf(route.method, route.url, response).join('; '), route.key).toBe('');
    }
  });
});

describe('the contract check itself', () => {
  it('reports a body, a status or a media type that the document does not allow', async () => {
    const url = '/api/v1/clients/:clientId';
    const real = await f.call(f.h.a.practitioner, 'GET', `/api/v1/clients/${f.clientId}`);
    expect(problemsOf('GET', url, real)).toEqual([]);
    const body = json<{ client: Record<string, unknown> }>(real);

    const withoutClient = { ...real, body: JSON.stringify({ ...body, client: undefined }) };
    expect(problemsOf('GET', url, withoutClient).join('\n')).toMatch(/client/);
    const wrongType = {
      ...real,
      body: JSON.stringify({ ...body, client: { ...body.client, displayName: 42 } }),
    };
    expect(problemsOf('GET', url, wrongType).join('\n')).toMatch(/displayName/);
    expect(problemsOf('GET', url, { ...real, statusCode: 418 }).join('\n')).toMatch(/418 is not documented/);
    const asJson = { ...real, statusCode: 404, headers: { 'content-type': 'application/json' } };
    expect(problemsOf('GET', url, asJson).join('\n')).toMatch(
      /content-type application\/json is not documented/,
    );
    const problem = await f.call(f.h.a.practitioner, 'GET', `/api/v1/clients/${NO_SUCH_ID}`);
    expect(problemsOf('GET', url, problem)).toEqual([]);
    const noCode = { ...problem, body: JSON.stringify({ ...json(problem), code: undefined }) };
    expect(problemsOf('GET', url, noCode).join('\n')).toMatch(/code/);
    const badRetry = { ...problem, statusCode: 429, headers: { ...problem.headers, 'retry-after': 'soon' } };
    expect(problemsOf('GET', url, badRetry).join('\n')).toMatch(/retry-after: soon/);
    expect(problemsOf('GET', '/api/v1/nowhere', real)).toEqual([
      'GET /api/v1/nowhere is not in the document',
    ]);
  });
});
