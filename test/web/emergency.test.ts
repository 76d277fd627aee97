/**
 * The emergency stop of the self-check in a real browser: an emergency answer is confirmed before the stop
 * ("Is that right?"), "ticked by mistake" clears it and the person goes on, the stop offers a tap-to-call
 * link to the local emergency number (from the browser's region) with the number as text, prints the
 * instructions alone, and "I answered wrongly" goes back without losing the other answers. In English and
 * French, with axe-core on every state.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { digest, newToken } from '../../src/server/auth/secrets.js';
import type { WebHarness } from './harness.js';
import { accessibilityViolations, SCREENSHOTS, startWeb } from './harness.js';
import { completeByKeyboard } from './keyboard.js';
import { BENIGN_PLAN } from './plans.js';

let h: WebHarness;
beforeAll(async () => {
  h = await startWeb('emergency');
}, 60_000);
afterAll(async () => h?.close());

const DIALOG = 'section.confirm-emergency[role="alertdialog"]';
const STOP = 'section.emergency.emergency-stop[role="alert"]';

/** What has the focus: tag, text and, for an input, its name and value. */
const focused = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement as HTMLInputElement | null;
    return {
      tag: el?.tagName ?? '',
      text: el?.textContent ?? '',
      name: el?.name ?? '',
      value: el?.value ?? '',
    };
  });

/** Answers the first page, then ticks an emergency sign on the urgent-signs page with the mouse. */
async function tickEmergency(page: Page): Promise<void> {
  await page.locator('#q-moment input[value="first_treatment"]').check();
  await page.locator('form.questionnaire button[type="submit"]').click();
  await page.locator('#q-neuro_symptoms').waitFor();
  // click, not check: the answer replaces the questions by the confirmation at once.
  await page.locator('#q-neuro_symptoms input[value="speech"]').click();
  await page.locator(DIALOG).waitFor();
}

