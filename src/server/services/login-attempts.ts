/**
 * The account lockout around a login (see auth/lockout.ts): counts a failure, refuses a locked address, and
 * tells at a successful login how many attempts failed since the last one. The same answers whether or not
 * an account has the address.
 */
import type { FastifyRequest } from 'fastify';
import type { UserWithSecret } from '../../store/types.js';
import { afterFailure, isLocked } from '../auth/lockout.js';
import type { AppDeps } from '../deps.js';
import { audit } from '../http/audit.js';
import { ProblemError } from '../http/problem.js';

const lockedProblem = (lockedUntil: string | null, now: Date): ProblemError =>
  new ProblemError(
    'rate_limited',
    'Too many failed logins with this e-mail address: try again later, or ask your clinic admin.',
    undefined,
    lockedUntil === null ? {} : { retryAfterSeconds: (Date.parse(lockedUntil) - now.getTime()) / 1000 },
  );

/** Requests answered 429 by the lockout (already audited), as opposed to the per-address rate limit. */
const refusedByLockout = new WeakSet<FastifyRequest>();

export function lockoutRefused(request: FastifyRequest): boolean {
  return refusedByLockout.has(request);
}

/**
 * Records a failed login with `email` (the password was wrong, the account is unknown or disabled, or it
 * is locked) and throws the problem the caller gets: 429 while the address is locked, 401 otherwise.
 */
export async function failLogin(
  deps: AppDeps,
  request: FastifyRequest,
  email: string,
  user: UserWithSecret | undefined,
): Promise<never> {
  const now = deps.now();
  const before = await deps.store.loginAttempts.get(email);
  const lockedBefore = isLocked(before, now);
  const { attempts, lockedNow } = afterFailure(email, before, now, deps.config.lockout);
  const who = {
    clinicId: user?.clinicId ?? null,
    actor: user === undefined ? 'anonymous' : `user:${user.id}`,
  };
  await deps.store.loginAttempts.put(attempts);
  // Each failure goes through the failure guard, which counts floods into one audit row a minute; the
  // start of a lockout is audited in full.
  await request.server.failureGuard.failed('login', request, {
    action: lockedBefore ? 'auth.login_locked' : 'auth.login',
    outcome: lockedBefore ? 'denied' : 'failure',
    ...who,
  });
  if (lockedNow)
    await audit(deps, request, {
      action: 'auth.account_locked',
      outcome: 'denied',
      ...(user === undefined ? {} : { resourceType: 'user', resourceId: user.id }),
      ...who,
    });
  if (lockedBefore || lockedNow) {
    refusedByLockout.add(request);
    throw lockedProblem(attempts.lockedUntil, now);
  }
  throw new ProblemError('unauthenticated', 'Wrong email or password.');
}

/** Whether logins with `email` are refused at the moment, whatever the password. */
export async function loginLocked(deps: AppDeps, email: string): Promise<boolean> {
  return isLocked(await deps.store.loginAttempts.get(email), deps.now());
}

/** After a successful login: forgets the failures and returns how many there were since the last login. */
export async function succeedLogin(deps: AppDeps, email: string): Promise<number> {
  const attempts = await deps.store.loginAttempts.get(email);
  if (attempts === undefined) return 0;
  await deps.store.loginAttempts.clear(email);
  return attempts.sinceLastLogin;
}

/** Deletes expired sessions and the failed attempts nobody needs any longer. */
export async function purgeExpired(deps: AppDeps): Promise<void> {
  const now = deps.now();
  const windowStart = new Date(now.getTime() - deps.config.lockout.windowMinutes * 60_000);
  await deps.store.sessions.deleteExpired(now.toISOString());
  await deps.store.loginAttempts.sweep(windowStart.toISOString(), now.toISOString());
}
