/**
 * Checking a second factor (a TOTP code, or a single-use recovery code) for a user who has two-factor on:
 * each time step is accepted once, and five wrong codes in a row block codes for 15 minutes.
 */
import type { AppDeps } from '../deps.js';
import { ProblemError } from '../http/problem.js';
import { secretBox } from './secret-box.js';
import { digest } from './secrets.js';
import { matchingStep, normalRecoveryCode } from './totp.js';

export const MAX_FAILURES = 5;
const BLOCK_MS = 15 * 60_000;

export interface SecondFactor {
  readonly code?: string | undefined;
  readonly recoveryCode?: string | undefined;
}

/** The additional data that binds a sealed secret to its user. */
export const secretContext = (userId: string): string => `totp:${userId}`;

export async function openSecret(deps: AppDeps, userId: string, sealed: string): Promise<string> {
  const plain = (await secretBox(deps.config)).open(sealed, secretContext(userId));
  if (plain === undefined)
    throw new ProblemError(
      'unavailable',
      'The two-factor secret cannot be read: the server key has changed (see NECKCHECK_SECRET_KEY).',
    );
  return plain;
}

export type Verdict = 'accepted' | 'wrong' | 'blocked';

export async function checkSecondFactor(
  deps: AppDeps,
  clinicId: string,
  userId: string,
  factor: SecondFactor,
): Promise<Verdict> {
  const state = await deps.store.twoFactor.state(clinicId, userId);
  if (state?.secret === null || state === undefined) return 'wrong';
  const now = deps.now();
  if (state.blockedUntil !== null && Date.parse(state.blockedUntil) > now.getTime()) return 'blocked';
  let accepted = false;
  if (factor.code !== undefined) {
    const step = matchingStep(await openSecret(deps, userId, state.secret), factor.code, now);
    accepted = step !== undefined && (await deps.store.twoFactor.claimStep(clinicId, userId, step));
  } else if (factor.recoveryCode !== undefined) {
    const hash = digest(normalRecoveryCode(factor.recoveryCode));
    accepted = await deps.store.twoFactor.useRecoveryCode(clinicId, userId, hash, now.toISOString());
  }
  if (accepted) {
    if (state.failures > 0) await deps.store.twoFactor.clearFailures(clinicId, userId);
    return 'accepted';
  }
  const blocked = await deps.store.twoFactor.recordFailure(
    clinicId,
    userId,
    MAX_FAILURES,
    new Date(now.getTime() + BLOCK_MS).toISOString(),
  );
  return blocked ? 'blocked' : 'wrong';
}

export function refusal(verdict: Exclude<Verdict, 'accepted'>): ProblemError {
  return verdict === 'blocked'
    ? new ProblemError('rate_limited', 'Too many wrong codes; wait 15 minutes and try again.')
    : new ProblemError('unauthenticated', 'Wrong or already used code.');
}
