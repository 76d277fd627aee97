/** The account journeys of accounts.test.ts that touch the new tables, once more on a real PostgreSQL. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { TestDatabase } from '../store/pg-helpers.js';
import { createTestDatabase, describePostgres } from '../store/pg-helpers.js';
import type { Harness } from './harness.js';
import { json, PASSWORD, startHarness } from './harness.js';

describePostgres('accounts on PostgreSQL', (adminUrl) => {
  let database: TestDatabase;
  let h: Harness;
  beforeAll(async () => {
    database = await createTestDatabase(adminUrl);
    h = await startHarness(
      { NECKCHECK_LOGIN_ATTEMPTS_PER_MINUTE: '1000', NECKCHECK_LOCKOUT_FAILURES: '3' },
      { databaseUrl: database.url },
    );
  }, 60_000);
  afterAll(async () => {
    await h?.close();
    await database?.drop();
  });

  const login = (email: string, password = PASSWORD) =>
    h.call(null, 'POST', '/api/v1/auth/login', { email, password });

  it('locks an account and an unknown address alike, lists it for its admin, and unlocks it', async () => {
    const statuses = [];
    for (let i = 0; i < 3; i++)
      statuses.push(
        (await login(h.a.reception.email, 'wrong')).statusCode,
        (await login('no@x.test', 'wrong')).statusCode,
      );
    expect(statuses).toEqual([401, 401, 401, 401, 429, 429]);
    expect((await login(h.a.reception.email)).statusCode).toBe(429);
    const locked = json<{ accounts: { email: string }[] }>(
      await h.call(h.a.admin, 'GET', '/api/v1/users/locked'),
    );
    expect(locked.accounts.map((a) => a.email)).toEqual([h.a.reception.email]);
    await h.call(h.a.admin, 'POST', `/api/v1/users/${h.a.reception.userId}/unlock`);
    const back = await login(h.a.reception.email);
    expect(back.statusCode).toBe(200);
    expect(json<{ failedLoginsSinceLastLogin: number }>(back).failedLoginsSinceLastLogin).toBe(4);
  });

  it('makes a user an admin adds change the password first', async () => {
    const created = await h.call(h.a.admin, 'POST', '/api/v1/users', {
      email: 'pg.user@clinic-a.test',
      name: 'Pg User',
      role: 'reception',
      password: 'initial pass phrase given once',
    });
    expect(created.statusCode).toBe(201);
    const session = await login('pg.user@clinic-a.test', 'initial pass phrase given once');
    const cookie = `${session.cookies[0]?.name}=${session.cookies[0]?.value}`;
    const actor = { userId: '', email: '', cookie };
    expect(json(await h.call(actor, 'GET', '/api/v1/clients')).code).toBe('password_change_required');
    const changed = await h.call(actor, 'POST', '/api/v1/auth/password', {
      currentPassword: 'initial pass phrase given once',
      newPassword: 'quartz meadow bicycle anthem',
    });
    expect(changed.statusCode).toBe(204);
    expect((await h.call(actor, 'GET', '/api/v1/clients')).statusCode).toBe(200);
  });
});
