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

const h: CdsHarness = await startCdsHarness({
  extraClients: ({ b }) => [
    { iss: remote.iss, tenant: 'site-2', jwksUrl, clinicId: b, algorithms: ['RS384'] },
  ],
});
afterAll(async () => {
  await h.close();
  await new Promise((done) => server.close(done));
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
