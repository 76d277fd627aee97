/** Every compressible response is compressed; static files were compressed once, at build or at start. */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app.js';
import type { Harness } from './harness.js';
import { startHarness } from './harness.js';

const WEB_BUILD = join(import.meta.dirname, '..', '..', 'dist', 'web');

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h.close());

const decode = (encoding: string | undefined, body: Buffer): string =>
  (encoding === 'br' ? brotliDecompressSync(body) : encoding === 'gzip' ? gunzipSync(body) : body).toString(
    'utf8',
  );

describe('compression', () => {
  it('compresses API responses with brotli or gzip as accepted, and leaves small ones alone', async () => {
    const plain = await h.app.inject({ method: 'GET', url: '/api/v1/knowledge' });
    for (const encoding of ['br', 'gzip']) {
      const res = await h.app.inject({
        method: 'GET',
        url: '/api/v1/knowledge',
        headers: { 'accept-encoding': `${encoding}, identity` },
      });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-encoding']).toBe(encoding);
      expect(res.rawPayload.length).toBeLessThan(plain.rawPayload.length / 3);
      expect(JSON.parse(decode(encoding, res.rawPayload))).toEqual(JSON.parse(plain.body));
    }
    const small = await h.app.inject({
      method: 'GET',
      url: '/healthz',
      headers: { 'accept-encoding': 'br' },
    });
    expect(small.headers['content-encoding']).toBeUndefined();
  });

  it('serves the knowledge bundle compressed once, revalidated by its hash', async () => {
    const br = await h.app.inject({
      method: 'GET',
      url: '/knowledge-bundle.json',
      headers: { 'accept-encoding': 'gzip, deflate, br' },
    });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers.vary).toMatch(/accept-encoding/i);
    expect(br.headers['cache-control']).toBe('no-cache');
    const bundle = JSON.parse(decode('br', br.rawPayload)) as { hash: string };
    expect(bundle.hash).toBe(h.deps.kb.hash);
    const gz = await h.app.inject({
      method: 'GET',
      url: '/knowledge-bundle.json',
      headers: { 'accept-encoding': 'gzip;q=1.0, br;q=0' },
    });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(JSON.parse(decode('gzip', gz.rawPayload))).toEqual(bundle);
    const plain = await h.app.inject({ method: 'GET', url: '/knowledge-bundle.json' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(JSON.parse(plain.body)).toEqual(bundle);
    const again = await h.app.inject({
      method: 'GET',
      url: '/knowledge-bundle.json',
      headers: { 'if-none-match': String(br.headers.etag), 'accept-encoding': 'br' },
    });
    expect(again.statusCode).toBe(304);
    expect(again.rawPayload.length).toBe(0);
  });

  describe.runIf(existsSync(join(WEB_BUILD, 'assets')))('the built web app', () => {
    let app: FastifyInstance;
    beforeAll(async () => {
      app = await buildApp({ ...h.deps, webDir: WEB_BUILD }, { logger: false });
      await app.ready();
    });
    afterAll(async () => app.close());

    it('ships a brotli and a gzip copy of every script and style sheet, and the server sends them', async () => {
      const assets = readdirSync(join(WEB_BUILD, 'assets')).filter(
        (f) => /\.(js|css)$/.test(f) && statSync(join(WEB_BUILD, 'assets', f)).size >= 1024,
      );
      expect(assets.length).toBeGreaterThan(0);
      for (const name of assets) {
        const original = readFileSync(join(WEB_BUILD, 'assets', name));
        expect(brotliDecompressSync(readFileSync(join(WEB_BUILD, 'assets', `${name}.br`)))).toEqual(original);
        expect(gunzipSync(readFileSync(join(WEB_BUILD, 'assets', `${name}.gz`)))).toEqual(original);
        const res = await app.inject({
          method: 'GET',
          url: `/assets/${name}`,
          headers: { 'accept-encoding': 'br' },
        });
        expect(res.statusCode).toBe(200);
        expect(res.headers['content-encoding']).toBe('br');
        expect(brotliDecompressSync(res.rawPayload)).toEqual(original);
      }
      const page = await app.inject({ method: 'GET', url: '/check', headers: { 'accept-encoding': 'gzip' } });
      expect(page.statusCode).toBe(200);
    });
  });
});

describe('one rule of the knowledge base', () => {
  it('is served in full with its test vectors, and an unknown rule is a 404 problem', async () => {
    const rule = await h.app.inject({ method: 'GET', url: '/api/v1/knowledge/rules/E3' });
    expect(rule.statusCode).toBe(200);
    const body = JSON.parse(rule.body) as { id: string; vectors: unknown[]; review: { status: string } };
    expect(body.id).toBe('E3');
    expect(body.vectors.length).toBeGreaterThan(0);
    const missing = await h.app.inject({ method: 'GET', url: '/api/v1/knowledge/rules/NOPE' });
    expect(missing.statusCode).toBe(404);
    expect(missing.headers['content-type']).toMatch(/application\/problem\+json/);
  });
});
