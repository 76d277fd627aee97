/**
 * CDS Hooks 2.0 over HTTP: discovery, the two services and their feedback, under /cds-services. These routes
 * are not session routes (`access: 'ehr'`: the session hook leaves them alone): every one is authenticated
 * here by the CDS client's JWT (src/server/cds-auth.ts), except the CORS preflights, which carry no data. CORS allows
 * only the configured origins (NECKCHECK_CDS_ALLOWED_ORIGINS), on these routes only. The cards come from the
 * pure module src/cds-hooks; every response is checked against the 2.0 schemas before it leaves.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import Type from 'typebox';
import { Compile } from 'typebox/compile';
import type {
  CdsHook,
  CdsRequest,
  PrefetchedRecord,
  PrefetchKey,
  StoredScreening,
} from '../../cds-hooks/index.js';
import {
  CdsRequestSchema,
  CdsResponseSchema,
  CONTEXT_SCHEMAS,
  cardsForCall,
  DiscoverySchema,
  FeedbackSchema,
  langFromAcceptLanguage,
  missingPrefetch,
  neckAppointments,
  PREFETCH_KEYS,
  REQUIRED_PREFETCH,
  readPrefetch,
  SERVICES,
  serviceById,
} from '../../cds-hooks/index.js';
import { effectiveTechniques } from '../../clinic/index.js';
import type { Lang } from '../../core/index.js';
import { LANGS } from '../../core/index.js';
import type { Repos } from '../../store/port.js';
import type { Id, Screening } from '../../store/types.js';
import type { CdsCaller, CdsVerifier } from '../cds-auth.js';
import { CdsAuthError, createCdsVerifier } from '../cds-auth.js';
import { recordFeedback } from '../cds-feedback.js';
import type { FetchFailure, FhirFetcher } from '../cds-fhir-fetch.js';
import { createFhirFetcher, FETCH_FAILURES } from '../cds-fhir-fetch.js';
import type { AppDeps } from '../deps.js';
import type { Detail } from '../http/assessment-form.js';
import { addVary, DETAILS } from '../http/assessment-form.js';
import { audit } from '../http/audit.js';
import type { FieldError } from '../http/problem.js';
import { ProblemError, problems } from '../http/problem.js';
import { ProblemSchema } from '../schemas/common.js';

const PUBLIC = { access: 'public' } as const;
const EHR = { access: 'ehr' } as const;
/** Prefetch can hold a long record; the rest of the API keeps the server's 256 KiB limit. */
const SERVICE_BODY_LIMIT = 2 * 1024 * 1024;
const ServiceParams = Type.Object(
  { id: Type.String({ pattern: '^[A-Za-z0-9._-]{1,64}$' }) },
  { additionalProperties: false },
);
const ServiceQuery = Type.Object(
  {
    lang: Type.Optional(
      Type.Enum(LANGS, {
        description: 'The language of the cards; by default from Accept-Language, else English',
      }),
    ),
    detail: Type.Optional(
      Type.Enum(DETAILS, {
        description:
          '`compact` (the default): each text once, references by short name; `full`: each detail also with its heading, the rule link and every reference in full',
      }),
    ),
  },
  { additionalProperties: false },
);
const FeedbackResult = Type.Object({ stored: Type.Integer(), duplicates: Type.Integer() });
const TAGS = ['cds-hooks'];
const DAY_MS = 86_400_000;
const AUTH_NOTE =
  'Authenticated by a CDS Hooks JWT (Authorization: Bearer) from a trusted EHR, not by session.';

const contextChecks = {
  'patient-view': Compile(CONTEXT_SCHEMAS['patient-view']),
  'appointment-book': Compile(CONTEXT_SCHEMAS['appointment-book']),
} as const;
const responseCheck = Compile(CdsResponseSchema);

// --- CORS ------------------------------------------------------------------------------------------------

function allowedOrigin(origins: readonly string[], origin: string | undefined): string | undefined {
  if (origin === undefined) return undefined;
  if (origins.includes('*')) return '*';
  return origins.includes(origin) ? origin : undefined;
}

function preflight(origins: readonly string[]) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    if (allowedOrigin(origins, request.headers.origin) === undefined)
      throw problems.forbidden('This origin may not call the CDS services.');
    return reply
      .header('access-control-allow-methods', 'GET, POST, OPTIONS')
      .header('access-control-allow-headers', 'Authorization, Content-Type, Accept-Language')
      .header('access-control-max-age', '600')
      .status(204)
      .send();
  };
}

// --- Authentication --------------------------------------------------------------------------------------

