/** The anonymous self-check in a real browser: benign, emergency stop, French, privacy, 320 px, reload. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KnowledgeBase } from '../../src/core/index.js';
import { kb as loadKb } from '../helpers/kb.js';
import { clientLeaks } from '../report/leaks.js';
import type { WebHarness } from './harness.js';
import { accessibilityViolations, SCREENSHOTS, startWeb } from './harness.js';
import type { Plan } from './keyboard.js';
import { completeByKeyboard } from './keyboard.js';
import { BENIGN_PLAN } from './plans.js';

/** "I don't know" wherever it is offered (numbers aside), the benign answer or a harmless one elsewhere. */
function unknownPlan(kb: KnowledgeBase): Plan {
  const plan: Record<string, string | number | readonly string[]> = {};
  for (const q of kb.questions) {
    const benign = BENIGN_PLAN[q.id];
    const options = q.options ?? [];
    if (q.allowUnknown && q.type !== 'number') plan[q.id] = 'unknown';
    else if (benign !== undefined) plan[q.id] = benign;
    else if (q.type === 'boolean') plan[q.id] = 'no';
    else if (q.type === 'number') plan[q.id] = q.min ?? 0;
    else if (q.type === 'multi')
      plan[q.id] = [options.find((o) => o.exclusive === true)?.id ?? options[0]?.id ?? ''];
    else plan[q.id] = options[0]?.id ?? '';
  }
  return plan;
}

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
    // The emergency answer is confirmed first ("Yes, this is right" has the focus).
    await page.waitForSelector('section.confirm-emergency');
    // The focus moves in an effect after the render: wait for it before pressing Enter.
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.textContent ?? ''))
      .toBe('Yes, this is right');
    await page.keyboard.press('Enter');
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

  it('answers with many unknowns give one consistent instruction, no rule code, and a short page on a phone', async () => {
    const kb = await loadKb();
    const { context, page } = await h.newPage({ width: 360 });
    await page.goto(`${h.url}/check`);
    await completeByKeyboard(page, unknownPlan(kb));
    await page.waitForSelector('article.result');
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    console.log(`self-check result with many unknowns at 360 px: ${height} px`);
    await page.screenshot({ path: `${SCREENSHOTS}/self-check-unknowns-360.png`, fullPage: true });
    // About 15,400 px before the headline and the folded details; about 1,750 px after.
    expect(height).toBeLessThan(3000);
    expect(await page.textContent('.banner .verdict')).toBe('See a doctor today');
    expect(await page.textContent('.banner .when-whom')).toMatch(/Today, before any neck treatment/);
    // Everything folded is still in the page (and printed unfolded); none of it may leak or contradict.
    const text = (await page.evaluate(() => document.querySelector('article.result')?.textContent)) ?? '';
    expect(clientLeaks(kb, text, 'en')).toEqual([]);
    expect(text).not.toMatch(/Nothing in particular|None at this time|Call your local emergency number now/);
    expect(await page.locator('article.result details[open]').count()).toBe(0);
    expect(await accessibilityViolations(page)).toEqual([]);
    await context.close();
  }, 180_000);

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
