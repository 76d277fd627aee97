/** No health data or credentials in the application logs: canary values never reach them. */
import { Writable } from 'node:stream';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app.js';
import { BENIGN } from '../helpers/answers.js';
import type { Harness } from './harness.js';
import { json, ORIGIN, startHarness } from './harness.js';

const CANARY = 'Zebulon-Canary-7731';
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h.close());

it('logs requests by route pattern only, never bodies, names, answers or intake tokens', async () => {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  const app = await buildApp(h.deps, { logger: { level: 'debug', stream: sink } });
  await app.ready();
  const headers = { host: 'neckcheck.test', origin: ORIGIN, cookie: h.a.practitioner.cookie };
  try {
    const client = await app.inject({
      method: 'POST',
      url: '/api/v1/clients',
      headers,
      payload: { displayName: CANARY, email: `${CANARY}@mail.test` },
    });
    const clientId = json<{ id: string }>(client).id;
    const intake = json<{ token: string }>(
      await app.inject({
        method: 'POST',
        url: `/api/v1/clients/${clientId}/intakes`,
        headers,
        payload: { moment: 'first_treatment' },
      }),
    );
    await app.inject({
      method: 'GET',
      url: `/api/v1/intake/${intake.token}`,
      headers: { host: 'neckcheck.test' },
    });
    await app.inject({
      method: 'POST',
      url: `/api/v1/intake/${intake.token}`,
      headers: { host: 'neckcheck.test' },
      payload: { answers: { ...BENIGN, respondent: undefined, moment: undefined, age: 'seventy-seven' } },
    });
    await app.inject({
      method: 'POST',
      url: '/api/v1/assess',
      headers: { host: 'neckcheck.test' },
      payload: { answers: { ...BENIGN, conditions: [CANARY] } },
    });
    await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { host: 'neckcheck.test' },
      payload: { email: `${CANARY}@x.test`, password: CANARY },
    });
    const log = lines.join('');
    expect(lines.length).toBeGreaterThan(5);
    expect(log).toContain('"route":"/api/v1/intake/:token"');
    for (const secret of [
      CANARY,
      intake.token,
      'seventy-seven',
      h.a.practitioner.cookie.split('=')[1] ?? 'x',
    ]) {
      expect(log.includes(secret), `log contains ${secret.slice(0, 12)}…`).toBe(false);
    }
  } finally {
    await app.close();
  }
});
