/**
 * Accounts a clinic can trust: one-time passwords changed at first login, the password policy, changing a
 * password, per-account lockout without user enumeration, and the purge of expired sessions.
 */
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { digest } from '../../src/server/auth/secrets.js';
import type { Actor, Harness } from './harness.js';
import { json, PASSWORD, startHarness } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({
    NECKCHECK_LOGIN_ATTEMPTS_PER_MINUTE: '1000',
    NECKCHECK_LOCKOUT_FAILURES: '3',
    NECKCHECK_LOCKOUT_WINDOW_MINUTES: '10',
    NECKCHECK_LOCKOUT_MINUTES: '20',
  });
});
afterAll(async () => h.close());

const STRONG = 'plum ferry lantern oboe';

async function login(email: string, password = PASSWORD): Promise<LightMyRequestResponse> {
  return h.call(null, 'POST', '/api/v1/auth/login', { email, password });
}

function actorOf(response: LightMyRequestResponse, email: string): Actor {
  const cookie = response.cookies[0];
  return { userId: '', email, cookie: `${cookie?.name}=${cookie?.value}` };
}

async function newUser(email: string, password = 'initial pass phrase given once'): Promise<Actor> {
  const created = await h.call(h.a.admin, 'POST', '/api/v1/users', {
    email,
    name: 'New Colleague',
    role: 'practitioner',
    profession: 'physiotherapist',
    password,
  });
  expect(created.statusCode, created.body).toBe(201);
  expect(json<{ mustChangePassword: boolean }>(created).mustChangePassword).toBe(true);
  const session = await login(email, password);
  expect(session.statusCode).toBe(200);
  return { ...actorOf(session, email), userId: json<{ id: string }>(created).id };
}

describe('one-time passwords', () => {
  it('lets a session with a one-time password do nothing but change it, then everything', async () => {
    const first = await newUser('first.login@clinic-a.test');
    const me = await h.call(first, 'GET', '/api/v1/me');
    expect(json<{ user: { mustChangePassword: boolean } }>(me).user.mustChangePassword).toBe(true);
    for (const [method, url] of [
      ['GET', '/api/v1/clients'],
      ['POST', '/api/v1/clients'],
      ['GET', '/api/v1/worklist'],
    ] as const) {
      const refused = await h.call(first, method, url, method === 'POST' ? { displayName: 'x' } : undefined);
      expect(refused.statusCode, url).toBe(403);
      expect(json(refused).code).toBe('password_change_required');
    }
    const changed = await h.call(first, 'POST', '/api/v1/auth/password', {
      currentPassword: 'initial pass phrase given once',
      newPassword: STRONG,
    });
    expect(changed.statusCode, changed.body).toBe(204);
    expect((await h.call(first, 'GET', '/api/v1/clients')).statusCode).toBe(200);
    expect((await login(first.email, STRONG)).statusCode).toBe(200);
    expect((await login(first.email, 'initial pass phrase given once')).statusCode).toBe(401);
  });
});

describe('changing a password', () => {
  it('needs the current password, ends the other sessions and keeps this one', async () => {
    const user = await newUser('changer@clinic-a.test');
    const other = actorOf(await login(user.email, 'initial pass phrase given once'), user.email);
    const wrong = await h.call(user, 'POST', '/api/v1/auth/password', {
      currentPassword: 'not my password at all',
      newPassword: STRONG,
    });
    expect(wrong.statusCode).toBe(403);
    expect(
      (
        await h.call(user, 'POST', '/api/v1/auth/password', {
          currentPassword: 'initial pass phrase given once',
          newPassword: 'initial pass phrase given once',
        })
      ).statusCode,
    ).toBe(422);
    const changed = await h.call(user, 'POST', '/api/v1/auth/password', {
      currentPassword: 'initial pass phrase given once',
      newPassword: 'velvet quarry mosaic drum',
    });
    expect(changed.statusCode).toBe(204);
    expect((await h.call(user, 'GET', '/api/v1/me')).statusCode).toBe(200);
    expect((await h.call(other, 'GET', '/api/v1/me')).statusCode).toBe(401);
    const log = json<{ entries: { action: string; outcome: string }[] }>(
      await h.call(h.a.admin, 'GET', '/api/v1/audit?limit=200'),
    );
    expect(log.entries).toContainEqual(
      expect.objectContaining({ action: 'auth.password_change', outcome: 'success' }),
    );
    expect(log.entries).toContainEqual(
      expect.objectContaining({ action: 'auth.password_change', outcome: 'failure' }),
    );
  });

  it('refuses an API token, which has no password to change', async () => {
    const { secret } = json<{ secret: string }>(
      await h.call(h.a.admin, 'POST', '/api/v1/api-tokens', { name: 'Integration', role: 'admin' }),
    );
    const response = await h.call(
      null,
      'POST',
      '/api/v1/auth/password',
      { currentPassword: PASSWORD, newPassword: STRONG },
      { authorization: `Bearer ${secret}` },
    );
    expect(response.statusCode).toBe(403);
  });
});

