/**
 * The HL7 FHIR R4 endpoint: the CapabilityStatement, the Questionnaire (public), a stateless $assess of a
 * QuestionnaireResponse (public, like POST /api/v1/assess) and one client's record as Patient/$everything
 * (authenticated, clients.export, audited). Every answer is application/fhir+json; every error an
 * OperationOutcome with a 4xx status. The routes live in their own plugin so that the fhir+json body parser
 * and the OperationOutcome error handler apply to them only.
 */
import { randomUUID } from 'node:crypto';
import type {
  OperationOutcomeIssue,
  Patient,
  QuestionnaireResponse,
  Reference,
  Resource,
} from '@medplum/fhirtypes';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import Type from 'typebox';
import { effectiveTechniques } from '../../clinic/index.js';
import type { Lang } from '../../core/index.js';
import { assess } from '../../core/index.js';
import {
  answersFromResponse,
  assessInput,
  assessmentBundle,
  capabilityStatement,
  clientBundle,
  issue,
  operationOutcome,
  QUESTIONNAIRE_ID,
  responseFromAnswers,
  statusForIssues,
  toQuestionnaire,
} from '../../fhir/index.js';
import type { AppDeps } from '../deps.js';
import { audit } from '../http/audit.js';
import { authOf } from '../http/authenticate.js';
import type { ProblemCode } from '../http/problem.js';
import { PROBLEM_STATUS, ProblemError, problems } from '../http/problem.js';
import { IdParam, Lang as LangSchema } from '../schemas/common.js';

const PUBLIC = { access: 'public' } as const;
const FHIR_JSON = 'application/fhir+json; charset=utf-8';
/** Other parameters FHIR clients add (_format, _pretty…) are ignored. */
const LangQuery = Type.Object({ lang: Type.Optional(LangSchema) }, { additionalProperties: true });
/** A 200 with a FHIR resource of this type (the fhir module builds them; see test/fhir for their profiles). */
const resource = (resourceType: string, description: string) => ({
  200: {
    description,
    content: {
      'application/fhir+json': {
        schema: Type.Object({ resourceType: Type.Literal(resourceType) }, { additionalProperties: true }),
      },
    },
  },
});

const ISSUE_TYPES: Partial<Record<ProblemCode, OperationOutcomeIssue['code']>> = {
  unauthenticated: 'login',
  forbidden: 'forbidden',
  csrf_failed: 'forbidden',
  not_found: 'not-found',
  payload_too_large: 'too-long',
  unsupported_media_type: 'not-supported',
  rate_limited: 'throttled',
  unavailable: 'transient',
  database_unavailable: 'transient',
  conflict: 'conflict',
};

const JSON_FORMATS = new Set(['json', 'application/json', 'application/fhir+json', 'application/json+fhir']);

/** The _format parameter (FHIR's override of Accept), else the Accept header, allows JSON. */
export function acceptsJson(request: FastifyRequest): boolean {
  const format = (request.query as { _format?: unknown } | undefined)?._format;
  if (typeof format === 'string') return JSON_FORMATS.has(format.split(';')[0]?.trim().toLowerCase() ?? '');
  const accept = request.headers.accept;
  if (accept === undefined || accept.trim() === '') return true;
  return accept
    .split(',')
    .map((part) => part.split(';')[0]?.trim().toLowerCase() ?? '')
    .some((type) => JSON_FORMATS.has(type) || type === '*/*' || type === 'application/*');
}

function send(reply: FastifyReply, status: number, resource: Resource): FastifyReply {
  return reply.status(status).type(FHIR_JSON).send(JSON.stringify(resource));
}

function sendIssues(
  reply: FastifyReply,
  issues: readonly OperationOutcomeIssue[],
  status?: number,
): FastifyReply {
  return send(reply, status ?? statusForIssues(issues), operationOutcome(issues));
}

