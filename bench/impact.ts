/**
 * Impact-analysis benchmark: N stored screenings (default 1,000,000; NECKCHECK_BENCH_IMPACT_N) in a SQLite
 * store, re-assessed under a knowledge base with one rule changed, streamed to worker threads. The baseline
 * in the same run is the engine alone on one thread, assessing the same answers twice (old and new).
 * Goal: 1,000,000 screenings in 60 s or less.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Answers, KnowledgeBundle } from '../src/core/index.js';
import type * as Pool from '../src/node/impact/pool.js';
import type * as Sources from '../src/node/impact/sources.js';
import type * as KbFiles from '../src/node/kb-files.js';
import { builtCore, builtStore, loadBuilt } from './built.js';
import { vignetteAnswers } from './engine.js';
import { round, table, throughput, writeResult } from './harness.js';

const GOAL_SECONDS_PER_MILLION = 60;

/** The shipped bundle with E3 (thunderclap headache) softened to a referral: a change that matters. */
function softened(bundle: KnowledgeBundle): KnowledgeBundle {
  return {
    ...bundle,
    hash: 'sha256:bench-softened-e3',
    files: bundle.files.map((f) => ({
      ...f,
      data:
        f.data.rules === undefined
          ? f.data
          : {
              ...f.data,
              rules: f.data.rules.map((r) =>
                r.id === 'E3'
                  ? {
                      ...r,
                      version: r.version + 1,
                      disposition: 'refer' as const,
                      changelog: [
                        ...(r.changelog ?? []),
                        { version: r.version + 1, kb: '9.9.9', change: 'Softened for the benchmark.' },
                      ],
                    }
                  : r,
              ),
            },
    })),
  };
}

export async function runImpactBenchmark(): Promise<Record<string, unknown>> {
  const n = Number(process.env.NECKCHECK_BENCH_IMPACT_N ?? 1_000_000);
  const { loadKbAndBundle } = await loadBuilt<typeof KbFiles>('node/kb-files.js');
  const { runImpact, defaultWorkers } = await loadBuilt<typeof Pool>('node/impact/pool.js');
  const { storeBatches } = await loadBuilt<typeof Sources>('node/impact/sources.js');
  const { openStore } = await builtStore();
  const core = await builtCore();
  const loaded = await loadKbAndBundle();
  if (!loaded.ok) throw new Error('the knowledge base does not load');
  const { kb, bundle } = loaded.value;
  const to = softened(bundle);
  const answers = vignetteAnswers();

  const dir = await mkdtemp(join(tmpdir(), 'neckcheck-bench-impact-'));
  try {
    const dataDir = join(dir, 'data');
    const store = await openStore({ dataDir });
    const clinic = await store.clinics.create({ name: 'Bench clinic', createdAt: new Date().toISOString() });
    const client = await store.clients.create({
      clinicId: clinic.id,
      displayName: 'Bench client',
      birthYear: 1970,
      email: null,
      phone: null,
      createdAt: new Date().toISOString(),
    });
    await store.close();

    // Seeded directly (one transaction): the store's own writes are measured by the http benchmark.
    const seedStart = performance.now();
    const db = new Database(join(dataDir, 'neckcheck.db'));
    db.pragma('journal_mode = WAL');
    const insert = db.prepare(
      `insert into screenings (id, clinic_id, client_id, moment, answers, assessment, disposition, kb_version, kb_hash,
         submitted_by, submitted_at, valid_until, based_on)
       values (?, ?, ?, 'first_treatment', ?, '{}', 'proceed', ?, ?, '{"kind":"client","intakeId":"bench"}', ?, ?, null)`,
    );
    const texts = answers.map((a: Answers) => JSON.stringify(a));
    const at = new Date().toISOString();
    db.transaction(() => {
      for (let i = 0; i < n; i++) {
        const id = `s${String(i).padStart(9, '0')}`;
        insert.run(id, clinic.id, client.id, texts[i % texts.length], kb.meta.version, kb.hash, at, at);
      }
    })();
    db.close();
    const seedSeconds = (performance.now() - seedStart) / 1000;

    // Baseline: one thread, the engine alone, two assessments a screening.
    const toKb = core.loadKnowledgeBundle(to);
    const engine = await throughput(answers, (a: Answers) => {
      core.assess(kb, a);
      core.assess(toKb, a);
    });

    const workers = defaultWorkers();
    const reading = await openStore({ dataDir });
    const start = performance.now();
    let lastShown = 0;
    const tally = await runImpact({
      from: [bundle],
      fixedFrom: false,
      to,
      batches: storeBatches(reading, 1000),
      workers,
      onProgress: (done) => {
        if (done - lastShown >= n / 10) {
          lastShown = done;
          process.stderr.write(`  impact: ${done.toLocaleString('en')}/${n.toLocaleString('en')}\n`);
        }
      },
    });
    const seconds = (performance.now() - start) / 1000;
    await reading.close();
    if (tally.screenings !== n) throw new Error(`impact counted ${tally.screenings} of ${n} screenings`);
    if (tally.changed === 0)
      throw new Error('the softened rule changed nothing: the benchmark measures nothing');

    const perSecond = n / seconds;
    const secondsPerMillion = (seconds / n) * 1_000_000;
    const ratio = perSecond / engine.opsPerSecond;
    const figures = {
      screenings: n,
      seconds: round(seconds, 2),
      screenings_per_second: Math.round(perSecond),
      seconds_per_million: round(secondsPerMillion, 1),
      goal_seconds_per_million: GOAL_SECONDS_PER_MILLION,
      goal_met: secondsPerMillion <= GOAL_SECONDS_PER_MILLION,
      workers,
      changed: tally.changed,
      baseline_single_thread_screenings_per_second: Math.round(engine.opsPerSecond),
      ratio_vs_single_thread_engine: round(ratio, 2),
      seed_seconds: round(seedSeconds, 1),
    };
    console.log(
      `\nImpact analysis (${n.toLocaleString('en')} stored screenings, SQLite, ${workers} workers)`,
    );
    console.log(
      table([
        [
          'seconds',
          `${figures.seconds} (goal: ≤ ${GOAL_SECONDS_PER_MILLION} s per million: ${figures.goal_met ? 'met' : 'NOT met'})`,
        ],
        ['screenings per second', figures.screenings_per_second.toLocaleString('en')],
        ['vs one thread, engine only', `${figures.ratio_vs_single_thread_engine}×`],
        ['changed by the softened rule', figures.changed.toLocaleString('en')],
      ]),
    );
    console.log(`  → ${writeResult('impact', figures)}`);
    return figures;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
