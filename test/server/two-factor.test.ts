/**
 * TOTP two-factor: enrolment confirmed by a first code, a login in two steps (no session before the code),
 * single-use codes and recovery codes, blocking after wrong codes, turning it off, an admin's reset, and a
 * clinic that requires it. On SQLite and on PostgreSQL.
 */
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SECRET_KEY_FILE } from '../../src/server/auth/secret-box.js';
import { totpCode } from '../../src/server/auth/totp.js';
import type { Role } from '../../src/store/types.js';
import type { TestDatabase } from '../store/pg-helpers.js';
import { createTestDatabase, describePostgres } from '../store/pg-helpers.js';
import type { Actor, Harness } from './harness.js';
import { addStaff, json, PASSWORD, startHarness } from './harness.js';

const STEP = 30_000;

function twoFactorSuite(open: () => Promise<Harness>): void {
  let h: Harness;
  let n = 0;
  beforeAll(async () => {
    h = await open();
  });
  afterAll(async () => h?.close());

  const tick = () => {
    h.clock.now = new Date(h.clock.now.getTime() + STEP);
  };
  const code = (secret: string) => totpCode(secret, h.clock.now);
  const cookieOf = (response: { cookies: { name: string; value: string }[] }) =>
    `${response.cookies[0]?.name}=${response.cookies[0]?.value}`;
  const password = (email: string, pass = PASSWORD) =>
    h.call(null, 'POST', '/api/v1/auth/login', { email, password: pass });

  async function newUser(role = 'practitioner'): Promise<Actor> {
    n += 1;
    const email = `twofactor-${n}@clinic-a.test`;
    return addStaff(h, h.a.admin, { email, name: `User ${n}`, role: role as Role });
  }

  async function enrol(actor: Actor): Promise<{ secret: string; recoveryCodes: string[] }> {
    const started = json<{ secret: string }>(
      await h.call(actor, 'POST', '/api/v1/account/two-factor/enrolment'),
    );
    const confirmed = await h.call(actor, 'POST', '/api/v1/account/two-factor/enrolment/confirm', {
      code: code(started.secret),
    });
    expect(confirmed.statusCode).toBe(200);
    tick();
    return { secret: started.secret, ...json<{ recoveryCodes: string[] }>(confirmed) };
  }

  async function challenge(email: string): Promise<string> {
    const first = await password(email);
    expect(first.statusCode).toBe(200);
    return json<{ challenge: string }>(first).challenge;
  }

  const second = (challengeToken: string, factor: Record<string, string>) =>
    h.call(null, 'POST', '/api/v1/auth/login/two-factor', { challenge: challengeToken, ...factor });

  it('enrols with an otpauth:// URI and a QR code, active only once a first valid code confirms it', async () => {
    const user = await newUser();
    const started = await h.call(user, 'POST', '/api/v1/account/two-factor/enrolment');
    expect(started.statusCode).toBe(200);
    const body = json<{ secret: string; uri: string; qrCode: string }>(started);
    expect(body.uri).toMatch(/^otpauth:\/\/totp\/NeckCheck:twofactor-\d+%40clinic-a\.test\?/);
    expect(body.uri).toContain(`secret=${body.secret}`);
    expect(body.qrCode).toMatch(/^data:image\/png;base64,/);

    // Not active yet: the password alone still logs in.
    expect((await password(user.email)).cookies).toHaveLength(1);
    const wrong = await h.call(user, 'POST', '/api/v1/account/two-factor/enrolment/confirm', {
      code: code(body.secret) === '000000' ? '111111' : '000000',
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.headers['content-type']).toMatch(/problem\+json/);

    const confirmed = await h.call(user, 'POST', '/api/v1/account/two-factor/enrolment/confirm', {
      code: code(body.secret),
    });
    const codes = json<{ recoveryCodes: string[] }>(confirmed).recoveryCodes;
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    expect(codes[0]).toMatch(/^[A-Z2-9]{4}(-[A-Z2-9]{4}){3}$/);
    expect(json(await h.call(user, 'GET', '/api/v1/account/two-factor'))).toMatchObject({
      enabled: true,
      recoveryCodesLeft: 10,
    });
    // Stored encrypted, with the key in a 0600 file outside the database.
    const state = await h.store.twoFactor.state(h.a.id, user.userId);
    expect(state?.secret).not.toContain(body.secret);
    if (h.deps.config.secretKey === undefined) {
      const key = await stat(join(h.deps.config.dataDir, SECRET_KEY_FILE));
      expect(key.mode & 0o777).toBe(0o600);
    }
    tick();
  });

  it('logs in in two steps: no session before the code, and each code only once', async () => {
    const user = await newUser();
    const { secret } = await enrol(user);
    const first = await password(user.email);
    expect(json(first)).toMatchObject({ twoFactorRequired: true });
    expect(first.cookies).toHaveLength(0);
    const token = json<{ challenge: string }>(first).challenge;

    const used = code(secret);
    const done = await second(token, { code: used });
    expect(done.statusCode).toBe(200);
    const session = { ...user, cookie: cookieOf(done) };
    expect((await h.call(session, 'GET', '/api/v1/clients')).statusCode).toBe(200);
    // The challenge is spent, and the same code is refused on a new one (replay).
    const spent = await second(token, { code: used });
    expect([spent.statusCode, json(spent).code]).toEqual([401, 'login_expired']);
    expect((await second(await challenge(user.email), { code: used })).statusCode).toBe(401);
    tick();
    expect((await second(await challenge(user.email), { code: code(secret) })).statusCode).toBe(200);
    tick();
  });

  it('accepts each recovery code once', async () => {
    const user = await newUser();
    const { recoveryCodes } = await enrol(user);
    const recovery = recoveryCodes[3] ?? '';
    const typed = recovery.toLowerCase().replaceAll('-', ' ');
    expect((await second(await challenge(user.email), { recoveryCode: typed })).statusCode).toBe(200);
    expect((await second(await challenge(user.email), { recoveryCode: recovery })).statusCode).toBe(401);
    expect(await h.store.twoFactor.unusedRecoveryCodes(h.a.id, user.userId)).toBe(9);
  });

  it('replaces the recovery codes with a current code; the old ones stop working', async () => {
    const user = await newUser();
    const { secret, recoveryCodes } = await enrol(user);
    const url = '/api/v1/account/two-factor/recovery-codes';
    expect(
      (await h.call(user, 'POST', url, { code: '000000' === code(secret) ? '111111' : '000000' })).statusCode,
    ).toBe(400);
    const renewed = await h.call(user, 'POST', url, { code: code(secret) });
    expect(renewed.statusCode).toBe(200);
    const fresh = json<{ recoveryCodes: string[] }>(renewed).recoveryCodes;
    expect(fresh).toHaveLength(10);
    expect(fresh).not.toContain(recoveryCodes[0]);
    tick();
    expect(
      (await second(await challenge(user.email), { recoveryCode: recoveryCodes[0] ?? '' })).statusCode,
    ).toBe(401);
    expect((await second(await challenge(user.email), { recoveryCode: fresh[0] ?? '' })).statusCode).toBe(
      200,
    );
  });

  it('blocks codes for 15 minutes after five wrong ones, and ends a challenge after five attempts', async () => {
    const user = await newUser();
    const { secret } = await enrol(user);
    const wrongCode = () => (code(secret) === '123456' ? '654321' : '123456');
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++)
      statuses.push((await second(await challenge(user.email), { code: wrongCode() })).statusCode);
    expect(statuses).toEqual([401, 401, 401, 401, 429]);
    expect((await second(await challenge(user.email), { code: code(secret) })).statusCode).toBe(429);
    h.clock.now = new Date(h.clock.now.getTime() + 15 * 60_000 + STEP);
    expect((await second(await challenge(user.email), { code: code(secret) })).statusCode).toBe(200);
    tick();

    const other = await newUser();
    const enrolled = await enrol(other);
    const token = await challenge(other.email);
    for (let i = 0; i < 4; i++) await second(token, { recoveryCode: 'AAAA-AAAA-AAAA-AAAA' });
    await h.store.twoFactor.clearFailures(h.a.id, other.userId);
    await second(token, { recoveryCode: 'AAAA-AAAA-AAAA-AAAA' });
    // The sixth attempt on one challenge is refused even with the right code.
    expect((await second(token, { code: code(enrolled.secret) })).statusCode).toBe(401);
    tick();
  });

  it('turns off with a current code or the password, not without', async () => {
    const user = await newUser();
    const { secret } = await enrol(user);
    const off = (body: unknown) => h.call(user, 'POST', '/api/v1/account/two-factor/disable', body);
    expect((await off({ password: 'not my password' })).statusCode).toBe(400);
    expect((await off({})).statusCode).toBe(400);
    expect((await off({ code: code(secret) })).statusCode).toBe(204);
    expect((await password(user.email)).cookies).toHaveLength(1);

    const again = await enrol(user);
    expect(again.recoveryCodes).toHaveLength(10);
    expect((await off({ password: PASSWORD })).statusCode).toBe(204);
    expect(await h.store.twoFactor.unusedRecoveryCodes(h.a.id, user.userId)).toBe(0);
  });

  it("lets an admin reset a user's two-factor, which ends the user's sessions", async () => {
    const user = await newUser();
    await enrol(user);
    expect(
      (await h.call(h.a.practitioner, 'DELETE', `/api/v1/users/${user.userId}/two-factor`)).statusCode,
    ).toBe(403);
    expect((await h.call(h.a.admin, 'DELETE', `/api/v1/users/${user.userId}/two-factor`)).statusCode).toBe(
      204,
    );
    expect((await h.call(user, 'GET', '/api/v1/me')).statusCode).toBe(401);
    expect((await password(user.email)).cookies).toHaveLength(1);

    // Not their own: that needs a code or the password, on the account page.
    const admin = await newUser('admin');
    await enrol(admin);
    const own = await h.call(admin, 'DELETE', `/api/v1/users/${admin.userId}/two-factor`);
    expect(own.statusCode).toBe(409);
    expect(await h.store.twoFactor.state(h.a.id, admin.userId)).toMatchObject({ enabled: true });
  });

  it('refuses to change two-factor through an API token', async () => {
    const { secret } = json<{ secret: string }>(
      await h.call(h.a.admin, 'POST', '/api/v1/api-tokens', { name: 'No 2FA', role: 'admin' }),
    );
    const response = await h.call(null, 'POST', '/api/v1/account/two-factor/enrolment', undefined, {
      authorization: `Bearer ${secret}`,
    });
    expect(response.statusCode).toBe(403);
  });

  it('requires two-factor of all staff once the admin turns the clinic setting on', async () => {
    const admin = await newUser('admin');
    const user = await newUser();
    const require = (on: boolean) =>
      h.call(admin, 'PATCH', '/api/v1/clinic/security', { requireTwoFactor: on });
    expect((await require(true)).statusCode).toBe(409);
    await enrol(admin);
    try {
      const on = await require(true);
      expect(on.statusCode).toBe(200);
      expect(json<{ twoFactorUserIds: string[] }>(on).twoFactorUserIds).toContain(admin.userId);
      const refused = await h.call(user, 'GET', '/api/v1/clients');
      expect(refused.statusCode).toBe(403);
      expect(json(refused).code).toBe('two_factor_required');
      expect((await h.call(user, 'GET', '/api/v1/me')).statusCode).toBe(200);
      expect(json(await h.call(user, 'GET', '/api/v1/account/two-factor'))).toMatchObject({
        enabled: false,
        required: true,
      });
      await enrol(user);
      expect((await h.call(user, 'GET', '/api/v1/clients')).statusCode).toBe(200);
    } finally {
      await h.store.twoFactor.setClinicRequires(h.a.id, false);
    }
  });
}

describe('two-factor on SQLite', () => {
  twoFactorSuite(() => startHarness({ NECKCHECK_LOGIN_ATTEMPTS_PER_MINUTE: '1000' }));
});

describePostgres('two-factor on PostgreSQL', (adminUrl) => {
  let database: TestDatabase;
  afterAll(async () => database?.drop());
  twoFactorSuite(async () => {
    database = await createTestDatabase(adminUrl);
    return startHarness({ NECKCHECK_LOGIN_ATTEMPTS_PER_MINUTE: '1000' }, { databaseUrl: database.url });
  });
});