async function authenticate(
  deps: AppDeps,
  verifier: CdsVerifier,
  request: FastifyRequest,
  reply: FastifyReply,
) {
  const audience = `${deps.config.publicUrl}${request.url.split('?')[0] ?? ''}`;
  const guard = request.server.failureGuard;
  await guard.check('cds', request, reply);
  try {
    return await verifier.verify(request.headers.authorization, audience, deps.now());
  } catch (error) {
    const reason = error instanceof CdsAuthError ? error.reason : 'malformed';
    reply.header('www-authenticate', 'Bearer error="invalid_token"');
    if (reason !== 'missing') {
      await guard
        .failed('cds', request, {
          action: `cds.auth_failed:${reason}`,
          outcome: 'denied',
          clinicId: null,
        })
        .catch((auditError: unknown) =>
          request.log.error({ err: auditError }, 'audit of a refused CDS call failed'),
        );
    }
    throw new ProblemError('unauthenticated', error instanceof Error ? error.message : 'Invalid CDS token.');
  }
}

/** The configured clinics must exist: a typo in NECKCHECK_CDS_CLIENTS stops the start, with its name. */
async function checkClinics(deps: AppDeps): Promise<void> {
  for (const client of deps.config.cdsClients) {
    if ((await deps.store.clinics.get(client.clinicId)) === undefined)
      throw new Error(
        `NECKCHECK_CDS_CLIENTS: clinic "${client.clinicId}" (issuer ${client.iss}) does not exist`,
      );
  }
}

// --- Services ----------------------------------------------------------------------------------------------

function contextErrors(hook: CdsHook, context: unknown): FieldError[] {
  return [...contextChecks[hook].Errors(context)].slice(0, 20).map((e) => ({
    path: `body.context${e.instancePath.replaceAll('/', '.')}`,
    message: e.message ?? 'is not valid',
  }));
}

/** The client's latest screening with the decisions in force after clinicians' reviews. */
async function storedScreening(
  repos: Repos,
  clinicId: Id,
  latest: Screening | undefined,
): Promise<StoredScreening | undefined> {
  if (latest === undefined) return undefined;
  const reviews = await repos.reviews.listForScreening(clinicId, latest.id);
  // The clinic's staff are read only to name reviewers: most screenings have none.
  const users = reviews.length === 0 ? [] : await repos.users.list(clinicId);
  const reviewers = new Set(reviews.map((r) => r.userId));
  return {
    id: latest.id,
    submittedAt: latest.submittedAt,
    validUntil: latest.validUntil,
    answers: latest.answers,
    assessment: latest.assessment,
    reviews: {
      effective: effectiveTechniques(latest.assessment, reviews),
      staff: users.filter((u) => reviewers.has(u.id)).map((u) => ({ id: u.id, name: u.name })),
    },
  };
}

/** 412: what the service needs did not arrive as prefetch, and could not be fetched from the fhirServer. */
function preconditionFailed(
  request: FastifyRequest,
  reply: FastifyReply,
  missing: readonly PrefetchKey[],
  failures: Partial<Record<PrefetchKey, FetchFailure>>,
) {
  const why = (key: PrefetchKey) => FETCH_FAILURES[failures[key] ?? 'no_fhir_server'];
  return reply
    .status(412)
    .type('application/problem+json; charset=utf-8')
    .send({
      type: 'https://neckcheck.example/problems/prefetch-missing',
      title: 'Required prefetch missing',
      status: 412,
      code: 'prefetch_missing',
      detail:
        `Send ${missing.join(', ')} as prefetch (see the discovery document), or a fhirServer ` +
        `(with fhirAuthorization) this service can fetch them from: ${missing.map((k) => `${k}: ${why(k)}`).join('; ')}.`,
      instance: request.url.split('?')[0],
      errors: missing.map((key) => ({
        path: `body.prefetch.${key}`,
        message: `is required (${why(key)})`,
        code: failures[key] ?? 'no_fhir_server',
      })),
    });
}

/**
 * The prefetch, completed from the fhirServer where keys were left out, failed or sent as null. Only the
 * required keys that are still missing are a 412; an optional one stays "not sent", a null stays "none".
 */
