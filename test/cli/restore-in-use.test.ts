/**
 * `neckcheck restore --force` against a real running server: refused with exit code 4 while the server runs
 * (its writes would be lost), accepted once it stopped or died (a stale lock). Backups and restored files are
 * the owner's only.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnServer } from '../server/process.js';
import { runCli } from './run-cli.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'neckcheck-restore-lock-'));
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

const mode = (path: string): string => (statSync(path).mode & 0o777).toString(8);

describe('restore while the database is in use', () => {
  it('refuses with exit code 4 while a server runs, and restores once it has stopped', async () => {
    const data = join(dir, 'data');
    const backup = join(dir, 'backup.db');
    const server = await spawnServer(['--data', data]);
    try {
      const lock = join(data, 'neckcheck.db.lock');
      expect(JSON.parse(readFileSync(lock, 'utf8'))).toMatchObject({
        pid: server.child.pid,
        purpose: 'neckcheck serve',
      });
      expect(mode(lock)).toBe('600');
      const backedUp = await runCli(['backup', backup, '--data', data]);
      expect(backedUp.code, backedUp.stderr).toBe(0);
      expect(mode(backup)).toBe('600');

      const refused = await runCli(['restore', backup, '--data', data, '--force']);
      expect(refused.code).toBe(4);
      expect(refused.stderr).toMatch(
        new RegExp(`restore refused: .*in use by neckcheck serve \\(process ${server.child.pid}`),
      );
      expect(refused.stderr).not.toMatch(/\n\s+at /);
      const health = await fetch(`${server.url}/healthz`);
      expect(health.status).toBe(200);
    } finally {
      expect(await server.stop()).toBe(0);
    }
    expect(existsSync(join(data, 'neckcheck.db.lock'))).toBe(false);
    const restored = await runCli(['restore', backup, '--data', data, '--force']);
    expect(restored.code, restored.stderr).toBe(0);
    expect(mode(join(data, 'neckcheck.db'))).toBe('600');
    expect(restored.stdout).toMatch(
      /audit checkpoint of the replaced database is kept as .*checkpoint\.json\.pre-restore-/,
    );
    const verify = await runCli(['audit', 'verify', '--data', data]);
    expect(verify.code, verify.stderr).toBe(0);
  });

  it('takes over the stale lock of a server that was killed', async () => {
    const data = join(dir, 'killed');
    const backup = join(dir, 'killed-backup.db');
    const server = await spawnServer(['--data', data]);
    await server.stop('SIGKILL');
    expect(existsSync(join(data, 'neckcheck.db.lock'))).toBe(true);
    expect((await runCli(['backup', backup, '--data', data])).code).toBe(0);
    const restored = await runCli(['restore', backup, '--data', data, '--force']);
    expect(restored.code, restored.stderr).toBe(0);
    expect(existsSync(join(data, 'neckcheck.db.lock'))).toBe(false);
  });
});
