/**
 * What every FHIR route shares: FHIR JSON in and out, 406 for a format other than JSON, every error as an
 * OperationOutcome with a 4xx status (5xx only for our own faults). `fhirContext` sets these up on an
 * encapsulated plugin under /fhir (routes/fhir.ts and routes/fhir-conformance.ts each have one).
 */
import type { OperationOutcomeIssue, Resource } from '@medplum/fhirtypes';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { issue, operationOutcome, statusForIssues } from '../../fhir/index.js';
import type { ProblemCode } from './problem.js';
import { PROBLEM_STATUS, ProblemError } from './problem.js';

export const FHIR_JSON = 'application/fhir+json; charset=utf-8';

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

export function send(reply: FastifyReply, status: number, resource: Resource): FastifyReply {
  return reply.status(status).type(FHIR_JSON).send(JSON.stringify(resource));
}

export function sendIssues(
  reply: FastifyReply,
  issues: readonly OperationOutcomeIssue[],
  status?: number,
): FastifyReply {
  return send(reply, status ?? statusForIssues(issues), operationOutcome(issues));
}

/** Any error of a FHIR route as an OperationOutcome: problems keep their status, Fastify's 4xx theirs. */
export function outcomeOf(error: FastifyError): { status: number; issue: OperationOutcomeIssue } {
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

/** FHIR JSON bodies only, 406 unless JSON is acceptable, and errors as OperationOutcomes. */
export function fhirContext(fhir: FastifyInstance): void {
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
}
