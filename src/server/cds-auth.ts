/**
 * Authenticates CDS clients (EHRs) as CDS Hooks 2.0 requires: every call carries `Authorization: Bearer
 * <JWT>` signed with an asymmetric key of a trusted issuer. Checked with jose's jwtVerify: an algorithm
 * allowlist (ES384/RS384 by default), the issuer, `aud` equal to the exact URL called, `typ: JWT`, a `kid`,
 * at most 5 minutes old, iss/aud/exp/iat/jti present, and a `jti` never seen before. The issuer (and
 * `tenant`) map to our clinic. A token's `jku` is accepted only when it is on the issuer's configured
 * JWK Set URLs (jwksUrl, jwksUrls), and the keys then come from that URL; keys are never fetched from a URL
 * the configuration does not list. Every failure is a CdsAuthError (a 401),
 * never an exception of another kind.
 */
import type { JWTPayload, JWTVerifyGetKey } from 'jose';
import {
  createLocalJWKSet,
  createRemoteJWKSet,
  decodeJwt,
  decodeProtectedHeader,
  errors,
  jwtVerify,
} from 'jose';
import type { CdsClientConfig } from '../cds-hooks/index.js';
import { ReplayCache } from '../cds-hooks/index.js';

export const CDS_AUTH_FAILURES = {
  missing: 'Send Authorization: Bearer <JWT>, signed by a trusted CDS client.',
  malformed: 'The bearer token is not a well-formed JWT.',
  header: 'The JWT header must carry typ "JWT" and a kid.',
  unknown_issuer: 'The JWT issuer is not a trusted CDS client.',
  tenant: 'The JWT tenant does not match a trusted CDS client.',
  jku: 'The JWT jku is not one of the JWK Set URLs configured for this issuer.',
  algorithm: 'The JWT algorithm is not allowed for this issuer (ES384 or RS384).',
  key: 'No key configured for this issuer matches the JWT kid.',
  signature: 'The JWT signature does not verify.',
  audience: 'The JWT aud must be the exact URL called.',
  expired: 'The JWT has expired, is older than 5 minutes, or is issued in the future.',
  claims: 'The JWT must carry iss, aud, exp, iat and jti.',
  replayed: 'This JWT (jti) has already been used.',
  busy: 'Too many tokens in the last minutes; try again shortly.',
  keys_unavailable: "The issuer's JWK Set could not be fetched.",
} as const;
export type CdsAuthFailure = keyof typeof CDS_AUTH_FAILURES;

export class CdsAuthError extends Error {
  readonly reason: CdsAuthFailure;

  constructor(reason: CdsAuthFailure) {
    super(CDS_AUTH_FAILURES[reason]);
    this.name = 'CdsAuthError';
    this.reason = reason;
  }
}

/** Who called, once the JWT has been verified. */
export interface CdsCaller {
  readonly iss: string;
  readonly tenant: string | null;
  readonly clinicId: string;
  /** The system this EHR's patient ids are linked under. */
  readonly ehrSystem: string;
  readonly jti: string;
  /** For the audit log. */
  readonly actor: string;
}

export interface CdsVerifier {
  /** Verifies the Authorization header of a call to `audience` (the exact URL called) at `now`. */
  verify(authorization: string | undefined, audience: string, now: Date): Promise<CdsCaller>;
}

export interface CdsVerifierOptions {
  /** Most `jti`s remembered at once (default 100,000: over 300 calls a second for 5 minutes). */
  readonly replayCacheSize?: number;
  /** Timeout of a JWK Set fetch, in ms (default 3,000). */
  readonly fetchTimeoutMs?: number;
  /**
   * Records a jti where every server instance sees it (the store); resolves false for a replay. Without
   * it, replays are refused only within this process. Its errors are not authentication failures: they
   * leave as they are (a 5xx for the caller to retry), never as "unauthorised".
   */
  readonly claimJti?: (iss: string, jti: string, expiresAt: Date, now: Date) => Promise<boolean>;
}

const MAX_AGE_SECONDS = 300;
const TOLERANCE_SECONDS = 30;
const REQUIRED_CLAIMS = ['iss', 'aud', 'exp', 'iat', 'jti'];

interface Trusted {
  readonly client: CdsClientConfig;
  /** The keys of a token without `jku`. */
  readonly keys: JWTVerifyGetKey;
  /** The keys at each allowed `jku`, fetched when first needed and cached (jose). */
  readonly byJku: ReadonlyMap<string, JWTVerifyGetKey>;
}

function trustedOf(client: CdsClientConfig, timeoutDuration: number): Trusted {
  const remote = (url: string) =>
    createRemoteJWKSet(new URL(url), { timeoutDuration, cooldownDuration: 30_000, cacheMaxAge: 600_000 });
  const byJku = new Map(client.jkuAllowlist.map((url) => [url, remote(url)] as const));
  const fallback = client.jwksUrl ?? client.jkuAllowlist[0] ?? '';
  const keys =
    client.jwks !== undefined
      ? createLocalJWKSet({ keys: client.jwks.keys.map((k) => ({ ...k })) })
      : (byJku.get(fallback) ?? remote(fallback));
  return { client, keys, byJku };
}

