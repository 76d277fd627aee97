/**
 * The public information sheet in a real browser: English and French from ?lang=, no login, every section,
 * the print button and the print stylesheet (emulated print media), and no serious axe-core violation.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebHarness } from './harness.js';
import { accessibilityViolations, SCREENSHOTS, startWeb } from './harness.js';

let h: WebHarness;
beforeAll(async () => {
  h = await startWeb('info-sheet');
}, 60_000);
afterAll(async () => h?.close());

/**
 * Serves the app's shell for /info/* when the server does not (yet) list /info/* among its pages
 * (src/server/routes/web.ts WEB_PAGES); once it does, requests go through untouched.
 */
async function shellForInfo(page: Page): Promise<void> {
  await page.route(/\/info\//, async (route) => {
    if (route.request().resourceType() !== 'document') return route.continue();
    const response = await route.fetch();
    if (response.status() !== 404) return route.fulfill({ response });
    const shell = await page.request.get(`${h.url}/`);
    return route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: await shell.text() });
  });
}

describe('information sheet', () => {
  it('shows the English sheet without login, with every section, and prints', async () => {
    const { context, page } = await h.newPage();
    await shellForInfo(page);
    await page.goto(`${h.url}/info/deep_tissue?lang=en`);
    await page.getByRole('heading', { level: 1, name: /Information sheet: Deep massage/ }).waitFor();
    for (const heading of [
      'What it is',
      'What it may do for you',
      'What it cannot do',
      'Common, mild side effects',
      'Rare but serious harms',
      'In the 48 hours after your session',
      'When to call an ambulance',
      'Your choice',
    ])
      await page.getByRole('heading', { level: 2, name: heading }).waitFor();
    const text = (await page.textContent('article.info-sheet')) ?? '';
    expect(text).toMatch(/about 1 person in 10/);
    expect(text).toMatch(/How sure we are: the evidence is very weak/);
    expect(text).toMatch(/face droops/);
    expect(text).not.toMatch(/%|\bCI\b|SMD|person-years/);
    expect(await page.getAttribute('article.info-sheet', 'lang')).toBe('en');
    expect(await accessibilityViolations(page)).toEqual([]);

    const print = page.getByRole('button', { name: 'Print this sheet' });
    await print.waitFor();
    await page.evaluate(() => {
      (window as unknown as { printed: number }).printed = 0;
      window.print = () => {
        (window as unknown as { printed: number }).printed += 1;
      };
    });
    await print.click();
    expect(await page.evaluate(() => (window as unknown as { printed: number }).printed)).toBe(1);
    await page.emulateMedia({ media: 'print' });
    expect(await print.isVisible()).toBe(false);
    expect(await page.locator('header.top').isVisible()).toBe(false);
    expect(await page.getByRole('heading', { name: 'When to call an ambulance' }).isVisible()).toBe(true);
    await page.screenshot({ path: `${SCREENSHOTS}/info-sheet-print-en.png`, fullPage: true });
    const pdf = await page.pdf({ format: 'A4' });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    await context.close();
  });

  it('shows the French sheet from ?lang=fr, links the other techniques, and says when a technique is unknown', async () => {
    const { context, page } = await h.newPage();
    await shellForInfo(page);
    await page.goto(`${h.url}/info/manipulation?lang=fr`);
    await page
      .getByRole('heading', { level: 1, name: /Fiche d’information : Manipulation du cou/ })
      .waitFor();
    await page.getByRole('heading', { level: 2, name: 'Quand appeler les secours' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('fr');
    const text = (await page.textContent('article.info-sheet')) ?? '';
    expect(text).toMatch(/1 sur 2 millions de traitements/);
    expect(text).toMatch(/on ne sait donc pas à quelle fréquence/);
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.screenshot({ path: `${SCREENSHOTS}/info-sheet-fr.png`, fullPage: true });

    await page.getByRole('link', { name: 'Massage léger du cou et des épaules' }).click();
    await page.getByRole('heading', { level: 1, name: /Massage léger du cou/ }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/info/light_massage');

    await page.goto(`${h.url}/info/reiki?lang=en`);
    await page
      .getByRole('heading', { level: 1, name: 'There is no information sheet for this technique.' })
      .waitFor();
    await context.close();
  });
});