/** Any error of a FHIR route as an OperationOutcome: problems keep their status, Fastify's 4xx theirs. */
function outcomeOf(error: FastifyError): { status: number; issue: OperationOutcomeIssue } {
  if (error instanceof ProblemError) {
    const status = PROBLEM_STATUS[error.code];
    const message = error.errors?.map((e) => `${e.path}: ${e.message}`).join('; ') ?? error.message;
    return {
      status,
      issue: issue(ISSUE_TYPES[error.code] ?? (status >= 500 ? 'exception' : 'invalid'), message),
    };
  }
  if (error.validation !== undefined) {
    const part = error.validationContext ?? 'request';
    const message = error.validation.map(
      (v) => `${part}${v.instancePath.replaceAll('/', '.')} ${v.message ?? 'is not valid'}`,
    );
    return { status: 400, issue: issue('invalid', message.join('; ')) };
  }
  if (error instanceof SyntaxError)
    return { status: 400, issue: issue('structure', 'The body is not valid JSON.') };
  const status = error.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    const code =
      status === 413
        ? 'too-long'
        : status === 415
          ? 'not-supported'
          : status === 429
            ? 'throttled'
            : status === 404
              ? 'not-found'
              : 'invalid';
    return { status, issue: issue(code, error.message.slice(0, 300)) };
  }
  return { status: 500, issue: issue('exception', 'Something went wrong on our side.') };
}

/** The response's subject, when it is a plain reference (anything else is not echoed back). */
function subjectOf(response: Record<string, unknown>): Reference<Patient> | undefined {
  const subject = response.subject;
  if (typeof subject !== 'object' || subject === null) return undefined;
  const { reference, display } = subject as Record<string, unknown>;
  const ok = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '' && v.length <= 512;
  if (!ok(reference) && !ok(display)) return undefined;
  return { ...(ok(reference) ? { reference } : {}), ...(ok(display) ? { display } : {}) };
}

