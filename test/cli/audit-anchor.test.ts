/**
 * The audit chain's anchor outside the database, end to end: a real server writes its key and a signed
 * checkpoint (0600 in a 0700 folder) and `neckcheck audit verify` compares the chain with it, so removing
 * the tail of the chain and rewinding its head shows. The server then refuses to move the checkpoint.
 */
import { readFileSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnServer } from '../server/process.js';
import { runCli } from './run-cli.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'neckcheck-anchor-'));
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

const mode = (path: string): string => (statSync(path).mode & 0o777).toString(8);

describe('audit checkpoint', () => {
  it('shows a truncated tail with the head rewound, and is not moved back by the server', async () => {
    const data = join(dir, 'data');
    const audit = join(data, 'audit');
    const first = await spawnServer(['--data', data], { NECKCHECK_SECURE_COOKIES: 'false' });
    for (let i = 0; i < 4; i++) {
      const refused = await fetch(`${first.url}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: first.url },
        body: JSON.stringify({ email: 'nobody@example.test', password: 'not the password at all' }),
      });
      expect(refused.status).toBe(401);
    }
    expect(await first.stop()).toBe(0);
    expect(mode(audit)).toBe('700');
    expect(mode(join(audit, 'audit.key'))).toBe('600');
    expect(mode(join(audit, 'checkpoint.json'))).toBe('600');
    const checkpoint = JSON.parse(readFileSync(join(audit, 'checkpoint.json'), 'utf8')) as { seq: number };
    expect(checkpoint.seq).toBeGreaterThan(2);

    const intact = await runCli(['audit', 'verify', '--data', data]);
    expect(intact.code, intact.stderr).toBe(0);
    expect(intact.stdout).toMatch(new RegExp(`reaches the checkpoint of .* \\(entry ${checkpoint.seq}\\)`));

    const db = new Database(join(data, 'neckcheck.db'));
    db.exec('drop trigger audit_log_no_delete');
    db.prepare('delete from audit_log where seq > ?').run(checkpoint.seq - 2);
    const kept = db.prepare('select hash from audit_log where seq = ?').get(checkpoint.seq - 2) as {
      hash: string;
    };
    db.prepare('update audit_head set seq = ?, hash = ? where id = 1').run(checkpoint.seq - 2, kept.hash);
    db.close();

    const truncated = await runCli(['audit', 'verify', '--data', data]);
    expect(truncated.code).toBe(1);
    expect(truncated.stderr).toMatch(/TAMPERED .* entries were removed from the end and the head rewound/);

    const second = await spawnServer(['--data', data, '--no-demo']);
    const code = await second.stop();
    expect(code, `${second.child.signalCode} ${second.stderr()}`).toBe(0);
    expect(JSON.parse(readFileSync(join(audit, 'checkpoint.json'), 'utf8'))).toEqual(checkpoint);
  });
});
