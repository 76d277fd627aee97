/**
 * One error currency for the HTTP API: RFC 9457 problem details with stable codes, mapped to a status in
 * one place. Handlers throw `ProblemError`s made by the factories below; anything else becomes a generic
 * 500 with a log line and never leaks internals.
 */
import type { Refusal } from '../../clinic/index.js';
import type { Lang } from '../../core/index.js';
export const PROBLEM_STATUS = {
  bad_request: 400,
  validation_failed: 400,
  invalid_answers: 400,
  unauthenticated: 401,
  login_expired: 401,
  forbidden: 403,
  password_change_required: 403,
  csrf_failed: 403,
  two_factor_required: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  screening_not_current: 409,
  consent_required: 409,
  signoff_required: 409,
  intake_used: 410,
  intake_expired: 410,
  payload_too_large: 413,
  unsupported_media_type: 415,
  invalid_date: 422,
  override_refused: 422,
  password_rejected: 422,
  override_unjustified: 422,
  technique_contraindicated: 422,
  rule_version_not_current: 422,
  cds_feedback_rejected: 422,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
  database_unavailable: 503,
} as const;
export type ProblemCode = keyof typeof PROBLEM_STATUS;

export interface FieldError {
  readonly path: string;
  readonly message: string;
  readonly code?: string;
}

export interface Problem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly code: ProblemCode;
  readonly detail?: string;
  readonly instance?: string;
  readonly errors?: readonly FieldError[];
}

const TITLES: Readonly<Record<ProblemCode, string>> = {
  bad_request: 'Bad request',
  validation_failed: 'The request is not valid',
  invalid_answers: 'The answers are not valid',
  unauthenticated: 'Authentication required',
  login_expired: 'This login has expired',
  forbidden: 'Not allowed',
  password_change_required: 'Change your one-time password first',
  csrf_failed: 'Cross-site request refused',
  two_factor_required: 'Two-factor authentication required',
  not_found: 'Not found',
  method_not_allowed: 'Method not allowed',
  conflict: 'Conflict',
  screening_not_current: 'No current screening',
  consent_required: 'Consent required',
  signoff_required: 'Clinician sign-off required',
  intake_used: 'This intake link has already been used',
  intake_expired: 'This intake link has expired',
  payload_too_large: 'Request body too large',
  unsupported_media_type: 'Unsupported media type',
  invalid_date: 'The date does not exist',
  override_refused: "Override refused for the client's safety",
  password_rejected: 'Password not accepted',
  override_unjustified: 'Override not justified',
  technique_contraindicated: 'Technique contraindicated',
  rule_version_not_current: 'Not the current version of this rule',
  cds_feedback_rejected: 'Feedback on a card this service did not issue, or a reason it did not offer',
  rate_limited: 'Too many requests',
  internal: 'Internal error',
  unavailable: 'Service unavailable',
  database_unavailable: 'Database unavailable',
};

export class ProblemError extends Error {
  readonly code: ProblemCode;
  readonly detail: string | undefined;
  readonly errors: readonly FieldError[] | undefined;
  /** Sent as Retry-After (a lockout says how long it lasts). */
  readonly retryAfterSeconds: number | undefined;

  constructor(
    code: ProblemCode,
    detail?: string,
    errors?: readonly FieldError[],
    options: { readonly retryAfterSeconds?: number } = {},
  ) {
    super(detail ?? TITLES[code]);
    this.name = 'ProblemError';
    this.code = code;
    this.detail = detail;
    this.errors = errors;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

export function toProblem(error: ProblemError, instance?: string): Problem {
  return {
    type: `https://neckcheck.example/problems/${error.code.replaceAll('_', '-')}`,
    title: TITLES[error.code],
    status: PROBLEM_STATUS[error.code],
    code: error.code,
    ...(error.detail === undefined ? {} : { detail: error.detail }),
    ...(instance === undefined ? {} : { instance }),
    ...(error.errors === undefined ? {} : { errors: error.errors }),
  };
}

export const problems = {
  badRequest: (detail: string) => new ProblemError('bad_request', detail),
  validation: (errors: readonly FieldError[]) => new ProblemError('validation_failed', undefined, errors),
  invalidDate: (path: string) =>
    new ProblemError('invalid_date', undefined, [{ path, message: 'is not a date that exists' }]),
  invalidAnswers: (errors: readonly FieldError[]) =>
    new ProblemError('invalid_answers', 'Some answers do not fit the questionnaire.', errors),
  unauthenticated: () => new ProblemError('unauthenticated', 'Log in or provide an API token.'),
  forbidden: (detail = 'Your role does not allow this.') => new ProblemError('forbidden', detail),
  csrf: () => new ProblemError('csrf_failed', 'The request did not come from this site.'),
  notFound: (what = 'resource') => new ProblemError('not_found', `No such ${what}.`),
  conflict: (detail: string) => new ProblemError('conflict', detail),
  intakeUsed: () => new ProblemError('intake_used'),
  intakeExpired: () => new ProblemError('intake_expired'),
  passwordChangeRequired: () =>
    new ProblemError(
      'password_change_required',
      'Your password is a one-time password: change it (POST /api/v1/auth/password) before anything else.',
    ),
  rateLimited: () => new ProblemError('rate_limited', 'Too many attempts; wait a moment and try again.'),
  unavailable: (detail: string) => new ProblemError('unavailable', detail),
  databaseUnavailable: () =>
    new ProblemError('database_unavailable', 'The database is unavailable at the moment; try again shortly.'),
};

/** A password the policy refuses (src/server/auth/password-policy.ts), worded in the caller's language. */
export function passwordProblem(
  rejection: { readonly code: string; readonly message: Readonly<Record<Lang, string>> },
  lang: Lang,
  path: string,
): ProblemError {
  return new ProblemError('password_rejected', rejection.message[lang], [
    { path, message: rejection.message[lang], code: rejection.code },
  ]);
}
/** Seconds a client should wait before retrying after a 503 for the database. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

/**
 * A refusal by the clinic's rules (src/clinic), in the caller's language; the techniques concerned are
 * listed as field errors so programs need not parse the sentence.
 */
export function refusalProblem(refusal: Refusal, lang: Lang): ProblemError {
  return new ProblemError(
    refusal.code,
    refusal.message[lang],
    refusal.techniques.map((t) => ({ path: 'techniques', message: t, code: refusal.code })),
  );
}
