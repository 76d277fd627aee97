/**
 * Property-based fuzzing of every endpoint (S-1): random bodies, parameters, query strings and content
 * types, sent by an authenticated admin and by an anonymous caller. Never a 5xx, never a stack trace or
 * SQL in a response.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BENIGN } from '../helpers/answers.js';
import type { Harness } from './harness.js';
import { json, startHarness } from './harness.js';

const RUNS = Math.max(200, Number(process.env.FUZZ_RUNS ?? 1000));
/** Signs of internals in a response: stack frames, module paths, database errors. */
const LEAK =
  /(\n\s+at \S+ \(|node_modules\/|SQLITE_|sqlite_master|syntax error at or near|relation "\w+" does not exist|"stack"\s*:)/;

const h: Harness = await startHarness({ NECKCHECK_LOGIN_ATTEMPTS_PER_MINUTE: '1000' });
let ids: Record<string, string>;
beforeAll(async () => {
  const client = json<{ id: string }>(
    await h.call(h.a.practitioner, 'POST', '/api/v1/clients', { displayName: 'Fuzz target' }),
  );
  const screening = json<{ id: string }>(
    await h.call(h.a.practitioner, 'POST', `/api/v1/clients/${client.id}/screenings`, {
      moment: 'first_treatment',
      respondent: 'client',
      answers: BENIGN,
    }),
  );
  ids = {
    clientId: client.id,
    screeningId: screening.id,
    userId: h.a.reception.userId,
    tokenId: 'nope',
    token: 'a'.repeat(43),
  };
});
afterAll(async () => h.close());

const nasty = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme', maxLength: 50 }),
  fc.constantFrom(
    "' OR 1=1 --",
    '"; DROP TABLE clients; --',
    '../../etc/passwd',
    '\u0000\u0001\u001f',
    '%00',
    '<script>alert(1)</script>',
    '𝕏'.repeat(300),
  ),
  fc.string({ minLength: 5000, maxLength: 20000 }),
);
const jsonish: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue(),
  fc.dictionary(nasty, fc.jsonValue(), { maxKeys: 6 }),
  fc.record({
    answers: fc.dictionary(fc.constantFrom(...Object.keys(BENIGN), 'x'), fc.jsonValue(), { maxKeys: 8 }),
  }),
  fc.record(
    { displayName: nasty, email: nasty, birthYear: fc.oneof(fc.integer(), nasty) },
    { requiredKeys: [] },
  ),
);
const param = fc.oneof(
  fc.constantFrom('clientId', 'screeningId', 'userId', 'tokenId', 'token'),
  nasty,
  fc.uuid(),
);

const routes = h.app.routeTable.filter((r) => !r.url.startsWith('/api/docs'));

describe('fuzzing every endpoint: never a 5xx, never internals in a response', () => {
  it.each(routes.map((r) => [`${r.method} ${r.url}`, r] as const))('%s', async (_name, route) => {
    let requests = 0;
    await fc.assert(
      fc.asyncProperty(
        jsonish,
        param,
        fc.option(nasty, { nil: undefined }),
        fc.constantFrom('json', 'raw', 'text', 'none'),
        fc.boolean(),
        async (body, p, query, encoding, authenticated) => {
          const url = route.url.replace(/:(\w+)/g, () =>
            encodeURIComponent(typeof p === 'string' && p in ids ? (ids[p] ?? p) : String(p)),
          );
          const search =
            query === undefined
              ? ''
              : `?limit=${encodeURIComponent(query)}&lang=${encodeURIComponent(query)}`;
          const headers: Record<string, string> = {
            host: 'neckcheck.test',
            origin: 'http://neckcheck.test',
          };
          if (authenticated) headers.cookie = h.a.admin.cookie;
          let payload: string | undefined;
          if (route.method !== 'GET' && encoding !== 'none') {
            payload =
              encoding === 'raw' ? `${JSON.stringify(body)}}{`.slice(0, 30_000) : JSON.stringify(body);
            headers['content-type'] = encoding === 'text' ? 'text/plain' : 'application/json';
          }
          const response = await h.app.inject({
            method: route.method as 'GET',
            url: `${url}${search}`,
            headers,
            ...(payload === undefined ? {} : { payload }),
          });
          requests++;
          expect(
            response.statusCode,
            `${route.method} ${route.url}: ${response.body.slice(0, 300)}`,
          ).toBeLessThan(500);
          const leak = LEAK.exec(response.body);
          expect(leak?.[0], `${route.method} ${route.url} leaks internals`).toBeUndefined();
        },
      ),
      { numRuns: RUNS },
    );
    expect(requests).toBeGreaterThanOrEqual(RUNS);
  });
});
