/**
 * NECKCHECK_AUDIT_RETENTION_DAYS: a server started on a database with old audit entries prunes them, and
 * the chain it leaves verifies from the pruned point on.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadKbAndBundle } from '../../src/node/kb-files.js';
import { loadConfig } from '../../src/server/config.js';
import { startServer } from '../../src/server/serve.js';
import { loadAuditKeyring, openStore, verifyAuditChain } from '../../src/store/index.js';
import { event } from '../store/fixtures.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'neckcheck-retention-'));
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

describe('audit retention in the server', () => {
  it('prunes the entries older than the retention at start and keeps the chain verifiable', async () => {
    const auditKeyring = loadAuditKeyring({ dir: join(dir, 'audit'), create: true });
    const seeded = await openStore({ dataDir: dir, auditKeyring });
    for (let i = 0; i < 4; i++)
      await seeded.audit.append({ ...event(null, `old.${i}`), at: '2020-01-01T00:00:00.000Z' });
    await seeded.audit.append({ ...event(null, 'recent'), at: new Date().toISOString() });
    await seeded.close();

    const loaded = await loadKbAndBundle();
    if (!loaded.ok) throw new Error('knowledge base invalid');
    const config = loadConfig(
      { NECKCHECK_LOG_LEVEL: 'silent', NECKCHECK_DEMO: 'false', NECKCHECK_AUDIT_RETENTION_DAYS: '30' },
      { port: '0', data: dir },
    );
    const server = await startServer(config, loaded.value.kb);
    try {
      let pruned = 0;
      for (let i = 0; i < 100 && pruned === 0; i++) {
        pruned = (await server.store.audit.anchor()).seq;
        if (pruned === 0) await new Promise((r) => setTimeout(r, 50));
      }
      expect(pruned).toBe(4);
      expect((await server.store.audit.scan(0, 10)).map((e) => e.action)).toEqual(['recent', 'audit.prune']);
      expect(await verifyAuditChain(server.store)).toMatchObject({ ok: true, prunedThrough: 4, entries: 2 });
    } finally {
      await server.close();
    }
  });
});
