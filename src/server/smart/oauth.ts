/**
 * The client side of a SMART App Launch 2.x EHR launch, run by the server (a confidential or public client;
 * see docs/adr/0023-smart-ehr-launch.md): discovery, the authorization request with PKCE S256, the code
 * exchange and one read of the patient. The access token stays in this module's callers' memory for one
 * request and is never stored, logged or sent to the browser.
 */
import { createHash, randomBytes } from 'node:crypto';
import { decodeJwt } from 'jose';
import Type from 'typebox';
import { Compile } from 'typebox/compile';
import type { SmartClientConfig } from './config.js';
import { secureUrl } from './config.js';

export const EHR_TIMEOUT_MS = 10_000;
const MAX_BODY = 1024 * 1024;

/** Why a launch stopped; each has its own page in English and French (pages.ts). */
export type SmartFailure =
  | 'iss_not_allowed'
  | 'launch_invalid'
  | 'discovery_failed'
  | 'pkce_unsupported'
  | 'state_invalid'
  | 'authorization_refused'
  | 'token_refused'
  | 'no_patient'
  | 'patient_unreadable'
  | 'ehr_unreachable';

export class SmartError extends Error {
  readonly failure: SmartFailure;
  /** An OAuth error code from the EHR (e.g. invalid_grant), already reduced to safe characters. */
  readonly ehrCode: string | undefined;
  constructor(failure: SmartFailure, ehrCode?: string) {
    super(failure);
    this.name = 'SmartError';
    this.failure = failure;
    this.ehrCode = ehrCode === undefined ? undefined : oauthCode(ehrCode);
  }
}

/** OAuth error codes are short ASCII words; anything else the EHR sends is not repeated to anyone. */
export const oauthCode = (value: unknown): string | undefined =>
  typeof value === 'string' && /^[\w.-]{1,64}$/.test(value) ? value : undefined;

const Discovery = Compile(
  Type.Object({
    authorization_endpoint: Type.String({ minLength: 1, maxLength: 2048 }),
    token_endpoint: Type.String({ minLength: 1, maxLength: 2048 }),
    code_challenge_methods_supported: Type.Optional(Type.Array(Type.String())),
  }),
);

const TokenResponse = Compile(
  Type.Object({
    access_token: Type.String({ minLength: 1, maxLength: 16_384 }),
    token_type: Type.String({ pattern: '^[Bb][Ee][Aa][Rr][Ee][Rr]$' }),
    patient: Type.Optional(Type.String()),
    id_token: Type.Optional(Type.String({ maxLength: 16_384 })),
    fhirUser: Type.Optional(Type.String()),
  }),
);

const FHIR_ID = /^[A-Za-z0-9\-.]{1,64}$/;
const FHIR_USER =
  /^(https?:\/\/\S{1,200}\/)?(Practitioner|PractitionerRole|Patient|RelatedPerson|Person)\/[A-Za-z0-9\-.]{1,64}$/;

export interface SmartEndpoints {
  readonly authorizationEndpoint: string;
  readonly tokenEndpoint: string;
}

export interface LaunchContext {
  readonly patientId: string;
  /** The EHR user (a FHIR reference) as the ID token names it, when it does. */
  readonly fhirUser: string | undefined;
  readonly accessToken: string;
}

async function send(url: string, init: RequestInit): Promise<{ status: number; body: unknown }> {
  let response: Response;
  try {
    response = await fetch(url, { ...init, redirect: 'error', signal: AbortSignal.timeout(EHR_TIMEOUT_MS) });
  } catch {
    throw new SmartError('ehr_unreachable');
  }
  const length = Number(response.headers.get('content-length') ?? 0);
  if (length > MAX_BODY) throw new SmartError('ehr_unreachable');
  const text = await response.text().catch(() => '');
  if (text.length > MAX_BODY) throw new SmartError('ehr_unreachable');
  try {
    return { status: response.status, body: JSON.parse(text) as unknown };
  } catch {
    return { status: response.status, body: undefined };
  }
}

/** `{iss}/.well-known/smart-configuration`: both endpoints on https, and PKCE S256 offered. */
export async function discover(iss: string): Promise<SmartEndpoints> {
  const { status, body } = await send(`${iss}/.well-known/smart-configuration`, {
    headers: { accept: 'application/json' },
  }).catch((error: unknown) => {
    throw error instanceof SmartError ? new SmartError('discovery_failed') : error;
  });
  if (status !== 200 || !Discovery.Check(body)) throw new SmartError('discovery_failed');
  const authorize = secureUrl(body.authorization_endpoint);
  const token = secureUrl(body.token_endpoint);
  if (authorize === undefined || token === undefined) throw new SmartError('discovery_failed');
  if (!(body.code_challenge_methods_supported ?? []).includes('S256'))
    throw new SmartError('pkce_unsupported');
  return { authorizationEndpoint: authorize.href, tokenEndpoint: token.href };
}

