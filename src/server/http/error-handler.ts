import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isDatabaseUnavailable, StoreConstraintError, StoreInputError } from '../../store/errors.js';
import type { DatabaseHealth } from './database-health.js';
import { writtenAsDate } from './dates.js';
import type { FieldError, ProblemCode } from './problem.js';
import {
  DATABASE_RETRY_AFTER_SECONDS,
  PROBLEM_STATUS,
  ProblemError,
  problems,
  toProblem,
} from './problem.js';

/** Fastify's own errors, by code, mapped to our problem codes. */
const FASTIFY_CODES: Readonly<Record<string, ProblemCode>> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload_too_large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'bad_request',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'bad_request',
  FST_ERR_CTP_INVALID_JSON_BODY: 'bad_request',
  FST_ERR_BAD_URL: 'bad_request',
  FST_ERR_ASYNC_CONSTRAINT: 'bad_request',
};

/** What the store refused on purpose: input it cannot keep, duplicates, references across clinics. */
function fromStore(error: unknown): ProblemError | undefined {
  if (error instanceof StoreInputError)
    return new ProblemError('bad_request', 'A value in the request cannot be stored.');
  if (error instanceof StoreConstraintError) {
    if (error.kind === 'unique') return new ProblemError('conflict', 'This record already exists.');
    if (error.kind === 'reference')
      return new ProblemError('not_found', 'A record named in the request does not exist.');
    if (error.kind === 'immutable') return new ProblemError('conflict', 'This record cannot be changed.');
    return new ProblemError('bad_request', 'A value in the request is out of range.');
  }
  return undefined;
}

function fromFastify(error: FastifyError): ProblemError | undefined {
  if (error.validation !== undefined) {
    const part = error.validationContext ?? 'body';
    const errors: FieldError[] = error.validation.map((v) => {
      const extra = (v.params as { additionalProperty?: string }).additionalProperty;
      const path = `${part}${v.instancePath.replaceAll('/', '.')}${extra === undefined ? '' : `.${extra}`}`;
      return {
        path,
        message: extra === undefined ? (v.message ?? 'is not valid') : 'is not an allowed field',
      };
    });
    const dateFormats = error.validation.every(
      (v) =>
        v.keyword === 'format' &&
        ['date', 'date-time'].includes(String(v.params.format)) &&
        writtenAsDate((v as { data?: unknown }).data),
    );
    return new ProblemError(dateFormats ? 'invalid_date' : 'validation_failed', undefined, errors);
  }
  const code = error.code === undefined ? undefined : FASTIFY_CODES[error.code];
  if (code !== undefined) return new ProblemError(code, error.message);
  if (error instanceof SyntaxError) return new ProblemError('bad_request', 'The body is not valid JSON.');
  if (error.statusCode === 429)
    return new ProblemError('rate_limited', 'Too many requests; wait a moment and try again.');
  if (typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500) {
    return new ProblemError(error.statusCode === 404 ? 'not_found' : 'bad_request', error.message);
  }
  return undefined;
}

export function sendProblem(reply: FastifyReply, request: FastifyRequest, error: ProblemError): FastifyReply {
  if (error.code === 'database_unavailable')
    reply.header('retry-after', String(DATABASE_RETRY_AFTER_SECONDS));
  else if (error.retryAfterSeconds !== undefined)
    reply.header('retry-after', String(Math.max(1, Math.ceil(error.retryAfterSeconds))));
  return reply
    .status(PROBLEM_STATUS[error.code])
    .type('application/problem+json; charset=utf-8')
    .send(toProblem(error, request.url.split('?')[0]));
}

/**
 * Every error leaves as problem+json; a database that cannot write or be reached as a 503 with Retry-After
 * (and /readyz then probes before it says ready again); unexpected ones as a generic 500 and one log line.
 */
export function registerErrorHandling(app: FastifyInstance, health: DatabaseHealth): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (!(error instanceof ProblemError) && isDatabaseUnavailable(error)) {
      health.markFailing();
      request.log.error(
        { err: { type: error.name, code: error.code, message: error.message } },
        'database unavailable',
      );
      return sendProblem(reply, request, problems.databaseUnavailable());
    }
    const problem = error instanceof ProblemError ? error : (fromStore(error) ?? fromFastify(error));
    if (problem !== undefined) return sendProblem(reply, request, problem);
    request.log.error(
      { err: { type: error.name, code: error.code, message: error.message, stack: error.stack } },
      'unexpected error',
    );
    return sendProblem(reply, request, new ProblemError('internal', 'Something went wrong on our side.'));
  });
  app.setNotFoundHandler((request, reply) =>
    sendProblem(reply, request, new ProblemError('not_found', 'No such route.')),
  );
}
