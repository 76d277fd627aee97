/**
 * The admin's impact analysis: a clinic's stored screenings (and only its own) re-assessed under a shipped
 * release and the running knowledge base, in either direction, started once at a time, polled, audited; the
 * result is what src/core/impact counts for the same answers.
 */
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Answers, ImpactTally } from '../../src/core/index.js';
import { assessImpact, ImpactCounter, loadKnowledgeBundle } from '../../src/core/index.js';
import { BENIGN, withAnswers } from '../helpers/answers.js';
import type { Actor, Harness } from './harness.js';
import { json, startHarness } from './harness.js';

interface Run {
  id: string;
  state: string;
  direction: string;
  from: { version: string };
  to: { version: string };
  done: number;
  total: number;
  tally: ImpactTally | null;
}
interface Overview {
  current: { version: string; hash: string };
  releases: { version: string; hash: string }[];
  screenings: number;
  run: Run | null;
}

const example = (name: string): Answers =>
  JSON.parse(readFileSync(new URL(`../../examples/${name}.json`, import.meta.url), 'utf8')) as Answers;
const CASES: Answers[] = [
  BENIGN,
  example('thunderclap-headache'),
  example('anticoagulated-older-client'),
  example('post-trauma'),
  withAnswers(BENIGN, { age: 76, medications: ['anticoagulant'] }),
];
/** The cases, answering only the questions the release has too (others make a screening not comparable). */
let A_ANSWERS: Answers[] = [];

let h: Harness;
let release: string;

async function store(actor: Actor, answers: Answers): Promise<void> {
  const client = json<{ id: string }>(await h.call(actor, 'POST', '/api/v1/clients', { displayName: 'C' }));
  const response = await h.call(actor, 'POST', `/api/v1/clients/${client.id}/screenings`, {
    moment: answers.moment ?? 'first_treatment',
    respondent: answers.respondent ?? 'client',
    answers,
  });
  if (response.statusCode !== 201) throw new Error(response.body);
}

async function finished(actor: Actor): Promise<Run> {
  for (let i = 0; i < 600; i++) {
    const run = json<Overview>(await h.call(actor, 'GET', '/api/v1/admin/impact')).run;
    if (run !== null && run.state !== 'running') return run;
    await sleep(50);
  }
  throw new Error('the impact run did not end');
}

/** What src/core/impact counts for these answers, directly. */
function expected(answers: readonly Answers[], direction: string): ImpactTally {
  const current = h.deps.kb;
  const bundle = h.deps.releases?.find((r) => r.hash !== current.hash);
  if (bundle === undefined) throw new Error('no release');
  const old = loadKnowledgeBundle(bundle);
  const [from, to] = direction === 'release_to_current' ? [old, current] : [current, old];
  const counter = new ImpactCounter();
  assessImpact(
    { from, to },
    answers.map((a, i) => ({ id: String(i), answers: JSON.stringify(a) })),
    counter,
  );
  return counter.result();
}

beforeAll(async () => {
  h = await startHarness();
  const bundle = h.deps.releases?.find((r) => r.hash !== h.deps.kb.hash);
  if (bundle === undefined) throw new Error('no release');
  const known = new Set(loadKnowledgeBundle(bundle).questions.map((q) => q.id));
  A_ANSWERS = CASES.map((a) => Object.fromEntries(Object.entries(a).filter(([id]) => known.has(id))));
  // One screening with a question the release lacks: compared on the questions both versions ask.
  A_ANSWERS.push(CASES[0] as Answers);
  for (const answers of A_ANSWERS) await store(h.a.practitioner, answers);
  await store(h.b.practitioner, BENIGN);
  const overview = json<Overview>(await h.call(h.a.admin, 'GET', '/api/v1/admin/impact'));
  const first = overview.releases[0];
  if (first === undefined) throw new Error('no shipped release to compare with');
  release = first.version;
}, 60_000);
afterAll(async () => h.close());

