/**
 * Per-account login throttling, as pure functions over the failed attempts of one e-mail address: after
 * `maxFailures` failures within `windowMinutes` of the first, every login with that address is refused for
 * `lockMinutes`, right password or not. Addresses with and without an account are counted alike, so the
 * answers never tell whether an account exists.
 */
import type { LoginAttempts, Timestamp } from '../../store/types.js';

export interface LockoutPolicy {
  readonly maxFailures: number;
  readonly windowMinutes: number;
  readonly lockMinutes: number;
}

export function isLocked(attempts: LoginAttempts | undefined, now: Date): boolean {
  return (
    attempts?.lockedUntil !== undefined &&
    attempts.lockedUntil !== null &&
    Date.parse(attempts.lockedUntil) > now.getTime()
  );
}

/** The attempts after one more failure at `now`; `lockedNow` says whether this failure locked the account. */
export function afterFailure(
  email: string,
  attempts: LoginAttempts | undefined,
  now: Date,
  policy: LockoutPolicy,
): { readonly attempts: LoginAttempts; readonly lockedNow: boolean } {
  const sinceLastLogin = (attempts?.sinceLastLogin ?? 0) + 1;
  if (attempts !== undefined && isLocked(attempts, now))
    return { attempts: { ...attempts, sinceLastLogin }, lockedNow: false };
  // A lock that is over starts a new window: the next failure alone does not lock again.
  const windowOpen =
    attempts !== undefined &&
    attempts.lockedUntil === null &&
    now.getTime() - Date.parse(attempts.windowStartedAt) < policy.windowMinutes * 60_000;
  const failures = windowOpen ? attempts.failures + 1 : 1;
  const windowStartedAt: Timestamp = windowOpen ? attempts.windowStartedAt : now.toISOString();
  const lockedNow = failures >= policy.maxFailures;
  return {
    attempts: {
      email,
      failures,
      windowStartedAt,
      lockedUntil: lockedNow ? new Date(now.getTime() + policy.lockMinutes * 60_000).toISOString() : null,
      sinceLastLogin,
    },
    lockedNow,
  };
}
