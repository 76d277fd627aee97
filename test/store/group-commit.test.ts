/**
 * SQLite group commit: concurrent transactions share one COMMIT, yet each one that throws is rolled back
 * alone, and every transaction that resolved is on disk.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { verifyAuditChain } from '../../src/store/audit-chain.js';
import type { Store } from '../../src/store/port.js';
import { openSqliteStore } from '../../src/store/sqlite.js';
import { T0 } from './fixtures.js';

let dir: string;
let store: Store;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'neckcheck-group-'));
  store = await openSqliteStore(join(dir, 'neckcheck.db'));
});
afterAll(async () => {
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

it('commits the transactions that succeed and rolls back only the ones that throw', async () => {
  const clinic = await store.clinics.create({ name: 'Group', createdAt: T0 });
  const outcomes = await Promise.allSettled(
    Array.from({ length: 60 }, (_, i) =>
      store.transaction(async (tx) => {
        const client = await tx.clients.create({
          clinicId: clinic.id,
          displayName: `client ${i}`,
          birthYear: null,
          email: null,
          phone: null,
          createdAt: T0,
        });
        if (i % 7 === 3) throw new Error(`refused ${i}`);
        await tx.audit.append({
          at: T0,
          clinicId: clinic.id,
          actor: 'test',
          action: 'client.create',
          resourceType: 'client',
          resourceId: client.id,
          outcome: 'success',
          requestId: null,
          ip: null,
        });
        return client.displayName;
      }),
    ),
  );
  const kept = outcomes.flatMap((o) => (o.status === 'fulfilled' ? [o.value] : []));
  const refused = outcomes.filter((o) => o.status === 'rejected');
  expect(refused).toHaveLength(9);
  const stored = (await store.clients.list(clinic.id, { limit: 999 })).map((c) => c.displayName).sort();
  expect(stored).toEqual([...kept].sort());
  expect(stored.some((name) => /client (3|10|17)$/.test(name))).toBe(false);
  expect(await verifyAuditChain(store)).toMatchObject({ ok: true, entries: kept.length });
});
