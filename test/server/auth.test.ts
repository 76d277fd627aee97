/** Sessions, cookies, CSRF, login rate limiting, roles and API tokens. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Harness } from './harness.js';
import { json, PASSWORD, startHarness } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ NECKCHECK_LOGIN_ATTEMPTS_PER_MINUTE: '1000' });
});
afterAll(async () => h.close());

async function login(email: string, password = PASSWORD) {
  return h.call(null, 'POST', '/api/v1/auth/login', { email, password });
}

describe('login and sessions', () => {
  it('sets a __Host- session cookie that is HttpOnly, Secure and SameSite=Lax', async () => {
    const response = await login(h.a.practitioner.email);
    expect(response.statusCode).toBe(200);
    const cookie = response.cookies[0];
    expect(cookie).toMatchObject({
      name: '__Host-neckcheck-session',
      httpOnly: true,
      secure: true,
      sameSite: 'Lax',
      path: '/',
    });
    expect(cookie?.value.length).toBeGreaterThanOrEqual(43);
    expect(json<{ user: Record<string, unknown> }>(response).user).not.toHaveProperty('passwordHash');
  });

  it('refuses a wrong password or an unknown email the same way, and audits the failure', async () => {
    const wrong = await login(h.a.practitioner.email, 'not the password');
    const unknown = await login('nobody@nowhere.test');
    expect([wrong.statusCode, unknown.statusCode]).toEqual([401, 401]);
    expect(json(wrong).detail).toBe(json(unknown).detail);
    const log = json<{ entries: { action: string; outcome: string }[] }>(
      await h.call(h.a.admin, 'GET', '/api/v1/audit?limit=100'),
    );
    expect(log.entries).toContainEqual(expect.objectContaining({ action: 'auth.login', outcome: 'failure' }));
  });

  it('revokes the session on the server at logout', async () => {
    const cookie = login(h.a.reception.email).then((r) => `${r.cookies[0]?.name}=${r.cookies[0]?.value}`);
    const actor = { userId: h.a.reception.userId, email: h.a.reception.email, cookie: await cookie };
    expect((await h.call(actor, 'GET', '/api/v1/me')).statusCode).toBe(200);
    expect((await h.call(actor, 'POST', '/api/v1/auth/logout')).statusCode).toBe(204);
    expect((await h.call(actor, 'GET', '/api/v1/me')).statusCode).toBe(401);
  });

  it('expires idle sessions and sessions older than the maximum age', async () => {
    const start = h.clock.now;
    const response = await login(h.a.reception.email);
    const actor = {
      userId: '',
      email: '',
      cookie: `${response.cookies[0]?.name}=${response.cookies[0]?.value}`,
    };
    h.clock.now = new Date(start.getTime() + 31 * 60_000);
    expect((await h.call(actor, 'GET', '/api/v1/me')).statusCode).toBe(401);

    h.clock.now = start;
    const fresh = await login(h.a.reception.email);
    const active = { userId: '', email: '', cookie: `${fresh.cookies[0]?.name}=${fresh.cookies[0]?.value}` };
    let status = 200;
    let minutes = 0;
    while (status === 200 && minutes < 14 * 60) {
      minutes += 20;
      h.clock.now = new Date(start.getTime() + minutes * 60_000);
      status = (await h.call(active, 'GET', '/api/v1/me')).statusCode;
    }
    h.clock.now = start;
    expect(status).toBe(401);
    expect(minutes).toBeGreaterThan(11 * 60);
    expect(minutes).toBeLessThanOrEqual(12 * 60 + 20);
  });

  it('refuses state-changing cookie requests that do not come from this site (CSRF)', async () => {
    const noOrigin = await h.app.inject({
      method: 'POST',
      url: '/api/v1/clients',
      headers: { host: 'neckcheck.test', cookie: h.a.practitioner.cookie },
      payload: { displayName: 'x' },
    });
    const foreign = await h.call(
      h.a.practitioner,
      'POST',
      '/api/v1/clients',
      { displayName: 'x' },
      { origin: 'https://evil.example' },
    );
    expect([noOrigin.statusCode, foreign.statusCode]).toEqual([403, 403]);
    expect(json(foreign).code).toBe('csrf_failed');
  });
});

describe('roles and users', () => {
  it('lets only admins manage users, with password rules and unique emails', async () => {
    const body = {
      email: 'new@clinic-a.test',
      name: 'New Physio',
      role: 'practitioner',
      profession: 'physiotherapist',
      password: 'long enough passphrase',
    };
    expect((await h.call(h.a.practitioner, 'POST', '/api/v1/users', body)).statusCode).toBe(403);
    expect(
      (await h.call(h.a.admin, 'POST', '/api/v1/users', { ...body, password: 'short' })).statusCode,
    ).toBe(422);
    expect(
      (await h.call(h.a.admin, 'POST', '/api/v1/users', { ...body, password: 'password123' })).statusCode,
    ).toBe(422);
    expect((await h.call(h.a.admin, 'POST', '/api/v1/users', body)).statusCode).toBe(201);
    expect(
      (await h.call(h.a.admin, 'POST', '/api/v1/users', { ...body, email: 'NEW@clinic-a.test' })).statusCode,
    ).toBe(409);
    expect((await login('new@clinic-a.test', 'long enough passphrase')).statusCode).toBe(200);
  });

  it('ends the sessions of a user who is disabled', async () => {
    const body = {
      email: 'leaver@clinic-a.test',
      name: 'Leaver',
      role: 'reception',
      password: 'another long passphrase',
    };
    const created = json<{ id: string }>(await h.call(h.a.admin, 'POST', '/api/v1/users', body));
    const session = await login(body.email, body.password);
    const actor = {
      userId: created.id,
      email: body.email,
      cookie: `${session.cookies[0]?.name}=${session.cookies[0]?.value}`,
    };
    expect((await h.call(actor, 'GET', '/api/v1/me')).statusCode).toBe(200);
    expect(
      (await h.call(h.a.admin, 'PATCH', `/api/v1/users/${created.id}`, { disabled: true })).statusCode,
    ).toBe(200);
    expect((await h.call(actor, 'GET', '/api/v1/me')).statusCode).toBe(401);
    expect((await login(body.email, body.password)).statusCode).toBe(401);
  });

  it('audits authorisation denials', async () => {
    await h.call(h.a.reception, 'GET', '/api/v1/audit');
    const log = json<{ entries: { action: string; outcome: string }[] }>(
      await h.call(h.a.admin, 'GET', '/api/v1/audit?limit=200'),
    );
    expect(log.entries).toContainEqual(
      expect.objectContaining({ action: 'denied:audit.read', outcome: 'denied' }),
    );
  });
});

describe('API tokens', () => {
  it('authenticates integrations by bearer token, without CSRF, until revoked', async () => {
    const created = json<{ token: { id: string }; secret: string }>(
      await h.call(h.a.admin, 'POST', '/api/v1/api-tokens', { name: 'Booking system', role: 'reception' }),
    );
    const bearer = { authorization: `Bearer ${created.secret}` };
    const post = await h.app.inject({
      method: 'POST',
      url: '/api/v1/clients',
      headers: { host: 'neckcheck.test', ...bearer },
      payload: { displayName: 'From EHR' },
    });
    expect(post.statusCode).toBe(201);
    expect((await h.call(h.a.admin, 'DELETE', `/api/v1/api-tokens/${created.token.id}`)).statusCode).toBe(
      204,
    );
    const after = await h.app.inject({
      method: 'GET',
      url: '/api/v1/clients',
      headers: { host: 'neckcheck.test', ...bearer },
    });
    expect(after.statusCode).toBe(401);
  });
});

describe('login rate limiting', () => {
  it('answers 429 after too many attempts and writes a security event', async () => {
    const limited = await startHarness({ NECKCHECK_LOGIN_ATTEMPTS_PER_MINUTE: '8' });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++)
        statuses.push(
          (await limited.call(null, 'POST', '/api/v1/auth/login', { email: 'x@y.test', password: 'nope' }))
            .statusCode,
        );
      expect(statuses.slice(0, 2)).toEqual([401, 401]);
      expect(statuses.at(-1)).toBe(429);
      const entries = await limited.store.audit.scan(0, 1000);
      expect(entries.map((e) => e.action)).toContain('auth.login_rate_limited');
    } finally {
      await limited.close();
    }
  });
});
