/**
 * Every CDS route refuses a call without a valid JWT from a trusted EHR (401 problem+json, never 5xx):
 * no token, wrong audience, expired, HS256, "none", unknown issuer, replayed jti, missing kid, wrong typ,
 * a jku that is not allowlisted, a signature by another key. CORS allows the configured origins only, on
 * /cds-services only.
 */
import { UnsecuredJWT } from 'jose';
import { afterAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app.js';
import type { CdsHarness, TokenOptions } from './harness.js';
import { EHR_ORIGIN, ORIGIN, startCdsHarness } from './harness.js';
import { patientView, prefetchOf, SERVICE } from './payloads.js';

const h: CdsHarness = await startCdsHarness();
afterAll(() => h.close());

const now = () => Math.floor(h.clock.now.getTime() / 1000);

async function expect401(response: Awaited<ReturnType<CdsHarness['call']>>, detail?: RegExp): Promise<void> {
  expect(response.statusCode, response.body).toBe(401);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(response.headers['www-authenticate']).toBe('Bearer error="invalid_token"');
  const body = response.json() as { code: string; detail: string };
  expect(body.code).toBe('unauthenticated');
  if (detail !== undefined) expect(body.detail).toMatch(detail);
}

describe('CDS JWT authentication', () => {
  it('lets a valid ES384 token through', async () => {
    const response = await h.call('POST', SERVICE.patientView, { body: patientView(prefetchOf()) });
    expect(response.statusCode).toBe(200);
  });

  it('refuses every CDS route called without a token', async () => {
    const routes = h.app.routeTable.filter(
      (r) => r.url.startsWith('/cds-services') && r.method !== 'OPTIONS',
    );
    expect(routes.map((r) => `${r.method} ${r.url}`).sort()).toEqual([
      'GET /cds-services',
      'POST /cds-services/:id',
      'POST /cds-services/:id/feedback',
    ]);
    for (const route of routes) {
      const url = route.url.replace(':id', 'neckcheck-patient-view');
      const response = await h.call(route.method as 'GET' | 'POST', url, {
        token: null,
        ...(route.method === 'POST' ? { body: {} } : {}),
      });
      await expect401(response, /Bearer/);
    }
    // Not session routes: the session hook leaves them to the JWT check.
    expect(routes.every((r) => r.access === 'ehr')).toBe(true);
  });

  const cases: [string, TokenOptions | (() => Promise<string>), RegExp][] = [
    [
      'an audience other than the URL called',
      { aud: `${ORIGIN}/cds-services/neckcheck-appointment-book` },
      /aud/,
    ],
    ['an audience on another host', { aud: `https://elsewhere.example${SERVICE.patientView}` }, /aud/],
    ['an expired token', { iat: now() - 600, exp: now() - 290 }, /expired/],
    ['a token older than 5 minutes', { iat: now() - 400, exp: now() + 600 }, /expired/],
    ['a token issued in the future', { iat: now() + 600, exp: now() + 900 }, /expired/],
    ['an unknown issuer', { iss: 'https://evil.example' }, /issuer/],
    ['no kid', { kid: null }, /kid/],
    ['a typ other than JWT', { typ: 'at+jwt' }, /typ/],
    ['no jti', { jti: null }, /jti/],
    ['a jku that is not allowlisted', { header: { jku: 'https://evil.example/jwks.json' } }, /jku/],
    ['an unknown kid', { kid: 'other-key' }, /kid/],
    ['a tenant this issuer is not configured for', { claims: { tenant: 'other-clinic' } }, /tenant/],
    [
      'HS256 (a symmetric algorithm)',
      { alg: 'HS256', key: new TextEncoder().encode('x'.repeat(32)) },
      /algorithm/,
    ],
    [
      '"none"',
      async () =>
        new UnsecuredJWT({ jti: 'n' })
          .setIssuer(h.a.iss)
          .setAudience(`${ORIGIN}${SERVICE.patientView}`)
          .setIssuedAt(now())
          .setExpirationTime(now() + 60)
          .encode(),
      /./,
    ],
    [
      'a signature by another EHR key',
      async () => h.token(h.a, SERVICE.patientView, { key: h.b.privateKey }),
      /signature/,
    ],
    ['garbage', async () => 'not.a.jwt', /JWT/],
  ];

  it.each(cases)('refuses %s with 401', async (_name, options, detail) => {
    const token =
      typeof options === 'function' ? await options() : await h.token(h.a, SERVICE.patientView, options);
    await expect401(
      await h.call('POST', SERVICE.patientView, { body: patientView(prefetchOf()), token }),
      detail,
    );
  });

  it('refuses a replayed token (same jti), and a Basic or empty Authorization header', async () => {
    const token = await h.token(h.a, SERVICE.patientView);
    const body = patientView(prefetchOf());
    expect((await h.call('POST', SERVICE.patientView, { body, token })).statusCode).toBe(200);
    await expect401(await h.call('POST', SERVICE.patientView, { body, token }), /already been used/);
    await expect401(
      await h.call('POST', SERVICE.patientView, {
        body,
        token: null,
        headers: { authorization: 'Basic Zm9vOmJhcg==' },
      }),
    );
    await expect401(
      await h.call('POST', SERVICE.patientView, { body, token: null, headers: { authorization: '' } }),
    );
  });

  it('refuses a token replayed against another server instance on the same database', async () => {
    const second = await buildApp(h.deps, { logger: false });
    try {
      const token = await h.token(h.a, SERVICE.patientView);
      const body = patientView(prefetchOf());
      expect((await h.call('POST', SERVICE.patientView, { body, token })).statusCode).toBe(200);
      const replayed = await second.inject({
        method: 'POST',
        url: SERVICE.patientView,
        headers: { host: 'neckcheck.test', authorization: `Bearer ${token}` },
        payload: body,
      });
      await expect401(replayed, /already been used/);
    } finally {
      await second.close();
    }
  });

  it('audits refused tokens (not plain missing ones), without a clinic', async () => {
    const before = (await h.store.audit.head()).seq;
    // From an address with no failure yet in this window: its first one is written in full.
    await h.call('POST', SERVICE.patientView, {
      body: {},
      token: await h.token(h.a, SERVICE.patientView, { iss: 'https://evil.example' }),
      remoteAddress: '127.0.0.2',
    });
    const [entry] = await h.store.audit.scan(before, 10);
    expect(entry).toMatchObject({
      action: 'cds.auth_failed:unknown_issuer',
      outcome: 'denied',
      clinicId: null,
      actor: 'anonymous',
    });
    await h.call('POST', SERVICE.patientView, { body: {}, token: null });
    expect((await h.store.audit.head()).seq).toBe(before + 1);
  });

  it('checks the token before the body: a bad body without a token is 401, not 400', async () => {
    await expect401(await h.call('POST', SERVICE.patientView, { body: { nonsense: true }, token: null }));
  });
});

describe('CORS', () => {
  const preflight = (origin: string, url: string = SERVICE.patientView) =>
    h.call('OPTIONS', url, {
      token: null,
      headers: {
        origin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,content-type',
      },
    });

  it('answers a preflight from an allowed origin, on every CDS route', async () => {
    for (const url of ['/cds-services', SERVICE.patientView, `${SERVICE.patientView}/feedback`]) {
      const response = await preflight(EHR_ORIGIN, url);
      expect(response.statusCode).toBe(204);
      expect(response.headers).toMatchObject({
        'access-control-allow-origin': EHR_ORIGIN,
        'access-control-allow-methods': 'GET, POST, OPTIONS',
        'access-control-allow-headers': 'Authorization, Content-Type, Accept-Language',
        vary: 'Origin',
      });
    }
  });

  it('refuses a preflight from another origin, and adds no CORS header for it', async () => {
    const response = await preflight('https://evil.example');
    expect(response.statusCode).toBe(403);
    expect(response.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('lets the allowed origin read responses, errors included, and only on /cds-services', async () => {
    const headers = { origin: EHR_ORIGIN };
    const ok = await h.call('POST', SERVICE.patientView, { body: patientView(prefetchOf()), headers });
    expect(ok.headers['access-control-allow-origin']).toBe(EHR_ORIGIN);
    const refused = await h.call('POST', SERVICE.patientView, { body: {}, token: null, headers });
    expect(refused.statusCode).toBe(401);
    expect(refused.headers['access-control-allow-origin']).toBe(EHR_ORIGIN);
    const elsewhere = await h.app.inject({ method: 'GET', url: '/healthz', headers });
    expect(elsewhere.headers['access-control-allow-origin']).toBeUndefined();
    const preflightElsewhere = await h.app.inject({
      method: 'OPTIONS',
      url: '/api/v1/clients',
      headers: { ...headers, 'access-control-request-method': 'POST' },
    });
    expect(preflightElsewhere.headers['access-control-allow-origin']).toBeUndefined();
  });
});
