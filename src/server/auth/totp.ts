/**
 * TOTP (RFC 6238) with otpauth: SHA-1, 6 digits, 30-second steps, the settings every authenticator app
 * reads from an otpauth:// URI. A code is matched to its time step so that each step is accepted once.
 */
import { randomBytes } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';

const PERIOD_SECONDS = 30;
/** One step either side: a phone clock up to about 30 s off still works. */
const WINDOW = 1;
const ISSUER = 'NeckCheck';

export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

function totp(secret: string, label: string): TOTP {
  return new TOTP({
    issuer: ISSUER,
    label,
    algorithm: 'SHA1',
    digits: 6,
    period: PERIOD_SECONDS,
    secret: Secret.fromBase32(secret),
  });
}

export function totpUri(secret: string, label: string): string {
  return totp(secret, label).toString();
}

/** The time step this code belongs to at `now`, or undefined when it matches none in the window. */
export function matchingStep(secret: string, code: string, now: Date): number | undefined {
  const token = code.replace(/\s/g, '');
  if (!/^\d{6}$/.test(token)) return undefined;
  const generator = totp(secret, '');
  const delta = generator.validate({ token, timestamp: now.getTime(), window: WINDOW });
  return delta === null ? undefined : generator.counter({ timestamp: now.getTime() }) + delta;
}

/** For tests and the demo: the code of `secret` at `now`. */
export function totpCode(secret: string, now: Date): string {
  return totp(secret, '').generate({ timestamp: now.getTime() });
}

// 32 symbols (no I, O, 0 or 1, which read alike), so each random byte maps without bias.
const RECOVERY_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
export const RECOVERY_CODE_COUNT = 10;

/** Ten codes of 16 characters (80 bits each), shown as four groups of four. */
export function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const chars = [...randomBytes(16)].map((b) => RECOVERY_ALPHABET[b % RECOVERY_ALPHABET.length]).join('');
    return chars.match(/.{4}/g)?.join('-') ?? chars;
  });
}

/** What is hashed: the code without separators or case, so "abcd efgh…" matches "ABCD-EFGH-…". */
export function normalRecoveryCode(code: string): string {
  return code.toUpperCase().replace(/[^A-Z0-9]/g, '');
}
