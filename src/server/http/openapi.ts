/**
 * Keeps the OpenAPI document truthful in one place: every documented route gets a stable operationId, the
 * security its access really has, and the error responses the server's shared machinery sends (validation,
 * authentication, body parsing, rate limits, the database) with their real media type. Routes declare only
 * their success responses and the errors their own handler throws; test/server/openapi-contract.test.ts
 * checks live responses against the result.
 */
import type { FastifySchema } from 'fastify';
import Type from 'typebox';
import { ProblemSchema } from '../schemas/common.js';

export const PROBLEM_JSON = 'application/problem+json';
const PROBLEM_DESCRIPTION: unknown = (ProblemSchema as { description?: unknown }).description;
export const FHIR_JSON = 'application/fhir+json';

/** Shared schemas, added to the app with addSchema and listed under components.schemas. */
export const PROBLEM_REF = 'Problem';
export const OPERATION_OUTCOME_REF = 'OperationOutcome';
export const SHARED_SCHEMAS = [
  { ...ProblemSchema, $id: PROBLEM_REF },
  {
    ...Type.Object(
      {
        resourceType: Type.Literal('OperationOutcome'),
        issue: Type.Array(
          Type.Object(
            {
              severity: Type.Enum(['fatal', 'error', 'warning', 'information']),
              code: Type.String(),
              diagnostics: Type.Optional(Type.String()),
            },
            { additionalProperties: true },
          ),
          { minItems: 1 },
        ),
      },
      { additionalProperties: true, description: 'A FHIR R4 OperationOutcome' },
    ),
    $id: OPERATION_OUTCOME_REF,
  },
] as const;

export const SECURITY_SCHEMES = {
  session: { type: 'apiKey', in: 'cookie', description: 'The session cookie set by POST /api/v1/auth/login' },
  apiToken: {
    type: 'http',
    scheme: 'bearer',
    description: 'An API token made by an admin (/api/v1/api-tokens)',
  },
  cdsHooks: {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description: "A CDS Hooks 2.0 JWT signed by a trusted EHR's key (NECKCHECK_CDS_CLIENTS)",
  },
} as const;

export const TAGS = [
  { name: 'knowledge', description: 'The questionnaire and the knowledge base (public)' },
  { name: 'screening', description: 'Stateless assessment of answers (public)' },
  { name: 'auth', description: 'Login, logout, the current user and passwords' },
  { name: 'account', description: "The caller's own two-factor authentication" },
  { name: 'clients', description: "A clinic's clients and their records" },
  { name: 'intakes', description: 'Intake links a client fills in at home' },
  { name: 'screenings', description: 'Stored screenings, reviews, consents and reports' },
  { name: 'care', description: 'Treatments and adverse events' },
  { name: 'admin', description: "Users, API tokens, audit and the clinic's security settings" },
  { name: 'fhir', description: 'HL7 FHIR R4 endpoint (application/fhir+json)' },
  { name: 'cds-hooks', description: 'CDS Hooks 2.0 services for EHRs' },
  { name: 'smart', description: 'The patient an EHR opened NeckCheck on (SMART on FHIR EHR launch)' },
  { name: 'operations', description: 'Health, readiness and this document' },
];

/**
 * `getClientsByClientIdExport` for GET /api/v1/clients/:clientId/export: the method, then the path without
 * its /api/v1 prefix, parameters as `By<Name>`, any other character splitting words.
 */
export function operationIdOf(method: string, url: string): string {
  const words = url
    .replace(/^\/api\/v\d+(?=\/|$)/, '')
    .split('/')
    .filter((segment) => segment !== '')
    .flatMap((segment) =>
      segment.startsWith(':')
        ? ['by', ...segment.slice(1).split(/[^A-Za-z0-9]+/)]
        : segment.split(/[^A-Za-z0-9]+/),
    )
    .filter((word) => word !== '');
  return [method.toLowerCase(), ...words.map((w) => w[0]?.toUpperCase() + w.slice(1))].join('');
}

/** What the onRoute hook sees of a route (any server type). */
export interface DocumentedRoute {
  readonly url: string;
  readonly method: string | readonly string[];
  schema?: FastifySchema & { hide?: boolean; operationId?: string };
  readonly config?: object;
}

type ResponseEntry = Record<string, unknown>;
type Responses = Record<string, ResponseEntry>;
type Access = 'public' | 'authenticated' | 'ehr';

