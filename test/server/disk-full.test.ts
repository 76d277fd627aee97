/**
 * Disk full on SQLite (issue 11): with the database capped by `PRAGMA max_page_count`, writes hit
 * SQLITE_FULL. Every request that cannot be stored answers 503 database_unavailable with Retry-After (not a
 * generic 500), /readyz says not ready while the database cannot write, and both recover once there is room.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqliteConnectionOf } from '../../src/store/sqlite.js';
import { BENIGN } from '../helpers/answers.js';
import type { Harness } from './harness.js';
import { json, startHarness } from './harness.js';

describe('a full disk on SQLite', () => {
  let h: Harness;
  let clientId: string;

  beforeAll(async () => {
    h = await startHarness();
    const created = await h.call(h.a.practitioner, 'POST', '/api/v1/clients', { displayName: 'Full disk' });
    clientId = json<{ id: string }>(created).id;
  });
  afterAll(async () => h.close());

  const screen = () =>
    h.call(h.a.practitioner, 'POST', `/api/v1/clients/${clientId}/screenings`, {
      moment: 'first_treatment',
      respondent: 'client',
      answers: BENIGN,
    });

  it('answers 503 with Retry-After, is not ready, and recovers when there is room again', async () => {
    const connection = sqliteConnectionOf(h.store);
    const pages = Number(connection.pragma('page_count', { simple: true }));
    connection.pragma(`max_page_count = ${pages + 4}`);
    const statuses: number[] = [];
    let full: Awaited<ReturnType<typeof screen>> | undefined;
    for (let i = 0; i < 100 && full === undefined; i++) {
      const response = await screen();
      statuses.push(response.statusCode);
      if (response.statusCode !== 201) full = response;
    }
    expect(full, `never full: ${statuses.join(' ')}`).toBeDefined();
    expect(full?.statusCode).toBe(503);
    expect(full?.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(full?.headers['retry-after']).toBe('5');
    expect(json(full as NonNullable<typeof full>)).toMatchObject({
      status: 503,
      code: 'database_unavailable',
    });

    // Still full: a second write fails the same way, and readiness says so.
    expect((await screen()).statusCode).toBe(503);
    const notReady = await h.call(null, 'GET', '/readyz');
    expect(notReady.statusCode).toBe(503);
    expect(json(notReady)).toMatchObject({ code: 'database_unavailable' });
    expect((await h.call(null, 'GET', '/healthz')).statusCode).toBe(200);

    connection.pragma('max_page_count = 1073741823');
    expect((await h.call(null, 'GET', '/readyz')).statusCode).toBe(200);
    expect((await screen()).statusCode).toBe(201);
  });
});
