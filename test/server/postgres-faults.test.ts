/**
 * PostgreSQL faults (issue 11): a real server process writes screenings for a few concurrent clients while
 * its private PostgreSQL cluster is restarted, then while it is down. The process must stay alive, answer
 * every request (201, or 503 database_unavailable with Retry-After; never a crash, a reset or a hang),
 * lose none of the screenings it acknowledged, and write again once the database is back.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { digest, newToken } from '../../src/server/auth/secrets.js';
import { openStore } from '../../src/store/index.js';
import { BENIGN } from '../helpers/answers.js';
import type { PrivateCluster } from '../store/pg-cluster.js';
import { postgresBin, startPrivateCluster } from '../store/pg-cluster.js';
import type { ServerProcess } from './process.js';
import { spawnServer } from './process.js';

const BIN = postgresBin();
const REQUEST_TIMEOUT_MS = 20_000;

interface Tally {
  readonly acknowledged: string[];
  readonly acknowledgedAt: number[];
  readonly unavailable: number[];
  readonly unexpected: string[];
}

describe.skipIf(BIN === undefined && !process.env.CI)('the server survives PostgreSQL faults', () => {
  let cluster: PrivateCluster;
  let server: ServerProcess;
  let dataDir: string;
  let secret: string;
  let clientId: string;
  let clinicId: string;

  beforeAll(async () => {
    if (BIN === undefined) throw new Error('PostgreSQL server binaries are not installed');
    cluster = await startPrivateCluster(BIN);
    const store = await openStore({ databaseUrl: cluster.url });
    try {
      const now = new Date().toISOString();
      const clinic = await store.clinics.create({ name: 'Fault clinic', createdAt: now });
      const user = await store.users.create({
        clinicId: clinic.id,
        email: 'writer@faults.test',
        name: 'Writer',
        role: 'practitioner',
        profession: 'physiotherapist',
        disabled: false,
        passwordHash: 'unused',
        createdAt: now,
      });
      secret = newToken('nck_');
      await store.apiTokens.create({
        clinicId: clinic.id,
        name: 'writer',
        role: 'practitioner',
        tokenHash: digest(secret),
        createdBy: user.id,
        createdAt: now,
        revokedAt: null,
        expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
      });
      const client = await store.clients.create({
        clinicId: clinic.id,
        displayName: 'Faults',
        birthYear: null,
        email: null,
        phone: null,
        createdAt: now,
      });
      clientId = client.id;
      clinicId = clinic.id;
    } finally {
      await store.close();
    }
    dataDir = await mkdtemp(join(tmpdir(), 'neckcheck-pgfault-data-'));
    server = await spawnServer(
      ['--database-url', cluster.url, '--data', dataDir, '--no-demo'],
      {},
      { timeoutMs: 60_000 },
    );
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
    await cluster?.destroy();
    if (dataDir !== undefined) await rm(dataDir, { recursive: true, force: true });
  });

  async function writeOnce(tally: Tally): Promise<number> {
    let response: Response;
    try {
      response = await fetch(`${server.url}/api/v1/clients/${clientId}/screenings`, {
        method: 'POST',
        headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
        body: JSON.stringify({ moment: 'first_treatment', respondent: 'client', answers: BENIGN }),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
    } catch (error) {
      tally.unexpected.push(`no answer: ${error instanceof Error ? error.message : String(error)}`);
      return 0;
    }
    const body = await response.text();
    if (response.status === 201) {
      tally.acknowledged.push((JSON.parse(body) as { id: string }).id);
      tally.acknowledgedAt.push(Date.now());
    } else if (
      response.status === 503 &&
      response.headers.get('content-type')?.startsWith('application/problem+json') === true &&
      (JSON.parse(body) as { code: string }).code === 'database_unavailable' &&
      Number(response.headers.get('retry-after')) > 0
    ) {
      tally.unavailable.push(Date.now());
    } else {
      tally.unexpected.push(`${response.status} ${body}`);
    }
    return response.status;
  }

  /** A few clients writing in a loop until `stop` is set (bounded in any case). */
  async function load(tally: Tally, stop: { done: boolean }): Promise<void> {
    const worker = async (): Promise<void> => {
      for (let i = 0; i < 5_000 && !stop.done; i++) {
        const status = await writeOnce(tally);
        if (status !== 201) await new Promise((r) => setTimeout(r, 20));
      }
    };
    await Promise.all([worker(), worker(), worker(), worker()]);
  }

  const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));
  const alive = () => server.child.exitCode === null && server.child.signalCode === null;

  async function storedIds(): Promise<Set<string>> {
    const store = await openStore({ databaseUrl: cluster.url });
    try {
      return new Set((await store.screenings.listForClient(clinicId, clientId)).map((s) => s.id));
    } finally {
      await store.close();
    }
  }

  it('keeps serving through a restart under write load and loses no acknowledged write', async () => {
    const tally: Tally = { acknowledged: [], acknowledgedAt: [], unavailable: [], unexpected: [] };
    const stop = { done: false };
    const writing = load(tally, stop);
    await wait(1_500);
    const before = tally.acknowledged.length;
    await cluster.restart();
    const restarted = Date.now();
    await wait(2_500);
    stop.done = true;
    await writing;

    expect(alive(), `the server died:\n${server.stderr()}`).toBe(true);
    expect(tally.unexpected).toEqual([]);
    expect(before).toBeGreaterThan(0);
    const stored = await storedIds();
    const lost = tally.acknowledged.filter((id) => !stored.has(id));
    expect(lost).toEqual([]);
    // Writes succeed again after the restart.
    const after = await writeOnce(tally);
    expect(after).toBe(201);
    expect(tally.unexpected).toEqual([]);
    // The load itself recovered: writes were acknowledged after PostgreSQL was back.
    const afterRestart = tally.acknowledgedAt.filter((at) => at > restarted).length;
    expect(afterRestart).toBeGreaterThan(0);
    console.log(
      `postgres restart: ${tally.acknowledged.length} acknowledged (all stored; ${before} before the ` +
        `restart, ${afterRestart} after it), ${tally.unavailable.length} answered 503`,
    );
  }, 120_000);

  it('answers 503 and reports not ready while PostgreSQL is down, and recovers when it returns', async () => {
    await cluster.stop();
    try {
      const tally: Tally = { acknowledged: [], acknowledgedAt: [], unavailable: [], unexpected: [] };
      expect(await writeOnce(tally)).toBe(503);
      expect(tally.unexpected).toEqual([]);
      const ready = await fetch(`${server.url}/readyz`, { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
      expect(ready.status).toBe(503);
      expect(((await ready.json()) as { code: string }).code).toBe('database_unavailable');
      expect(alive()).toBe(true);
    } finally {
      await cluster.start();
    }
    const tally: Tally = { acknowledged: [], acknowledgedAt: [], unavailable: [], unexpected: [] };
    expect(await writeOnce(tally)).toBe(201);
    const ready = await fetch(`${server.url}/readyz`, { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
    expect(ready.status).toBe(200);
  }, 120_000);
});
