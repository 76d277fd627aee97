/**
 * Setting up a real clinic from the command line: `clinic create`, `user reset-password`, and a server
 * started with --no-demo that says how; the one-time password logs in and must be changed first. The same
 * set-up runs on PostgreSQL in test/store/accounts-passwords.test.ts.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ServerProcess } from '../server/process.js';
import { spawnServer } from '../server/process.js';
import { runCli } from './run-cli.js';

const dirs: string[] = [];
const servers: ServerProcess[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'neckcheck-cli-accounts-'));
  dirs.push(dir);
  return dir;
}

const oneTimePassword = (stdout: string): string => /one-time password[^:]*: (\S+)/i.exec(stdout)?.[1] ?? '';

/** A minimal HTTP client for one session against a real server: the cookie, and a same-site Origin. */
function session(url: string) {
  let cookie = '';
  return async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${url}${path}`, {
      method,
      headers: {
        origin: url,
        ...(cookie === '' ? {} : { cookie }),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const set = response.headers.get('set-cookie');
    if (set !== null) cookie = set.split(';')[0] ?? '';
    const text = await response.text();
    return {
      status: response.status,
      body: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>),
    };
  };
}

describe('neckcheck clinic create', () => {
  it('creates a clinic and its admin, whose one-time password must be changed at first login', async () => {
    const data = dataDir();
    const created = await runCli([
      'clinic',
      'create',
      '--name',
      'Clinique du Lac',
      '--admin-email',
      'Ana@Lac.example',
      '--data',
      data,
      '--public-url',
      'https://neckcheck.lac.example',
    ]);
    expect(created.code, created.stderr).toBe(0);
    expect(created.stdout).toContain('Clinique du Lac');
    expect(created.stdout).toContain('ana@lac.example');
    expect(created.stdout).toContain('https://neckcheck.lac.example/login');
    const password = oneTimePassword(created.stdout);
    expect(password).toMatch(/^[a-z2-9]{5}(-[a-z2-9]{5}){3}$/);

    const server = await spawnServer(['--data', data, '--no-demo'], { NECKCHECK_SECURE_COOKIES: 'false' });
    servers.push(server);
    expect(server.stderr()).not.toContain('No clinic yet');
    const call = session(server.url);
    const login = await call('POST', '/api/v1/auth/login', { email: 'ana@lac.example', password });
    expect(login.status).toBe(200);
    expect(login.body.user).toMatchObject({ role: 'admin', mustChangePassword: true });
    const refused = await call('GET', '/api/v1/users');
    expect([refused.status, refused.body.code]).toEqual([403, 'password_change_required']);
    const changed = await call('POST', '/api/v1/auth/password', {
      currentPassword: password,
      newPassword: 'lantern harbour pebble violin',
    });
    expect(changed.status).toBe(204);
    expect((await call('GET', '/api/v1/users')).status).toBe(200);
  });

  it('refuses an existing clinic, an e-mail already used and a bad e-mail, with exit code 2', async () => {
    const data = dataDir();
    const args = ['clinic', 'create', '--data', data];
    expect((await runCli([...args, '--name', 'Physio Nord', '--admin-email', 'a@nord.example'])).code).toBe(
      0,
    );
    const [sameClinic, sameEmail, badEmail, missing] = await Promise.all([
      runCli([...args, '--name', 'physio nord', '--admin-email', 'b@nord.example']),
      runCli([...args, '--name', 'Physio Sud', '--admin-email', 'A@nord.example']),
      runCli([...args, '--name', 'Physio Sud', '--admin-email', 'not-an-address']),
      runCli([...args, '--admin-email', 'c@nord.example']),
    ]);
    expect([sameClinic.code, sameEmail.code, badEmail.code, missing.code]).toEqual([2, 2, 2, 2]);
    expect(sameClinic.stderr).toMatch(/a clinic named "physio nord" already exists/);
    expect(sameEmail.stderr).toMatch(/a user with the e-mail a@nord\.example already exists/);
    expect(badEmail.stderr).toMatch(/"not-an-address" is not an e-mail address/);
    expect(missing.stderr).toMatch(/--name/);
    expect(sameClinic.stdout + sameEmail.stdout + badEmail.stdout).not.toMatch(/password/i);
  });
});

describe('neckcheck user reset-password', () => {
  it('prints a new one-time password; the old password stops working', async () => {
    const data = dataDir();
    const created = await runCli([
      'clinic',
      'create',
      '--name',
      'Reset Clinic',
      '--admin-email',
      'r@reset.example',
      '--data',
      data,
    ]);
    const first = oneTimePassword(created.stdout);
    const reset = await runCli(['user', 'reset-password', '--email', 'R@reset.example', '--data', data]);
    expect(reset.code, reset.stderr).toBe(0);
    const second = oneTimePassword(reset.stdout);
    expect(second).toMatch(/^[a-z2-9]{5}(-[a-z2-9]{5}){3}$/);
    expect(second).not.toBe(first);

    const server = await spawnServer(['--data', data, '--no-demo'], { NECKCHECK_SECURE_COOKIES: 'false' });
    servers.push(server);
    const call = session(server.url);
    expect(
      (await call('POST', '/api/v1/auth/login', { email: 'r@reset.example', password: first })).status,
    ).toBe(401);
    expect(
      (await call('POST', '/api/v1/auth/login', { email: 'r@reset.example', password: second })).status,
    ).toBe(200);

    const unknown = await runCli([
      'user',
      'reset-password',
      '--email',
      'nobody@reset.example',
      '--data',
      data,
    ]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/no user has the e-mail nobody@reset\.example/);
  });
});

describe('neckcheck serve', () => {
  it('with --no-demo on an empty database, says how to create a clinic', async () => {
    const data = dataDir();
    const server = await spawnServer(['--data', data, '--no-demo']);
    servers.push(server);
    await expect.poll(() => server.stderr(), { timeout: 5000 }).toMatch(/No clinic yet/);
    expect(server.stderr()).toContain('neckcheck clinic create --name');
    expect(server.stderr()).toContain(data);
  });

  it('with the demo, writes its passwords to the owner-only file and never to the log', async () => {
    const data = dataDir();
    const server = await spawnServer(['--data', data]);
    servers.push(server);
    const file = join(data, 'demo-credentials.txt');
    await expect.poll(() => server.stderr(), { timeout: 5000 }).toContain(file);
    const passwords = readFileSync(file, 'utf8')
      .split('\n')
      .map((line) => /\S+@\S+\s+(\S+)$/.exec(line)?.[1])
      .filter((p): p is string => p !== undefined);
    expect(passwords).toHaveLength(3);
    for (const password of passwords) expect(server.stderr()).not.toContain(password);
  });
});
