/**
 * A screening stored under one knowledge base shows exactly as it first did, in English and in French,
 * after the server has been restarted with a changed knowledge base: it is rebuilt from its stored outcome
 * and the stored snapshot of its knowledge base, never by running the engine again. On SQLite and on
 * PostgreSQL, with two instances of the second version sharing the database.
 */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite from 'better-sqlite3';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { Kysely, SqliteDialect } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KnowledgeBase, KnowledgeBundle } from '../../src/core/index.js';
import { loadKbAndBundle } from '../../src/node/kb-files.js';
import { buildApp } from '../../src/server/app.js';
import { hashPassword } from '../../src/server/auth/secrets.js';
import { loadConfig } from '../../src/server/config.js';
import { openStore, SQLITE_FILE_NAME } from '../../src/store/index.js';
import type { Store } from '../../src/store/port.js';
import type { Database } from '../../src/store/schema.js';
import { BENIGN } from '../helpers/answers.js';
import { bumpRuleVersion } from '../helpers/bump-rule.js';
import { connectRaw, createTestDatabase, describePostgres } from '../store/pg-helpers.js';
import { ORIGIN, PASSWORD } from './harness.js';

const ROOT = join(import.meta.dirname, '..', '..');
const HOST = 'neckcheck.test';
const ANSWERS = { ...BENIGN, age: 74, medications: ['anticoagulant'] };
const T0 = new Date('2026-12-03T09:00:00.000Z');

interface Knowledge {
  readonly kb: KnowledgeBase;
  readonly bundle: KnowledgeBundle;
}

let tmp: string;
let a: Knowledge;
let b: Knowledge;

async function knowledgeIn(dir: string): Promise<Knowledge> {
  const loaded = await loadKbAndBundle(dir);
  if (!loaded.ok) throw new Error(`knowledge base invalid: ${JSON.stringify(loaded.errors)}`);
  return loaded.value;
}

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'neckcheck-kb-versions-'));
  a = await knowledgeIn(join(ROOT, 'knowledge'));
  // Version B: rule P1 (blood thinners) reworded with its version raised, and the question reworded.
  const dir = join(tmp, 'knowledge-b');
  await cp(join(ROOT, 'knowledge'), dir, { recursive: true });
  const rules = join(dir, 'rules/precautions.yaml');
  const text = await readFile(rules, 'utf8');
  const start = text.indexOf('  - id: P1\n');
  const end = text.indexOf('\n  - id: ', start + 1);
  const block = bumpRuleVersion(text.slice(start, end))
    .replace('en: Blood thinners or a bleeding tendency', 'en: Blood-thinning medicine (revised)')
    .replace('fr: Anticoagulants ou tendance au saignement', 'fr: Médicament anticoagulant (révisé)');
  await writeFile(rules, text.slice(0, start) + block + text.slice(end));
  const question = join(dir, 'questions/08-medications.yaml');
  await writeFile(
    question,
    (await readFile(question, 'utf8'))
      .replace('en: Relevant medicines', 'en: Medicines that matter (revised)')
      .replace('fr: Médicaments pertinents', 'fr: Médicaments qui comptent (révisé)'),
  );
  const meta = join(dir, 'kb.yaml');
  await writeFile(meta, (await readFile(meta, 'utf8')).replace(/^ {2}version: (\S+)/m, '  version: 9.0.0'));
  b = await knowledgeIn(dir);
  expect(b.kb.hash).not.toBe(a.kb.hash);
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

async function serve(store: Store, knowledge: Knowledge, dataDir: string): Promise<FastifyInstance> {
  const config = loadConfig({ NECKCHECK_LOG_LEVEL: 'silent', NECKCHECK_PUBLIC_URL: ORIGIN }, {}, dataDir);
  const app = await buildApp({ ...knowledge, store, config, now: () => T0 }, { logger: false });
  await app.ready();
  return app;
}

const call = (
  app: FastifyInstance,
  cookie: string,
  method: 'GET' | 'POST',
  url: string,
  headers: Record<string, string> = {},
  payload?: Record<string, unknown>,
): Promise<LightMyRequestResponse> =>
  app.inject({
    method,
    url,
    headers: { host: HOST, cookie, ...(method === 'POST' ? { origin: ORIGIN } : {}), ...headers },
    ...(payload === undefined ? {} : { payload }),
  });

/** What a screening shows: its page's data and its printed report, for each language and audience. */
async function shown(app: FastifyInstance, cookie: string, id: string): Promise<string[]> {
  const views: string[] = [];
  for (const lang of ['en', 'fr']) {
    const page = await call(app, cookie, 'GET', `/api/v1/screenings/${id}`, { 'accept-language': lang });
    expect(page.statusCode).toBe(200);
    views.push(page.body);
    for (const audience of ['client', 'clinician']) {
      const report = await call(
        app,
        cookie,
        'GET',
        `/api/v1/screenings/${id}/report.html?lang=${lang}&audience=${audience}`,
      );
      expect(report.statusCode).toBe(200);
      views.push(report.body);
    }
  }
  return views;
}

