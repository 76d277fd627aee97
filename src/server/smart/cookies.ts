/**
 * What a launch keeps between requests, in the browser that started it: HttpOnly, SameSite=Lax cookies
 * sealed with the server's secret box (AES-256-GCM, so they can be neither read nor forged), each with its
 * own short lifetime checked on the server. The state cookie carries the `state` and the PKCE verifier from
 * /smart/launch to /smart/callback; the context cookie carries the patient the EHR opened NeckCheck on, across
 * the NeckCheck login if there is one. No access token is ever in either.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { SecretBox } from '../auth/secret-box.js';
import type { AppDeps } from '../deps.js';

export const STATE_MINUTES = 10;
export const CONTEXT_MINUTES = 15;

export interface LaunchState {
  readonly state: string;
  readonly codeVerifier: string;
  readonly iss: string;
  readonly tokenEndpoint: string;
  readonly expiresAt: string;
}

export interface PatientContext {
  readonly clinicId: string;
  readonly iss: string;
  /** clients.ehrPatient.system for this issuer. */
  readonly system: string;
  readonly patientId: string;
  readonly name: string | undefined;
  readonly birthDate: string | undefined;
  readonly fhirUser: string | undefined;
  readonly expiresAt: string;
}

type Kind = 'state' | 'context';

export function smartCookieName(deps: AppDeps, kind: Kind): string {
  return `${deps.config.secureCookies ? '__Host-' : ''}neckcheck-smart-${kind}`;
}

const SEAL_CONTEXT: Readonly<Record<Kind, string>> = {
  state: 'smart-launch-state',
  context: 'smart-launch-context',
};

export function setSealed(
  deps: AppDeps,
  box: SecretBox,
  reply: FastifyReply,
  kind: Kind,
  value: LaunchState | PatientContext,
): void {
  reply.setCookie(smartCookieName(deps, kind), box.seal(JSON.stringify(value), SEAL_CONTEXT[kind]), {
    path: '/',
    httpOnly: true,
    secure: deps.config.secureCookies,
    sameSite: 'lax',
    maxAge: (kind === 'state' ? STATE_MINUTES : CONTEXT_MINUTES) * 60,
  });
}

export function clearSealed(deps: AppDeps, reply: FastifyReply, kind: Kind): void {
  reply.clearCookie(smartCookieName(deps, kind), {
    path: '/',
    httpOnly: true,
    secure: deps.config.secureCookies,
    sameSite: 'lax',
  });
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null;

/** The cookie's content while it is unexpired and sealed by this server; undefined otherwise. */
function opened(
  deps: AppDeps,
  box: SecretBox,
  request: FastifyRequest,
  kind: Kind,
): Record<string, unknown> | undefined {
  const sealed = request.cookies[smartCookieName(deps, kind)];
  if (sealed === undefined) return undefined;
  const plain = box.open(sealed, SEAL_CONTEXT[kind]);
  if (plain === undefined) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(plain);
  } catch {
    return undefined;
  }
  if (!isObject(value) || typeof value.expiresAt !== 'string') return undefined;
  return Date.parse(value.expiresAt) > deps.now().getTime() ? value : undefined;
}

const strings = (value: Record<string, unknown>, keys: readonly string[]): boolean =>
  keys.every((k) => typeof value[k] === 'string');
const optionalStrings = (value: Record<string, unknown>, keys: readonly string[]): boolean =>
  keys.every((k) => value[k] === undefined || typeof value[k] === 'string');

export function launchStateOf(
  deps: AppDeps,
  box: SecretBox,
  request: FastifyRequest,
): LaunchState | undefined {
  const value = opened(deps, box, request, 'state');
  if (value === undefined || !strings(value, ['state', 'codeVerifier', 'iss', 'tokenEndpoint']))
    return undefined;
  return value as unknown as LaunchState;
}

export function patientContextOf(
  deps: AppDeps,
  box: SecretBox,
  request: FastifyRequest,
): PatientContext | undefined {
  const value = opened(deps, box, request, 'context');
  if (
    value === undefined ||
    !strings(value, ['clinicId', 'iss', 'system', 'patientId']) ||
    !optionalStrings(value, ['name', 'birthDate', 'fhirUser'])
  )
    return undefined;
  return value as unknown as PatientContext;
}
