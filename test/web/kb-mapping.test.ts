/**
 * The knowledge-base browser lists the EHR record mapping: which record codes and words answer which
 * question, with the thresholds, in English and French, and no serious axe-core violation.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebHarness } from './harness.js';
import { accessibilityViolations, SCREENSHOTS, startWeb } from './harness.js';

let h: WebHarness;
beforeAll(async () => {
  h = await startWeb('kb-mapping');
}, 60_000);
afterAll(async () => h?.close());

describe('knowledge-base browser: EHR record mapping', () => {
  it('is linked from the knowledge base and lists codes, words and thresholds per answer', async () => {
    const { context, page } = await h.newPage();
    await page.goto(`${h.url}/kb`);
    await page.getByRole('link', { name: /EHR record mapping/ }).click();
    await page.getByRole('heading', { level: 1, name: 'EHR record mapping' }).waitFor();
    const conditions = page.getByRole('table', { name: 'Conditions in the record' });
    const osteoporosis = conditions.getByRole('row', { name: /\[conditions\] = Thin or fragile bones/ });
    await osteoporosis.waitFor();
    expect(await osteoporosis.textContent()).toContain('ICD-10 M80…, M81…');
    const stroke = conditions.getByRole('row', { name: /\[conditions\] = .*stroke/i }).first();
    expect(await stroke.textContent()).toContain('began within 183 days');
    const medicines = page.getByRole('table', { name: 'Medicines in the record' });
    expect(await medicines.textContent()).toContain('100 mg or less');
    expect(await page.getByRole('table', { name: 'Appointments screened' }).textContent()).toContain(
      'HL7 service-type 17, 25, 27, 52, 63, 563, 584',
    );
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.screenshot({ path: join(SCREENSHOTS, 'kb-record-mapping.png') });

    await page.locator('header.top select').selectOption('fr');
    await page
      .getByRole('heading', { level: 1, name: 'Correspondance avec le dossier patient informatisé' })
      .waitFor();
    const affections = page.getByRole('table', { name: 'Affections du dossier' });
    expect(await affections.textContent()).toContain('Antécédents médicaux [conditions] = Os fragiles');
    expect(await page.getByRole('table', { name: 'Médicaments du dossier' }).textContent()).toContain(
      'seulement si pris depuis au moins 90 jours',
    );
    expect(await accessibilityViolations(page)).toEqual([]);
    await context.close();
  }, 60_000);
});