async function journey(
  open: () => Promise<Store>,
  dataDir: string,
  raw: () => Kysely<Database>,
): Promise<void> {
  const store = await open();
  const clinic = await store.clinics.create({ name: 'Clinique Étoile', createdAt: T0.toISOString() });
  await store.users.create({
    clinicId: clinic.id,
    email: 'practitioner@etoile.test',
    name: 'Practitioner',
    role: 'practitioner',
    profession: 'physiotherapist',
    disabled: false,
    passwordHash: await hashPassword(PASSWORD),
    createdAt: T0.toISOString(),
  });
  const client = await store.clients.create({
    clinicId: clinic.id,
    displayName: 'Hélène',
    birthYear: 1952,
    email: null,
    phone: null,
    createdAt: T0.toISOString(),
  });
  const first = await serve(store, a, dataDir);
  const login = await first.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    headers: { host: HOST, origin: ORIGIN },
    payload: { email: 'practitioner@etoile.test', password: PASSWORD },
  });
  expect(login.statusCode).toBe(200);
  const cookie = `${login.cookies[0]?.name}=${login.cookies[0]?.value}`;
  const screen = async (app: FastifyInstance): Promise<string> => {
    const created = await call(
      app,
      cookie,
      'POST',
      `/api/v1/clients/${client.id}/screenings`,
      {},
      {
        moment: 'first_treatment',
        respondent: 'client',
        answers: ANSWERS,
      },
    );
    expect(created.statusCode).toBe(201);
    return (created.json() as { id: string }).id;
  };
  const old = await screen(first);
  const before = await shown(first, cookie, old);
  // What the request wrote: the outcome, a fraction of the assessment it stands for.
  const db = raw();
  try {
    const row = await db
      .selectFrom('screenings')
      .select(['assessment', 'outcome'])
      .where('id', '=', old)
      .executeTakeFirstOrThrow();
    const full = JSON.stringify((await store.screenings.get(clinic.id, old))?.assessment);
    expect(row.assessment).toBeNull();
    expect(row.outcome?.length).toBeLessThan(full.length / 3);
  } finally {
    await db.destroy();
  }
  expect(before.join('\n')).toContain('Blood thinners or a bleeding tendency');
  expect(before.join('\n')).toContain('Anticoagulants ou tendance au saignement');
  await first.close();
  await store.close();

  // The next release runs on the same database, as two instances.
  const stores = [await open(), await open()];
  const apps = await Promise.all(stores.map((s) => serve(s, b, dataDir)));
  try {
    for (const app of apps) expect(await shown(app, cookie, old)).toEqual(before);
    // Both instances store their first screening of B at once: B is stored once, and neither fails.
    const [fresh] = await Promise.all(apps.map((app) => screen(app)));
    if (fresh === undefined) throw new Error('no screening');
    const after = (await shown(apps[0] as FastifyInstance, cookie, fresh)).join('\n');
    expect(after).toContain('Blood-thinning medicine (revised)');
    expect(after).toContain('Médicament anticoagulant (révisé)');
    const [one, two] = await Promise.all(stores.map((s) => s.screenings.listForClient(clinic.id, client.id)));
    expect(one?.map((s) => s.assessment.kb.hash)).toEqual([a.kb.hash, b.kb.hash, b.kb.hash]);
    expect(two).toEqual(one);
    expect((await stores[0]?.kbVersions.list())?.map((v) => [v.hash, v.version]).sort()).toEqual(
      [
        [a.kb.hash, a.kb.meta.version],
        [b.kb.hash, '9.0.0'],
      ].sort(),
    );
  } finally {
    await Promise.all(apps.map((app) => app.close()));
    await Promise.all(stores.map((s) => s.close()));
  }
}

describe('knowledge-base versions on SQLite', () => {
  it('shows an old screening as it first did after a change of knowledge base', async () => {
    const dataDir = await mkdtemp(join(tmp, 'data-'));
    await journey(
      () => openStore({ dataDir }),
      dataDir,
      () =>
        new Kysely<Database>({
          dialect: new SqliteDialect({ database: new BetterSqlite(join(dataDir, SQLITE_FILE_NAME)) }),
        }),
    );
  });
});

describePostgres('knowledge-base versions on PostgreSQL', (adminUrl) => {
  it('shows an old screening as it first did after a change of knowledge base', async () => {
    const database = await createTestDatabase(adminUrl);
    try {
      const dataDir = await mkdtemp(join(tmp, 'data-'));
      await journey(
        () => openStore({ databaseUrl: database.url }),
        dataDir,
        () => connectRaw(database.url),
      );
    } finally {
      await database.drop();
    }
  });
});