async function completedPrefetch(
  deps: AppDeps,
  fetcher: FhirFetcher,
  request: FastifyRequest,
  caller: CdsCaller,
  body: CdsRequest,
  patientId: string,
): Promise<{
  record: PrefetchedRecord;
  missing: PrefetchKey[];
  failures: Partial<Record<PrefetchKey, FetchFailure>>;
}> {
  const sent = body.prefetch ?? {};
  const first = readPrefetch(sent, patientId);
  const wanted = PREFETCH_KEYS.filter((key) => first.states[key] !== 'present');
  const required = missingPrefetch(first);
  if (wanted.length === 0 || (body.fhirServer === undefined && required.length === 0))
    return { record: first, missing: required, failures: {} };
  const outcome = await fetcher.fetch({
    fhirServer: body.fhirServer,
    accessToken: body.fhirAuthorization?.access_token,
    patientId,
    keys: body.fhirServer === undefined ? required : wanted,
  });
  const failed = Object.keys(outcome.failures);
  if (body.fhirServer !== undefined) {
    // Keys, failures and timing only: no patient id, URL query or token.
    request.log.info(
      {
        fhirFetch: { keys: Object.keys(outcome.values), failed, requests: outcome.requests, ms: outcome.ms },
      },
      'CDS prefetch fetched from the fhirServer',
    );
    await audit(deps, request, {
      action: `cds.fhir_fetch${failed.length === 0 ? '' : `:${[...new Set(Object.values(outcome.failures))].join(',')}`}`,
      resourceType: 'cds_service',
      resourceId: (request.params as { id: string }).id,
      outcome: failed.some((k) => REQUIRED_PREFETCH.includes(k as PrefetchKey)) ? 'failure' : 'success',
      clinicId: caller.clinicId,
      actor: caller.actor,
    });
  }
  const merged: Record<string, unknown> = { ...sent };
  for (const [key, value] of Object.entries(outcome.values)) merged[key] = value;
  const record = readPrefetch(merged, patientId);
  return { record, missing: missingPrefetch(record), failures: outcome.failures };
}

async function serviceCall(
  deps: AppDeps,
  fetcher: FhirFetcher,
  caller: CdsCaller,
  request: FastifyRequest,
  reply: FastifyReply,
) {
  const service = serviceById((request.params as { id: string }).id);
  if (service === undefined) throw problems.notFound('CDS service');
  const body = request.body as CdsRequest;
  if (body.hook !== service.hook)
    throw problems.validation([{ path: 'body.hook', message: `must be "${service.hook}" for this service` }]);
  const errors = contextErrors(service.hook, body.context);
  if (errors.length > 0) throw problems.validation(errors);
  addVary(reply, 'Accept-Language');
  const patientId = String(body.context.patientId);
  const who = { clinicId: caller.clinicId, actor: caller.actor };
  // A booking that is not for neck massage or manual therapy needs nothing: no data is read or required.
  if (
    service.hook === 'appointment-book' &&
    neckAppointments(deps.kb, body.context.appointments).length === 0
  ) {
    await audit(deps, request, {
      action: 'cds.service_call',
      resourceType: 'cds_service',
      resourceId: service.id,
      ...who,
    });
    return { cards: [] };
  }
  const {
    record: prefetched,
    missing,
    failures,
  } = await completedPrefetch(deps, fetcher, request, caller, body, patientId);
  if (missing.length > 0) return preconditionFailed(request, reply, missing, failures);

  const client = await deps.store.clients.findByEhrPatient(caller.clinicId, caller.ehrSystem, patientId);
  const stored =
    client &&
    (await storedScreening(
      deps.store,
      caller.clinicId,
      await deps.store.screenings.latestForClient(caller.clinicId, client.id),
    ));
  const query = request.query as { lang?: Lang; detail?: Detail };
  const lang = query.lang ?? langFromAcceptLanguage(request.headers['accept-language']);
  const cards = cardsForCall({
    kb: deps.kb,
    hook: service.hook,
    lang,
    detail: query.detail ?? 'compact',
    now: deps.now().toISOString(),
    publicUrl: deps.config.publicUrl,
    newUuid: randomUUID,
    patientId,
    ehrSystem: caller.ehrSystem,
    linkedClientId: client?.id ?? null,
    stored,
    prefetched,
    context: body.context,
    screeningValidityDays: deps.config.screeningValidityDays,
  });
  const response = { cards };
  if (!responseCheck.Check(response)) {
    request.log.error({ errors: [...responseCheck.Errors(response)].slice(0, 5) }, 'invalid CDS response');
    throw new ProblemError('internal', 'The service produced a card that does not meet CDS Hooks 2.0.');
  }
  const issuedAt = deps.now();
  // The cards issued and the audit entry commit together: one wait for the disk per call, not two.
  await deps.store.transaction(async (tx) => {
    await tx.cdsIssuedCards.record(
      cards.flatMap((card) =>
        card.uuid === undefined
          ? []
          : [
              {
                cardUuid: card.uuid,
                clinicId: caller.clinicId,
                serviceId: service.id,
                overrideReasons: (card.overrideReasons ?? []).flatMap((r) =>
                  r.system === undefined || r.code === undefined ? [] : [{ system: r.system, code: r.code }],
                ),
                issuedAt: issuedAt.toISOString(),
                expiresAt: new Date(
                  issuedAt.getTime() + deps.config.cdsCardRetentionDays * DAY_MS,
                ).toISOString(),
              },
            ],
      ),
      issuedAt.toISOString(),
    );
    await audit(
      deps,
      request,
      {
        action: 'cds.service_call',
        resourceType: client === undefined ? 'cds_service' : 'client',
        resourceId: client?.id ?? service.id,
        ...who,
      },
      tx,
    );
  });
  reply.header('content-language', lang);
  return response;
}

