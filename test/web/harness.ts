/**
 * End-to-end harness: the real server (built web app, temporary SQLite, two clinics with known users) on
 * 127.0.0.1 and Debian's Chromium driven by playwright-core. Screenshots go to test-results/screenshots/.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import { DEFAULT_WEB_DIR, loadKbAndBundle, readReleases } from '../../src/node/kb-files.js';
import { hashPassword } from '../../src/server/auth/secrets.js';
import { loadConfig } from '../../src/server/config.js';
import type { RunningServer } from '../../src/server/serve.js';
import { startServer } from '../../src/server/serve.js';
import type { Role } from '../../src/store/types.js';

export const PASSWORD = 'a long demo passphrase';
const RESULTS = resolve(import.meta.dirname, '..', '..', 'test-results');
export const SCREENSHOTS = join(RESULTS, 'screenshots');
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export interface Staff {
  readonly email: string;
  readonly userId: string;
}
export interface WebClinic {
  readonly id: string;
  readonly admin: Staff;
  readonly practitioner: Staff;
}

export interface WebHarness {
  readonly server: RunningServer;
  readonly url: string;
  readonly browser: Browser;
  readonly a: WebClinic;
  readonly b: WebClinic;
  newPage(options?: { width?: number; locale?: string }): Promise<{ context: BrowserContext; page: Page }>;
  close(): Promise<void>;
}

/** Every axe-core run of this test file: the page and its violations by impact. */
const axeRuns: { url: string; impacts: Record<string, number> }[] = [];

/** Prints and saves (test-results/accessibility-<name>.json) what axe-core found on the pages checked. */
async function reportAccessibility(name: string): Promise<void> {
  if (axeRuns.length === 0) return;
  const totals: Record<string, number> = { critical: 0, serious: 0, moderate: 0, minor: 0 };
  for (const run of axeRuns)
    for (const [impact, count] of Object.entries(run.impacts)) totals[impact] = (totals[impact] ?? 0) + count;
  await writeFile(
    join(RESULTS, `accessibility-${name}.json`),
    JSON.stringify({ totals, pages: axeRuns }, null, 2),
  );
  console.log(
    `axe-core (${name}): ${axeRuns.length} page states checked; violations by impact: ` +
      Object.entries(totals)
        .map(([impact, count]) => `${impact} ${count}`)
        .join(', '),
  );
}

export async function startWeb(name: string): Promise<WebHarness> {
  if (!existsSync(join(DEFAULT_WEB_DIR, 'index.html')))
    throw new Error('the web app is not built: run `npm run build:web` first');
  const loaded = await loadKbAndBundle();
  if (!loaded.ok) throw new Error('knowledge base invalid');
  const dir = await mkdtemp(join(tmpdir(), 'neckcheck-web-'));
  const config = loadConfig(
    { NECKCHECK_LOG_LEVEL: 'warn', NECKCHECK_DEMO: 'false', NECKCHECK_LOGIN_ATTEMPTS_PER_MINUTE: '1000' },
    { port: '0', data: dir },
  );
  const releases = await readReleases();
  const server = await startServer(config, loaded.value.kb, {
    bundle: loaded.value.bundle,
    webDir: DEFAULT_WEB_DIR,
    releases: releases.ok ? releases.value : [],
  });
  const passwordHash = await hashPassword(PASSWORD);
  const now = new Date().toISOString();
  const clinic = async (name: string): Promise<WebClinic> => {
    const created = await server.store.clinics.create({ name, createdAt: now });
    const staff = async (role: Role): Promise<Staff> => {
      const email = `${role}@${name.toLowerCase().replaceAll(' ', '-')}.test`;
      const user = await server.store.users.create({
        clinicId: created.id,
        email,
        name: `${role === 'admin' ? 'Ada' : 'Paul'} ${name}`,
        role,
        profession: role === 'practitioner' ? 'massage_therapist' : null,
        disabled: false,
        passwordHash,
        createdAt: now,
      });
      return { email, userId: user.id };
    };
    return { id: created.id, admin: await staff('admin'), practitioner: await staff('practitioner') };
  };
  const a = await clinic('Clinic A');
  const b = await clinic('Clinic B');
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: FLAGS });
  await mkdir(SCREENSHOTS, { recursive: true });
  return {
    server,
    url: server.url,
    browser,
    a,
    b,
    async newPage(options = {}) {
      const context = await browser.newContext({
        viewport: { width: options.width ?? 1024, height: 800 },
        // axe-core is injected as a script; the app's own CSP is checked in a separate test.
        bypassCSP: true,
        locale: options.locale ?? 'en-GB',
      });
      const page = await context.newPage();
      page.setDefaultTimeout(10_000);
      return { context, page };
    },
    async close() {
      await reportAccessibility(name);
      await browser.close();
      await server.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Logs in through the login page. */
export async function login(page: Page, url: string, email: string): Promise<void> {
  await page.goto(`${url}/login`);
  await page.getByLabel(/Email/).fill(email);
  await page.getByLabel(/Password|Mot de passe/).fill(PASSWORD);
  await page.getByRole('button', { name: /Log in|Se connecter/ }).click();
  await page.waitForURL(/\/app/);
}

/** axe-core's serious and critical violations on the current page. */
export async function accessibilityViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({
    path: resolve(import.meta.dirname, '..', '..', 'node_modules', 'axe-core', 'axe.min.js'),
  });
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run(): Promise<{
            violations: { id: string; impact: string | null; nodes: { target: unknown[] }[] }[];
          }>;
        };
      }
    ).axe;
    const result = await axe.run();
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      targets: v.nodes.map((n) => JSON.stringify(n.target)).slice(0, 3),
    }));
  });
  const impacts: Record<string, number> = {};
  for (const v of violations) impacts[v.impact ?? 'unknown'] = (impacts[v.impact ?? 'unknown'] ?? 0) + 1;
  axeRuns.push({ url: new URL(page.url()).pathname.replace(/\/intake\/.+/, '/intake/:token'), impacts });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}) ${v.targets.join(' ')}`);
}
