/** `neckcheck audit verify`, `backup` and `restore` on real SQLite files. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadAuditKeyring, openStore } from '../../src/store/index.js';
import { runCli } from './run-cli.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'neckcheck-data-cli-'));
  const auditKeyring = loadAuditKeyring({ dir: join(dir, 'live', 'audit'), create: true });
  const store = await openStore({ dataDir: join(dir, 'live'), auditKeyring });
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
    expect(run.stdout).toMatch(/keyed chain from entry 1/);
    expect(run.stdout).toMatch(/no checkpoint to compare with/);
  });

  it('refuses to verify without the key the entries were chained with', async () => {
    const run = await runCli([
      'audit',
      'verify',
      '--data',
      join(dir, 'live'),
      '--audit-dir',
      join(dir, 'none'),
    ]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/TAMPERED at entry 1: chained with key [0-9a-f]{16}, which is not configured/);
  });

  it('exports JSON lines that verify offline', async () => {
    const file = join(dir, 'audit.jsonl');
    const exported = await runCli(['audit', 'export', '--data', join(dir, 'live'), '--output', file]);
    expect(exported.code, exported.stderr).toBe(0);
    expect(exported.stderr).toMatch(/exported 5 audit entries/);
    const verify = await runCli([
      'audit',
      'verify',
      '--export',
      file,
      '--audit-dir',
      join(dir, 'live', 'audit'),
    ]);
    expect(verify.code, verify.stderr).toBe(0);
    expect(verify.stdout).toMatch(/audit log intact: 5 entries.*\n.*\n.*reaches the checkpoint/);
    const since = await runCli(['audit', 'export', '--data', join(dir, 'live'), '--since', '2030-01-01']);
    expect(since.stdout.trim().split('\n')).toHaveLength(1);
    expect((await runCli(['audit', 'export', '--data', join(dir, 'live'), '--since', 'soon'])).code).toBe(2);
  });

  it('backs up, refuses to overwrite, and restores into an empty folder with the chain verified', async () => {
    const file = join(dir, 'backup.db');
    const backup = await runCli(['backup', file, '--data', join(dir, 'live')]);
    expect(backup.code, backup.stderr).toBe(0);
    expect((await runCli(['backup', file, '--data', join(dir, 'live')])).code).toBe(2);
    const keys = ['--audit-dir', join(dir, 'live', 'audit')];
    const restore = await runCli(['restore', file, '--data', join(dir, 'restored'), ...keys]);
    expect(restore.code, restore.stderr).toBe(0);
    expect(restore.stdout).toMatch(/audit chain verified \(5 entries\)/);
    expect((await runCli(['restore', file, '--data', join(dir, 'restored'), ...keys])).code).toBe(2);
    const verify = await runCli(['audit', 'verify', '--data', join(dir, 'restored'), ...keys]);
    expect(verify.stdout).toMatch(/5 entries/);
  });

  it('says clearly when the backup file does not exist', async () => {
    const run = await runCli(['restore', join(dir, 'nope.db'), '--data', join(dir, 'other')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/restore failed/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});
