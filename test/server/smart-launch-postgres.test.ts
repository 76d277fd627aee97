/**
 * The SMART launch on PostgreSQL with two server instances sharing the database and the secret key: a
 * launch started on one completes on the other, and its state, once used, is refused by both.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app.js';
import { loadConfig } from '../../src/server/config.js';
import type { Launcher } from '../helpers/smart-launcher.js';
import { startLauncher } from '../helpers/smart-launcher.js';
import type { TestDatabase } from '../store/pg-helpers.js';
import { createTestDatabase, describePostgres } from '../store/pg-helpers.js';
import type { Harness } from './harness.js';
import { ORIGIN, startHarness } from './harness.js';
import { api, Jar, visit } from './smart-flow.js';

describePostgres('SMART EHR launch on PostgreSQL, across instances', (adminUrl) => {
  let database: TestDatabase;
  let h: Harness;
  let launcher: Launcher;
  let first: FastifyInstance;
  let second: FastifyInstance;

  beforeAll(async () => {
    database = await createTestDatabase(adminUrl);
    h = await startHarness({}, { databaseUrl: database.url });
    launcher = await startLauncher({
      clientId: 'neckcheck-pg',
      redirectUri: `${ORIGIN}/smart/callback`,
      patients: [{ id: 'pg-1', family: 'Gagnon', given: ['Louis'], birthDate: '1960-02-02' }],
    });
    const instance = async () => {
      const config = loadConfig(
        {
          NECKCHECK_LOG_LEVEL: 'silent',
          NECKCHECK_PUBLIC_URL: ORIGIN,
          NECKCHECK_SMART_CLIENTS: JSON.stringify([
            { iss: launcher.iss, clinicId: h.a.id, clientId: 'neckcheck-pg' },
          ]),
        },
        {},
        h.deps.config.dataDir,
      );
      const app = await buildApp({ ...h.deps, config }, { logger: false });
      await app.ready();
      return app;
    };
    first = await instance();
    second = await instance();
  }, 60_000);
  afterAll(async () => {
    await first?.close();
    await second?.close();
    await launcher?.close();
    await h?.close();
    await database?.drop();
  });

  it('completes on the other instance, and refuses the used state on both', async () => {
    const jar = new Jar(h.a.practitioner);
    const start = await visit(
      first,
      jar,
      `${ORIGIN}/smart/launch?iss=${encodeURIComponent(launcher.iss)}&launch=${launcher.launch('pg-1')}`,
    );
    expect(start.status).toBe(302);
    const authorized = await visit(first, jar, start.location ?? '');
    const callback = authorized.location ?? '';
    expect(callback).toMatch(/\/smart\/callback\?/);
    const copied = jar.header();
    const done = await visit(second, jar, callback);
    expect(done).toMatchObject({ status: 303, location: `${ORIGIN}/app/smart` });
    const launch = await api(first, jar, 'GET', '/api/v1/smart/launch');
    expect(launch.json().launch.patient).toMatchObject({ patientId: 'pg-1', name: 'Louis Gagnon' });
    for (const app of [first, second]) {
      const replay = await app.inject({
        method: 'GET',
        url: callback.slice(ORIGIN.length),
        headers: { host: 'neckcheck.test', accept: 'text/html', cookie: copied },
      });
      expect(replay.statusCode).toBe(400);
      expect(replay.body).toContain('already used');
    }
  });
});
