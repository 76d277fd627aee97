/**
 * A fresh server per test file: a new SQLite database in a temp folder, the shipped knowledge base, a
 * controllable clock, and two clinics (A and B) each with an admin, a practitioner and a receptionist.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { loadKbAndBundle, readReleases } from '../../src/node/kb-files.js';
import { buildApp } from '../../src/server/app.js';
import { hashPassword } from '../../src/server/auth/secrets.js';
import { loadConfig } from '../../src/server/config.js';
import type { AppDeps } from '../../src/server/deps.js';
import { openStore } from '../../src/store/index.js';
import type { Store } from '../../src/store/port.js';
import type { Role } from '../../src/store/types.js';

export const PASSWORD = 'correct horse battery staple';
export const ORIGIN = 'http://neckcheck.test';
const HOST = 'neckcheck.test';

export interface Actor {
  readonly userId: string;
  readonly email: string;
  readonly cookie: string;
}

export interface ClinicFixture {
  readonly id: string;
  readonly admin: Actor;
  readonly practitioner: Actor;
  readonly reception: Actor;
}

export interface Harness {
  readonly app: FastifyInstance;
  readonly deps: AppDeps;
  readonly store: Store;
  readonly clock: { now: Date };
  readonly a: ClinicFixture;
  readonly b: ClinicFixture;
  /** An HTTP call as this actor (session cookie and a same-site Origin on unsafe methods). */
  call(
    actor: Actor | null,
    method: string,
    url: string,
    payload?: unknown,
    headers?: Record<string, string>,
  ): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

/**
 * `options.databaseUrl` runs the server on that PostgreSQL database instead of a new SQLite file (see
 * test/store/pg-helpers.ts for throwaway databases).
 */
export async function startHarness(
  env: Record<string, string> = {},
  options: { databaseUrl?: string } = {},
): Promise<Harness> {
  const dir = await mkdtemp(join(tmpdir(), 'neckcheck-server-'));
  const store = await openStore({ dataDir: dir, ...options });
  const config = loadConfig({ NECKCHECK_LOG_LEVEL: 'silent', NECKCHECK_PUBLIC_URL: ORIGIN, ...env }, {}, dir);
  const clock = { now: new Date('2026-11-25T09:00:00.000Z') };
  const loaded = await loadKbAndBundle();
  if (!loaded.ok) throw new Error('knowledge base invalid');
  // The API tests need only the app's shell page to exist; the browser tests run against the real build.
  const webDir = join(dir, 'web');
  await mkdir(webDir);
  await writeFile(join(webDir, 'index.html'), '<!doctype html><title>NeckCheck</title><div id="app"></div>');
  const releases = await readReleases();
  const deps: AppDeps = {
    kb: loaded.value.kb,
    bundle: loaded.value.bundle,
    releases: releases.ok ? releases.value : [],
    webDir,
    store,
    config,
    now: () => clock.now,
  };
  const app = await buildApp(deps, { logger: false });
  await app.ready();
  const passwordHash = await hashPassword(PASSWORD);

  const call: Harness['call'] = (actor, method, url, payload, headers = {}) =>
    app.inject({
      method: method as 'GET',
      url,
      headers: {
        host: HOST,
        ...(method === 'GET' || method === 'HEAD' ? {} : { origin: ORIGIN }),
        ...(actor === null ? {} : { cookie: actor.cookie }),
        ...headers,
      },
      ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
    });

  const login = async (email: string): Promise<string> => {
    const response = await call(null, 'POST', '/api/v1/auth/login', { email, password: PASSWORD });
    if (response.statusCode !== 200) throw new Error(`login failed for ${email}: ${response.body}`);
    const cookie = response.cookies[0];
    if (cookie === undefined) throw new Error('no session cookie');
    return `${cookie.name}=${cookie.value}`;
  };

  const clinic = async (name: string): Promise<ClinicFixture> => {
    const created = await store.clinics.create({ name, createdAt: clock.now.toISOString() });
    const actor = async (role: Role): Promise<Actor> => {
      const email = `${role}@${name.toLowerCase().replaceAll(' ', '-')}.test`;
      const user = await store.users.create({
        clinicId: created.id,
        email,
        name: `${role} of ${name}`,
        role,
        profession: role === 'practitioner' ? 'physiotherapist' : null,
        disabled: false,
        passwordHash,
        createdAt: clock.now.toISOString(),
      });
      return { userId: user.id, email, cookie: await login(email) };
    };
    return {
      id: created.id,
      admin: await actor('admin'),
      practitioner: await actor('practitioner'),
      reception: await actor('reception'),
    };
  };

  const a = await clinic('Clinic A');
  const b = await clinic('Clinic B');
  return {
    app,
    deps,
    store,
    clock,
    a,
    b,
    call,
    close: async () => {
      await app.close();
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export function json<T = Record<string, unknown>>(response: LightMyRequestResponse): T {
  return response.json() as T;
}

/**
 * A new staff member added by the clinic's admin, logged in, who has replaced the one-time password the
 * admin gave with PASSWORD (as the workspace makes them do at their first login).
 */
export async function addStaff(
  h: Harness,
  admin: Actor,
  user: { email: string; name: string; role: Role },
): Promise<Actor> {
  const oneTime = `${PASSWORD} given once`;
  const created = await h.call(admin, 'POST', '/api/v1/users', { ...user, password: oneTime });
  if (created.statusCode !== 201)
    throw new Error(`creating ${user.email}: ${created.statusCode} ${created.body}`);
  const userId = json<{ id: string }>(created).id;
  const login = await h.call(null, 'POST', '/api/v1/auth/login', { email: user.email, password: oneTime });
  const cookie = `${login.cookies[0]?.name}=${login.cookies[0]?.value}`;
  const changed = await h.call({ userId, email: user.email, cookie }, 'POST', '/api/v1/auth/password', {
    currentPassword: oneTime,
    newPassword: PASSWORD,
  });
  if (changed.statusCode !== 204)
    throw new Error(`password change for ${user.email}: ${changed.statusCode} ${changed.body}`);
  // The change ends the user's other sessions, not this one.
  return { userId, email: user.email, cookie };
}