describe('emergency stop', () => {
  it('asks "Is that right?" before stopping, by keyboard, then shows the stop with the focus on it', async () => {
    const { context, page } = await h.newPage({ locale: 'en-US' });
    await page.goto(`${h.url}/check`);
    const asked = await completeByKeyboard(page, { ...BENIGN_PLAN, neuro_symptoms: ['speech'] });
    expect(asked.at(-1)).toBe('neuro_symptoms');
    const dialog = page.locator(DIALOG);
    await dialog.waitFor();
    expect(await page.$('section.emergency')).toBeNull();
    const text = (await dialog.textContent()) ?? '';
    expect(text).toMatch(/You answered “Slurred speech or trouble finding words”\./);
    // The question is shown with the answer.
    expect(((await dialog.locator('.hint').textContent()) ?? '').length).toBeGreaterThan(20);
    expect(text).toMatch(/This can be a sign of an emergency\. Is that right\?/);
    // The focus is on "Yes, this is right", inside the dialog, so a screen reader reads its name and text.
    await expect.poll(() => focused(page)).toMatchObject({ tag: 'BUTTON', text: 'Yes, this is right' });
    expect(await dialog.getAttribute('aria-labelledby')).toBeTruthy();
    expect(await dialog.getAttribute('aria-describedby')).toBeTruthy();
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.screenshot({ path: `${SCREENSHOTS}/emergency-confirm.png`, fullPage: true });

    await page.keyboard.press('Enter');
    const stop = page.locator(STOP);
    await stop.waitFor();
    await expect.poll(() => focused(page)).toMatchObject({ tag: 'H1', text: 'Stop: get emergency help now' });
    const stopText = (await stop.textContent()) ?? '';
    expect(stopText).toMatch(/Call your local emergency number now/);
    expect(stopText).toMatch(/Do not drive yourself/);
    expect(stopText).toMatch(/Do not have any massage or treatment of your neck/);
    expect(stopText).toMatch(/What to say on the phone/);
    expect(stopText).toMatch(/stroke/i);
    expect(await page.$('form.questionnaire')).toBeNull();
    // The one instruction comes first, then the call link, with the number as text.
    expect(await stop.locator('h1 + p.first').textContent()).toMatch(/^Call your local emergency number now/);
    expect(await stop.locator('p.first + p.call a').first().getAttribute('href')).toBe('tel:911');
    expect(await stop.locator('p.call-number').textContent()).toBe('The emergency number here is 911.');
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.screenshot({ path: `${SCREENSHOTS}/emergency-stop-en-US.png`, fullPage: true });
    await context.close();
  }, 90_000);

  it('"I ticked this by mistake" clears the answer and the person goes on, the focus back on the question', async () => {
    const { context, page } = await h.newPage();
    await page.goto(`${h.url}/check`);
    await tickEmergency(page);
    await page.getByRole('button', { name: 'I ticked this by mistake' }).click();
    await page.locator('form.questionnaire').waitFor();
    expect(await page.$(DIALOG)).toBeNull();
    expect(await page.locator('#q-neuro_symptoms input[value="speech"]').isChecked()).toBe(false);
    expect(await page.locator('#q-neuro_symptoms input:checked').count()).toBe(0);
    await expect.poll(async () => (await focused(page)).name).toBe('q-neuro_symptoms');
    expect(await accessibilityViolations(page)).toEqual([]);
    // The person goes on: "none of these" and the next page.
    await page.locator('#q-neuro_symptoms input[value="none"]').check();
    const heading = await page.textContent('form.questionnaire h2');
    for (const id of await page.$$eval('form.questionnaire fieldset.question', (els) =>
      els.map((e) => e.id.replace(/^q-/, '')),
    )) {
      if (id === 'neuro_symptoms') continue;
      const value = BENIGN_PLAN[id];
      if (value === undefined || typeof value === 'number') throw new Error(`no planned choice for ${id}`);
      for (const option of typeof value === 'string' ? [value] : value)
        await page.locator(`#q-${id} input[value="${option}"]`).check();
    }
    await page.locator('form.questionnaire button[type="submit"]').click();
    await page.waitForFunction(
      (previous) => document.querySelector('form.questionnaire h2')?.textContent !== previous,
      heading,
    );
    expect(await page.$('section.emergency')).toBeNull();
    await context.close();
  }, 60_000);

  it('"I answered wrongly, go back" reopens the page without that answer and keeps the others', async () => {
    const { context, page } = await h.newPage();
    await page.goto(`${h.url}/check`);
    await tickEmergency(page);
    await page.getByRole('button', { name: 'Yes, this is right' }).click();
    await page.locator(STOP).waitFor();
    await page.getByRole('button', { name: 'I answered wrongly, go back' }).click();
    await page.locator('#q-neuro_symptoms').waitFor();
    expect(await page.$('section.emergency')).toBeNull();
    expect(await page.locator('#q-neuro_symptoms input:checked').count()).toBe(0);
    await expect.poll(async () => (await focused(page)).name).toBe('q-neuro_symptoms');
    // The earlier answer is still there.
    await page.getByRole('button', { name: 'Back' }).click();
    await page.locator('#q-moment').waitFor();
    expect(await page.locator('#q-moment input[value="first_treatment"]').isChecked()).toBe(true);
    await context.close();
  }, 60_000);

  it('offers 15 and 112 in France, in French, and prints the instructions alone', async () => {
    const { context, page } = await h.newPage({ locale: 'fr-FR', width: 320 });
    await page.goto(`${h.url}/check`);
    await tickEmergency(page);
    const dialog = page.locator(DIALOG);
    expect(await dialog.textContent()).toMatch(/Vous avez répondu « Parole pâteuse[^»]* »\./);
    expect(await dialog.textContent()).toMatch(/Cela peut être un signe d'urgence\. Est-ce bien cela \?/);
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.getByRole('button', { name: "Oui, c'est bien cela" }).click();
    const stop = page.locator(STOP);
    await stop.getByText("Arrêtez : demandez de l'aide d'urgence maintenant").waitFor();
    expect(
      await stop.locator('a[href^="tel:"]').evaluateAll((as) => as.map((a) => a.getAttribute('href'))),
    ).toEqual(['tel:15', 'tel:112']);
    const text = (await stop.textContent()) ?? '';
    expect(text).toMatch(/Appelez le 15 maintenant/);
    expect(text).toMatch(/Le numéro d'urgence ici est le 15 \(ou le 112\)\./);
    expect(text).toMatch(/Ne conduisez pas vous-même/);
    expect(text).toMatch(/Ce qu’il faut dire au téléphone/);
    await page.getByRole('button', { name: 'Imprimer ces consignes' }).waitFor();
    await page.getByRole('button', { name: "J'ai mal répondu, revenir en arrière" }).waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.screenshot({ path: `${SCREENSHOTS}/emergency-stop-fr-FR.png`, fullPage: true });

    await page.emulateMedia({ media: 'print' });
    expect(await stop.isVisible()).toBe(true);
    expect(await stop.getByText('Appelez le 15 maintenant').isVisible()).toBe(true);
    expect(await stop.getByText(/Ne conduisez pas vous-même/).isVisible()).toBe(true);
    expect(await page.locator('header.top').isVisible()).toBe(false);
    // The buttons are not printed (getByRole would skip them as hidden: count the elements).
    expect(await stop.locator('button').count()).toBe(2);
    for (const button of await stop.locator('button').all()) expect(await button.isVisible()).toBe(false);
    await page.screenshot({ path: `${SCREENSHOTS}/emergency-stop-print.png`, fullPage: true });
    await context.close();
  }, 90_000);

  it('picks the number from the browser region whatever the language, and falls back to 112', async () => {
    const cases: readonly [string, readonly string[], RegExp][] = [
      ['en-GB', ['tel:999', 'tel:112'], /The emergency number here is 999 \(or 112\)\./],
      ['fr-CA', ['tel:911'], /Le numéro d'urgence ici est le 911\./],
      ['fr-CH', ['tel:144', 'tel:112'], /Le numéro d'urgence ici est le 144 \(ou le 112\)\./],
      ['fr-BE', ['tel:112'], /Le numéro d'urgence ici est le 112\./],
      ['en-AU', ['tel:000', 'tel:112'], /The emergency number here is 000 \(or 112\)\./],
      ['en', ['tel:112'], /112 works from mobile phones in most countries/],
    ];
    for (const [locale, hrefs, text] of cases) {
      const { context, page } = await h.newPage({ locale });
      await page.goto(`${h.url}/check`);
      await tickEmergency(page);
      await page.locator(`${DIALOG} button.danger`).click();
      const stop = page.locator(STOP);
      await stop.waitFor();
      expect(
        await stop.locator('a[href^="tel:"]').evaluateAll((as) => as.map((a) => a.getAttribute('href'))),
      ).toEqual(hrefs);
      expect(await stop.textContent()).toMatch(text);
      expect(await stop.textContent()).toContain(hrefs[0]?.slice(4));
      await context.close();
    }
  }, 120_000);

  it('confirms on an intake link too, and sends the answers to the clinic only once confirmed', async () => {
    const now = new Date();
    const client = await h.server.store.clients.create({
      clinicId: h.a.id,
      displayName: 'Léa Urgence',
      birthYear: 1980,
      email: null,
      phone: null,
      createdAt: now.toISOString(),
    });
    const token = newToken();
    await h.server.store.intakes.create({
      clinicId: h.a.id,
      clientId: client.id,
      moment: 'first_treatment',
      tokenHash: digest(token),
      createdBy: h.a.practitioner.userId,
      createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + 86_400_000).toISOString(),
      usedAt: null,
      screeningId: null,
    });
    const { context, page } = await h.newPage({ locale: 'en-CA' });
    const posts: string[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST') posts.push(new URL(r.url()).pathname);
    });
    await page.goto(`${h.url}/intake/${token}`);
    await page.locator('#q-neuro_symptoms input[value="speech"]').click();
    await page.locator(DIALOG).waitFor();
    expect(posts).toEqual([]);
    await page.getByRole('button', { name: 'Yes, this is right' }).click();
    const stop = page.locator(STOP);
    await stop.getByText('Your answers were sent to your clinic').waitFor();
    expect(posts).toEqual([`/api/v1/intake/${token}`]);
    expect(await stop.locator('a[href^="tel:"]').first().getAttribute('href')).toBe('tel:911');
    const [screening] = await h.server.store.screenings.listForClient(h.a.id, client.id);
    expect(screening?.disposition).toBe('emergency');
    expect(await accessibilityViolations(page)).toEqual([]);
    await context.close();
  }, 60_000);
});
