/**
 * A CDS client whose keys are published at a JWK Set URL (RS384 here), with a `tenant`: the keys are
 * fetched from the configured URL only, a token naming that URL as `jku` is accepted and any other is
 * not; and the settings are checked at start (bad JSON, an unknown clinic).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app.js';
import { ConfigError, loadConfig } from '../../src/server/config.js';
import type { CdsHarness } from './harness.js';
import { ehrKeys, startCdsHarness } from './harness.js';
import { patientView, prefetchOf, SERVICE } from './payloads.js';

const remote = await ehrKeys('https://ehr-c.example', 'RS384');
let fetches = 0;
const server = createServer((request, response) => {
  fetches++;
  if (request.url !== '/jwks.json') return void response.writeHead(404).end();
  response
    .writeHead(200, { 'content-type': 'application/json' })
    .end(JSON.stringify({ keys: [remote.publicJwk] }));
});
await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
const jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks.json`;

// An issuer like the CDS Hooks sandbox: its tokens name their JWK Set in `jku`; two URLs are allowed (a key
// rotation), its default keys are inline.
const sandbox = await ehrKeys('https://sandbox.example');
const rotated = await ehrKeys('https://sandbox.example');
const jkuHits: string[] = [];
const jkuServer = createServer((request, response) => {
  jkuHits.push(request.url ?? '');
  const keys = { '/old.json': [sandbox.publicJwk], '/new.json': [{ ...rotated.publicJwk, kid: 'rotated' }] }[
    request.url ?? ''
  ];
  if (keys === undefined) return void response.writeHead(404).end();
  response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys }));
});
await new Promise<void>((done) => jkuServer.listen(0, '127.0.0.1', done));
const jkuBase = `http://127.0.0.1:${(jkuServer.address() as AddressInfo).port}`;
const inlineOnly = await ehrKeys('https://sandbox.example');

const h: CdsHarness = await startCdsHarness({
  extraClients: ({ a, b }) => [
    { iss: remote.iss, tenant: 'site-2', jwksUrl, clinicId: b, algorithms: ['RS384'] },
    {
      iss: sandbox.iss,
      jwks: { keys: [{ ...inlineOnly.publicJwk, kid: 'inline' }] },
      jwksUrls: [`${jkuBase}/old.json`, `${jkuBase}/new.json`],
      clinicId: a,
    },
  ],
});
afterAll(async () => {
  await h.close();
  await new Promise((done) => server.close(done));
  await new Promise((done) => jkuServer.close(done));
});

const ehrC = { ...remote, ehrSystem: remote.iss, clinicId: h.b.clinicId, userId: h.b.userId };

describe('keys at a JWK Set URL', () => {
  it('verifies an RS384 token of the tenant, with the keys fetched from the configured URL', async () => {
    const token = await h.token(ehrC, SERVICE.patientView, { alg: 'RS384', claims: { tenant: 'site-2' } });
    const response = await h.call('POST', SERVICE.patientView, { body: patientView(prefetchOf()), token });
    expect(response.statusCode, response.body).toBe(200);
    expect(fetches).toBe(1);
    const [entry] = await h.store.audit.listForClinic(h.b.clinicId, { limit: 1 });
    expect(entry).toMatchObject({ action: 'cds.service_call', actor: `cds:${remote.iss}` });
  });

  it('accepts the configured URL as jku, and refuses any other, or a missing tenant', async () => {
    const ok = await h.token(ehrC, SERVICE.patientView, {
      alg: 'RS384',
      claims: { tenant: 'site-2' },
      header: { jku: jwksUrl },
    });
    expect(
      (await h.call('POST', SERVICE.patientView, { body: patientView(prefetchOf()), token: ok })).statusCode,
    ).toBe(200);
    const other = await h.token(ehrC, SERVICE.patientView, {
      alg: 'RS384',
      claims: { tenant: 'site-2' },
      header: { jku: 'http://127.0.0.1:1/jwks.json' },
    });
    expect(
      (await h.call('POST', SERVICE.patientView, { body: patientView(prefetchOf()), token: other }))
        .statusCode,
    ).toBe(401);
    const noTenant = await h.token(ehrC, SERVICE.patientView, { alg: 'RS384' });
    const refused = await h.call('POST', SERVICE.patientView, {
      body: patientView(prefetchOf()),
      token: noTenant,
    });
    expect(refused.json()).toMatchObject({ status: 401, detail: expect.stringMatching(/tenant/) });
    expect(fetches).toBe(1);
  });

  it('refuses ES384 for an issuer configured for RS384 only', async () => {
    const token = await h.token(ehrC, SERVICE.patientView, {
      claims: { tenant: 'site-2' },
      key: h.a.privateKey,
    });
    const response = await h.call('POST', SERVICE.patientView, { body: patientView(prefetchOf()), token });
    expect(response.json()).toMatchObject({ status: 401, detail: expect.stringMatching(/algorithm/) });
  });
});

describe('an allowlist of JWK Set URLs (jku) per issuer', () => {
  const ehrS = { ...sandbox, ehrSystem: sandbox.iss, clinicId: h.a.clinicId, userId: h.a.userId };
  const call = async (key: typeof sandbox, kid: string, jku?: string) => {
    const token = await h.token(ehrS, SERVICE.patientView, {
      key: key.privateKey,
      kid,
      ...(jku === undefined ? {} : { header: { jku } }),
    });
    return h.call('POST', SERVICE.patientView, { body: patientView(prefetchOf()), token });
  };

  it('verifies a token against the keys at its jku when the jku is on the list', async () => {
    expect((await call(sandbox, sandbox.kid, `${jkuBase}/old.json`)).statusCode).toBe(200);
    expect((await call(rotated, 'rotated', `${jkuBase}/new.json`)).statusCode).toBe(200);
    // The key of one listed set does not verify against another.
    const crossed = await call(rotated, 'rotated', `${jkuBase}/old.json`);
    expect(crossed.json()).toMatchObject({ status: 401, detail: expect.stringMatching(/kid/) });
    expect(jkuHits.filter((u) => u === '/old.json')).toHaveLength(1);
  });

  it('refuses a jku that is not on the list, without fetching it', async () => {
    const response = await call(sandbox, sandbox.kid, `${jkuBase}/other.json`);
    expect(response.statusCode).toBe(401);
    expect(response.headers['www-authenticate']).toBe('Bearer error="invalid_token"');
    expect(response.json()).toMatchObject({
      detail: expect.stringMatching(/jku is not one of the JWK Set URLs/),
    });
    expect(jkuHits).not.toContain('/other.json');
  });

  it('uses the configured keys for a token without jku', async () => {
    expect((await call(inlineOnly, 'inline')).statusCode).toBe(200);
    expect((await call(sandbox, sandbox.kid)).statusCode).toBe(401);
  });
});

describe('settings checked at start', () => {
  it('names the setting when NECKCHECK_CDS_CLIENTS or NECKCHECK_CDS_ALLOWED_ORIGINS is wrong', () => {
    expect(() => loadConfig({ NECKCHECK_CDS_CLIENTS: '[{"iss": 1}]' })).toThrow(ConfigError);
    expect(() => loadConfig({ NECKCHECK_CDS_CLIENTS: '[{"iss": 1}]' })).toThrow(
      /NECKCHECK_CDS_CLIENTS\[0\]\.iss/,
    );
    expect(() => loadConfig({ NECKCHECK_CDS_ALLOWED_ORIGINS: 'https://a.example/x' })).toThrow(
      /NECKCHECK_CDS_ALLOWED_ORIGINS/,
    );
  });

  it('refuses to start when a trusted client names a clinic that does not exist', async () => {
    const config = loadConfig({
      NECKCHECK_LOG_LEVEL: 'silent',
      NECKCHECK_CDS_CLIENTS: JSON.stringify([
        { iss: 'https://x.example', jwks: { keys: [remote.publicJwk] }, clinicId: 'no-such-clinic' },
      ]),
    });
    const deps = { ...h.deps, config };
    await expect(buildApp(deps, { logger: false }).then((app) => app.ready())).rejects.toThrow(
      /clinic "no-such-clinic" \(issuer https:\/\/x\.example\) does not exist/,
    );
  });
});