const WITH_BODY = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Why each shared status can come from any route that has the feature named. */
const STANDARD = {
  400: 'The request does not match its schema (or the body is not JSON)',
  401: 'No valid credentials',
  403: "Not allowed: the caller's role, a cross-site request, a one-time password to change or two-factor to turn on first",
  404: 'No such record for this clinic',
  406: 'Only FHIR JSON is served (_format or Accept asked for something else)',
  409: 'Conflicts with the current state of the record',
  410: 'The intake link has been used or has expired',
  412: 'Required prefetch missing',
  413: 'The request body is too large',
  415: 'The request body is not JSON',
  422: 'A date in the request does not exist, or a rule of the clinic refuses the request',
  429: 'Too many requests, or too many refused credentials from this address (Retry-After)',
  500: 'Unexpected error',
  503: 'The database is unavailable or the server is stopping (Retry-After)',
} as const;

/** 429 and 503 say when to try again (a 503 of a closing server may not). */
const RETRY_AFTER = {
  'retry-after': Type.String({ pattern: '^[0-9]+$', description: 'Seconds to wait before trying again' }),
};

function errorResponse(status: number, description: string, fhir: boolean): ResponseEntry {
  const content = fhir
    ? { [FHIR_JSON]: { schema: { $ref: `${OPERATION_OUTCOME_REF}#` } } }
    : { [PROBLEM_JSON]: { schema: { $ref: `${PROBLEM_REF}#` } } };
  return status === 429 || status === 503
    ? { description, headers: RETRY_AFTER, content }
    : { description, content };
}

/** A date format in the body or query means an impossible date (31 February) is a 422, not a 400. */
function hasDateFormat(schema: unknown): boolean {
  return /"format":"date(-time)?"/.test(JSON.stringify(schema ?? null));
}

function standardStatuses(route: DocumentedRoute, access: Access, fhir: boolean): number[] {
  const schema = route.schema ?? {};
  const methods = typeof route.method === 'string' ? [route.method] : route.method;
  const statuses: number[] = [500, 503];
  // Refused credentials are counted per address (src/server/http/failure-guard.ts): past the limit, 429.
  if (access === 'authenticated') statuses.push(401, 403, 429);
  if (access === 'ehr') statuses.push(401, 429);
  if (schema.params !== undefined || schema.querystring !== undefined || schema.body !== undefined)
    statuses.push(400);
  if (schema.params !== undefined) statuses.push(404);
  if (methods.some((m) => WITH_BODY.has(m))) statuses.push(400, 413, 415);
  if (hasDateFormat(schema.body) || hasDateFormat(schema.querystring)) statuses.push(422);
  if (route.config !== undefined && 'rateLimit' in route.config) statuses.push(429);
  if (fhir) statuses.push(406);
  return statuses;
}

/**
 * Completes a route's schema for the document (the route's own declarations win for 2xx; a declared error
 * with a plain schema is re-declared with the media type the error handler really sends). Routes under
 * /fhir send their errors as OperationOutcome (src/server/routes/fhir.ts).
 */
export function documentRoute(route: DocumentedRoute, access: Access, operationIds: Set<string>): void {
  // A route without a schema is still in the document (@fastify/swagger lists it), so it is completed too.
  const schema = route.schema ?? {};
  if (schema.hide === true) return;
  const method = typeof route.method === 'string' ? route.method : route.method[0];
  if (method === undefined) return;
  const fhir = route.url.startsWith('/fhir/');
  const operationId = schema.operationId ?? operationIdOf(method, route.url);
  if (operationIds.has(operationId)) throw new Error(`OpenAPI: operationId ${operationId} is used twice`);
  operationIds.add(operationId);

  const responses: Responses = {};
  for (const [status, entry] of Object.entries((schema.response ?? {}) as Responses)) {
    if (Number(status) < 400 || 'content' in entry) {
      responses[status] = entry;
      continue;
    }
    // `{ ...ProblemSchema, description: 'why' }` gives the route's own reason for the status.
    const own = entry.description !== PROBLEM_DESCRIPTION ? entry.description : undefined;
    const description =
      typeof own === 'string'
        ? own
        : (STANDARD[Number(status) as keyof typeof STANDARD] ?? 'Refused (see the code)');
    responses[status] = errorResponse(Number(status), description, fhir);
  }
  for (const status of standardStatuses(route, access, fhir)) {
    responses[status] ??= errorResponse(status, STANDARD[status as keyof typeof STANDARD], fhir);
  }
  const security =
    access === 'public' ? [] : access === 'ehr' ? [{ cdsHooks: [] }] : [{ session: [] }, { apiToken: [] }];
  route.schema = { ...schema, operationId, security, response: responses };
}
