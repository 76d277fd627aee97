/** A stored screening read back compact and in full, once more on a real PostgreSQL (ADR 0018). */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Assessment } from '../../src/core/index.js';
import type { CompactAssessment } from '../../src/report/index.js';
import { compactAssessment } from '../../src/report/index.js';
import { BENIGN, withAnswers } from '../helpers/answers.js';
import type { TestDatabase } from '../store/pg-helpers.js';
import { createTestDatabase, describePostgres } from '../store/pg-helpers.js';
import type { Harness } from './harness.js';
import { json, startHarness } from './harness.js';

describePostgres('assessment views on PostgreSQL', (adminUrl) => {
  let database: TestDatabase;
  let h: Harness;
  beforeAll(async () => {
    database = await createTestDatabase(adminUrl);
    h = await startHarness({}, { databaseUrl: database.url });
  }, 60_000);
  afterAll(async () => {
    await h?.close();
    await database?.drop();
  });

  it('reads a stored screening compact in French by default from Accept-Language, and in full on request', async () => {
    const client = await h.call(h.a.practitioner, 'POST', '/api/v1/clients', { displayName: 'Pia Pg' });
    const clientId = json<{ id: string }>(client).id;
    const created = await h.call(h.a.practitioner, 'POST', `/api/v1/clients/${clientId}/screenings`, {
      moment: 'first_treatment',
      respondent: 'client',
      answers: withAnswers(BENIGN, { age: 76, medications: ['anticoagulant'] }),
    });
    expect(created.statusCode, created.body).toBe(201);
    const id = json<{ id: string }>(created).id;
    const stored = await h.store.screenings.get(h.a.id, id);
    if (stored === undefined) throw new Error('not stored');

    const compact = await h.call(h.a.practitioner, 'GET', `/api/v1/screenings/${id}`, undefined, {
      'accept-language': 'fr',
    });
    expect(compact.headers['content-language']).toBe('fr');
    const full = { method: 'GET', href: `/api/v1/screenings/${id}?detail=full` } as const;
    expect(json<{ screening: { assessment: CompactAssessment } }>(compact).screening.assessment).toEqual(
      JSON.parse(
        JSON.stringify(
          compactAssessment(h.deps.kb, stored.assessment, { lang: 'fr', audience: 'clinician', full }),
        ),
      ),
    );
    const whole = await h.call(h.a.practitioner, 'GET', `/api/v1/screenings/${id}?detail=full`);
    expect(whole.headers['content-language']).toBe('en, fr');
    expect(json<{ screening: { assessment: Assessment } }>(whole).screening.assessment).toEqual(
      JSON.parse(JSON.stringify(stored.assessment)),
    );
    expect(compact.rawPayload.byteLength).toBeLessThan(whole.rawPayload.byteLength / 2);
  });
});
