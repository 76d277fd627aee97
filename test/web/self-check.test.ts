/** The anonymous self-check in a real browser: benign, emergency stop, French, privacy, 320 px, reload. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebHarness } from './harness.js';
import { accessibilityViolations, SCREENSHOTS, startWeb } from './harness.js';
import { completeByKeyboard } from './keyboard.js';
import { BENIGN_PLAN } from './plans.js';

let h: WebHarness;
beforeAll(async () => {
  h = await startWeb('self-check');
}, 60_000);
afterAll(async () => h?.close());

describe('self-check', () => {
  it('completes with the keyboard alone, shows "proceed", and sends no answer anywhere', async () => {
    const { context, page } = await h.newPage();
    const requests: { method: string; url: string; body: string | null }[] = [];
    page.on('request', (r) => requests.push({ method: r.method(), url: r.url(), body: r.postData() }));
    await page.goto(`${h.url}/check`);
    const asked = await completeByKeyboard(page, BENIGN_PLAN);
    expect(asked).toContain('neuro_symptoms');
    await page.waitForSelector('article.result');
    expect(await page.textContent('.banner .verdict')).toBe('Proceed');
    await page.screenshot({ path: `${SCREENSHOTS}/self-check-result.png`, fullPage: true });
    expect(requests.filter((r) => r.method !== 'GET' || r.body !== null)).toEqual([]);
    const leaked = requests.filter((r) => /neck_pain|long_standing|massage_therapist|answers/.test(r.url));
    expect(leaked).toEqual([]);
    expect(
      requests
        .map((r) => new URL(r.url).pathname)
        .every((p) => p === '/check' || p.startsWith('/assets/') || p === '/knowledge-bundle.json'),
    ).toBe(true);
    expect(await page.evaluate(() => sessionStorage.getItem('neckcheck.selfcheck'))).toBeNull();
    expect(await accessibilityViolations(page)).toEqual([]);
    await context.close();
  }, 120_000);

  it('stops at once and tells the person what to do when an answer calls for emergency care', async () => {
    const { context, page } = await h.newPage();
    await page.goto(`${h.url}/check`);
    const asked = await completeByKeyboard(page, { ...BENIGN_PLAN, neuro_symptoms: ['speech'] });
    expect(asked.at(-1)).toBe('neuro_symptoms');
    await page.waitForSelector('section.emergency');
    const text = (await page.textContent('section.emergency')) ?? '';
    expect(text).toMatch(/emergency number/);
    expect(text).toMatch(/Do not drive yourself/);
    expect(text).toMatch(/stroke/);
    expect(await page.$('form.questionnaire')).toBeNull();
    await page.screenshot({ path: `${SCREENSHOTS}/self-check-emergency.png`, fullPage: true });
    expect(await accessibilityViolations(page)).toEqual([]);
    await context.close();
  }, 60_000);

  it('runs in French when French is chosen, and keeps answers across a reload', async () => {
    const { context, page } = await h.newPage({ width: 320 });
    await page.goto(`${h.url}/check`);
    await page.getByLabel('Language').selectOption('fr');
    await page.waitForSelector('text=Pourquoi faites-vous cette vérification ?');
    await page.getByLabel('Avant un premier traitement ou massage du cou').check();
    await page.getByRole('button', { name: 'Suivant' }).click();
    await page.getByRole('heading', { name: "Signes d'alerte" }).waitFor();
    await page.reload();
    await page.getByRole('heading', { name: "Signes d'alerte" }).waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.screenshot({ path: `${SCREENSHOTS}/self-check-fr-320.png`, fullPage: true });
    const rest = await completeByKeyboard(page, BENIGN_PLAN);
    expect(rest).not.toContain('moment');
    await page.waitForSelector('article.result');
    expect(await page.textContent('.banner .verdict')).toBe('Traitement possible');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
    await context.close();
  }, 120_000);

  it('asks for an answer before going on, with an error summary linked to the question', async () => {
    const { context, page } = await h.newPage();
    await page.goto(`${h.url}/check`);
    await page.getByRole('button', { name: 'Next' }).click();
    await page.waitForSelector('.error-summary');
    expect(await page.textContent('.error-summary')).toMatch(/Why are you doing this check/);
    expect(await accessibilityViolations(page)).toEqual([]);
    await context.close();
  }, 60_000);
});