function bearer(authorization: string | undefined): string {
  const match = /^Bearer[ ]+([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*)$/i.exec(authorization ?? '');
  if (authorization === undefined || authorization === '') throw new CdsAuthError('missing');
  if (match?.[1] === undefined || match[1].length > 16_384) throw new CdsAuthError('malformed');
  return match[1];
}

function decoded(token: string): { kid: unknown; typ: unknown; jku: unknown; payload: JWTPayload } {
  try {
    const header = decodeProtectedHeader(token);
    return { kid: header.kid, typ: header.typ, jku: header.jku, payload: decodeJwt(token) };
  } catch {
    throw new CdsAuthError('malformed');
  }
}

/** The configured client for an issuer and tenant: with a tenant claim, the entry of that tenant. */
function choose(trusted: readonly Trusted[], payload: JWTPayload): Trusted {
  const candidates = trusted.filter((t) => t.client.iss === payload.iss);
  if (candidates.length === 0) throw new CdsAuthError('unknown_issuer');
  const tenant = typeof payload.tenant === 'string' ? payload.tenant : undefined;
  const chosen = candidates.find((t) => t.client.tenant === tenant);
  if (chosen === undefined) throw new CdsAuthError('tenant');
  return chosen;
}

/** jose's errors, as the reasons we report. */
function reasonOf(error: unknown): CdsAuthFailure {
  if (error instanceof CdsAuthError) return error.reason;
  if (error instanceof errors.JWTExpired) return 'expired';
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'aud') return 'audience';
    if (error.claim === 'iat' || error.claim === 'nbf' || error.claim === 'exp') return 'expired';
    if (error.claim === 'typ') return 'header';
    return 'claims';
  }
  if (error instanceof errors.JOSEAlgNotAllowed || error instanceof errors.JOSENotSupported)
    return 'algorithm';
  if (error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWKSMultipleMatchingKeys)
    return 'key';
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'signature';
  if (error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid) return 'keys_unavailable';
  if (error instanceof errors.JOSEError) return 'malformed';
  return 'keys_unavailable';
}

export function createCdsVerifier(
  clients: readonly CdsClientConfig[],
  options: CdsVerifierOptions = {},
): CdsVerifier {
  const trusted: Trusted[] = clients.map((client) => trustedOf(client, options.fetchTimeoutMs ?? 3000));
  const seen = new ReplayCache(options.replayCacheSize ?? 100_000);

  async function check(
    authorization: string | undefined,
    audience: string,
    now: Date,
  ): Promise<CdsCaller & { readonly expiresAt: Date }> {
    const token = bearer(authorization);
    const { kid, typ, jku, payload } = decoded(token);
    if (typ !== 'JWT' || typeof kid !== 'string' || kid === '') throw new CdsAuthError('header');
    const { client, keys, byJku } = choose(trusted, payload);
    const jkuKeys = jku === undefined ? keys : typeof jku === 'string' ? byJku.get(jku) : undefined;
    if (jkuKeys === undefined) throw new CdsAuthError('jku');
    const { payload: claims } = await jwtVerify(token, jkuKeys, {
      algorithms: [...client.algorithms],
      issuer: client.iss,
      audience,
      typ: 'JWT',
      maxTokenAge: MAX_AGE_SECONDS,
      clockTolerance: TOLERANCE_SECONDS,
      requiredClaims: REQUIRED_CLAIMS,
      currentDate: now,
    });
    const { jti, iat, exp } = claims;
    if (typeof jti !== 'string' || jti === '' || jti.length > 256 || iat === undefined || exp === undefined)
      throw new CdsAuthError('claims');
    const lastAccepted = (Math.min(exp, iat + MAX_AGE_SECONDS) + TOLERANCE_SECONDS) * 1000;
    const verdict = seen.remember(`${client.iss}\n${jti}`, lastAccepted, now.getTime());
    if (verdict === 'replayed') throw new CdsAuthError('replayed');
    if (verdict === 'full') throw new CdsAuthError('busy');
    return {
      expiresAt: new Date(lastAccepted),
      iss: client.iss,
      tenant: client.tenant ?? null,
      clinicId: client.clinicId,
      ehrSystem: client.ehrSystem,
      jti,
      actor: `cds:${client.iss}`,
    };
  }

  return {
    async verify(authorization, audience, now) {
      let checked: CdsCaller & { readonly expiresAt: Date };
      try {
        checked = await check(authorization, audience, now);
      } catch (error) {
        throw error instanceof CdsAuthError ? error : new CdsAuthError(reasonOf(error));
      }
      const { expiresAt, ...caller } = checked;
      if (options.claimJti !== undefined && !(await options.claimJti(caller.iss, caller.jti, expiresAt, now)))
        throw new CdsAuthError('replayed');
      return caller;
    },
  };
}
