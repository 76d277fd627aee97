/**
 * The knowledge-base browser shows which rules a clinician has not yet reviewed, and each rule's changes by
 * version; the login page and the rule list do not download the knowledge bundle, a rule's page once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebHarness } from './harness.js';
import { accessibilityViolations, startWeb } from './harness.js';

let h: WebHarness;
beforeAll(async () => {
  h = await startWeb('kb-governance');
}, 60_000);
afterAll(async () => h?.close());

describe('knowledge-base browser: rule governance', () => {
  it('counts the unreviewed rules, shows the changelog, and downloads the knowledge only where needed', async () => {
    const { context, page } = await h.newPage();
    const downloads: string[] = [];
    page.on('request', (r) => {
      const path = new URL(r.url()).pathname;
      if (path === '/knowledge-bundle.json' || path.startsWith('/api/v1/knowledge')) downloads.push(path);
    });
    await page.goto(`${h.url}/login`);
    await page.getByRole('button', { name: /sign in|log in/i }).waitFor();
    expect(downloads).toEqual([]);

    await page.goto(`${h.url}/kb`);
    await expect
      .poll(() => page.getByText(/rules in this version have not yet been reviewed/).count())
      .toBe(1);
    const e1 = page.getByRole('row', { name: /E1 — / });
    expect(await e1.textContent()).toContain('Not yet reviewed by a clinician');
    expect(downloads).toEqual(['/api/v1/knowledge']);
    expect(await accessibilityViolations(page)).toEqual([]);

    downloads.length = 0;
    await e1.getByRole('link').click();
    await page.getByRole('heading', { level: 2, name: 'Changes by version' }).waitFor();
    expect(await page.getByText(/^v2 \(0\.2\.0\): /).count()).toBe(1);
    expect(downloads.sort()).toEqual(['/api/v1/knowledge/rules/E1', '/knowledge-bundle.json']);
    expect(await accessibilityViolations(page)).toEqual([]);
    await context.close();
  }, 90_000);
});