describe('impact analysis in the workspace', () => {
  it('is for admins only, and offers the shipped releases other than the running version', async () => {
    for (const actor of [h.a.practitioner, h.a.reception]) {
      expect((await h.call(actor, 'GET', '/api/v1/admin/impact')).statusCode).toBe(403);
      const post = await h.call(actor, 'POST', '/api/v1/admin/impact', {
        release,
        direction: 'release_to_current',
      });
      expect(post.statusCode).toBe(403);
    }
    expect((await h.call(null, 'GET', '/api/v1/admin/impact')).statusCode).toBe(401);
    const overview = json<Overview>(await h.call(h.a.admin, 'GET', '/api/v1/admin/impact'));
    expect(overview.current).toMatchObject({ version: h.deps.kb.meta.version, hash: h.deps.kb.hash });
    expect(overview.releases.map((r) => r.hash)).not.toContain(h.deps.kb.hash);
    expect(overview).toMatchObject({ screenings: A_ANSWERS.length, run: null });
    expect(json<Overview>(await h.call(h.b.admin, 'GET', '/api/v1/admin/impact')).screenings).toBe(1);
  });

  it('refuses an unknown release or direction (400)', async () => {
    for (const body of [
      { release: '99.0.0', direction: 'release_to_current' },
      { release, direction: 'sideways' },
      { release },
      { release, direction: 'release_to_current', extra: 1 },
    ]) {
      const response = await h.call(h.a.admin, 'POST', '/api/v1/admin/impact', body);
      expect(response.statusCode, JSON.stringify(body)).toBe(400);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
  });

  it("re-assesses the clinic's own screenings, one run at a time, and counts what src/core/impact counts", async () => {
    const started = await h.call(h.a.admin, 'POST', '/api/v1/admin/impact', {
      release,
      direction: 'release_to_current',
    });
    expect(started.statusCode).toBe(202);
    const run = json<Run>(started);
    expect(run).toMatchObject({
      state: 'running',
      total: A_ANSWERS.length,
      from: { version: release },
      to: { version: h.deps.kb.meta.version },
    });
    const again = await h.call(h.a.admin, 'POST', '/api/v1/admin/impact', {
      release,
      direction: 'current_to_release',
    });
    expect(again.statusCode).toBe(409);
    // Another clinic is not held up by this one's run.
    const other = await h.call(h.b.admin, 'POST', '/api/v1/admin/impact', {
      release,
      direction: 'release_to_current',
    });
    expect(other.statusCode).toBe(202);

    const done = await finished(h.a.admin);
    expect(done).toMatchObject({ id: run.id, state: 'done', done: A_ANSWERS.length });
    const want = expected(A_ANSWERS, 'release_to_current');
    expect(want.changed).toBeGreaterThan(0);
    expect(want).toMatchObject({ invalid: 0, narrowed: 1 });
    expect({ ...done.tally, examples: [] }).toEqual({ ...want, examples: [] });
    expect(done.tally?.examples).toHaveLength(want.changed);

    const b = await finished(h.b.admin);
    expect(b.tally?.screenings).toBe(1);
    expect(b.tally).toEqual(expected([BENIGN], 'release_to_current'));
  }, 60_000);

  it('runs the other way round, and audits the start and the end of each run in its clinic', async () => {
    const started = await h.call(h.a.admin, 'POST', '/api/v1/admin/impact', {
      release,
      direction: 'current_to_release',
    });
    expect(started.statusCode).toBe(202);
    const done = await finished(h.a.admin);
    expect(done).toMatchObject({
      direction: 'current_to_release',
      from: { version: h.deps.kb.meta.version },
    });
    expect({ ...done.tally, examples: [] }).toEqual({
      ...expected(A_ANSWERS, 'current_to_release'),
      examples: [],
    });
    const entries = await h.store.audit.listForClinic(h.a.id, { limit: 500 });
    const impact = entries.filter((e) => e.action.startsWith('kb.impact.')).reverse();
    expect(impact.map((e) => e.action)).toEqual([
      'kb.impact.start',
      'kb.impact.done',
      'kb.impact.start',
      'kb.impact.done',
    ]);
    expect(impact.every((e) => e.actor === `user:${h.a.admin.userId}`)).toBe(true);
    expect(new Set(impact.map((e) => e.resourceId)).size).toBe(2);
    const bEntries = await h.store.audit.listForClinic(h.b.id, { limit: 500 });
    expect(bEntries.filter((e) => e.action.startsWith('kb.impact.')).map((e) => e.actor)).toEqual([
      `user:${h.b.admin.userId}`,
      `user:${h.b.admin.userId}`,
    ]);
  }, 60_000);

  it('starts one run when two requests arrive at once', async () => {
    const body = { release, direction: 'release_to_current' };
    const statuses = await Promise.all([
      h.call(h.a.admin, 'POST', '/api/v1/admin/impact', body),
      h.call(h.a.admin, 'POST', '/api/v1/admin/impact', body),
    ]).then((responses) => responses.map((r) => r.statusCode).sort());
    expect(statuses).toEqual([202, 409]);
    expect((await finished(h.a.admin)).state).toBe('done');
  }, 60_000);
});

describe('impact analysis when the server stops', () => {
  it('stops a run that is going and closes', async () => {
    const own = await startHarness();
    for (let i = 0; i < 20; i++) {
      const client = json<{ id: string }>(
        await own.call(own.a.practitioner, 'POST', '/api/v1/clients', { displayName: `C${i}` }),
      );
      await own.call(own.a.practitioner, 'POST', `/api/v1/clients/${client.id}/screenings`, {
        moment: 'first_treatment',
        respondent: 'client',
        answers: BENIGN,
      });
    }
    const started = await own.call(own.a.admin, 'POST', '/api/v1/admin/impact', {
      release,
      direction: 'current_to_release',
    });
    expect(started.statusCode).toBe(202);
    await own.app.close();
    const actions = (await own.store.audit.listForClinic(own.a.id, { limit: 100 })).map((e) => e.action);
    expect(actions.filter((a) => a.startsWith('kb.impact.'))).toHaveLength(2);
    expect(actions.some((a) => a === 'kb.impact.cancelled' || a === 'kb.impact.done')).toBe(true);
    await own.close();
  }, 60_000);
});
