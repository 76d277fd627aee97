/** `neckcheck audit verify`, `backup` and `restore` on real SQLite files. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/index.js';
import { runCli } from './run-cli.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'neckcheck-data-cli-'));
  const store = await openStore({ dataDir: join(dir, 'live') });
  const at = '2026-11-25T09:00:00.000Z';
  const clinic = await store.clinics.create({ name: 'Backup clinic', createdAt: at });
  for (let i = 0; i < 5; i++) {
    await store.audit.append({
      at,
      clinicId: clinic.id,
      actor: 'system',
      action: `test.${i}`,
      resourceType: null,
      resourceId: null,
      outcome: 'success',
      requestId: null,
      ip: null,
    });
  }
  await store.close();
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

describe('data maintenance commands', () => {
  it('verifies the audit chain', async () => {
    const run = await runCli(['audit', 'verify', '--data', join(dir, 'live')]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/audit log intact: 5 entries/);
  });

  it('backs up, refuses to overwrite, and restores into an empty folder with the chain verified', async () => {
    const file = join(dir, 'backup.db');
    const backup = await runCli(['backup', file, '--data', join(dir, 'live')]);
    expect(backup.code, backup.stderr).toBe(0);
    expect((await runCli(['backup', file, '--data', join(dir, 'live')])).code).toBe(2);
    const restore = await runCli(['restore', file, '--data', join(dir, 'restored')]);
    expect(restore.code, restore.stderr).toBe(0);
    expect(restore.stdout).toMatch(/audit chain verified \(5 entries\)/);
    expect((await runCli(['restore', file, '--data', join(dir, 'restored')])).code).toBe(2);
    const verify = await runCli(['audit', 'verify', '--data', join(dir, 'restored')]);
    expect(verify.stdout).toMatch(/5 entries/);
  });

  it('says clearly when the backup file does not exist', async () => {
    const run = await runCli(['restore', join(dir, 'nope.db'), '--data', join(dir, 'other')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/restore failed/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});
