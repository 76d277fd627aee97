/** Impossible dates (30 February, year 0, month 13) are refused with 422 wherever the API takes a date. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BENIGN } from '../helpers/answers.js';
import type { Harness } from './harness.js';
import { json, startHarness } from './harness.js';

let h: Harness;
let clientId: string;
beforeAll(async () => {
  h = await startHarness();
  clientId = json<{ id: string }>(
    await h.call(h.a.practitioner, 'POST', '/api/v1/clients', { displayName: 'Dated client' }),
  ).id;
});
afterAll(async () => h.close());

const IMPOSSIBLE_DAYS = ['2026-02-30', '0000-00-00', '2026-13-01', '2025-02-29'];
const { respondent: _r, moment: _m, ...answers } = BENIGN;

function expectDateRefused(response: { statusCode: number; body: string }, path: string): void {
  expect(response.statusCode, response.body).toBe(422);
  expect(JSON.parse(response.body)).toMatchObject({
    code: 'invalid_date',
    errors: [expect.objectContaining({ path })],
  });
}

describe('impossible dates', () => {
  it.each(IMPOSSIBLE_DAYS)('refuses the treatment date %s', async (day) => {
    const response = await h.call(h.a.practitioner, 'POST', `/api/v1/clients/${clientId}/treatments`, {
      date: day,
      techniques: ['light_massage'],
    });
    expectDateRefused(response, 'body.date');
  });

  it.each(IMPOSSIBLE_DAYS)('refuses the adverse-event onset %s', async (day) => {
    const response = await h.call(h.a.practitioner, 'POST', `/api/v1/clients/${clientId}/adverse-events`, {
      onset: `${day}T10:00:00.000Z`,
      symptoms: 'Headache',
      severity: 1,
      actionTaken: 'Rest',
      followUp: 'Call tomorrow',
      triage: {},
    });
    expectDateRefused(response, 'body.onset');
  });

  it.each(IMPOSSIBLE_DAYS)('refuses assessedAt %s on the stateless assessment', async (day) => {
    const response = await h.call(null, 'POST', '/api/v1/assess', {
      answers: BENIGN,
      assessedAt: `${day}T10:00:00Z`,
    });
    expectDateRefused(response, 'body.assessedAt');
  });

  it.each(IMPOSSIBLE_DAYS)('refuses the rates since %s', async (day) => {
    const response = await h.call(h.a.admin, 'GET', `/api/v1/adverse-events/rates?since=${day}`);
    expectDateRefused(response, 'querystring.since');
  });

  it('still accepts real dates, 29 February of a leap year included', async () => {
    const response = await h.call(null, 'POST', '/api/v1/assess', {
      answers,
      assessedAt: '2028-02-29T10:00:00Z',
    });
    expect(response.statusCode, response.body).not.toBe(422);
    const rates = await h.call(h.a.admin, 'GET', '/api/v1/adverse-events/rates?since=2024-02-29');
    expect(rates.statusCode, rates.body).toBe(200);
  });
});
