/**
 * Knowledge-base governance in the workspace, in a real browser: an admin makes a practitioner the clinical
 * lead, who signs a rule (with a confirmation) in the knowledge-base browser, which then shows the clinic's
 * sign-off and filters the rules the clinic has not signed; another clinic still sees it unsigned. And the
 * admin's impact page runs an analysis of the clinic's stored screenings and shows it by rule, as JSON too.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Answers, ImpactTally } from '../../src/core/index.js';
import { assessImpact, ImpactCounter, loadKnowledgeBundle } from '../../src/core/index.js';
import { loadKbAndBundle, readReleases } from '../../src/node/kb-files.js';
import { BENIGN, withAnswers } from '../helpers/answers.js';
import type { WebHarness } from './harness.js';
import { accessibilityViolations, login, SCREENSHOTS, startWeb } from './harness.js';

let h: WebHarness;
beforeAll(async () => {
  h = await startWeb('rule-signoff-impact');
}, 60_000);
afterAll(async () => h?.close());

/** A call to the API from the logged-in page, as the web app makes it (same origin, session cookie). */
async function apiFromPage(page: Page, method: string, url: string, body: unknown): Promise<unknown> {
  return page.evaluate(
    async ([m, u, b]) => {
      const response = await fetch(u as string, {
        method: m as string,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(b),
      });
      if (!response.ok) throw new Error(`${response.status} ${await response.text()}`);
      return response.json();
    },
    [method, url, body] as const,
  );
}

