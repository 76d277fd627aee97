/**
 * What staff read when a change they asked for failed: a sentence in their language for the kind of
 * failure, followed by the server's own detail (which names the field or the rule) when there is one.
 * A refusal by a clinic rule (override, consent, treatment) is the server's own sentence, which says what
 * is missing. An ended session goes to the login page, which comes back here afterwards.
 */
import { REFUSAL_CODES } from '../../../src/clinic/refusal.js';
import { ApiError } from '../api.js';
import { navigate } from '../router.js';
import type { WorkspaceStrings } from './strings.js';

function general(error: ApiError, e: WorkspaceStrings['errors']): string {
  if (error.status === 0) return e.network;
  if (error.status === 401) return e.session;
  if (error.status === 403) return e.forbidden;
  if (error.status === 404) return e.notFound;
  if (error.status === 409) return e.conflict;
  if (error.status === 429) return e.tooMany;
  if (error.status === 503) return e.unavailable;
  if (error.status >= 400 && error.status < 500) return e.invalid;
  return e.server;
}

/** Whether the server refused the change by a clinic rule (its detail then says why, in the user's language). */
export function isRefusal(error: unknown): boolean {
  return error instanceof ApiError && error.code in REFUSAL_CODES && error.detail !== '';
}

export function failureText(error: unknown, s: WorkspaceStrings): string {
  if (!(error instanceof ApiError)) return s.errors.network;
  if (error.status === 401) navigate(`/login?next=${encodeURIComponent(location.pathname)}`);
  if (isRefusal(error)) return `${s.errors.refused} ${error.detail}`;
  const sentence = general(error, s.errors);
  return error.status >= 500 || error.detail === '' ? sentence : `${sentence} (${error.detail})`;
}
