/**
 * GET /api/v1/audit/verify through the API: counts only the caller's clinic's entries, and the screenings
 * and reviews stored through the routes are hashed into the chain, so editing one in the database shows.
 */
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqliteConnectionOf } from '../../src/store/sqlite.js';
import { BENIGN } from '../helpers/answers.js';
import type { Harness } from './harness.js';
import { json, startHarness } from './harness.js';

let h: Harness;
let screeningId: string;
beforeAll(async () => {
  h = await startHarness();
  const client = json<{ id: string }>(
    await h.call(h.a.practitioner, 'POST', '/api/v1/clients', { displayName: 'Chained client' }),
  );
  const { respondent: _r, moment: _m, ...answers } = BENIGN;
  const created = await h.call(h.a.practitioner, 'POST', `/api/v1/clients/${client.id}/screenings`, {
    moment: 'first_treatment',
    respondent: 'client',
    answers,
  });
  expect(created.statusCode, created.body).toBe(201);
  screeningId = json<{ id: string }>(created).id;
  const signed = await h.call(h.a.practitioner, 'POST', `/api/v1/screenings/${screeningId}/reviews`, {
    kind: 'signoff',
    note: 'Seen and signed.',
  });
  expect(signed.statusCode, signed.body).toBe(201);
  for (let i = 0; i < 5; i++) await h.call(h.b.admin, 'GET', '/api/v1/clients');
});
afterAll(async () => h.close());

const verify = async (who = h.a.admin) => json(await h.call(who, 'GET', '/api/v1/audit/verify'));

describe('audit verification over HTTP', () => {
  it("counts only the caller's clinic's entries", async () => {
    const own = (await h.store.audit.listForClinic(h.a.id, { limit: 1000 })).length;
    const all = (await h.store.audit.head()).seq;
    const result = await verify();
    expect(result).toMatchObject({ ok: true, entries: own, records: 2, legacy: false });
    expect(own).toBeLessThan(all);
  });

  it('shows a screening or review edited in the database', async () => {
    const raw = new Database(sqliteConnectionOf(h.store).name);
    try {
      raw.exec('drop trigger reviews_no_update');
      raw.prepare('update reviews set note = ? where screening_id = ?').run('Never seen.', screeningId);
      expect(await verify()).toMatchObject({
        ok: false,
        reason: expect.stringMatching(/^review .* was changed/),
      });
      expect(await verify(h.b.admin)).toEqual({
        ok: false,
        reason: expect.stringMatching(/outside this clinic’s entries/),
      });
      raw.prepare('update reviews set note = ? where screening_id = ?').run('Seen and signed.', screeningId);
      raw.exec('drop trigger screenings_no_update');
      raw.prepare("update screenings set disposition = 'emergency' where id = ?").run(screeningId);
      expect(await verify()).toMatchObject({
        ok: false,
        reason: `screening ${screeningId} was changed after this entry recorded it`,
      });
    } finally {
      raw.close();
    }
  });
});
