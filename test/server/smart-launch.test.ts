/**
 * SMART on FHIR EHR launch against a local launcher (test/helpers/smart-launcher.ts), which plays the EHR's
 * authorization and FHIR servers and refuses what SMART App Launch 2 does not allow. A small cookie jar
 * follows the redirect chain the way a browser would: NeckCheck through inject, the launcher over HTTP.
 */
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app.js';
import { ConfigError, loadConfig } from '../../src/server/config.js';
import { parseSmartClients } from '../../src/server/smart/config.js';
import { displayNameOf } from '../../src/server/smart/oauth.js';
import type { Launcher } from '../helpers/smart-launcher.js';
import { startLauncher } from '../helpers/smart-launcher.js';
import type { Harness } from './harness.js';
import { ORIGIN, PASSWORD, startHarness } from './harness.js';
import type { Hop } from './smart-flow.js';
import { api, follow, Jar, last, visit } from './smart-flow.js';

const REDIRECT = `${ORIGIN}/smart/callback`;
const PATIENTS = [
  { id: 'pat-linked', family: 'Martin', given: ['Claire'], birthDate: '1971-04-02' },
  { id: 'pat-new', family: 'Dubois', given: ['Jean', 'Luc'], birthDate: '1985-11-30' },
  { id: 'pat-other', family: 'Roy', given: ['Anne'], birthDate: '1990-01-01' },
];

let h: Harness;
let launcher: Launcher;
let confidential: Launcher;
let noPkce: Launcher;
const SECRET = 'confidential-client-secret-for-tests';
let app: FastifyInstance;
const logs: string[] = [];

beforeAll(async () => {
  h = await startHarness();
  launcher = await startLauncher({ clientId: 'neckcheck-a', redirectUri: REDIRECT, patients: PATIENTS });
  confidential = await startLauncher({
    clientId: 'neckcheck-conf',
    clientSecret: SECRET,
    redirectUri: REDIRECT,
    patients: PATIENTS,
  });
  noPkce = await startLauncher({
    clientId: 'neckcheck-a',
    redirectUri: REDIRECT,
    patients: PATIENTS,
    pkce: false,
  });
  // The harness's clinics exist before this server's configuration names one of them; both servers share
  // the store (sessions included) and the data folder (the secret key).
  const config = loadConfig(
    {
      NECKCHECK_LOG_LEVEL: 'debug',
      NECKCHECK_FAILURES_PER_MINUTE: '1000',
      NECKCHECK_PUBLIC_URL: ORIGIN,
      NECKCHECK_SMART_CLIENTS: JSON.stringify([
        { iss: launcher.iss, clinicId: h.a.id, clientId: 'neckcheck-a' },
        {
          iss: confidential.iss,
          clinicId: h.a.id,
          clientId: 'neckcheck-conf',
          clientSecretEnv: 'NECKCHECK_TEST_SMART_SECRET',
        },
        { iss: noPkce.iss, clinicId: h.a.id, clientId: 'neckcheck-a' },
      ]),
      NECKCHECK_TEST_SMART_SECRET: SECRET,
    },
    {},
    h.deps.config.dataDir,
  );
  const stream = new Writable({
    write(chunk, _encoding, done) {
      logs.push(String(chunk));
      done();
    },
  });
  app = await buildApp({ ...h.deps, config }, { logger: { level: 'debug', stream } });
  await app.ready();
});
afterAll(async () => {
  await app.close();
  await Promise.all([launcher.close(), confidential.close(), noPkce.close()]);
  await h.close();
});
beforeEach(() => {
  launcher.deny = false;
});

const launchUrl = (launch: string, iss = launcher.iss) =>
  `${ORIGIN}/smart/launch?iss=${encodeURIComponent(iss)}&launch=${launch}`;

async function auditActions(): Promise<string[]> {
  const rows = await h.store.audit.listForClinic(h.a.id, { limit: 999 });
  return rows.map((r) => r.action);
}

