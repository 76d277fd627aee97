/**
 * SMART on FHIR EHR launch in a real browser: Chromium starts on the EHR's own page (the local launcher,
 * served as `localhost`, another site than NeckCheck on 127.0.0.1) and follows the whole chain — NeckCheck's
 * launch URL, the EHR's authorization endpoint, NeckCheck's callback, the NeckCheck login — to the
 * screening of the linked client; a patient NeckCheck does not know is offered as a new client, in French.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DEFAULT_WEB_DIR, loadKbAndBundle } from '../../src/node/kb-files.js';
import { hashPassword } from '../../src/server/auth/secrets.js';
import { loadConfig } from '../../src/server/config.js';
import type { RunningServer } from '../../src/server/serve.js';
import { startServer } from '../../src/server/serve.js';
import { openStore } from '../../src/store/index.js';
import type { Launcher } from '../helpers/smart-launcher.js';
import { startLauncher } from '../helpers/smart-launcher.js';
import { accessibilityViolations, PASSWORD, SCREENSHOTS } from './harness.js';

const EMAIL = 'practitioner@smart-clinic.test';
let dir: string;
let server: RunningServer;
let launcher: Launcher;
let browser: Browser;
let linkedClientId: string;
let clinicId: string;

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const address = probe.address();
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

beforeAll(async () => {
  const loaded = await loadKbAndBundle();
  if (!loaded.ok) throw new Error('knowledge base invalid');
  dir = await mkdtemp(join(tmpdir(), 'neckcheck-smart-web-'));
  // The clinic exists before the server starts, because its configuration names it.
  const store = await openStore({ dataDir: dir });
  const now = new Date().toISOString();
  const clinic = await store.clinics.create({ name: 'Smart Clinic', createdAt: now });
  clinicId = clinic.id;
  await store.users.create({
    clinicId: clinic.id,
    email: EMAIL,
    name: 'Paul Smart',
    role: 'practitioner',
    profession: 'massage_therapist',
    disabled: false,
    passwordHash: await hashPassword(PASSWORD),
    createdAt: now,
  });
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  launcher = await startLauncher({
    clientId: 'neckcheck-web',
    redirectUri: `${origin}/smart/callback`,
    launchUrl: `${origin}/smart/launch`,
    hostname: 'localhost',
    patients: [
      { id: 'web-linked', family: 'Martin', given: ['Marie'], birthDate: '1951-06-01' },
      { id: 'web-new', family: 'Lefèvre', given: ['Élise'], birthDate: '1979-03-14' },
    ],
  });
  const linked = await store.clients.create({
    clinicId: clinic.id,
    displayName: 'Marie Martin',
    birthYear: 1951,
    email: null,
    phone: null,
    createdAt: now,
    ehrPatient: { system: launcher.iss, patientId: 'web-linked' },
  });
  linkedClientId = linked.id;
  await store.close();
  const config = loadConfig(
    {
      NECKCHECK_LOG_LEVEL: 'warn',
      NECKCHECK_DEMO: 'false',
      NECKCHECK_PUBLIC_URL: origin,
      NECKCHECK_SMART_CLIENTS: JSON.stringify([
        { iss: launcher.iss, clinicId: clinic.id, clientId: 'neckcheck-web' },
      ]),
    },
    { port: String(port), data: dir },
  );
  server = await startServer(config, loaded.value.kb, {
    bundle: loaded.value.bundle,
    webDir: DEFAULT_WEB_DIR,
  });
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-quic'],
  });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await launcher?.close();
  await rm(dir, { recursive: true, force: true });
});

it('follows the EHR launch through the NeckCheck login to the screening of the linked client', async () => {
  const context = await browser.newContext({ locale: 'en-GB', bypassCSP: true });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  await page.goto(`${launcher.origin}/ehr/open?launch=${launcher.launch('web-linked')}`);
  await page.waitForURL(/\/login\?next=%2Fapp%2Fsmart/);
  expect(launcher.requests.some((r) => r.startsWith('POST /auth/token'))).toBe(true);
  await page.getByLabel(/Email/).fill(EMAIL);
  await page.getByLabel(/Password/).fill(PASSWORD);
  await page.getByRole('button', { name: /Log in/ }).click();
  await page.waitForURL(new RegExp(`/app/clients/${linkedClientId}/in-room$`));
  await page.getByRole('heading', { name: 'Screening in the room — Marie Martin' }).waitFor();
  // No token, code or verifier in what the browser can read or keep.
  const cookies = await context.cookies();
  const kept =
    JSON.stringify(cookies) +
    (await page.evaluate(() => JSON.stringify({ ...sessionStorage, ...localStorage })));
  for (const token of launcher.issuedTokens) expect(kept).not.toContain(token);
  expect(
    cookies.filter((c) => c.name.includes('smart')).every((c) => c.httpOnly && c.sameSite === 'Lax'),
  ).toBe(true);
  await page.screenshot({ path: join(SCREENSHOTS, 'smart-linked.png') });
  await context.close();
});

it('offers a patient NeckCheck does not know as a new client, prefilled from the EHR, in French', async () => {
  const context = await browser.newContext({ locale: 'fr-FR', bypassCSP: true });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  await page.goto(`${server.url}/login`);
  await page.getByLabel(/Adresse e-mail|Email/).fill(EMAIL);
  await page.getByLabel(/Mot de passe|Password/).fill(PASSWORD);
  await page.getByRole('button', { name: /Se connecter|Log in/ }).click();
  await page.waitForURL(/\/app$/);
  await page.goto(`${launcher.origin}/ehr/open?launch=${launcher.launch('web-new')}`);
  await page.waitForURL(/\/app\/smart$/);
  await page.getByText('Ce patient n’est pas encore un client').waitFor();
  const name = page.getByLabel('Nom ou pseudonyme');
  await expect(name.inputValue()).resolves.toBe('Élise Lefèvre');
  await expect(page.getByLabel('Année de naissance').inputValue()).resolves.toBe('1979');
  expect(await accessibilityViolations(page)).toEqual([]);
  await page.screenshot({ path: join(SCREENSHOTS, 'smart-new-patient-fr.png') });
  await name.fill('É. Lefèvre');
  await page.getByRole('button', { name: 'Ajouter le client et commencer le dépistage' }).click();
  await page.waitForURL(/\/app\/clients\/[0-9a-f-]{36}\/in-room$/);
  const clientId = /\/app\/clients\/([0-9a-f-]{36})\/in-room$/.exec(page.url())?.[1] ?? '';
  const client = await server.store.clients.findByEhrPatient(clinicId, launcher.iss, 'web-new');
  expect(client).toMatchObject({ id: clientId, displayName: 'É. Lefèvre', birthYear: 1979 });
  await context.close();
});

it('shows a launch from an issuer that is not allowed as a French page, under its own strict CSP', async () => {
  // No CSP bypass here: the page's inline style must be allowed by the hash the server sends.
  const context = await browser.newContext({ locale: 'fr-FR' });
  const page = await context.newPage();
  const violations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  const response = await page.goto(
    `${server.url}/smart/launch?iss=${encodeURIComponent('https://unknown-ehr.example/fhir')}&launch=abc`,
  );
  expect(response?.status()).toBe(400);
  await page.getByRole('heading', { name: /Ce DPI n.est pas autorisé à ouvrir NeckCheck/ }).waitFor();
  expect(await page.evaluate(() => getComputedStyle(document.body).maxWidth)).not.toBe('none');
  expect(violations).toEqual([]);
  await context.close();
});
