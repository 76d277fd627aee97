/** Public routes: health, readiness, the questionnaire and knowledge base, and the OpenAPI document. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Harness } from './harness.js';
import { json, startHarness } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h.close());

describe('public routes', () => {
  it('answers health and readiness', async () => {
    expect(json(await h.call(null, 'GET', '/healthz'))).toEqual({ status: 'ok' });
    expect(json(await h.call(null, 'GET', '/readyz'))).toMatchObject({
      status: 'ready',
      kb: h.deps.kb.meta.version,
    });
  });

  it('serves the questionnaire in French with branching, and refuses an unknown language', async () => {
    const fr = json<{ questions: { id: string; text: string; enableWhen?: unknown; redFlag: boolean }[] }>(
      await h.call(null, 'GET', '/api/v1/questionnaire?lang=fr'),
    );
    const thunderclap = fr.questions.find((q) => q.id === 'headache_thunderclap');
    expect(thunderclap?.text).toMatch(/mal de tête/);
    expect(thunderclap?.enableWhen).toMatchObject({ kind: 'leaf', questionId: 'headache' });
    expect(thunderclap?.redFlag).toBe(true);
    expect((await h.call(null, 'GET', '/api/v1/questionnaire?lang=de')).statusCode).toBe(400);
  });

  it('serves the whole knowledge base with its version and hash', async () => {
    const kb = json<{ meta: { version: string }; hash: string; rules: unknown[]; citations: unknown[] }>(
      await h.call(null, 'GET', '/api/v1/knowledge'),
    );
    expect(kb.meta.version).toBe(h.deps.kb.meta.version);
    expect(kb.hash).toBe(h.deps.kb.hash);
    expect(kb.rules).toHaveLength(h.deps.kb.rules.length);
  });

  it('publishes an OpenAPI 3.1 document that describes every API route, and browsable docs', async () => {
    const doc = json<{ openapi: string; paths: Record<string, Record<string, unknown>> }>(
      await h.call(null, 'GET', '/api/openapi.json'),
    );
    expect(doc.openapi).toBe('3.1.0');
    const documented = new Set(
      Object.entries(doc.paths).flatMap(([path, ops]) =>
        Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`),
      ),
    );
    const routes = h.app.routeTable
      .filter((r) => r.url.startsWith('/api/v1/'))
      .map((r) => `${r.method} ${r.url.replace(/:(\w+)/g, '{$1}')}`);
    expect(routes.filter((r) => !documented.has(r))).toEqual([]);
    const docs = await h.call(null, 'GET', '/api/docs/');
    expect(docs.statusCode).toBe(200);
    expect(docs.headers['content-type']).toMatch(/text\/html/);
  });

  it('rejects oversized and malformed bodies with 4xx problem+json', async () => {
    const huge = await h.app.inject({
      method: 'POST',
      url: '/api/v1/assess',
      headers: { 'content-type': 'application/json' },
      payload: `{"answers":{"x":"${'a'.repeat(300_000)}"}}`,
    });
    expect(huge.statusCode).toBe(413);
    const broken = await h.app.inject({
      method: 'POST',
      url: '/api/v1/assess',
      headers: { 'content-type': 'application/json' },
      payload: '{"answers":',
    });
    expect(broken.statusCode).toBe(400);
    expect(broken.headers['content-type']).toMatch(/problem\+json/);
    const extra = await h.call(null, 'POST', '/api/v1/assess', { answers: {}, sneaky: true });
    expect(extra.statusCode).toBe(400);
    expect(json<{ errors: { path: string }[] }>(extra).errors[0]?.path).toBe('body.sneaky');
  });
});