describe('password policy', () => {
  const refusedFor = async (password: string, lang = 'en'): Promise<LightMyRequestResponse> =>
    h.call(
      h.a.admin,
      'POST',
      '/api/v1/users',
      { email: 'candidate@clinic-a.test', name: 'Casey Candidate', role: 'reception', password },
      { 'accept-language': lang },
    );

  it.each([
    ['short', 'aaaaaaaa'],
    ['12 spaces', ' '.repeat(12)],
    ['repeated', 'aaaaaaaaaaaa'],
    ['the e-mail', 'candidate@clinic-a.test'],
    ['the name', 'Casey Candidate'],
    ['the clinic', 'ClinicA2026!'],
    ['the name, joined', 'CaseyCandidate1'],
    ['common', 'password1234'],
    ['common, French', 'motdepasse123'],
    ['keyboard', 'qwertyuiop123'],
  ])('refuses a %s password with a 422 that says why', async (_what, password) => {
    const response = await refusedFor(password);
    expect(response.statusCode, password).toBe(422);
    const problem = json<{ code: string; detail: string; errors: { path: string; code: string }[] }>(
      response,
    );
    expect(problem.code).toBe('password_rejected');
    expect(problem.errors[0]?.path).toBe('body.password');
    expect(problem.detail.length).toBeGreaterThan(20);
  });

  it('words the refusal in French, with zxcvbn’s feedback', async () => {
    const short = json<{ detail: string }>(await refusedFor('court', 'fr'));
    expect(short.detail).toMatch(/au moins 12 caractères/);
    const weak = json<{ detail: string }>(await refusedFor('aaaaaaaaaaaa', 'fr-CH'));
    expect(weak.detail).toMatch(/trop facile à deviner/);
    expect(weak.detail).toMatch(/répétés/);
    const english = json<{ detail: string }>(await refusedFor('aaaaaaaaaaaa'));
    expect(english.detail).toMatch(/Repeated characters/);
  });

  it('accepts a long passphrase', async () => {
    expect((await refusedFor(STRONG)).statusCode).toBe(201);
  });
});

describe('creating a user', () => {
  it('refuses an address used in another clinic in the same words as one used in this clinic', async () => {
    const body = { name: 'Duplicate', role: 'reception', password: STRONG };
    const here = await h.call(h.a.admin, 'POST', '/api/v1/users', { ...body, email: h.a.practitioner.email });
    const elsewhere = await h.call(h.a.admin, 'POST', '/api/v1/users', {
      ...body,
      email: h.b.practitioner.email,
    });
    expect([here.statusCode, elsewhere.statusCode]).toEqual([409, 409]);
    const { instance: _a, ...a } = json<Record<string, unknown>>(here);
    const { instance: _b, ...b } = json<Record<string, unknown>>(elsewhere);
    expect(a).toEqual(b);
    expect(JSON.stringify(b)).not.toMatch(/clinic b|another clinic/i);
  });
});

