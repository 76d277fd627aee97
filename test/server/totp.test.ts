/** The TOTP settings against RFC 6238's test vectors, recovery codes, and the secret box's key and binding. */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SECRET_KEY_FILE, secretBox } from '../../src/server/auth/secret-box.js';
import { matchingStep, newRecoveryCodes, normalRecoveryCode, totpCode } from '../../src/server/auth/totp.js';
import { loadConfig } from '../../src/server/config.js';

/** RFC 6238 appendix B, SHA-1 secret "12345678901234567890" in base32; the last 6 of the 8 digits. */
const RFC_SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';

describe('TOTP', () => {
  it('gives the RFC 6238 codes and matches them to their time step, one step either side', () => {
    expect(totpCode(RFC_SECRET, new Date(59_000))).toBe('287082');
    expect(totpCode(RFC_SECRET, new Date(1_111_111_109_000))).toBe('081804');
    const at = new Date(1_111_111_109_000);
    const step = Math.floor(at.getTime() / 30_000);
    expect(matchingStep(RFC_SECRET, '081804', at)).toBe(step);
    expect(matchingStep(RFC_SECRET, '081 804', new Date(at.getTime() + 30_000))).toBe(step);
    expect(matchingStep(RFC_SECRET, '081804', new Date(at.getTime() + 90_000))).toBeUndefined();
    expect(matchingStep(RFC_SECRET, 'abcdef', at)).toBeUndefined();
  });

  it('makes ten distinct recovery codes that match however they are typed', () => {
    const codes = newRecoveryCodes();
    expect(new Set(codes).size).toBe(10);
    const code = codes[0] ?? '';
    expect(normalRecoveryCode(code.toLowerCase().replaceAll('-', ' '))).toBe(normalRecoveryCode(code));
  });
});

describe('secret box', () => {
  it('creates a 0600 key file, opens only what it sealed for the same user, and refuses another key', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'neckcheck-box-'));
    try {
      const box = await secretBox(loadConfig({ NECKCHECK_DATA: join(dir, 'data') }));
      expect((await stat(join(dir, 'data', SECRET_KEY_FILE))).mode & 0o777).toBe(0o600);
      expect((await stat(join(dir, 'data'))).mode & 0o777).toBe(0o700);
      const sealed = box.seal('JBSWY3DPEHPK3PXP', 'totp:user-1');
      expect(sealed).not.toContain('JBSWY3DPEHPK3PXP');
      expect(box.open(sealed, 'totp:user-1')).toBe('JBSWY3DPEHPK3PXP');
      expect(box.open(sealed, 'totp:user-2')).toBeUndefined();
      // The same data folder gives the same key; another key cannot open it.
      expect(
        (await secretBox(loadConfig({ NECKCHECK_DATA: join(dir, 'data') }))).open(sealed, 'totp:user-1'),
      ).toBe('JBSWY3DPEHPK3PXP');
      const other = await secretBox(loadConfig({ NECKCHECK_SECRET_KEY: 'ab'.repeat(32) }));
      expect(other.open(sealed, 'totp:user-1')).toBeUndefined();
      expect(() => loadConfig({ NECKCHECK_SECRET_KEY: 'too short' })).toThrow(
        /NECKCHECK_SECRET_KEY must hold 32 bytes/,
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
