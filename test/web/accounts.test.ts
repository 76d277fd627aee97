/**
 * Accounts in a real browser: a one-time password leads to the change-password page (in French here) and
 * nowhere else until it is changed; a weak password is refused in words; the user hears of failed logins
 * since their last one; the admin sees a locked account and unlocks it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/server/auth/secrets.js';
import type { WebHarness } from './harness.js';
import { accessibilityViolations, login, PASSWORD, SCREENSHOTS, startWeb } from './harness.js';

let h: WebHarness;
beforeAll(async () => {
  h = await startWeb('accounts');
}, 60_000);
afterAll(async () => h?.close());

async function failLogins(email: string, times: number): Promise<void> {
  for (let i = 0; i < times; i++) {
    const response = await fetch(`${h.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: h.url },
      body: JSON.stringify({ email, password: `wrong password ${i}` }),
    });
    await response.text();
  }
}

describe('accounts', () => {
  it('sends a one-time password to the change-password page and refuses a weak one in French', async () => {
    const oneTime = 'one time pass given by the admin';
    await h.server.store.users.create({
      clinicId: h.a.id,
      email: 'nouvelle@clinic-a.test',
      name: 'Nina Nouvelle',
      role: 'practitioner',
      profession: 'massage_therapist',
      disabled: false,
      passwordHash: await hashPassword(oneTime),
      mustChangePassword: true,
      createdAt: new Date().toISOString(),
    });
    const { context, page } = await h.newPage({ locale: 'fr-FR' });
    await page.goto(`${h.url}/login`);
    await page.locator('input[name=email]').fill('nouvelle@clinic-a.test');
    await page.locator('input[name=password]').fill(oneTime);
    await page.getByRole('button', { name: /Se connecter/ }).click();
    await page.getByRole('heading', { name: 'Changer votre mot de passe' }).waitFor();
    await page.getByText(/mot de passe à usage unique\. Choisissez/).waitFor();
    // Another page of the workspace shows the same form until the password is changed.
    await page.goto(`${h.url}/app/admin`);
    await page.getByRole('heading', { name: 'Changer votre mot de passe' }).waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);

    await page.getByLabel('Mot de passe à usage unique').fill(oneTime);
    await page.getByLabel('Nouveau mot de passe', { exact: true }).fill('aaaaaaaaaaaa');
    await page.getByLabel('Nouveau mot de passe, à nouveau').fill('aaaaaaaaaaaa');
    await page.getByRole('button', { name: 'Changer le mot de passe' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/trop facile à deviner/);
    await page.screenshot({ path: `${SCREENSHOTS}/password-weak-fr.png`, fullPage: true });

    await page.getByLabel('Nouveau mot de passe', { exact: true }).fill('prune ferry lanterne hautbois');
    await page.getByLabel('Nouveau mot de passe, à nouveau').fill('prune ferry lanterne hautbois');
    await page.getByRole('button', { name: 'Changer le mot de passe' }).click();
    await page.getByRole('link', { name: 'Changer le mot de passe' }).waitFor();
    await page.getByRole('heading', { name: /Aujourd'hui/ }).waitFor();
    await context.close();
  }, 60_000);

  it('tells the user how many logins failed since their last one', async () => {
    await failLogins(h.a.practitioner.email, 2);
    const { context, page } = await h.newPage();
    await login(page, h.url, h.a.practitioner.email);
    await page
      .getByText('2 failed login attempts with your e-mail since your last login', { exact: false })
      .waitFor();
    await page.reload();
    await page.getByRole('heading', { name: 'Today' }).waitFor();
    expect(await page.getByText(/failed login attempts/).count()).toBe(0);
    await context.close();
  }, 60_000);

  it('shows a locked account to the admin, who unlocks it', async () => {
    await failLogins(h.b.practitioner.email, 5);
    const locked = await fetch(`${h.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: h.url },
      body: JSON.stringify({ email: h.b.practitioner.email, password: PASSWORD }),
    });
    expect(locked.status).toBe(429);
    const { context, page } = await h.newPage();
    await login(page, h.url, h.b.admin.email);
    await page.goto(`${h.url}/app/admin`);
    await page.getByRole('heading', { name: 'Locked accounts' }).waitFor();
    const section = page.locator('section', { has: page.getByRole('heading', { name: 'Locked accounts' }) });
    await section.getByRole('cell', { name: h.b.practitioner.email }).waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Unlock' }).click();
    await page.getByText('No account is locked.').waitFor();
    await context.close();
    const { context: again, page: user } = await h.newPage();
    await login(user, h.url, h.b.practitioner.email);
    await user.getByText('6 failed login attempts', { exact: false }).waitFor();
    await again.close();
  }, 60_000);
});