describe('signing rules for the clinic', () => {
  it('lets the clinical lead an admin designated sign a rule, and shows it to the clinic only', async () => {
    const admin = await h.newPage();
    await login(admin.page, h.url, h.a.admin.email);
    await admin.page.goto(`${h.url}/app/admin`);
    const practitionerRow = admin.page.getByRole('row', { name: /practitioner@clinic-a\.test/ });
    await practitionerRow.getByRole('button', { name: /^Make clinical lead/ }).click();
    await practitionerRow.getByRole('button', { name: /^Remove clinical lead/ }).waitFor();
    expect(await practitionerRow.textContent()).toContain('Clinical lead');
    expect(await accessibilityViolations(admin.page)).toEqual([]);

    const lead = await h.newPage();
    await login(lead.page, h.url, h.a.practitioner.email);
    await lead.page.getByRole('link', { name: 'Knowledge base' }).click();
    await lead.page.waitForURL(/\/app\/kb$/);
    const total = (await (await fetch(`${h.url}/api/v1/knowledge`)).json()) as { rules: unknown[] };
    const n = total.rules.length;
    await lead.page.getByText(`${n} of ${n} rules in this version are not signed by our clinic.`).waitFor();
    const e1 = lead.page.getByRole('row', { name: /E1 — / });
    expect(await e1.textContent()).toContain('Not signed by our clinic');
    expect(await accessibilityViolations(lead.page)).toEqual([]);

    await e1.getByRole('link').click();
    await lead.page.getByRole('heading', { name: "Our clinic's sign-off" }).waitFor();
    await lead.page.getByRole('heading', { name: 'Reviews shipped with the knowledge base' }).waitFor();
    await lead.page.getByLabel('Request changes').check();
    await lead.page.getByLabel('Comment (optional)').fill('The age threshold needs a source.');
    await lead.page.getByRole('button', { name: 'Sign this rule' }).click();
    // Nothing is signed before the confirmation.
    const dialog = lead.page.getByRole('alertdialog');
    await dialog.getByText(/^Request changes: rule E1, version \d+, for the whole clinic\?$/).waitFor();
    expect(await accessibilityViolations(lead.page)).toEqual([]);
    await lead.page.screenshot({ path: `${SCREENSHOTS}/rule-signoff-confirm.png`, fullPage: true });
    await dialog.getByRole('button', { name: 'Yes, sign' }).click();
    await lead.page.getByRole('status').getByText('Signed.').waitFor();
    await expect
      .poll(() => lead.page.locator('.signoff-state').textContent())
      .toMatch(/^Signed: changes requested \(Paul Clinic A, version \d+, /);
    expect(
      await lead.page.getByRole('listitem').filter({ hasText: 'The age threshold needs a source.' }).count(),
    ).toBe(1);

    await lead.page.getByRole('link', { name: '← All rules' }).click();
    await lead.page
      .getByText(`${n - 1} of ${n} rules in this version are not signed by our clinic.`)
      .waitFor();
    expect(await lead.page.getByRole('row', { name: /E1 — / }).textContent()).toContain(
      'Signed: changes requested',
    );
    await lead.page.getByLabel('Only the rules not signed by our clinic').check();
    await expect.poll(() => lead.page.getByRole('row', { name: /E1 — / }).count()).toBe(0);
    expect(await lead.page.getByRole('row', { name: /E2 — / }).count()).toBe(1);

    // The admin reads the clinic's sign-off but has no form; clinic B sees nothing of A's.
    await admin.page.goto(`${h.url}/app/kb/rules/E1`);
    await admin.page.getByText("Only the clinic's clinical lead can sign rules.").waitFor();
    expect(await admin.page.locator('.signoff-state').textContent()).toMatch(/^Signed: changes requested/);
    const other = await h.newPage();
    await login(other.page, h.url, h.b.admin.email);
    await other.page.goto(`${h.url}/app/kb/rules/E1`);
    await expect
      .poll(() => other.page.locator('.signoff-state').textContent())
      .toBe('Not signed by our clinic');
    for (const c of [admin, lead, other]) await c.context.close();
  }, 120_000);
});

describe('impact analysis page', () => {
  it("runs the analysis of the clinic's screenings and shows it by rule, with the JSON", async () => {
    const loaded = await loadKbAndBundle();
    const releases = await readReleases();
    if (!loaded.ok || !releases.ok) throw new Error('knowledge base');
    const bundle = releases.value.find((r) => r.hash !== loaded.value.kb.hash);
    if (bundle === undefined) throw new Error('no release');
    const old = loadKnowledgeBundle(bundle);
    const known = new Set(old.questions.map((q) => q.id));
    const example = JSON.parse(
      readFileSync(new URL('../../examples/anticoagulated-older-client.json', import.meta.url), 'utf8'),
    ) as Answers;
    const answers = [BENIGN, example, withAnswers(BENIGN, { age: 76, medications: ['anticoagulant'] })].map(
      (a) => Object.fromEntries(Object.entries(a).filter(([id]) => known.has(id))) as Answers,
    );
    const counter = new ImpactCounter();
    assessImpact(
      { from: old, to: loaded.value.kb },
      answers.map((a, i) => ({ id: String(i), answers: a })),
      counter,
    );
    const want = counter.result();
    expect(want.changed).toBeGreaterThan(0);

    const { context, page } = await h.newPage();
    await login(page, h.url, h.a.admin.email);
    const client = (await apiFromPage(page, 'POST', '/api/v1/clients', { displayName: 'Impact' })) as {
      id: string;
    };
    for (const a of answers)
      await apiFromPage(page, 'POST', `/api/v1/clients/${client.id}/screenings`, {
        moment: a.moment ?? 'first_treatment',
        respondent: a.respondent ?? 'client',
        answers: a,
      });

    await page.goto(`${h.url}/app/admin`);
    await page.getByRole('link', { name: 'Impact of a knowledge-base change' }).click();
    await page.getByRole('heading', { name: 'Impact analysis' }).waitFor();
    await page.getByText(/the clinic's 3 stored screenings/).waitFor();
    expect(await page.getByLabel('Release to compare with').inputValue()).toBe(old.meta.version);
    await page.getByLabel(`from ${old.meta.version} to the current ${loaded.value.kb.meta.version}`).check();
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Run the analysis' }).click();
    await page
      .getByRole('heading', { name: `Result: from ${old.meta.version} to ${loaded.value.kb.meta.version}` })
      .waitFor({ timeout: 60_000 });
    const byRule = page.getByRole('table', { name: 'By rule' });
    const rows = byRule.locator('tbody tr');
    expect(await rows.count()).toBe(Object.keys(want.rules).length);
    for (const [id, r] of Object.entries(want.rules)) {
      const cells = await byRule
        .getByRole('row', { name: new RegExp(`^${id} `) })
        .locator('td')
        .allTextContents();
      expect(cells[0]).toBe(String(r.dispositionChanged));
      for (const [change, count] of Object.entries(r.dispositions))
        expect(cells[1]).toContain(`${change} ${count}`);
      expect(cells[2]).toBe(String(r.techniqueChanged));
      expect(cells[3]).toBe(`${r.added} / ${r.removed} / ${r.changed}`);
    }
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.screenshot({ path: `${SCREENSHOTS}/impact-result.png`, fullPage: true });

    const link = page.getByRole('link', { name: 'Download the result (JSON)' });
    expect(await link.getAttribute('download')).toBe(
      `impact-${old.meta.version}-${loaded.value.kb.meta.version}.json`,
    );
    const href = (await link.getAttribute('href')) ?? '';
    const json = JSON.parse(decodeURIComponent(href.slice(href.indexOf(',') + 1))) as { tally: ImpactTally };
    expect({ ...json.tally, examples: [] }).toEqual({ ...want, examples: [] });
    await context.close();
  }, 120_000);
});
