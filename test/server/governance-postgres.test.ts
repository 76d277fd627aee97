/**
 * The journeys of rule-signoffs.test.ts and impact.test.ts that touch the database, once more on a real
 * PostgreSQL: sign-offs kept per clinic and superseded, and an impact run over one clinic's screenings
 * through the store's keyset pages.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Answers, ImpactTally } from '../../src/core/index.js';
import { assessImpact, ImpactCounter, loadKnowledgeBundle } from '../../src/core/index.js';
import { BENIGN, withAnswers } from '../helpers/answers.js';
import type { TestDatabase } from '../store/pg-helpers.js';
import { createTestDatabase, describePostgres } from '../store/pg-helpers.js';
import type { Actor, Harness } from './harness.js';
import { addStaff, json, startHarness } from './harness.js';

describePostgres('rule sign-offs and impact analysis on PostgreSQL', (adminUrl) => {
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

  it('keeps each sign-off, the last one current, in its clinic only', async () => {
    const lead = await addStaff(h, h.a.admin, {
      email: 'pg.lead@clinic-a.test',
      name: 'Pg Lead',
      role: 'practitioner',
    });
    expect(
      (await h.call(h.a.admin, 'PATCH', `/api/v1/users/${lead.userId}`, { clinicalLead: true })).statusCode,
    ).toBe(200);
    const rule = h.deps.kb.rules[0];
    if (rule === undefined) throw new Error('no rule');
    const sign = (verdict: string) =>
      h.call(lead, 'POST', '/api/v1/rule-signoffs', { ruleId: rule.id, ruleVersion: rule.version, verdict });
    const first = json<{ id: string }>(await sign('approved'));
    h.clock.now = new Date(h.clock.now.getTime() + 1000);
    const second = await sign('changes_requested');
    expect(second.statusCode).toBe(201);
    expect(json(second)).toMatchObject({ supersedes: first.id });
    expect(
      (
        await h.call(lead, 'POST', '/api/v1/rule-signoffs', {
          ruleId: rule.id,
          ruleVersion: rule.version + 1,
          verdict: 'approved',
        })
      ).statusCode,
    ).toBe(422);
    const state = (actor: Actor) =>
      h
        .call(actor, 'GET', '/api/v1/rule-signoffs')
        .then((r) =>
          json<{ rules: { ruleId: string; state: string }[] }>(r).rules.find((x) => x.ruleId === rule.id),
        );
    expect(await state(h.a.reception)).toMatchObject({ state: 'changes_requested' });
    expect(await state(h.b.admin)).toMatchObject({ state: 'unsigned' });
    const actions = (await h.store.audit.listForClinic(h.a.id, { limit: 100 })).map((e) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        'user.clinical_lead.grant',
        'rule.signoff.approved',
        'rule.signoff.changes_requested',
      ]),
    );
  });

  it("re-assesses one clinic's stored screenings", async () => {
    const bundle = h.deps.releases?.find((r) => r.hash !== h.deps.kb.hash);
    if (bundle === undefined) throw new Error('no release');
    const old = loadKnowledgeBundle(bundle);
    const known = new Set(old.questions.map((q) => q.id));
    const answers: Answers[] = [BENIGN, withAnswers(BENIGN, { age: 76, medications: ['anticoagulant'] })].map(
      (a) => Object.fromEntries(Object.entries(a).filter(([id]) => known.has(id))) as Answers,
    );
    for (const [actor, list] of [
      [h.a.practitioner, answers],
      [h.b.practitioner, [BENIGN]],
    ] as const) {
      for (const a of list) {
        const client = json<{ id: string }>(
          await h.call(actor, 'POST', '/api/v1/clients', { displayName: 'C' }),
        );
        await h.call(actor, 'POST', `/api/v1/clients/${client.id}/screenings`, {
          moment: 'first_treatment',
          respondent: 'client',
          answers: a,
        });
      }
    }
    const started = await h.call(h.a.admin, 'POST', '/api/v1/admin/impact', {
      release: old.meta.version,
      direction: 'release_to_current',
    });
    expect(started.statusCode).toBe(202);
    interface Run {
      state: string;
      tally: ImpactTally | null;
    }
    const latest = async (): Promise<Run | null> =>
      json<{ run: Run | null }>(await h.call(h.a.admin, 'GET', '/api/v1/admin/impact')).run;
    let run = await latest();
    for (let i = 0; i < 600 && (run === null || run.state === 'running'); i++) {
      await sleep(50);
      run = await latest();
    }
    const counter = new ImpactCounter();
    assessImpact(
      { from: old, to: h.deps.kb },
      answers.map((a, i) => ({ id: String(i), answers: a })),
      counter,
    );
    expect(run?.state).toBe('done');
    expect({ ...run?.tally, examples: [] }).toEqual({ ...counter.result(), examples: [] });
  }, 60_000);
});