// --- Plugin ------------------------------------------------------------------------------------------------

async function cdsHooksPlugin(scope: FastifyInstance, deps: AppDeps): Promise<void> {
  await checkClinics(deps);
  const verifier = createCdsVerifier(deps.config.cdsClients, {
    claimJti: (iss, jti, expiresAt, now) =>
      deps.store.cdsJwtIds.claim(iss, jti, expiresAt.toISOString(), now.toISOString()),
  });
  const fetcher = createFhirFetcher(deps.config.cdsFhirFetch);
  scope.addHook('onClose', () => fetcher.close());
  const origins = deps.config.cdsAllowedOrigins;
  const callers = new WeakMap<FastifyRequest, CdsCaller>();
  const callerOf = (request: FastifyRequest): CdsCaller => {
    const caller = callers.get(request);
    if (caller === undefined) throw problems.unauthenticated();
    return caller;
  };

  scope.addHook('onRequest', async (request, reply) => {
    reply.header('vary', 'Origin');
    const allowed = allowedOrigin(origins, request.headers.origin);
    if (allowed !== undefined) reply.header('access-control-allow-origin', allowed);
  });
  scope.addHook('onRequest', async (request, reply) => {
    if (request.method === 'OPTIONS') return;
    callers.set(request, await authenticate(deps, verifier, request, reply));
  });

  const errors = { 400: ProblemSchema, 401: ProblemSchema, 404: ProblemSchema };
  scope.get(
    '/cds-services',
    {
      config: EHR,
      schema: {
        tags: TAGS,
        summary: 'CDS Hooks discovery: the services, their hooks and prefetch templates',
        description: AUTH_NOTE,
        response: { 200: DiscoverySchema, 401: ProblemSchema },
      },
    },
    async (request) => {
      const caller = callerOf(request);
      await audit(deps, request, { action: 'cds.discovery', clinicId: caller.clinicId, actor: caller.actor });
      return { services: SERVICES };
    },
  );

  scope.post(
    '/cds-services/:id',
    {
      config: EHR,
      bodyLimit: SERVICE_BODY_LIMIT,
      // Cards are checked against CdsResponseSchema before sending; V8's JSON.stringify then serialises them.
      serializerCompiler: () => (data: unknown) => JSON.stringify(data),
      schema: {
        tags: TAGS,
        summary: 'Call a CDS service (patient-view or appointment-book): cards about neck-treatment safety',
        description: `${AUTH_NOTE} Required prefetch that is missing (or null) is fetched from fhirServer with fhirAuthorization; answers 412 when it cannot be. Cards are in one language (\`lang\`, else Accept-Language) and compact: each text once, references by short name (in full on the rule page the card links to); \`detail=full\` adds the heading, the rule link and every reference in full to each detail.`,
        params: ServiceParams,
        querystring: ServiceQuery,
        body: CdsRequestSchema,
        response: { 200: CdsResponseSchema, ...errors, 412: ProblemSchema, 415: ProblemSchema },
      },
    },
    async (request, reply) => serviceCall(deps, fetcher, callerOf(request), request, reply),
  );

  scope.post(
    '/cds-services/:id/feedback',
    {
      config: EHR,
      schema: {
        tags: TAGS,
        summary:
          'Feedback on cards: accepted or overridden; stored once per card, outcome and time, and audited',
        description: `${AUTH_NOTE} Only for cards this service issued to the caller's clinic (within NECKCHECK_CDS_CARD_RETENTION_DAYS), with an override reason the card offered; otherwise 422 cds_feedback_rejected.`,
        params: ServiceParams,
        body: FeedbackSchema,
        response: { 200: FeedbackResult, ...errors, 415: ProblemSchema, 422: ProblemSchema },
      },
    },
    async (request) => recordFeedback(deps, callerOf(request), request),
  );

  for (const url of ['/cds-services', '/cds-services/:id', '/cds-services/:id/feedback']) {
    scope.options(url, { config: PUBLIC, schema: { hide: true } }, preflight(origins));
  }
}

/** Registers the CDS Hooks routes. The configured CDS clients' clinics are checked when the app starts. */
export function cdsHooksRoutes(app: FastifyInstance, deps: AppDeps): void {
  app.register(async (scope) => cdsHooksPlugin(scope, deps));
}