// The clock moves past the harness sessions' idle time from here on.
describe('per-account lockout', () => {
  it('locks an account after 3 failures in the window, and an unknown address the same way', async () => {
    const real = h.a.reception.email;
    const unknown = 'nobody-at-all@clinic-a.test';
    const answers: Record<string, { status: number; body: unknown }[]> = { real: [], unknown: [] };
    for (let i = 0; i < 4; i++) {
      for (const [key, address] of [
        ['real', real],
        ['unknown', unknown],
      ] as const) {
        const response = await login(address, 'wrong password number x');
        const { instance: _instance, ...body } = json<Record<string, unknown>>(response);
        answers[key]?.push({ status: response.statusCode, body });
      }
    }
    expect(answers.real?.map((a) => a.status)).toEqual([401, 401, 429, 429]);
    expect(answers.real).toEqual(answers.unknown);
    // Locked: even the right password is refused, in the same words.
    const right = await login(real);
    expect(right.statusCode).toBe(429);
    expect(json(right).detail).toBe(json(await login(unknown, PASSWORD)).detail);

    const locked = json<{ accounts: { userId: string; email: string }[] }>(
      await h.call(h.a.admin, 'GET', '/api/v1/users/locked'),
    );
    expect(locked.accounts.map((a) => a.email)).toEqual([real]);
    expect(
      json<{ accounts: unknown[] }>(await h.call(h.b.admin, 'GET', '/api/v1/users/locked')).accounts,
    ).toEqual([]);
    const log = json<{ entries: { action: string; resourceId: string | null }[] }>(
      await h.call(h.a.admin, 'GET', '/api/v1/audit?limit=300'),
    );
    expect(log.entries).toContainEqual(
      expect.objectContaining({ action: 'auth.account_locked', resourceId: h.a.reception.userId }),
    );
    // The refused tries while locked go through the failure guard: the first of a minute in full, the
    // rest counted into one flood row (test/server/floods.test.ts).
    // The lockout's 429 is not mistaken for the per-address rate limit's.
    const everything = await h.store.audit.scan(0, 10_000);
    expect(everything.map((e) => e.action)).not.toContain('auth.login_rate_limited');

    // Another clinic's admin cannot unlock it; this clinic's admin can.
    expect((await h.call(h.b.admin, 'POST', `/api/v1/users/${h.a.reception.userId}/unlock`)).statusCode).toBe(
      404,
    );
    expect((await h.call(h.a.admin, 'POST', `/api/v1/users/${h.a.reception.userId}/unlock`)).statusCode).toBe(
      204,
    );
    expect(
      json<{ accounts: unknown[] }>(await h.call(h.a.admin, 'GET', '/api/v1/users/locked')).accounts,
    ).toEqual([]);
    // The user hears of every failed attempt since their last login, then the count starts again.
    const back = await login(real);
    expect(back.statusCode).toBe(200);
    expect(json<{ failedLoginsSinceLastLogin: number }>(back).failedLoginsSinceLastLogin).toBe(5);
    expect(json<{ failedLoginsSinceLastLogin: number }>(await login(real)).failedLoginsSinceLastLogin).toBe(
      0,
    );
  });

  it('unlocks by itself after the lock period, and forgets failures older than the window', async () => {
    const email = h.a.practitioner.email;
    const start = h.clock.now;
    try {
      await login(email, 'wrong password number 1');
      await login(email, 'wrong password number 2');
      h.clock.now = new Date(start.getTime() + 11 * 60_000);
      // The window of the first two failures is over: this one starts a new count and does not lock.
      expect((await login(email, 'wrong password number 3')).statusCode).toBe(401);
      expect((await login(email)).statusCode).toBe(200);

      for (let i = 0; i < 3; i++) await login(email, `wrong password number ${i}`);
      expect((await login(email)).statusCode).toBe(429);
      h.clock.now = new Date(start.getTime() + 11 * 60_000 + 21 * 60_000);
      const unlocked = await login(email);
      expect(unlocked.statusCode).toBe(200);
      expect(json<{ failedLoginsSinceLastLogin: number }>(unlocked).failedLoginsSinceLastLogin).toBe(4);
    } finally {
      h.clock.now = start;
    }
  });
});

// Last: moving the clock past every session's age ends the harness's sessions too.
describe('expired sessions', () => {
  it('are deleted from the database at the next login', async () => {
    const start = h.clock.now;
    try {
      const response = await login(h.b.reception.email);
      const token = response.cookies[0]?.value ?? '';
      expect(await h.store.sessions.get(digest(token))).toBeDefined();
      h.clock.now = new Date(start.getTime() + 13 * 3_600_000);
      expect((await login(h.b.practitioner.email)).statusCode).toBe(200);
      expect(await h.store.sessions.get(digest(token))).toBeUndefined();
    } finally {
      h.clock.now = start;
    }
  });
});
