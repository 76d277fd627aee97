/**
 * A body that is not JSON gets 415 Unsupported Media Type (problem+json), on the CDS routes and on the
 * other JSON POST routes of the API, never 400 or 500.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { CdsHarness } from './harness.js';
import { startCdsHarness } from './harness.js';
import { patientView, prefetchOf, SERVICE } from './payloads.js';

const h: CdsHarness = await startCdsHarness();
afterAll(() => h.close());

const PLAIN = { 'content-type': 'text/plain' };

describe('415 for a body that is not JSON', () => {
  it('on a CDS service call and its feedback', async () => {
    for (const path of [SERVICE.patientView, `${SERVICE.patientView}/feedback`]) {
      const response = await h.call('POST', path, {
        body: JSON.stringify(patientView(prefetchOf())),
        headers: PLAIN,
      });
      expect(response.statusCode, `${path}: ${response.body}`).toBe(415);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.json()).toMatchObject({ status: 415, code: 'unsupported_media_type' });
    }
  });

  it('on the other JSON POST routes of the API (login: text/plain and a form)', async () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded']) {
      const response = await h.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        headers: { host: 'neckcheck.test', 'content-type': type },
        payload: 'email=a@b.test',
      });
      expect(response.statusCode, `${type}: ${response.body}`).toBe(415);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.json()).toMatchObject({ status: 415, code: 'unsupported_media_type' });
    }
  });
});
