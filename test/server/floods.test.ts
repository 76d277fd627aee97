/**
 * Floods on the unauthenticated failure paths (issue 11): 2,000 failing calls from one address on each of
 * login, API tokens, session cookies, CDS Hooks JWTs and intake links. Each path answers 429 with
 * Retry-After once the address is over its limit, and writes at most three audit rows per window (the first
 * failure, the first refusal, and one summary with the count) instead of one per call. Other addresses and
 * valid credentials are not affected.
 */
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../src/store/types.js';
import type { Harness } from './harness.js';
import { startHarness } from './harness.js';

const FLOOD = 2_000;
const HOST = 'neckcheck.test';

interface Path {
  readonly name: string;
  readonly path: string;
  readonly request: (remoteAddress: string) => Promise<LightMyRequestResponse>;
}

describe('floods of failures', () => {
  let h: Harness;
  const inject = (remoteAddress: string, options: InjectOptions): Promise<LightMyRequestResponse> =>
    h.app.inject({ ...options, remoteAddress });

  const paths: Path[] = [
    {
      name: 'login',
      path: 'login',
      request: (remoteAddress) =>
        inject(remoteAddress, {
          method: 'POST',
          url: '/api/v1/auth/login',
          headers: { host: HOST },
          // One e-mail per address: the per-account lockout would otherwise refuse the other address too.
          payload: { email: `nobody-${remoteAddress}@clinic-a.test`, password: 'wrong password' },
        }),
    },
    {
      name: 'API tokens',
      path: 'credentials',
      request: (remoteAddress) =>
        inject(remoteAddress, {
          method: 'GET',
          url: '/api/v1/clients',
          headers: { host: HOST, authorization: 'Bearer nck_not-a-token' },
        }),
    },
    {
      name: 'session cookies',
      path: 'credentials',
      request: (remoteAddress) =>
        inject(remoteAddress, {
          method: 'GET',
          url: '/api/v1/clients',
          headers: { host: HOST, cookie: '__Host-neckcheck-session=forged' },
        }),
    },
    {
      name: 'CDS Hooks JWTs',
      path: 'cds',
      request: (remoteAddress) =>
        inject(remoteAddress, {
          method: 'POST',
          url: '/cds-services/neckcheck-patient-view',
          headers: { host: HOST, authorization: 'Bearer not.a.jwt' },
          payload: {},
        }),
    },
    {
      name: 'intake links',
      path: 'intake',
      request: (remoteAddress) =>
        inject(remoteAddress, {
          method: 'GET',
          url: '/api/v1/intake/guessedTokenGuessedToken0123456789',
          headers: { host: HOST },
        }),
    },
  ];

  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => h.close());

  const newEntries = async (after: number): Promise<AuditEntry[]> => h.store.audit.scan(after, 10_000);

  it.each(paths.map((p, i) => [p.name, p, `10.0.0.${i + 1}`] as const))(
    'refuses a flood on %s with 429 and writes a handful of audit rows',
    async (_name, path, address) => {
      const before = (await h.store.audit.head()).seq;
      const statuses = new Map<number, number>();
      let limited: LightMyRequestResponse | undefined;
      for (let i = 0; i < FLOOD; i++) {
        const response = await path.request(address);
        statuses.set(response.statusCode, (statuses.get(response.statusCode) ?? 0) + 1);
        if (response.statusCode === 429) limited ??= response;
      }
      expect(
        [...statuses.keys()].every((s) => s < 500),
        JSON.stringify([...statuses]),
      ).toBe(true);
      expect(statuses.get(429) ?? 0).toBeGreaterThan(FLOOD * 0.9);
      expect(Number(limited?.headers['retry-after'])).toBeGreaterThan(0);
      expect(limited?.json()).toMatchObject({ status: 429, code: 'rate_limited' });

      const during = await newEntries(before);
      // The first failure and the first refusal in full; on login, the account lockout that the flood
      // starts is audited once too.
      const lockout = path.name === 'login' ? 1 : 0;
      expect(during.length, during.map((e) => e.action).join(', ')).toBeLessThanOrEqual(2 + lockout);

      // Another address, and a valid session from the same address, are not refused meanwhile.
      expect((await path.request('10.0.1.1')).statusCode).not.toBe(429);
      const cookie = h.a.practitioner.cookie;
      const valid = await inject(address, {
        method: 'GET',
        url: '/api/v1/me',
        headers: { host: HOST, cookie },
      });
      expect(valid.statusCode).toBe(200);

      await h.app.failureGuard.flush(true);
      const after = await newEntries(before);
      const mine = after.filter((e) => e.ip === address);
      expect(mine.length, mine.map((e) => e.action).join(', ')).toBeLessThanOrEqual(3 + lockout);
      const summary = mine.find((e) => e.action === `flood:${path.path}`);
      expect(summary).toMatchObject({ resourceType: 'failures', outcome: 'denied', clinicId: null });
      // The intake routes' own request limit (60 a minute) refuses most of the flood before the failure
      // guard sees it; those 429s are neither audited nor counted.
      const counted = Number(summary?.resourceId);
      if (path.path === 'intake') expect(counted).toBeGreaterThan(0);
      else expect(counted, JSON.stringify(mine)).toBe(FLOOD - (during.length - lockout));
    },
    60_000,
  );
});