describe('who may launch', () => {
  it('refuses an issuer that is not on the allowlist with a 400 page in English or French, or a problem', async () => {
    const evil = 'https://evil.example/fhir';
    const en = await visit(app, new Jar(), launchUrl('x', evil), { 'accept-language': 'en' });
    expect(en.status).toBe(400);
    expect(en.headers['content-type']).toMatch(/text\/html/);
    expect(en.body).toContain('This EHR may not open NeckCheck');
    expect(en.body).toContain('lang="en"');
    const fr = await visit(app, new Jar(), launchUrl('x', evil), { 'accept-language': 'fr-CA,fr;q=0.9' });
    expect(fr.status).toBe(400);
    expect(fr.body).toContain('Ce DPI n&#39;est pas autorisé à ouvrir NeckCheck');
    const problem = await app.inject({
      method: 'GET',
      url: `/smart/launch?iss=${encodeURIComponent(evil)}&launch=x`,
      headers: { accept: 'application/json', 'accept-language': 'fr' },
    });
    expect(problem.statusCode).toBe(400);
    expect(problem.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(problem.json().detail).toMatch(/pas autorisé/);
    // NeckCheck never contacted the unknown issuer, nor the launcher for it.
    expect(launcher.requests.some((r) => r.includes('evil'))).toBe(false);
  });

  it('refuses a launch link without iss or launch', async () => {
    const hop = await visit(app, new Jar(), `${ORIGIN}/smart/launch?launch=abc`);
    expect(hop.status).toBe(400);
    expect(hop.body).toContain('This link does not open NeckCheck');
  });
});

describe('a full EHR launch', () => {
  it('asks the EHR with PKCE S256, aud, launch and the least scope, and lands on the linked client', async () => {
    const created = await h.call(h.a.practitioner, 'POST', '/api/v1/clients', {
      displayName: 'C. Martin',
      ehrPatient: { system: launcher.iss, patientId: 'pat-linked' },
    });
    const clientId = (created.json() as { id: string }).id;
    const jar = new Jar(h.a.practitioner);
    const hops = await follow(app, jar, launchUrl(launcher.launch('pat-linked')));
    const authorize = new URL(hops[0]?.location ?? '');
    expect(`${authorize.origin}${authorize.pathname}`).toBe(`${launcher.origin}/auth/authorize`);
    expect(Object.fromEntries(authorize.searchParams)).toMatchObject({
      response_type: 'code',
      client_id: 'neckcheck-a',
      redirect_uri: REDIRECT,
      scope: 'launch openid fhirUser patient/Patient.rs',
      aud: launcher.iss,
      code_challenge_method: 'S256',
    });
    expect(authorize.searchParams.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    expect(authorize.searchParams.get('state')).toMatch(/^[\w-]{43}$/);
    expect(last(hops)).toMatchObject({ status: 303, location: `${ORIGIN}/app/smart` });

    const launch = await api(app, jar, 'GET', '/api/v1/smart/launch');
    expect(launch.statusCode).toBe(200);
    expect(launch.json().launch).toMatchObject({
      patient: { system: launcher.iss, patientId: 'pat-linked', name: 'Claire Martin', birthYear: 1971 },
      ehrUser: 'Practitioner/dr-ehr',
      client: { id: clientId, displayName: 'C. Martin' },
    });
    // Nothing NeckCheck received from the EHR reached the browser's cookies in the clear.
    const token = launcher.issuedTokens.at(-1) ?? 'none';
    expect(jar.header()).not.toContain(token);
    expect(JSON.stringify(launch.json())).not.toContain(token);

    const ended = await api(app, jar, 'DELETE', '/api/v1/smart/launch');
    expect(ended.statusCode).toBe(204);
    expect((await api(app, jar, 'GET', '/api/v1/smart/launch')).json()).toEqual({ launch: null });
  });

  it('offers a new patient as a client prefilled from the EHR, and links the one the practitioner confirms', async () => {
    const jar = new Jar(h.a.practitioner);
    const hops = await follow(app, jar, launchUrl(launcher.launch('pat-new')));
    expect(last(hops).status).toBe(303);
    const launch = await api(app, jar, 'GET', '/api/v1/smart/launch');
    expect(launch.json().launch).toMatchObject({
      client: null,
      patient: { patientId: 'pat-new', name: 'Jean Luc Dubois', birthDate: '1985-11-30', birthYear: 1985 },
    });
    const created = await api(app, jar, 'POST', '/api/v1/smart/launch/client', {
      displayName: 'Jean-Luc Dubois',
      birthYear: 1985,
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({
      displayName: 'Jean-Luc Dubois',
      birthYear: 1985,
      ehrPatient: { system: launcher.iss, patientId: 'pat-new' },
    });
    const found = await h.store.clients.findByEhrPatient(h.a.id, launcher.iss, 'pat-new');
    expect(found?.id).toBe(created.json().id);
    // The launch is over: no second client from the same launch.
    expect(
      (await api(app, jar, 'POST', '/api/v1/smart/launch/client', { displayName: 'Again' })).statusCode,
    ).toBe(404);
  });

  it('keeps the launch across the NeckCheck login when the browser had no session', async () => {
    const jar = new Jar();
    const hops = await follow(app, jar, launchUrl(launcher.launch('pat-other')));
    expect(last(hops).location).toBe(`${ORIGIN}/app/smart`);
    expect((await api(app, jar, 'GET', '/api/v1/smart/launch')).statusCode).toBe(401);
    const login = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { host: 'neckcheck.test', origin: ORIGIN, cookie: jar.header() },
      payload: { email: h.a.practitioner.email, password: PASSWORD },
    });
    expect(login.statusCode).toBe(200);
    jar.take(login.cookies);
    const launch = await api(app, jar, 'GET', '/api/v1/smart/launch');
    expect(launch.statusCode).toBe(200);
    expect(launch.json().launch.patient.patientId).toBe('pat-other');
  });

  it('refuses the launch to staff of another clinic and to reception, in their language', async () => {
    const jar = new Jar(h.b.practitioner);
    await follow(app, jar, launchUrl(launcher.launch('pat-other')));
    const other = await api(app, jar, 'GET', '/api/v1/smart/launch', undefined, 'fr');
    expect(other.statusCode).toBe(403);
    expect(other.json().detail).toMatch(/autre clinique/);
    const reception = new Jar(h.a.reception);
    await follow(app, reception, launchUrl(launcher.launch('pat-other')));
    expect((await api(app, reception, 'GET', '/api/v1/smart/launch')).statusCode).toBe(403);
  });

  it('audits who launched, for which clinic and EHR patient, and never writes a token or code', async () => {
    const jar = new Jar(h.a.admin);
    await follow(app, jar, launchUrl(launcher.launch('pat-linked', 'Practitioner/audited')));
    await api(app, jar, 'GET', '/api/v1/smart/launch');
    const rows = await h.store.audit.listForClinic(h.a.id, { limit: 999 });
    const launched = rows.find((r) => r.action === 'smart.launch');
    expect(launched).toMatchObject({
      clinicId: h.a.id,
      actor: `smart:${launcher.iss}#Practitioner/audited`,
      resourceType: 'ehr_patient',
      resourceId: 'pat-linked',
    });
    const opened = rows.find((r) => r.action === 'smart.launch_opened');
    expect(opened).toMatchObject({ actor: `user:${h.a.admin.userId}`, resourceId: 'pat-linked' });
    const written = JSON.stringify(rows) + logs.join('\n');
    for (const token of launcher.issuedTokens) expect(written).not.toContain(token);
    const codes = launcher.requests
      .filter((r) => r.startsWith('GET /auth/authorize'))
      .map((r) => new URL(r.slice(4), launcher.origin).searchParams.get('state') ?? 'none');
    for (const state of codes) expect(written).not.toContain(state);
    expect(logs.length).toBeGreaterThan(0);
  });
});

describe('other kinds of EHR', () => {
  it('authenticates as a confidential client with its secret, which appears nowhere else', async () => {
    const jar = new Jar(h.a.practitioner);
    const hops = await follow(app, jar, launchUrl(confidential.launch('pat-new'), confidential.iss));
    expect(last(hops)).toMatchObject({ status: 303, location: `${ORIGIN}/app/smart` });
    const launch = await api(app, jar, 'GET', '/api/v1/smart/launch');
    expect(launch.json().launch.patient).toMatchObject({ system: confidential.iss, patientId: 'pat-new' });
    const audit = JSON.stringify(await h.store.audit.listForClinic(h.a.id, { limit: 999 }));
    for (const written of [audit, logs.join('\n'), jar.header(), ...hops.map((hop) => hop.location ?? '')])
      expect(written).not.toContain(SECRET);
  });

  it('refuses an EHR that does not offer PKCE S256, before sending the browser there', async () => {
    const hop = await visit(app, new Jar(h.a.practitioner), launchUrl(noPkce.launch('pat-new'), noPkce.iss));
    expect(hop.status).toBe(400);
    expect(hop.body).toContain('This EHR does not offer PKCE');
    expect(noPkce.requests.some((r) => r.startsWith('GET /auth/authorize'))).toBe(false);
  });
});

describe('what the callback refuses', () => {
  it('refuses a state that is not the one this browser started with', async () => {
    const jar = new Jar(h.a.practitioner);
    const hops = await follow(app, jar, launchUrl(launcher.launch('pat-linked')), (url) =>
      url.startsWith(`${ORIGIN}/smart/callback`) ? url.replace(/state=[^&]+/, 'state=forged') : url,
    );
    expect(last(hops).status).toBe(400);
    expect(last(hops).body).toContain('This sign-in from the EHR is not valid');
    expect((await api(app, jar, 'GET', '/api/v1/smart/launch')).json()).toEqual({ launch: null });
    expect(await auditActions()).toContain('smart.state_invalid');
  });

  it('refuses a callback in a browser that did not start the launch', async () => {
    const jar = new Jar(h.a.practitioner);
    const hops = await follow(app, jar, launchUrl(launcher.launch('pat-linked')), (url) => url);
    expect(last(hops).status).toBe(303);
    const callback = hops.find((hop) => hop.url.startsWith(`${ORIGIN}/smart/callback`));
    const stranger = await visit(app, new Jar(h.a.practitioner), callback?.url ?? '');
    expect(stranger.status).toBe(400);
  });

  it('refuses a replayed callback, even with the state cookie copied', async () => {
    const jar = new Jar(h.a.practitioner);
    let stateCookie = '';
    const hops: Hop[] = [];
    let url: string | undefined = launchUrl(launcher.launch('pat-linked'));
    while (url !== undefined && !url.startsWith(`${ORIGIN}/app`)) {
      if (url.startsWith(`${ORIGIN}/smart/callback`)) stateCookie = jar.header();
      const hop = await visit(app, jar, url);
      hops.push(hop);
      url = hop.status >= 300 && hop.status < 400 ? hop.location : undefined;
    }
    expect(last(hops).status).toBe(303);
    const callback = hops.find((hop) => hop.url.startsWith(`${ORIGIN}/smart/callback`))?.url ?? '';
    // The same browser again: its state cookie was spent.
    expect((await visit(app, jar, callback)).status).toBe(400);
    // A copy of the request with the cookie as it was: the state was already used.
    const copy = await app.inject({
      method: 'GET',
      url: callback.slice(ORIGIN.length),
      headers: { host: 'neckcheck.test', accept: 'text/html', cookie: stateCookie },
    });
    expect(copy.statusCode).toBe(400);
    expect(copy.body).toContain('already used');
  });

  it('refuses a state older than ten minutes', async () => {
    const jar = new Jar(h.a.practitioner);
    const hops = await follow(app, jar, launchUrl(launcher.launch('pat-linked')), (url) => {
      if (url.startsWith(`${ORIGIN}/smart/callback`))
        h.clock.now = new Date(h.clock.now.getTime() + 11 * 60_000);
      return url;
    });
    expect(last(hops).status).toBe(400);
    expect(last(hops).body).toContain('has expired');
  });

  it('shows a clear error when the EHR refuses the PKCE verifier (a code_challenge swapped on the way)', async () => {
    const jar = new Jar(h.a.practitioner);
    const hops = await follow(app, jar, launchUrl(launcher.launch('pat-linked')), (url) =>
      url.startsWith(`${launcher.origin}/auth/authorize`)
        ? url.replace(/code_challenge=[^&]+/, `code_challenge=${'A'.repeat(43)}`)
        : url,
    );
    const end = last(hops);
    expect(end.status).toBe(400);
    expect(end.body).toContain('The EHR refused to complete the sign-in');
    expect(end.body).toContain('invalid_grant');
    expect((await api(app, jar, 'GET', '/api/v1/smart/launch')).json()).toEqual({ launch: null });
  });

  it('shows the EHR’s refusal of the authorisation', async () => {
    launcher.deny = true;
    const hops = await follow(
      app,
      new Jar(h.a.practitioner),
      launchUrl(launcher.launch('pat-linked')),
      (url) => url,
    );
    expect(last(hops).status).toBe(400);
    expect(last(hops).body).toContain('access_denied');
  });

  it('refuses a launch without patient context, and says when the EHR does not return the patient', async () => {
    const none = await follow(app, new Jar(h.a.practitioner), launchUrl(launcher.launch('')));
    expect(last(none).status).toBe(400);
    expect(last(none).body).toContain('The EHR opened NeckCheck without a patient');
    const missing = await follow(
      app,
      new Jar(h.a.practitioner),
      launchUrl(launcher.launch('pat-missing')),
      (url) => url,
    );
    expect(last(missing).status).toBe(503);
    expect(last(missing).body).toContain('could not read the patient from the EHR');
  });

  it('refuses an unknown launch value at the EHR, which says so', async () => {
    const hops = await follow(app, new Jar(h.a.practitioner), launchUrl('not-a-launch'));
    expect(last(hops).status).toBe(400);
    expect(last(hops).body).toContain('invalid_request');
  });
});

describe('floods', () => {
  it('caps launches per address and minute, since each one costs a request to the EHR', async () => {
    const config = loadConfig(
      {
        NECKCHECK_LOG_LEVEL: 'silent',
        NECKCHECK_PUBLIC_URL: ORIGIN,
        NECKCHECK_FAILURES_PER_MINUTE: '2',
        NECKCHECK_SMART_CLIENTS: JSON.stringify([
          { iss: launcher.iss, clinicId: h.a.id, clientId: 'neckcheck-a' },
        ]),
      },
      {},
      h.deps.config.dataDir,
    );
    const small = await buildApp({ ...h.deps, config }, { logger: false });
    try {
      const before = launcher.requests.length;
      const statuses: number[] = [];
      for (let i = 0; i < 3; i++)
        statuses.push((await visit(small, new Jar(), launchUrl(launcher.launch('pat-new')))).status);
      expect(statuses).toEqual([302, 302, 429]);
      expect(launcher.requests.length - before).toBe(2);
    } finally {
      await small.close();
    }
  });
});

describe('NECKCHECK_SMART_CLIENTS', () => {
  const entry = { iss: 'https://ehr.example/fhir/', clinicId: 'c1', clientId: 'neckcheck' };

  it('reads the allowlist with defaults: scope, ehrSystem = iss without its trailing slash, public client', () => {
    expect(parseSmartClients(JSON.stringify([entry]))).toEqual([
      {
        iss: 'https://ehr.example/fhir',
        clinicId: 'c1',
        clientId: 'neckcheck',
        ehrSystem: 'https://ehr.example/fhir',
        scope: 'launch openid fhirUser patient/Patient.rs',
      },
    ]);
  });

  it('takes a confidential client’s secret from the environment variable it names, never inline', () => {
    const raw = JSON.stringify([{ ...entry, clientSecretEnv: 'EHR_SECRET' }]);
    expect(parseSmartClients(raw, { EHR_SECRET: 's3cret' })[0]?.clientSecret).toBe('s3cret');
    expect(() => parseSmartClients(raw, {})).toThrow(/clientSecretEnv names EHR_SECRET, which is not set/);
    expect(() => parseSmartClients(JSON.stringify([{ ...entry, clientSecret: 'x' }]))).toThrow(
      /clientSecret is not accepted/,
    );
  });

  it('names the entry and field of every mistake', () => {
    const bad = (value: unknown) => () => loadConfig({ NECKCHECK_SMART_CLIENTS: JSON.stringify(value) });
    expect(bad([{ ...entry, iss: 'http://ehr.example/fhir' }])).toThrow(
      /NECKCHECK_SMART_CLIENTS\[0\]\.iss must be an https URL/,
    );
    expect(bad([{ ...entry, clientId: undefined }])).toThrow(/\[0\]\.clientId is required/);
    expect(bad([{ ...entry, scope: 'openid' }])).toThrow(/scope must include "launch"/);
    expect(bad([entry, { ...entry, clinicId: 'c2' }])).toThrow(/\[1\] repeats iss/);
    expect(bad([{ ...entry, tenant: 'x' }])).toThrow(/unknown field "tenant"/);
    expect(bad({})).toThrow(ConfigError);
  });
});

describe('the name offered from the EHR', () => {
  it('prefers the official name, then the usual one, and reads text or given and family names', () => {
    expect(
      displayNameOf([
        { use: 'usual', text: 'Jo Tremblay' },
        { use: 'official', family: 'Tremblay', given: ['Josée', 'Marie'] },
      ]),
    ).toBe('Josée Marie Tremblay');
    expect(
      displayNameOf([
        { use: 'nickname', text: 'JT' },
        { use: 'usual', text: '  Jo   Tremblay ' },
      ]),
    ).toBe('Jo Tremblay');
    expect(displayNameOf([{ family: 'Roy' }])).toBe('Roy');
    expect(displayNameOf([{ use: 'official' }])).toBeUndefined();
    expect(displayNameOf([])).toBeUndefined();
    expect(displayNameOf([{ text: 'x'.repeat(200) }])).toHaveLength(120);
  });
});
