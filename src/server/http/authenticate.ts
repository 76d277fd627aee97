/**
 * Works out who is asking on every request (session cookie or API token), refuses unauthenticated calls
 * to non-public routes, checks the role's permission and, for cookie sessions, that unsafe requests come
 * from this site (Origin / Referer against Host).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AuthContext, Permission } from '../auth/context.js';
import { can, lesserRole } from '../auth/context.js';
import { digest } from '../auth/secrets.js';
import type { AppDeps } from '../deps.js';
import { audit } from './audit.js';
import { ProblemError, problems } from './problem.js';

declare module 'fastify' {
  interface FastifyRequest {
    auth: AuthContext | null;
  }
  interface FastifyContextConfig {
    /**
     * Routes are authenticated (session or API token) unless they say `public`, or `ehr` for routes that
     * authenticate an EHR's signed token themselves (CDS Hooks); the route-table test checks all three.
     */
    access?: RouteAccess;
    permission?: Permission;
    /** Open to a session that must change its one-time password first; every other route refuses it. */
    beforePasswordChange?: true;
    /** Open to a session that must still turn two-factor on because the clinic requires it. */
    beforeTwoFactor?: boolean;
  }
}

export type RouteAccess = 'public' | 'authenticated' | 'ehr';

export const SESSION_COOKIE = { secure: '__Host-neckcheck-session', plain: 'neckcheck-session' } as const;

export function sessionCookieName(deps: AppDeps): string {
  return deps.config.secureCookies ? SESSION_COOKIE.secure : SESSION_COOKIE.plain;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const TOUCH_AFTER_MS = 60_000;

async function fromToken(deps: AppDeps, header: string): Promise<AuthContext | null> {
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (match?.[1] === undefined) return null;
  const token = await deps.store.apiTokens.findByHash(digest(match[1]));
  if (token === undefined || token.revokedAt !== null) return null;
  const now = deps.now();
  if (Date.parse(token.expiresAt) <= now.getTime()) return null;
  const owner = await deps.store.users.get(token.clinicId, token.createdBy);
  if (owner === undefined || owner.disabled) return null;
  if (token.lastUsedAt === null || now.getTime() - Date.parse(token.lastUsedAt) > TOUCH_AFTER_MS)
    await deps.store.apiTokens.recordUse(token.clinicId, token.id, now.toISOString());
  return {
    kind: 'token',
    clinicId: token.clinicId,
    role: lesserRole(token.role, owner.role),
    userId: owner.id,
    actor: `token:${token.id}`,
  };
}

async function fromSession(deps: AppDeps, value: string): Promise<AuthContext | null> {
  const tokenHash = digest(value);
  const session = await deps.store.sessions.get(tokenHash);
  if (session === undefined) return null;
  const now = deps.now();
  if (Date.parse(session.expiresAt) <= now.getTime()) {
    await deps.store.sessions.delete(tokenHash);
    return null;
  }
  const user = await deps.store.users.get(session.clinicId, session.userId);
  if (user === undefined || user.disabled) {
    await deps.store.sessions.delete(tokenHash);
    return null;
  }
  if (now.getTime() - Date.parse(session.lastSeenAt) > TOUCH_AFTER_MS) {
    const idle = now.getTime() + deps.config.sessionIdleMinutes * 60_000;
    const absolute = Date.parse(session.createdAt) + deps.config.sessionMaxHours * 3_600_000;
    await deps.store.sessions.touch(
      tokenHash,
      now.toISOString(),
      new Date(Math.min(idle, absolute)).toISOString(),
    );
  }
  return {
    kind: 'session',
    clinicId: user.clinicId,
    role: user.role,
    userId: user.id,
    actor: `user:${user.id}`,
    sessionTokenHash: tokenHash,
    mustChangePassword: user.mustChangePassword,
    mustEnrolTwoFactor: await mustEnrolTwoFactor(deps, user.clinicId, user.id),
  };
}

async function mustEnrolTwoFactor(deps: AppDeps, clinicId: string, userId: string): Promise<boolean> {
  if (!(await deps.store.twoFactor.clinicRequires(clinicId))) return false;
  return (await deps.store.twoFactor.state(clinicId, userId))?.enabled !== true;
}

/**
 * A state-changing request made with a session cookie must come from the server's public origin: the
 * Origin (or Referer) has the public URL's scheme and host, and so does the Host the request was sent to.
 * A public URL with port 0 (a server on any free port, in tests) accepts the port the request names.
 */
export function sameOrigin(request: FastifyRequest, publicUrl: string): boolean {
  const source = request.headers.origin ?? request.headers.referer;
  const host = request.headers.host;
  if (typeof source !== 'string' || host === undefined) return false;
  try {
    const expected = new URL(publicUrl);
    const from = new URL(source);
    const sentTo = new URL(`${expected.protocol}//${host}`);
    const hostMatches =
      sentTo.hostname === expected.hostname && (expected.port === '0' || sentTo.port === expected.port);
    return hostMatches && from.protocol === expected.protocol && from.host === sentTo.host;
  } catch {
    return false;
  }
}

export function registerAuthentication(app: FastifyInstance, deps: AppDeps): void {
  app.decorateRequest('auth', null);
  app.addHook('onRequest', async (request, reply) => {
    const config = request.routeOptions.config;
    if (config.access === 'ehr') return;
    const header = request.headers.authorization;
    const cookie = request.cookies[sessionCookieName(deps)];
    const guarded = config.access !== 'public' && !request.is404 && (header ?? cookie) !== undefined;
    request.auth =
      typeof header === 'string'
        ? await fromToken(deps, header)
        : cookie === undefined
          ? null
          : await fromSession(deps, cookie);
    if (config.access === 'public' || request.is404) return;
    if (request.auth === null) {
      // Checked after the lookup, not before: tokens cannot be guessed, and valid credentials from an
      // address that also sends bad ones (a clinic behind one NAT) must keep working.
      if (guarded) {
        await app.failureGuard.check('credentials', request, reply);
        await app.failureGuard.failed('credentials', request, {
          action: `auth.${typeof header === 'string' ? 'token' : 'session'}_refused`,
          outcome: 'denied',
        });
      }
      throw problems.unauthenticated();
    }
    if (
      request.auth.kind === 'session' &&
      !SAFE_METHODS.has(request.method) &&
      !sameOrigin(request, deps.config.publicUrl)
    ) {
      await audit(deps, request, { action: 'auth.csrf_refused', outcome: 'denied' });
      throw problems.csrf();
    }
    if (request.auth.mustChangePassword === true && config.beforePasswordChange !== true)
      throw problems.passwordChangeRequired();
    if (request.auth.mustEnrolTwoFactor === true && config.beforeTwoFactor !== true)
      throw new ProblemError(
        'two_factor_required',
        'Your clinic requires two-factor authentication: turn it on in your account first.',
      );
    const permission = config.permission;
    if (permission !== undefined && !can(request.auth, permission)) {
      await audit(deps, request, { action: `denied:${permission}`, outcome: 'denied' });
      throw problems.forbidden();
    }
  });
}

/** The caller of an authenticated route (the hook has already refused anonymous calls). */
export function authOf(request: FastifyRequest): AuthContext {
  if (request.auth === null) throw problems.unauthenticated();
  return request.auth;
}
