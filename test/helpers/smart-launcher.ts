/**
 * A local SMART on FHIR launcher for the tests: the EHR's authorization server and FHIR server in one
 * node:http server on 127.0.0.1 (or another host name). It checks what SMART App Launch 2 asks of a client
 * and refuses anything else, as a real EHR would:
 * - /fhir/.well-known/smart-configuration — the endpoints, PKCE S256 (unless `pkce: false`);
 * - /auth/authorize — client_id, redirect_uri, response_type=code, a known launch, aud = iss, scope with
 *   launch, code_challenge_method=S256; redirects back with a one-time code and the state (or with
 *   error=access_denied when `deny` is set);
 * - /auth/token — the code (once), redirect_uri, the client (public: client_id; confidential: HTTP Basic),
 *   and SHA-256 of the code_verifier against the challenge; returns access_token, patient, fhirUser,
 *   expires_in and a signed ID token;
 * - /fhir/Patient/{id} — only with the bearer token issued for that patient;
 * - /ehr/open?launch=… — the EHR's own page: sends the browser to the app's launch URL with iss and launch.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { generateKeyPair, SignJWT } from 'jose';

export interface LauncherPatient {
  readonly id: string;
  readonly family: string;
  readonly given: readonly string[];
  readonly birthDate: string;
}

export interface LauncherOptions {
  readonly clientId: string;
  /** The app's redirect URI, registered with this EHR. */
  readonly redirectUri: string;
  /** The app's launch URL, which /ehr/open sends the browser to. */
  readonly launchUrl?: string;
  /** A confidential client's secret, required at the token endpoint in HTTP Basic. */
  readonly clientSecret?: string;
  readonly patients: readonly LauncherPatient[];
  /** Host name in the URLs (the socket listens on 127.0.0.1); `localhost` makes it another site. */
  readonly hostname?: string;
  readonly pkce?: boolean;
}

export interface Launcher {
  /** The FHIR base URL, sent as `iss`. */
  readonly iss: string;
  readonly origin: string;
  /** Starts an EHR launch on this patient (none for '') and EHR user; returns the opaque `launch` value. */
  launch(patientId: string, fhirUser?: string): string;
  /** Every request's method and path with query, in order. */
  readonly requests: string[];
  /** The access tokens issued, to check they appear nowhere else. */
  readonly issuedTokens: string[];
  /** When true, /auth/authorize refuses (error=access_denied). */
  deny: boolean;
  close(): Promise<void>;
}

interface Grant {
  readonly patient: string;
  readonly fhirUser: string;
  readonly challenge: string;
  readonly redirectUri: string;
  readonly scope: string;
  used: boolean;
}

const s256 = (verifier: string): string => createHash('sha256').update(verifier).digest('base64url');

function send(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(JSON.stringify(body));
}

function redirect(response: ServerResponse, location: string): void {
  response.writeHead(302, { location });
  response.end();
}

async function bodyOf(request: IncomingMessage): Promise<string> {
  let text = '';
  for await (const chunk of request) text += String(chunk);
  return text;
}