/** Registers the FHIR routes under /fhir. */
export function fhirRoutes(app: FastifyInstance, deps: AppDeps): void {
  const base = `${deps.config.publicUrl}/fhir`;
  const questionnaires = { en: toQuestionnaire(deps.kb, 'en'), fr: toQuestionnaire(deps.kb, 'fr') };
  const metadata = capabilityStatement(base, deps.kb);

  void app.register(
    async (fhir) => {
      // FHIR JSON only: application/fhir+json and application/json; anything else is 415.
      const json = fhir.getDefaultJsonParser('error', 'error');
      fhir.removeAllContentTypeParsers();
      fhir.addContentTypeParser(['application/fhir+json', 'application/json'], { parseAs: 'string' }, json);
      // JSON is the only format served: _format=xml (or an Accept that excludes JSON) is 406, not JSON.
      fhir.addHook('onRequest', async (request, reply) => {
        if (acceptsJson(request)) return;
        return send(
          reply,
          406,
          operationOutcome([
            {
              severity: 'error',
              code: 'not-supported',
              diagnostics: 'This server sends FHIR JSON only (application/fhir+json): ask for _format=json.',
            },
          ]),
        );
      });
      fhir.setErrorHandler((error: FastifyError, request, reply) => {
        const { status, issue: found } = outcomeOf(error);
        if (status >= 500) {
          request.log.error(
            { err: { type: error.name, code: error.code, message: error.message, stack: error.stack } },
            'unexpected error',
          );
        }
        return sendIssues(reply, [found], status);
      });
      fhir.setNotFoundHandler((_request, reply) =>
        sendIssues(reply, [issue('not-found', 'No such FHIR resource or operation.')], 404),
      );

      fhir.get(
        '/metadata',
        {
          config: PUBLIC,
          schema: {
            tags: ['fhir'],
            summary: 'The FHIR CapabilityStatement',
            response: resource('CapabilityStatement', 'What this FHIR endpoint supports'),
          },
        },
        async (_request, reply) => send(reply, 200, metadata),
      );

      fhir.get(
        `/Questionnaire/${QUESTIONNAIRE_ID}`,
        {
          config: PUBLIC,
          schema: {
            tags: ['fhir'],
            summary: 'The questionnaire as a FHIR R4 Questionnaire, in English or French',
            querystring: LangQuery,
            response: resource('Questionnaire', 'The NeckCheck questionnaire'),
          },
        },
        async (request, reply) =>
          send(reply, 200, questionnaires[(request.query as { lang?: Lang }).lang ?? 'en']),
      );

      fhir.post(
        `/Questionnaire/${QUESTIONNAIRE_ID}/$assess`,
        {
          config: { ...PUBLIC, rateLimit: { max: deps.config.assessPerMinute, timeWindow: '1 minute' } },
          schema: {
            tags: ['fhir'],
            summary:
              'Assess a QuestionnaireResponse (or Parameters with a "response" part); nothing is stored',
            description:
              'Answers 422 with an OperationOutcome when the response does not fit the questionnaire.',
            response: {
              ...resource('Bundle', 'The response, the assessment and its decisions as a Bundle'),
              422: { description: 'The QuestionnaireResponse does not fit the questionnaire' },
            },
          },
        },
        async (request, reply) => {
          const input = assessInput(request.body);
          if (!input.ok) return sendIssues(reply, input.errors);
          const answers = answersFromResponse(deps.kb, input.value.response, {
            version: deps.kb.meta.version,
          });
          if (!answers.ok) return sendIssues(reply, answers.errors);
          const lang = input.value.lang ?? 'en';
          const assessedAt = deps.now().toISOString();
          const subject = subjectOf(input.value.response);
          const response: QuestionnaireResponse = responseFromAnswers(deps.kb, answers.value, {
            lang,
            authored: assessedAt,
            ...(subject === undefined ? {} : { subject }),
          });
          const assessment = assess(deps.kb, answers.value, { assessedAt });
          const bundle = assessmentBundle(deps.kb, assessment, {
            response,
            lang,
            newId: randomUUID,
            ...(subject === undefined ? {} : { subject }),
          });
          return send(reply, 200, bundle);
        },
      );

      fhir.get(
        '/Patient/:clientId/$everything',
        {
          config: { permission: 'clients.export' },
          schema: {
            tags: ['fhir'],
            summary: "One client's record as a FHIR Bundle (right of access and portability)",
            params: Type.Object({ clientId: IdParam }, { additionalProperties: false }),
            querystring: LangQuery,
            response: resource('Bundle', "The client's record as a Bundle"),
          },
        },
        async (request, reply) => {
          const auth = authOf(request);
          const { clientId } = request.params as { clientId: string };
          const client = await deps.store.clients.get(auth.clinicId, clientId);
          if (client === undefined) throw problems.notFound('client');
          const [stored, consents, treatments, adverseEvents, users] = await Promise.all([
            deps.store.screenings.listForClient(auth.clinicId, clientId),
            deps.store.consents.listForClient(auth.clinicId, clientId),
            deps.store.treatments.listForClient(auth.clinicId, clientId),
            deps.store.adverseEvents.listForClient(auth.clinicId, clientId),
            deps.store.users.list(auth.clinicId),
          ]);
          // Overrides never alter a stored assessment: the export states the decisions in force beside it.
          const screenings = await Promise.all(
            stored.map(async (s) => ({
              ...s,
              effective: effectiveTechniques(
                s.assessment,
                await deps.store.reviews.listForScreening(auth.clinicId, s.id),
              ),
            })),
          );
          const staff = users.map((u) => ({ id: u.id, name: u.name }));
          await audit(deps, request, {
            action: 'client.export.fhir',
            resourceType: 'client',
            resourceId: clientId,
          });
          const bundle = clientBundle(
            deps.kb,
            { client, screenings, consents, treatments, adverseEvents, staff },
            {
              baseUrl: base,
              lang: (request.query as { lang?: Lang }).lang ?? 'en',
              timestamp: deps.now().toISOString(),
            },
          );
          return send(reply, 200, bundle);
        },
      );
    },
    { prefix: '/fhir' },
  );
}
