/**
 * Two server processes on one PostgreSQL database: a session opened on one works on the other, both write
 * concurrently, and the shared audit chain stays valid.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { verifyAuditChain } from '../../src/store/audit-chain.js';
import { loadAuditKeyring, openStore } from '../../src/store/index.js';

import { BENIGN } from '../helpers/answers.js';
import type { TestDatabase } from '../store/pg-helpers.js';
import { createTestDatabase, describePostgres } from '../store/pg-helpers.js';
import type { ServerProcess } from './process.js';
import { spawnServer } from './process.js';

/** Every instance on one database chains with the same key (docs/operations.md). */
const AUDIT_KEY = 'ab'.repeat(32);

describePostgres('two server instances on one PostgreSQL', (adminUrl) => {
  let database: TestDatabase;
  let one: ServerProcess;
  let two: ServerProcess;
  let credentials: { email: string; password: string };
  let dataDir: string;

  beforeAll(async () => {
    database = await createTestDatabase(adminUrl);
    dataDir = await mkdtemp(join(tmpdir(), 'neckcheck-multi-'));
    one = await spawnServer(
      ['--database-url', database.url, '--data', dataDir],
      { NECKCHECK_SECURE_COOKIES: 'false', NECKCHECK_AUDIT_KEY: AUDIT_KEY },
      { timeoutMs: 60_000 },
    );
    two = await spawnServer(
      ['--database-url', database.url, '--no-demo', '--data', join(dataDir, 'two')],
      { NECKCHECK_SECURE_COOKIES: 'false', NECKCHECK_AUDIT_KEY: AUDIT_KEY },
      { timeoutMs: 60_000 },
    );
    // The demo passwords are never printed to a non-terminal: they are in the owner-only file.
    const saved = await readFile(join(dataDir, 'demo-credentials.txt'), 'utf8');
    const match = /practitioner\s+(\S+)\s+(\S+)/.exec(saved);
    if (match?.[1] === undefined || match[2] === undefined)
      throw new Error(`no demo credentials saved:\n${one.stderr()}`);
    credentials = { email: match[1], password: match[2] };
  }, 120_000);

  afterAll(async () => {
    await Promise.all([one?.stop(), two?.stop()]);
    await database?.drop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('accepts on instance two a session opened on instance one', async () => {
    const login = await fetch(`${one.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: one.url },
      body: JSON.stringify(credentials),
    });
    expect(login.status).toBe(200);
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    expect(cookie).toMatch(/^neckcheck-session=/);

    const me = await fetch(`${two.url}/api/v1/me`, { headers: { cookie } });
    expect(me.status).toBe(200);
    expect(((await me.json()) as { user: { email: string } }).user.email).toBe(credentials.email);

    const created = await fetch(`${two.url}/api/v1/clients`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json', origin: two.url },
      body: JSON.stringify({ displayName: 'Seen by both' }),
    });
    expect(created.status).toBe(201);
    const clientId = ((await created.json()) as { id: string }).id;

    const writes = Array.from({ length: 40 }, (_, i) =>
      fetch(`${i % 2 === 0 ? one.url : two.url}/api/v1/clients/${clientId}/screenings`, {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/json', origin: i % 2 === 0 ? one.url : two.url },
        body: JSON.stringify({ moment: 'first_treatment', respondent: 'client', answers: BENIGN }),
      }).then((r) => r.status),
    );
    expect(new Set(await Promise.all(writes))).toEqual(new Set([201]));

    const loggedOut = await fetch(`${one.url}/api/v1/auth/logout`, {
      method: 'POST',
      headers: { cookie, origin: one.url },
    });
    expect(loggedOut.status).toBe(204);
    expect((await fetch(`${two.url}/api/v1/me`, { headers: { cookie } })).status).toBe(401);

    const store = await openStore({
      databaseUrl: database.url,
      auditKeyring: loadAuditKeyring({ dir: dataDir, secret: AUDIT_KEY, create: false }),
    });
    try {
      expect(await verifyAuditChain(store)).toMatchObject({ ok: true });
    } finally {
      await store.close();
    }
  });
});