export async function startLauncher(options: LauncherOptions): Promise<Launcher> {
  const launches = new Map<string, { patient: string; fhirUser: string }>();
  const grants = new Map<string, Grant>();
  const tokens = new Map<string, string>();
  const requests: string[] = [];
  const issuedTokens: string[] = [];
  const keys = await generateKeyPair('ES256');
  let origin = '';
  let iss = '';
  const state = { deny: false };

  const authorize = (url: URL, response: ServerResponse) => {
    const q = url.searchParams;
    // A wrong client or redirect URI is never redirected to (RFC 6749 4.1.2.1): the EHR shows an error.
    if (q.get('client_id') !== options.clientId) return send(response, 400, { error: 'invalid_client' });
    if (q.get('redirect_uri') !== options.redirectUri)
      return send(response, 400, { error: 'invalid_redirect_uri' });
    const back = new URL(options.redirectUri);
    back.searchParams.set('state', q.get('state') ?? '');
    const fail = (error: string) => {
      back.searchParams.set('error', error);
      redirect(response, back.href);
    };
    const scope = (q.get('scope') ?? '').split(' ');
    const launch = launches.get(q.get('launch') ?? '');
    if (q.get('response_type') !== 'code') return fail('unsupported_response_type');
    if (q.get('aud') !== iss) return fail('invalid_request');
    if (!scope.includes('launch') || launch === undefined) return fail('invalid_request');
    if (q.get('code_challenge_method') !== 'S256' || !q.get('code_challenge')) return fail('invalid_request');
    if (state.deny) return fail('access_denied');
    const code = randomBytes(16).toString('hex');
    grants.set(code, {
      ...launch,
      challenge: q.get('code_challenge') ?? '',
      redirectUri: q.get('redirect_uri') ?? '',
      scope: scope.join(' '),
      used: false,
    });
    back.searchParams.set('code', code);
    redirect(response, back.href);
  };

  const token = async (request: IncomingMessage, response: ServerResponse) => {
    const form = new URLSearchParams(await bodyOf(request));
    const basic = request.headers.authorization;
    if (options.clientSecret !== undefined) {
      const expected = `Basic ${Buffer.from(`${options.clientId}:${options.clientSecret}`).toString('base64')}`;
      if (basic !== expected) return send(response, 401, { error: 'invalid_client' });
    } else if (form.get('client_id') !== options.clientId || basic !== undefined)
      return send(response, 401, { error: 'invalid_client' });
    const grant = grants.get(form.get('code') ?? '');
    if (form.get('grant_type') !== 'authorization_code' || grant === undefined || grant.used)
      return send(response, 400, { error: 'invalid_grant' });
    grant.used = true;
    if (form.get('redirect_uri') !== grant.redirectUri)
      return send(response, 400, { error: 'invalid_grant' });
    if (s256(form.get('code_verifier') ?? '') !== grant.challenge)
      return send(response, 400, { error: 'invalid_grant', error_description: 'PKCE verification failed' });
    const accessToken = randomBytes(24).toString('base64url');
    tokens.set(accessToken, grant.patient);
    issuedTokens.push(accessToken);
    const now = Math.floor(Date.now() / 1000);
    const idToken = await new SignJWT({ fhirUser: grant.fhirUser })
      .setProtectedHeader({ alg: 'ES256', kid: 'launcher' })
      .setIssuer(iss)
      .setAudience(options.clientId)
      .setSubject(grant.fhirUser)
      .setIssuedAt(now)
      .setExpirationTime(now + 300)
      .sign(keys.privateKey);
    send(
      response,
      200,
      {
        access_token: accessToken,
        token_type: 'Bearer',
        expires_in: 300,
        scope: grant.scope,
        ...(grant.patient === '' ? {} : { patient: grant.patient }),
        fhirUser: grant.fhirUser,
        id_token: idToken,
      },
      { 'cache-control': 'no-store' },
    );
  };

  const patient = (request: IncomingMessage, response: ServerResponse, id: string) => {
    const bearer = /^Bearer (\S+)$/.exec(request.headers.authorization ?? '')?.[1];
    if (bearer === undefined || !tokens.has(bearer))
      return send(response, 401, { resourceType: 'OperationOutcome' });
    if (tokens.get(bearer) !== id) return send(response, 403, { resourceType: 'OperationOutcome' });
    const found = options.patients.find((p) => p.id === id);
    if (found === undefined) return send(response, 404, { resourceType: 'OperationOutcome' });
    send(
      response,
      200,
      {
        resourceType: 'Patient',
        id: found.id,
        name: [{ use: 'official', family: found.family, given: found.given }],
        birthDate: found.birthDate,
      },
      { 'content-type': 'application/fhir+json' },
    );
  };

  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', origin);
    requests.push(`${request.method} ${url.pathname}${url.search}`);
    const route = `${request.method} ${url.pathname}`;
    if (route === 'GET /fhir/.well-known/smart-configuration')
      return send(response, 200, {
        issuer: iss,
        authorization_endpoint: `${origin}/auth/authorize`,
        token_endpoint: `${origin}/auth/token`,
        ...(options.pkce === false ? {} : { code_challenge_methods_supported: ['S256'] }),
        capabilities: ['launch-ehr', 'client-public', 'client-confidential-symmetric', 'context-ehr-patient'],
        scopes_supported: ['launch', 'openid', 'fhirUser', 'patient/Patient.rs'],
        response_types_supported: ['code'],
      });
    if (route === 'GET /auth/authorize') return authorize(url, response);
    if (route === 'POST /auth/token') {
      token(request, response).catch(() => send(response, 500, { error: 'server_error' }));
      return;
    }
    const patientPath = /^GET \/fhir\/Patient\/([A-Za-z0-9\-.]{1,64})$/.exec(route);
    if (patientPath?.[1] !== undefined) return patient(request, response, patientPath[1]);
    if (route === 'GET /ehr/open' && options.launchUrl !== undefined) {
      const target = new URL(options.launchUrl);
      target.searchParams.set('iss', iss);
      target.searchParams.set('launch', url.searchParams.get('launch') ?? '');
      return redirect(response, target.href);
    }
    send(response, 404, { error: 'not_found' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  origin = `http://${options.hostname ?? '127.0.0.1'}:${port}`;
  iss = `${origin}/fhir`;
  return {
    iss,
    origin,
    requests,
    issuedTokens,
    get deny() {
      return state.deny;
    },
    set deny(value: boolean) {
      state.deny = value;
    },
    launch(patientId, fhirUser = 'Practitioner/dr-ehr') {
      const launch = randomBytes(12).toString('hex');
      launches.set(launch, { patient: patientId, fhirUser });
      return launch;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
