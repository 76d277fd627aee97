/**
 * The clinic's journey in a real browser: an intake link filled by the client (keyboard only), then the
 * therapist's review, override, consent and adverse-event report; PDF report; another clinic's attempt to
 * open the screening; accessibility of every page; the app's own CSP.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { digest, newToken } from '../../src/server/auth/secrets.js';
import type { WebHarness } from './harness.js';
import { accessibilityViolations, login, SCREENSHOTS, startWeb } from './harness.js';
import { completeByKeyboard } from './keyboard.js';
import { BENIGN_PLAN } from './plans.js';

let h: WebHarness;
let clientId: string;
let intakeUrl: string;

beforeAll(async () => {
  h = await startWeb('clinic');
  const now = new Date();
  const client = await h.server.store.clients.create({
    clinicId: h.a.id,
    displayName: 'Marie Martin',
    birthYear: 1951,
    email: null,
    phone: null,
    createdAt: now.toISOString(),
  });
  clientId = client.id;
  const token = newToken();
  await h.server.store.intakes.create({
    clinicId: h.a.id,
    clientId,
    moment: 'first_treatment',
    tokenHash: digest(token),
    createdBy: h.a.practitioner.userId,
    createdAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + 86_400_000).toISOString(),
    usedAt: null,
    screeningId: null,
  });
  intakeUrl = `${h.url}/intake/${token}`;
}, 60_000);
afterAll(async () => h?.close());

describe('clinic journey', () => {
  it('lets a client fill an intake link with the keyboard and refuses the link afterwards', async () => {
    const { context, page } = await h.newPage({ width: 360 });
    await page.goto(intakeUrl);
    await page.getByRole('heading', { name: 'Questionnaire for Clinic A' }).waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    const plan = { ...BENIGN_PLAN, age: 74, medications: ['anticoagulant'] };
    const asked = await completeByKeyboard(page, plan);
    expect(asked).not.toContain('moment');
    await page.waitForSelector('article.result');
    expect(await page.textContent('main')).toMatch(/Your answers were sent to Clinic A/);
    expect(await page.textContent('.banner .verdict')).toBe('Proceed with precautions');
    await page.screenshot({ path: `${SCREENSHOTS}/intake-result.png`, fullPage: true });
    await page.goto(intakeUrl);
    await page.getByText('This link has already been used').waitFor();
    await context.close();
  }, 120_000);

  it('shows the screening to the therapist, who reviews, overrides, records consent and reports an adverse event', async () => {
    const { context, page } = await h.newPage();
    await login(page, h.url, h.a.practitioner.email);
    await page.getByRole('heading', { name: 'Today' }).waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.screenshot({ path: `${SCREENSHOTS}/today.png`, fullPage: true });
    await page.getByRole('link', { name: 'Marie Martin' }).first().click();
    await page.getByRole('heading', { name: /Screening/ }).waitFor();
    const main = (await page.textContent('main')) ?? '';
    expect(main).toMatch(/Proceed with precautions/);
    expect(main).toMatch(/Blood thinners or a bleeding tendency/);
    await page.getByText('Why').first().click();
    expect(await page.textContent('main')).toMatch(/Relevant medicines/);
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.screenshot({ path: `${SCREENSHOTS}/screening.png`, fullPage: true });

    await page.getByLabel('Note').fill('Reviewed with Marie; INR stable.');
    await page.getByRole('button', { name: 'Sign off' }).click();
    await page.getByText('Reviewed with Marie; INR stable.').waitFor();

    await page.locator('summary', { hasText: 'Override a technique decision' }).click();
    await page.getByLabel('Technique', { exact: true }).selectOption('deep_tissue');
    await page.getByLabel('New decision').selectOption('precautions');
    await page.getByLabel('Reason', { exact: true }).selectOption('medical_clearance_obtained');
    await page.getByLabel('Explain').fill('Haematologist agreed to gentle trigger-point work.');
    // More permissive than the screening: a second, explicit confirmation.
    await page.getByLabel('I take responsibility for a decision more permissive than the screening').check();
    await page.getByRole('button', { name: 'Override a technique decision' }).click();
    await page
      .getByText(/overridden/)
      .first()
      .waitFor();

    await page.getByLabel('Light or relaxation massage of the neck and shoulders').check();
    await page.getByText('Text the client will read').waitFor();
    const shown = (await page.textContent('.letter')) ?? '';
    expect(shown).toMatch(/Consent to neck treatment/);
    await page.getByLabel('Client types their full name').fill('Marie Martin');
    const canvas = page.getByRole('img', { name: 'Drawn signature (optional)' });
    await canvas.scrollIntoViewIfNeeded();
    const pad = await canvas.boundingBox();
    if (pad === null) throw new Error('no signature pad');
    await page.mouse.move(pad.x + 20, pad.y + pad.height / 2);
    await page.mouse.down();
    for (let i = 1; i <= 10; i++)
      await page.mouse.move(pad.x + 20 + i * 25, pad.y + pad.height / 2 + (i % 2 === 0 ? 20 : -20));
    await page.mouse.up();
    await page.getByRole('button', { name: 'Record consent' }).click();
    await page.getByText(/— Marie Martin: Light or relaxation massage/).waitFor();
    await page.getByRole('img', { name: 'Drawn signature (optional): Marie Martin' }).waitFor();
    const [consent] = await h.server.store.consents.listForClient(h.a.id, clientId);
    expect(consent?.signature).toMatch(/^data:image\/png;base64,iVBORw0KGgo/);
    // The server stores exactly the text the client read (built from the decisions after the override).
    expect(consent?.textShown).toBe(shown);

    const pdf = await page.request.get(
      `${page.url().replace(/\/app\/screenings\/.*/, '')}/api/v1/screenings/${page.url().split('/').at(-1)}/report.pdf`,
    );
    expect(pdf.status()).toBe(200);
    expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');

    await page.getByRole('link', { name: /Timeline/ }).click();
    await page.getByRole('heading', { name: 'Marie Martin' }).waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.locator('summary', { hasText: 'Record a treatment' }).click();
    await page
      .getByRole('group', { name: 'Techniques used' })
      .getByLabel(/Light or relaxation/)
      .check();
    await page.getByRole('button', { name: 'Save' }).first().click();
    await page.getByText(/Treatment: Light or relaxation massage/).waitFor();
    const started = Date.now();
    await page.locator('summary', { hasText: 'Report an adverse event' }).click();
    await page.getByLabel('Technique', { exact: true }).selectOption('light_massage');
    await page.getByLabel('Onset').fill('2026-11-25T18:30');
    await page.locator('#q-event_type input[value="treatment"]').check();
    await page.locator('#q-event_symptoms input[value="soreness"]').check();
    await page
      .getByLabel('Other symptoms or details (optional)')
      .fill('Headache and neck soreness the same evening');
    await page.getByRole('button', { name: 'Save' }).last().click();
    await page.getByText(/Adverse event \(1 — mild\): Headache and neck soreness/).waitFor();
    expect(Date.now() - started).toBeLessThan(60_000);
    await page.screenshot({ path: `${SCREENSHOTS}/client.png`, fullPage: true });

    await page.getByRole('link', { name: 'Today' }).click();
    const trend = page.locator('table', { hasText: 'Rate per 1,000 treatments' });
    await trend.waitFor();
    const quarter = `${new Date().getUTCFullYear()}-Q${Math.floor(new Date().getUTCMonth() / 3) + 1}`;
    expect(await trend.locator('tr', { hasText: quarter }).textContent()).toContain('1000 (1/1)');
    expect(await accessibilityViolations(page)).toEqual([]);
    await context.close();
  }, 120_000);

  it("does not show one clinic's screening to another clinic", async () => {
    const screening = (await h.server.store.screenings.listForClient(h.a.id, clientId))[0];
    expect(screening).toBeDefined();
    const { context, page } = await h.newPage();
    await login(page, h.url, h.b.practitioner.email);
    const responses: number[] = [];
    page.on('response', (r) => {
      if (r.url().includes(`/api/v1/screenings/${screening?.id}`)) responses.push(r.status());
    });
    await page.goto(`${h.url}/app/screenings/${screening?.id}`);
    await page.getByRole('alert').waitFor();
    expect(responses).toEqual([404]);
    expect(await page.textContent('main')).not.toMatch(/Marie Martin/);
    const api = await page.request.get(`${h.url}/api/v1/clients/${clientId}/export`);
    expect(api.status()).toBe(404);
    await context.close();
  }, 60_000);

  it('adds a client linked to the EHR patient a CDS Hooks card names, then unlinks them', async () => {
    const { context, page } = await h.newPage();
    await login(page, h.url, h.a.practitioner.email);
    const query = new URLSearchParams({ ehrSystem: 'https://ehr.example/fhir', ehrPatientId: 'pat-77' });
    await page.goto(`${h.url}/app/clients/new?${query.toString()}`);
    await page.getByRole('heading', { name: 'New client' }).waitFor();
    expect(await page.textContent('main')).toMatch(
      /linked to EHR patient pat-77 in https:\/\/ehr\.example\/fhir/,
    );
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.getByLabel('Name or pseudonym').fill('Paul Linked');
    await page.getByRole('button', { name: 'Add client' }).click();
    await page.getByRole('heading', { name: 'Paul Linked' }).waitFor();
    await page.getByText('Linked to EHR patient').waitFor();
    const linked = await h.server.store.clients.findByEhrPatient(
      h.a.id,
      'https://ehr.example/fhir',
      'pat-77',
    );
    expect(linked?.displayName).toBe('Paul Linked');

    await page.getByRole('button', { name: 'Remove the link' }).click();
    await page.getByRole('button', { name: 'Link', exact: true }).waitFor();
    expect(
      await h.server.store.clients.findByEhrPatient(h.a.id, 'https://ehr.example/fhir', 'pat-77'),
    ).toBeUndefined();

    await page.getByLabel('EHR system (its identifier)').fill('https://ehr.example/fhir');
    await page.getByLabel('Patient id in the EHR').fill('pat-78');
    await page.getByRole('button', { name: 'Link', exact: true }).click();
    await page.getByRole('button', { name: 'Remove the link' }).waitFor();
    expect(
      (await h.server.store.clients.findByEhrPatient(h.a.id, 'https://ehr.example/fhir', 'pat-78'))?.id,
    ).toBe(linked?.id);
    await page.screenshot({ path: `${SCREENSHOTS}/client-ehr-link.png`, fullPage: true });
    await context.close();
  }, 60_000);

  it('says in words why a change failed, and erases nothing when the name typed does not match', async () => {
    const { context, page } = await h.newPage();
    await login(page, h.url, h.a.admin.email);
    await page.goto(`${h.url}/app/clients/${clientId}`);
    await page.getByRole('heading', { name: 'Marie Martin' }).waitFor();

    await page.getByText('Record a treatment').click();
    await page.getByRole('button', { name: 'Save' }).first().click();
    // No technique chosen (and, since the adverse event, no current screening either): the server says why.
    await page
      .getByRole('alert')
      .getByText(/Some fields are missing or not valid\.|Refused: /)
      .waitFor();

    await page.getByText('Erase this client and all their records').first().click();
    await page.getByLabel('Type the client name to confirm erasure').fill('Marie Martn');
    await page.getByRole('button', { name: 'Erase this client and all their records' }).click();
    await page.getByRole('alert').getByText('does not match this client: nothing was erased').waitFor();
    expect(await h.server.store.clients.get(h.a.id, clientId)).toBeDefined();
    expect(await accessibilityViolations(page)).toEqual([]);
    await context.close();
  }, 60_000);

  it('keeps the knowledge-base browser and admin pages accessible', async () => {
    const { context, page } = await h.newPage();
    await page.goto(`${h.url}/kb`);
    await page.getByRole('link', { name: /E3/ }).click();
    await page.getByRole('heading', { name: /E3/ }).waitFor();
    await page.getByRole('heading', { name: 'Test vectors' }).waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    await login(page, h.url, h.a.admin.email);
    await page.goto(`${h.url}/app/admin`);
    await page.getByRole('heading', { name: 'Audit log' }).waitFor();
    await page.getByRole('button', { name: 'Verify the hash chain' }).click();
    await page.getByText('The audit log is intact.').waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.goto(`${h.url}/`);
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.goto(`${h.url}/login`);
    expect(await accessibilityViolations(page)).toEqual([]);
    await context.close();
  }, 60_000);

  it('runs under its own Content-Security-Policy without a single violation', async () => {
    const context = await h.browser.newContext();
    const page = await context.newPage();
    const violations: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
    });
    const response = await page.goto(`${h.url}/check`);
    expect(response?.headers()['content-security-policy']).toMatch(/script-src 'self'/);
    await page.waitForSelector('form.questionnaire');
    await page.goto(`${h.url}/kb`);
    await page.getByRole('link', { name: /E3/ }).waitFor();
    expect(violations).toEqual([]);
    await context.close();
  }, 60_000);
});
