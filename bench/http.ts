/**
 * HTTP benchmark, loopback only, bounded runs: the server runs in its own process; autocannon loads it from
 * this one. Stateless /assess is compared with the framework's minimal JSON route (/healthz) of the same
 * server in the same run; stored screenings are measured at 50 concurrent clients on SQLite.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { digest, newToken } from '../src/server/auth/secrets.js';
import { BENIGN } from '../test/helpers/answers.js';
import { spawnServer, untilListening } from '../test/server/process.js';
import { builtStore } from './built.js';
import { round, table, writeResult } from './harness.js';
import { seedBenchClinic } from './seed.js';

const SECONDS = Number(process.env.BENCH_HTTP_SECONDS ?? 8);
/** A folder: CPU-profile the server there (one .cpuprofile, written when it stops). */
const PROFILE = process.env.BENCH_HTTP_PROFILE;

async function load(options: autocannon.Options): Promise<autocannon.Result> {
  const result = await autocannon({ duration: SECONDS, connections: 50, ...options });
  if (result.errors > 0 || result.non2xx > 0) {
    throw new Error(`${options.url}: ${result.errors} errors and ${result.non2xx} non-2xx responses`);
  }
  return result;
}

async function seed(dir: string): Promise<{ secret: string; clientId: string }> {
  // Seeded with the built store too: its migrations are the server's.
  const { openStore } = await builtStore();
  const store = await openStore({ dataDir: dir });
  try {
    const { clinicId, userId, clientId } = await seedBenchClinic(store);
    const secret = newToken('nck_');
    await store.apiTokens.create({
      clinicId,
      name: 'bench',
      role: 'practitioner',
      tokenHash: digest(secret),
      createdBy: userId,
      createdAt: new Date().toISOString(),
      revokedAt: null,
      expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
    });
    return { secret, clientId };
  } finally {
    await store.close();
  }
}

/** The bare-Fastify floor (floor-server.ts) in its own process: its GET and POST rates on this machine. */
async function measureFloor(body: string): Promise<{ get: number; post: number }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', fileURLToPath(new URL('./floor-server.ts', import.meta.url))],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  try {
    const url = await untilListening(child).url;
    await load({ url: `${url}/min`, duration: 2 });
    process.stdout.write(`http: bare Fastify floor, GET and POST, ${SECONDS} s each… `);
    const get = await load({ url: `${url}/min` });
    const post = await load({
      url: `${url}/post`,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    console.log(`${Math.round(get.requests.average)} and ${Math.round(post.requests.average)} req/s`);
    return { get: get.requests.average, post: post.requests.average };
  } finally {
    const exited = new Promise((done) => child.once('exit', done));
    child.kill('SIGTERM');
    await exited;
  }
}

export async function runHttpBenchmark(): Promise<Record<string, unknown>> {
  const dir = await mkdtemp(join(tmpdir(), 'neckcheck-bench-'));
  const { secret, clientId } = await seed(dir);
  // The built server, as `npm start` runs it (see built.ts for why not the sources).
  const server = await spawnServer(
    ['--data', dir, '--no-demo'],
    { NECKCHECK_LOG_LEVEL: 'error', NECKCHECK_ASSESS_PER_MINUTE: '100000000' },
    {
      built: true,
      nodeFlags: PROFILE === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${PROFILE}`],
    },
  );
  try {
    const assessBody = JSON.stringify({ answers: BENIGN });
    await load({ url: `${server.url}/healthz`, duration: 2 });
    process.stdout.write(`http: minimal JSON route (/healthz), ${SECONDS} s… `);
    const minimal = await load({ url: `${server.url}/healthz` });
    console.log(`${Math.round(minimal.requests.average)} req/s`);
    process.stdout.write(`http: stateless assess, ${SECONDS} s… `);
    const assessed = await load({
      url: `${server.url}/api/v1/assess`,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: assessBody,
    });
    console.log(`${Math.round(assessed.requests.average)} req/s`);
    process.stdout.write(`http: stored screenings on SQLite, 50 concurrent, ${SECONDS} s… `);
    const stored = await load({
      url: `${server.url}/api/v1/clients/${clientId}/screenings`,
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${secret}` },
      body: JSON.stringify({ moment: 'first_treatment', respondent: 'client', answers: BENIGN }),
    });
    console.log(`${Math.round(stored.requests.average)} req/s`);
    // The server stays up, idle, while the floor is measured.
    const floor = await measureFloor(assessBody);

    const figures = {
      assess_ratio_vs_minimal: round(assessed.requests.average / minimal.requests.average, 3),
      assess_rps: Math.round(assessed.requests.average),
      minimal_rps: Math.round(minimal.requests.average),
      // The most a POST route can reach against a GET route: a bare Fastify, same body, same run.
      floor_post_ratio_vs_get: round(floor.post / floor.get, 3),
      floor_get_rps: Math.round(floor.get),
      floor_post_rps: Math.round(floor.post),
      stored_p50_ms: stored.latency.p50,
      stored_p99_ms: stored.latency.p99,
      stored_rps: Math.round(stored.requests.average),
      seconds_per_run: SECONDS,
      connections: 50,
      node: process.version,
    };
    console.log(
      `\nHTTP benchmark (loopback, 50 connections, ${SECONDS} s per run)\n${table([
        ['minimal JSON route', `${figures.minimal_rps.toLocaleString('en')} req/s`],
        ['stateless assess', `${figures.assess_rps.toLocaleString('en')} req/s`],
        ['assess / minimal', `${Math.round(figures.assess_ratio_vs_minimal * 100)} % (target ≥ 60 %)`],
        [
          'bare Fastify POST / GET',
          `${Math.round(figures.floor_post_ratio_vs_get * 100)} % (${figures.floor_post_rps.toLocaleString('en')} / ${figures.floor_get_rps.toLocaleString('en')} req/s: the most any POST route can reach)`,
        ],
        [
          'stored screenings (SQLite)',
          `${figures.stored_rps.toLocaleString('en')} req/s, p50 ${figures.stored_p50_ms} ms, p99 ${figures.stored_p99_ms} ms (target p99 ≤ 25 ms)`,
        ],
      ])}`,
    );
    console.log(`  written to ${writeResult('http', figures)}`);
    return figures;
  } finally {
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  }
}
