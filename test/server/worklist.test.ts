/** Today's worklist: unreviewed screenings by urgency, and re-checks due however old the screening is. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { digest, newToken } from '../../src/server/auth/secrets.js';
import { BENIGN, withAnswers } from '../helpers/answers.js';
import type { Harness } from './harness.js';
import { json, startHarness } from './harness.js';

interface Row {
  id: string;
  clientName: string;
  disposition: string;
}
interface Worklist {
  toReview: Row[];
  rechecksDue: Row[];
}

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h.close());

async function client(name: string): Promise<string> {
  return json<{ id: string }>(
    await h.call(h.a.practitioner, 'POST', '/api/v1/clients', { displayName: name }),
  ).id;
}

async function screen(clientId: string, all = BENIGN): Promise<string> {
  const { respondent: _r, moment: _m, ...answers } = all;
  const response = await h.call(h.a.practitioner, 'POST', `/api/v1/clients/${clientId}/screenings`, {
    moment: 'first_treatment',
    respondent: 'client',
    answers,
  });
  expect(response.statusCode).toBe(201);
  return json<{ id: string }>(response).id;
}

const worklist = async () => json<Worklist>(await h.call(h.a.practitioner, 'GET', '/api/v1/worklist'));

it('puts emergencies first, drops what was signed off, and names the clients', async () => {
  const benign = await screen(await client('Benign Bea'));
  const emergency = await screen(
    await client('Urgent Uma'),
    withAnswers(BENIGN, { headache: true, headache_thunderclap: true }),
  );
  const before = await worklist();
  expect(before.toReview.map((r) => r.id)).toEqual([emergency, benign]);
  expect(before.toReview.map((r) => [r.clientName, r.disposition])).toEqual([
    ['Urgent Uma', 'emergency'],
    ['Benign Bea', 'proceed'],
  ]);

  await h.call(h.a.practitioner, 'POST', `/api/v1/screenings/${emergency}/reviews`, {
    kind: 'signoff',
    note: '',
  });
  expect((await worklist()).toReview.map((r) => r.id)).toEqual([benign]);
  expect(json<Worklist>(await h.call(h.b.practitioner, 'GET', '/api/v1/worklist')).toReview).toEqual([]);
});

it("shows a client's re-check as due from three days before their latest screening expires, even after many newer screenings of others", async () => {
  const secret = newToken('nck_');
  await h.store.apiTokens.create({
    clinicId: h.a.id,
    name: 'worklist test',
    role: 'practitioner',
    tokenHash: digest(secret),
    createdBy: h.a.practitioner.userId,
    createdAt: h.clock.now.toISOString(),
    revokedAt: null,
    expiresAt: '2100-01-01T00:00:00.000Z',
  });
  const byToken = async () =>
    json<Worklist>(
      await h.call(null, 'GET', '/api/v1/worklist', undefined, { authorization: `Bearer ${secret}` }),
    );
  const early = await client('Early Eve');
  const first = await screen(early);
  const busy = await client('Busy Bob');
  for (let i = 0; i < 210; i++) await screen(busy);
  expect((await byToken()).rechecksDue).toEqual([]);

  const start = h.clock.now;
  try {
    h.clock.now = new Date(start.getTime() + 28 * 86_400_000);
    const due = (await byToken()).rechecksDue;
    expect(due.map((r) => r.clientName).sort()).toEqual([
      'Benign Bea',
      'Busy Bob',
      'Early Eve',
      'Urgent Uma',
    ]);
    expect(due.find((r) => r.clientName === 'Early Eve')?.id).toBe(first);
  } finally {
    h.clock.now = start;
  }
});
