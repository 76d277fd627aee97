/** The CSRF check compares the Origin's scheme and host, and the Host header, with the public URL. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Harness } from './harness.js';
import { ORIGIN, startHarness } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h.close());

const create = (headers: Record<string, string>) =>
  h.call(h.a.practitioner, 'POST', '/api/v1/clients', { displayName: 'CSRF client' }, headers);

describe('CSRF check', () => {
  it('accepts a request from the public origin', async () => {
    expect((await create({})).statusCode).toBe(201);
  });

  it('refuses an Origin with another scheme than the public URL', async () => {
    const response = await create({ origin: ORIGIN.replace('http:', 'https:') });
    expect(response.statusCode).toBe(403);
    expect(response.json()).toMatchObject({ code: 'csrf_failed' });
  });

  it('refuses a request sent to another Host, even when Origin and Host agree', async () => {
    const response = await create({ host: 'attacker.test', origin: 'http://attacker.test' });
    expect(response.statusCode).toBe(403);
    expect(response.json()).toMatchObject({ code: 'csrf_failed' });
  });
});
