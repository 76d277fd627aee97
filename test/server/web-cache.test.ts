/** Fingerprinted assets are cached for a year as immutable; the app's pages are revalidated every time. */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app.js';
import type { Harness } from './harness.js';
import { startHarness } from './harness.js';

let h: Harness;
let app: FastifyInstance;
beforeAll(async () => {
  h = await startHarness();
  const webDir = h.deps.webDir ?? '';
  await mkdir(join(webDir, 'assets'), { recursive: true });
  await writeFile(join(webDir, 'assets', 'index-B3xq9Zk_.js'), 'console.log(1);');
  await writeFile(join(webDir, 'assets', 'plain.js'), 'console.log(2);');
  app = await buildApp(h.deps, { logger: false });
  await app.ready();
});
afterAll(async () => {
  await app.close();
  await h.close();
});

const get = (url: string) => app.inject({ method: 'GET', url });

describe('caching of the web app', () => {
  it('sends a fingerprinted asset as public, immutable, for a year', async () => {
    const response = await get('/assets/index-B3xq9Zk_.js');
    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it('does not cache an asset without a fingerprint, nor a missing one', async () => {
    expect((await get('/assets/plain.js')).headers['cache-control']).toBe('no-store');
    expect((await get('/assets/gone-B3xq9Zk_.js')).headers['cache-control']).not.toMatch(/immutable/);
  });

  it('revalidates the pages and never stores the API', async () => {
    expect((await get('/check')).headers['cache-control']).toBe('no-cache');
    expect((await get('/api/v1/me')).headers['cache-control']).toBe('no-store');
  });
});
