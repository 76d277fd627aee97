/**
 * Two-factor in a real browser: a practitioner turns it on from their account page (the key shown beside
 * the QR code, a first code to confirm, recovery codes shown once), then logs in with password and a code
 * computed here from that key; the code step in French; no serious axe-core violation.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { totpCode } from '../../src/server/auth/totp.js';
import type { WebHarness } from './harness.js';
import { accessibilityViolations, login, PASSWORD, SCREENSHOTS, startWeb } from './harness.js';

let h: WebHarness;
beforeAll(async () => {
  h = await startWeb('two-factor');
}, 60_000);
afterAll(async () => h?.close());

describe('two-factor', () => {
  it('turns two-factor on from the account page, then logs in with a code from the app', async () => {
    const { context, page } = await h.newPage();
    await login(page, h.url, h.a.practitioner.email);
    await page.getByRole('link', { name: 'My account' }).click();
    await page.getByRole('heading', { name: 'Two-factor authentication' }).waitFor();
    await page.getByRole('button', { name: 'Turn on two-factor' }).click();
    const secret = (await page.getByTestId('totp-secret').textContent()) ?? '';
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(await page.locator('img[src^="data:image/png"]').count()).toBe(1);
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.getByLabel('Enter the 6-digit code').fill(totpCode(secret, new Date()));
    await page.getByRole('button', { name: 'Confirm and turn on' }).click();
    await page.getByRole('heading', { name: 'Your recovery codes' }).waitFor();
    expect(await page.getByTestId('recovery-codes').locator('li').count()).toBe(10);
    // The status is fetched again after the confirmation: wait for it rather than reading the page at once.
    await page.getByText(/Two-factor is on since/).waitFor();
    await page.screenshot({ path: `${SCREENSHOTS}/two-factor-enrolled.png`, fullPage: true });
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.waitForURL(/\/login/);

    await page.getByLabel(/Email/).fill(h.a.practitioner.email);
    await page.getByLabel(/Password/).fill(PASSWORD);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('heading', { name: 'Enter the code from your authenticator app' }).waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    // The next time step: the code used to confirm the enrolment is not accepted a second time.
    await page.getByLabel('6-digit code').fill(totpCode(secret, new Date(Date.now() + 30_000)));
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.getByRole('heading', { name: 'Today' }).waitFor();
    await context.close();

    const french = await h.newPage({ locale: 'fr-FR' });
    await french.page.goto(`${h.url}/login?lang=fr`);
    await french.page.getByLabel(/Adresse e-mail/).fill(h.a.practitioner.email);
    await french.page.getByLabel(/Mot de passe/).fill(PASSWORD);
    await french.page.getByRole('button', { name: 'Se connecter' }).click();
    await french.page
      .getByRole('heading', { name: "Saisissez le code de votre application d'authentification" })
      .waitFor();
    await french.page.getByLabel('Code à 6 chiffres').fill('000000');
    await french.page.getByRole('button', { name: 'Vérifier' }).click();
    await french.page.getByText(/Code incorrect ou déjà utilisé/).waitFor();
    await french.context.close();
  }, 120_000);

  it("shows the admin each user's two-factor and the API tokens with expiry and last use", async () => {
    const { context, page } = await h.newPage();
    await login(page, h.url, h.a.admin.email);
    await page.goto(`${h.url}/app/admin`);
    await page.getByRole('heading', { name: 'API tokens' }).waitFor();
    await page.locator('summary', { hasText: 'Create token' }).click();
    await page.getByLabel('Name', { exact: true }).fill('Booking system');
    await page.getByLabel('Valid for (days)').fill('7');
    await page.getByRole('button', { name: 'Create token' }).click();
    await page.getByText(/Copy this token now/).waitFor();
    const row = page.getByRole('row', { name: /Booking system/ });
    expect(await row.textContent()).toMatch(/Never/);
    expect(await accessibilityViolations(page)).toEqual([]);
    // The practitioner turned two-factor on in the test above: the admin can reset it.
    const practitioner = page.getByRole('row', { name: new RegExp(h.a.practitioner.email) });
    await practitioner.getByRole('button', { name: 'Reset two-factor' }).click();
    await practitioner.getByText('Off').waitFor();
    await page.screenshot({ path: `${SCREENSHOTS}/admin-tokens.png`, fullPage: true });
    await context.close();
  }, 120_000);
});