const random = (): string => randomBytes(32).toString('base64url');

export interface AuthorizationRequest {
  readonly url: string;
  readonly state: string;
  readonly codeVerifier: string;
}

/** The redirect to the EHR's authorization endpoint (RFC 7636 S256; `aud` is the issuer, as SMART requires). */
export function authorizationRequest(
  client: SmartClientConfig,
  endpoints: SmartEndpoints,
  launch: string,
  redirectUri: string,
): AuthorizationRequest {
  const state = random();
  const codeVerifier = random();
  const url = new URL(endpoints.authorizationEndpoint);
  const params = {
    response_type: 'code',
    client_id: client.clientId,
    redirect_uri: redirectUri,
    launch,
    scope: client.scope,
    state,
    aud: client.iss,
    code_challenge: createHash('sha256').update(codeVerifier).digest('base64url'),
    code_challenge_method: 'S256',
  };
  for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
  return { url: url.href, state, codeVerifier };
}

/** The EHR user from the ID token: read, not verified, because it came straight from the token endpoint. */
function fhirUserOf(idToken: string | undefined, fromResponse: string | undefined): string | undefined {
  let claimed = fromResponse;
  if (idToken !== undefined) {
    try {
      const value = decodeJwt(idToken).fhirUser;
      if (typeof value === 'string') claimed = value;
    } catch {
      // An ID token that does not decode names nobody; the launch itself does not depend on it.
    }
  }
  return claimed !== undefined && FHIR_USER.test(claimed) ? claimed : undefined;
}

/** Exchanges the code (with the PKCE verifier) at the token endpoint; the EHR must give a patient. */
export async function exchangeCode(
  client: SmartClientConfig,
  tokenEndpoint: string,
  code: string,
  codeVerifier: string,
  redirectUri: string,
): Promise<LaunchContext> {
  const form = new URLSearchParams({
    grant_type: 'authorization_code',
    code,
    redirect_uri: redirectUri,
    code_verifier: codeVerifier,
  });
  const headers: Record<string, string> = {
    accept: 'application/json',
    'content-type': 'application/x-www-form-urlencoded',
  };
  if (client.clientSecret === undefined) form.set('client_id', client.clientId);
  else
    headers.authorization = `Basic ${Buffer.from(
      `${encodeURIComponent(client.clientId)}:${encodeURIComponent(client.clientSecret)}`,
    ).toString('base64')}`;
  const { status, body } = await send(tokenEndpoint, { method: 'POST', headers, body: form.toString() });
  if (status !== 200 || !TokenResponse.Check(body)) {
    const error = typeof body === 'object' && body !== null ? (body as { error?: unknown }).error : undefined;
    throw new SmartError('token_refused', oauthCode(error));
  }
  if (body.patient === undefined || !FHIR_ID.test(body.patient)) throw new SmartError('no_patient');
  return {
    patientId: body.patient,
    fhirUser: fhirUserOf(body.id_token, body.fhirUser),
    accessToken: body.access_token,
  };
}

export interface EhrPatientDetails {
  readonly name: string | undefined;
  readonly birthDate: string | undefined;
}

const Patient = Compile(
  Type.Object({
    resourceType: Type.Literal('Patient'),
    id: Type.String(),
    birthDate: Type.Optional(Type.String({ pattern: '^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$' })),
    name: Type.Optional(
      Type.Array(
        Type.Object({
          use: Type.Optional(Type.String()),
          text: Type.Optional(Type.String()),
          family: Type.Optional(Type.String()),
          given: Type.Optional(Type.Array(Type.String())),
        }),
      ),
    ),
  }),
);

type HumanName = { use?: string; text?: string; family?: string; given?: string[] };

/** The name a person goes by: the official one first, then the usual one, then whichever comes first. */
export function displayNameOf(names: readonly HumanName[]): string | undefined {
  const chosen = names.find((n) => n.use === 'official') ?? names.find((n) => n.use === 'usual') ?? names[0];
  if (chosen === undefined) return undefined;
  const text = chosen.text?.trim() || [...(chosen.given ?? []), chosen.family ?? ''].join(' ').trim();
  const clean = text.replace(/\s+/g, ' ').slice(0, 120);
  return clean === '' ? undefined : clean;
}

/** Reads the launch's patient with the access token: its name and birth date, nothing else is kept. */
export async function readPatient(iss: string, context: LaunchContext): Promise<EhrPatientDetails> {
  const { status, body } = await send(`${iss}/Patient/${encodeURIComponent(context.patientId)}`, {
    headers: { accept: 'application/fhir+json', authorization: `Bearer ${context.accessToken}` },
  }).catch((error: unknown) => {
    throw error instanceof SmartError ? new SmartError('patient_unreadable') : error;
  });
  if (status !== 200 || !Patient.Check(body) || body.id !== context.patientId)
    throw new SmartError('patient_unreadable');
  return { name: displayNameOf(body.name ?? []), birthDate: body.birthDate };
}
