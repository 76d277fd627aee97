/**
 * API tokens act as the user who created them, with at most that user's current role, until they expire;
 * disabling the user revokes them. On SQLite and on PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestDatabase } from '../store/pg-helpers.js';
import { createTestDatabase, describePostgres } from '../store/pg-helpers.js';
import type { Harness } from './harness.js';
import { addStaff, json, PASSWORD, startHarness } from './harness.js';

const DAY = 86_400_000;

function tokenSuite(open: () => Promise<Harness>): void {
  let h: Harness;
  beforeAll(async () => {
    h = await open();
  });
  afterAll(async () => h?.close());

  const bearer = (secret: string, method: string, url: string, payload?: unknown) =>
    h.call(null, method, url, payload, { authorization: `Bearer ${secret}` });

  /** A second admin of clinic A, logged in, who creates an admin token. */
  async function adminWithToken(email: string) {
    const actor = await addStaff(h, h.a.admin, { email, name: 'Second admin', role: 'admin' });
    const created = { id: actor.userId };
    const token = json<{ token: { id: string; expiresAt: string }; secret: string }>(
      await h.call(actor, 'POST', '/api/v1/api-tokens', { name: 'Integration', role: 'admin' }),
    );
    return { actor, userId: created.id, secret: token.secret, tokenId: token.token.id };
  }

  it("refuses a disabled admin's token: it can no longer list users, create an admin, re-enable its owner or disable the real admin", async () => {
    const rogue = await adminWithToken('rogue@clinic-a.test');
    expect((await bearer(rogue.secret, 'GET', '/api/v1/users')).statusCode).toBe(200);
    expect(
      (await h.call(h.a.admin, 'PATCH', `/api/v1/users/${rogue.userId}`, { disabled: true })).statusCode,
    ).toBe(200);

    const attempts = [
      await bearer(rogue.secret, 'GET', '/api/v1/users'),
      await bearer(rogue.secret, 'POST', '/api/v1/users', {
        email: 'backdoor@clinic-a.test',
        name: 'Backdoor',
        role: 'admin',
        password: PASSWORD,
      }),
      await bearer(rogue.secret, 'PATCH', `/api/v1/users/${rogue.userId}`, { disabled: false }),
      await bearer(rogue.secret, 'PATCH', `/api/v1/users/${h.a.admin.userId}`, { disabled: true }),
    ];
    expect(attempts.map((r) => r.statusCode)).toEqual([401, 401, 401, 401]);
    const users = json<{ users: { email: string; disabled: boolean }[] }>(
      await h.call(h.a.admin, 'GET', '/api/v1/users'),
    ).users;
    expect(users.map((u) => u.email)).not.toContain('backdoor@clinic-a.test');
    expect(users.find((u) => u.email === h.a.admin.email)?.disabled).toBe(false);
    expect(users.find((u) => u.email === 'rogue@clinic-a.test')?.disabled).toBe(true);

    // Disabling revoked the token for good: re-enabling the user does not bring it back.
    const tokens = json<{ tokens: { id: string; revokedAt: string | null }[] }>(
      await h.call(h.a.admin, 'GET', '/api/v1/api-tokens'),
    ).tokens;
    expect(tokens.find((t) => t.id === rogue.tokenId)?.revokedAt).toBe(h.clock.now.toISOString());
    await h.call(h.a.admin, 'PATCH', `/api/v1/users/${rogue.userId}`, { disabled: false });
    expect((await bearer(rogue.secret, 'GET', '/api/v1/users')).statusCode).toBe(401);
  });

  it('refuses the token of an owner disabled in any way, even before the token is revoked', async () => {
    const owner = await adminWithToken('bypassed@clinic-a.test');
    await h.store.users.update(h.a.id, owner.userId, { disabled: true });
    expect((await bearer(owner.secret, 'GET', '/api/v1/clients')).statusCode).toBe(401);
  });

  it("acts with the owner's current role: a demoted owner's admin token can no longer manage users", async () => {
    const owner = await adminWithToken('demoted@clinic-a.test');
    expect((await bearer(owner.secret, 'GET', '/api/v1/users')).statusCode).toBe(200);
    await h.call(h.a.admin, 'PATCH', `/api/v1/users/${owner.userId}`, { role: 'reception' });
    expect((await bearer(owner.secret, 'GET', '/api/v1/users')).statusCode).toBe(403);
    expect((await bearer(owner.secret, 'GET', '/api/v1/worklist')).statusCode).toBe(403);
    expect((await bearer(owner.secret, 'GET', '/api/v1/clients')).statusCode).toBe(200);
  });

  it('expires after the default lifetime, or the one asked for up to the maximum', async () => {
    const created = await h.call(h.a.admin, 'POST', '/api/v1/api-tokens', {
      name: 'Default',
      role: 'reception',
    });
    expect(created.statusCode).toBe(201);
    const { token, secret } = json<{ token: { expiresAt: string }; secret: string }>(created);
    const start = h.clock.now;
    expect(token.expiresAt).toBe(new Date(start.getTime() + 90 * DAY).toISOString());
    try {
      h.clock.now = new Date(start.getTime() + 90 * DAY - 1000);
      expect((await bearer(secret, 'GET', '/api/v1/clients')).statusCode).toBe(200);
      h.clock.now = new Date(start.getTime() + 90 * DAY);
      expect((await bearer(secret, 'GET', '/api/v1/clients')).statusCode).toBe(401);
    } finally {
      h.clock.now = start;
    }
    const week = json<{ token: { expiresAt: string } }>(
      await h.call(h.a.admin, 'POST', '/api/v1/api-tokens', {
        name: 'Week',
        role: 'reception',
        expiresInDays: 7,
      }),
    );
    expect(week.token.expiresAt).toBe(new Date(start.getTime() + 7 * DAY).toISOString());
    const tooLong = await h.call(h.a.admin, 'POST', '/api/v1/api-tokens', {
      name: 'Forever',
      role: 'reception',
      expiresInDays: 366,
    });
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.headers['content-type']).toMatch(/problem\+json/);
  });

  it('records when a token was last used, shown in the list', async () => {
    const { token, secret } = json<{ token: { id: string; lastUsedAt: string | null }; secret: string }>(
      await h.call(h.a.admin, 'POST', '/api/v1/api-tokens', { name: 'Used', role: 'practitioner' }),
    );
    expect(token.lastUsedAt).toBeNull();
    await bearer(secret, 'GET', '/api/v1/clients');
    const listed = json<{ tokens: { id: string; lastUsedAt: string | null; ownerId: string }[] }>(
      await h.call(h.a.admin, 'GET', '/api/v1/api-tokens'),
    ).tokens.find((t) => t.id === token.id);
    expect(listed).toMatchObject({ lastUsedAt: h.clock.now.toISOString(), ownerId: h.a.admin.userId });
  });

  it('does not let a token mint tokens', async () => {
    const { secret } = json<{ secret: string }>(
      await h.call(h.a.admin, 'POST', '/api/v1/api-tokens', { name: 'Minter', role: 'admin' }),
    );
    expect(
      (await bearer(secret, 'POST', '/api/v1/api-tokens', { name: 'Child', role: 'admin' })).statusCode,
    ).toBe(403);
  });
}

describe('API tokens on SQLite', () => {
  tokenSuite(() => startHarness());
});

describePostgres('API tokens on PostgreSQL', (adminUrl) => {
  let database: TestDatabase;
  afterAll(async () => database?.drop());
  tokenSuite(async () => {
    database = await createTestDatabase(adminUrl);
    return startHarness({}, { databaseUrl: database.url });
  });
});
