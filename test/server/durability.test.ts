/**
 * Durability (D-1, D-6): a client writes screenings as fast as it can while the server is killed with
 * SIGKILL at random moments, 20 times. After each kill every acknowledged screening must be present and
 * intact, SQLite's integrity check must pass and the audit chain must verify. A SIGTERM must let in-flight
 * requests finish.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Answers } from '../../src/core/index.js';
import { assess } from '../../src/core/index.js';
import { digest, newToken } from '../../src/server/auth/secrets.js';
import { verifyAuditChain } from '../../src/store/audit-chain.js';
import { loadAuditKeyring, openStore } from '../../src/store/index.js';
import { sqliteConnectionOf } from '../../src/store/sqlite.js';
import { BENIGN } from '../helpers/answers.js';
import { kb as loadKb } from '../helpers/kb.js';
import { spawnServer } from './process.js';

const ROUNDS = Number(process.env.DURABILITY_ROUNDS ?? 20);
let dir: string;
let secret: string;
let clientId: string;
let clinicId: string;

/** The audit keys the server uses in this data folder (it creates them the same way). */
const keysOf = (data: string) => loadAuditKeyring({ dir: join(data, 'audit'), create: true });

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'neckcheck-durability-'));
  const store = await openStore({ dataDir: dir, auditKeyring: keysOf(dir) });
  const now = new Date().toISOString();
  const clinic = await store.clinics.create({ name: 'Durable clinic', createdAt: now });
  const user = await store.users.create({
    clinicId: clinic.id,
    email: 'writer@durable.test',
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
    expiresAt: '2100-01-01T00:00:00.000Z',
  });
  const client = await store.clients.create({
    clinicId: clinic.id,
    displayName: 'Durability',
    birthYear: null,
    email: null,
    phone: null,
    createdAt: now,
  });
  clientId = client.id;
  clinicId = clinic.id;
  await store.close();
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

function answersFor(n: number): Answers {
  return { ...BENIGN, age: 18 + (n % 80), smoking: n % 3 === 0 };
}

async function writeUntilDown(
  url: string,
  acknowledged: Map<string, number>,
  counter: { n: number },
): Promise<void> {
  const worker = async (): Promise<void> => {
    for (;;) {
      const n = counter.n++;
      let response: Response;
      try {
        response = await fetch(`${url}/api/v1/clients/${clientId}/screenings`, {
          method: 'POST',
          headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
          body: JSON.stringify({ moment: 'first_treatment', respondent: 'client', answers: answersFor(n) }),
        });
      } catch {
        return;
      }
      if (response.status === 503) return;
      if (response.status !== 201) throw new Error(`unexpected ${response.status}: ${await response.text()}`);
      acknowledged.set(((await response.json()) as { id: string }).id, n);
    }
  };
  await Promise.all([worker(), worker(), worker(), worker()]);
}

describe('durability under SIGKILL', () => {
  it(`keeps every acknowledged screening intact across ${ROUNDS} kills`, async () => {
    const kb = await loadKb();
    const acknowledged = new Map<string, number>();
    const counter = { n: 0 };
    for (let round = 0; round < ROUNDS; round++) {
      const server = await spawnServer(['--data', dir, '--no-demo']);
      const writing = writeUntilDown(server.url, acknowledged, counter);
      await new Promise((r) => setTimeout(r, 150 + Math.floor(Math.random() * 600)));
      await server.stop('SIGKILL');
      await writing;

      const store = await openStore({ dataDir: dir, auditKeyring: keysOf(dir) });
      try {
        const stored = new Map(
          (await store.screenings.listForClient(clinicId, clientId)).map((s) => [s.id, s]),
        );
        for (const [id, n] of acknowledged) {
          const screening = stored.get(id);
          expect(screening, `round ${round}: acknowledged screening ${id} is missing`).toBeDefined();
          const expected = answersFor(n);
          expect(screening?.answers).toEqual(expected);
          expect(screening?.assessment).toEqual(
            assess(kb, expected, { assessedAt: screening?.assessment.assessedAt ?? '' }),
          );
        }
        const chain = await verifyAuditChain(store);
        expect(chain, `round ${round}`).toMatchObject({ ok: true });
        expect(sqliteConnectionOf(store).pragma('integrity_check', { simple: true }), `round ${round}`).toBe(
          'ok',
        );
      } finally {
        await store.close();
      }
    }
    expect(acknowledged.size).toBeGreaterThan(ROUNDS);
    console.log(
      `durability: ${acknowledged.size} acknowledged screenings across ${ROUNDS} SIGKILLs, all intact`,
    );
  }, 600_000);

  it('finishes in-flight requests on SIGTERM and loses nothing acknowledged', async () => {
    const server = await spawnServer(['--data', dir, '--no-demo']);
    const acknowledged = new Map<string, number>();
    const writing = writeUntilDown(server.url, acknowledged, { n: 100_000 });
    await new Promise((r) => setTimeout(r, 300));
    const code = await server.stop('SIGTERM');
    await writing;
    expect(code).toBe(0);
    const store = await openStore({ dataDir: dir, auditKeyring: keysOf(dir) });
    try {
      const stored = new Set((await store.screenings.listForClient(clinicId, clientId)).map((s) => s.id));
      for (const id of acknowledged.keys()) expect(stored.has(id)).toBe(true);
    } finally {
      await store.close();
    }
  }, 120_000);
});
