/**
 * LHC-Forms (lforms 40.1.3) as an interoperability oracle: its prebuilt files and a page served by a tiny
 * node:http server on 127.0.0.1 (random port), rendered by Chromium through playwright-core. Scripts go at
 * the end of <body> in the order of the stack notes; in <head> LForms.Util never appears.
 */
import { readFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { dirname, join, normalize, sep } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
const LFORMS_DIR = join(dirname(require.resolve('lforms/package.json')), 'dist', 'lforms');

const SCRIPTS = [
  'webcomponent/assets/lib/zone.min.js',
  'webcomponent/runtime.js',
  'webcomponent/polyfills.js',
  'webcomponent/main.js',
  'fhir/R4/lformsFHIR.min.js',
];

const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>LHC-Forms oracle</title>
<link rel="stylesheet" href="/lforms/webcomponent/styles.css"></head>
<body><div id="formContainer"></div>
${SCRIPTS.map((s) => `<script src="/lforms/${s}"></script>`).join('\n')}
</body></html>`;

const TYPES: Readonly<Record<string, string>> = {
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.map': 'application/json',
};

export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export interface Oracle {
  readonly url: string;
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

function startServer(): Promise<Server> {
  const server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0] ?? '/';
    if (path === '/') {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE);
      return;
    }
    const file = normalize(join(LFORMS_DIR, decodeURIComponent(path.replace(/^\/lforms\//, ''))));
    if (!path.startsWith('/lforms/') || !file.startsWith(LFORMS_DIR + sep)) {
      response.writeHead(404).end();
      return;
    }
    readFile(file).then(
      (body) => {
        const ext = file.slice(file.lastIndexOf('.'));
        response.writeHead(200, { 'content-type': TYPES[ext] ?? 'application/octet-stream' }).end(body);
      },
      () => response.writeHead(404).end(),
    );
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

export async function startOracle(): Promise<Oracle> {
  const server = await startServer();
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}/`;
  let browser: Browser;
  try {
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_FLAGS });
  } catch (error) {
    server.close();
    throw error;
  }
  return {
    url,
    newPage: async () => {
      const page = await browser.newPage();
      await page.goto(url);
      await page.waitForFunction(() => 'LForms' in globalThis);
      return page;
    },
    close: async () => {
      await browser.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
