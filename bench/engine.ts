/**
 * Engine benchmark: NeckCheck's compiled engine against the same knowledge base executed by
 * json-rules-engine, in the same process and run. Results are checked identical first.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { parse } from 'yaml';
import type { Answers, Assessment, KnowledgeBase } from '../src/core/index.js';
import { BENIGN } from '../test/helpers/answers.js';
import { answersArbitrary } from '../test/helpers/arbitraries.js';
import { builtCore, builtKb } from './built.js';
import { latencies, round, table, throughput, writeResult } from './harness.js';
import { createJsonRulesEngine } from './json-rules-engine.js';

type Status = 'true' | 'false' | 'unknown';

/** Issue 12's goals for the engine, measured on the clinical vignettes and against json-rules-engine. */
export const ENGINE_GOALS = { p50_us: 10, ratio_vs_json_rules_engine: 100 } as const;

const verdict = (met: boolean): string => (met ? 'met' : 'NOT MET');

export function ruleStatuses(kb: KnowledgeBase, assessment: Assessment): Map<string, Status> {
  const statuses = new Map<string, Status>(kb.rules.map((r) => [r.id, 'false']));
  for (const f of assessment.findings)
    statuses.set(f.ruleId, f.certainty === 'definite' ? 'true' : 'unknown');
  for (const u of assessment.unresolved) statuses.set(u.ruleId, 'unknown');
  return statuses;
}

export function sampleAnswers(kb: KnowledgeBase, count: number, seed = 20261125): Answers[] {
  const arbitrary = fc.oneof(
    answersArbitrary(kb),
    answersArbitrary(kb).map((changes) => ({ ...BENIGN, ...changes })),
  );
  return fc.sample(arbitrary, { numRuns: count, seed });
}

/** Realistic complete screenings: the answers of the clinical vignettes (test/vignettes). */
export function vignetteAnswers(): Answers[] {
  const dir = resolve(import.meta.dirname, '..', 'test', 'vignettes');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .flatMap(
      (f) => (parse(readFileSync(join(dir, f), 'utf8')) as { vignettes: { answers: Answers }[] }).vignettes,
    )
    .map((v) => v.answers);
}

export async function runEngineBenchmark(): Promise<Record<string, unknown>> {
  const kb = await builtKb();
  const { assess } = await builtCore();
  const inputs = sampleAnswers(kb, 10_000);
  const jre = createJsonRulesEngine(kb);

  // json-rules-engine needs every combination of an "at least n of" cluster spelled out, which makes it slow
  // (about 10 answer sets a second with the v0.2 rules): the agreement check takes a share of the inputs.
  const checked = inputs.slice(0, Number(process.env.NECKCHECK_BENCH_ENGINE_CHECK ?? 500));
  process.stdout.write(
    `engine: checking json-rules-engine gives identical rule outcomes on ${checked.length.toLocaleString('en')} answer sets… `,
  );
  let mismatches = 0;
  for (const answers of checked) {
    const ours = ruleStatuses(kb, assess(kb, answers));
    const theirs = await jre(answers);
    for (const [id, status] of ours) if (theirs.get(id) !== status) mismatches++;
  }
  console.log(mismatches === 0 ? 'identical' : `${mismatches} MISMATCHES`);
  if (mismatches > 0) throw new Error('the engines disagree; fix the translation before comparing speed');

  process.stdout.write('engine: timing json-rules-engine (baseline)… ');
  const baseline = await throughput(inputs, (a) => jre(a), { seconds: 3 });
  console.log(`${Math.round(baseline.opsPerSecond)} ops/s`);
  process.stdout.write('engine: timing NeckCheck assess (full assessment with trace)… ');
  const ours = await throughput(inputs, (a) => assess(kb, a), { seconds: 3 });
  console.log(`${Math.round(ours.opsPerSecond)} ops/s`);
  const clinical = vignetteAnswers();
  latencies(clinical, (a) => assess(kb, a), 20_000);
  const latency = latencies(clinical, (a) => assess(kb, a), 50_000);
  const randomLatency = latencies(inputs, (a) => assess(kb, a), 50_000);

  const ratio = ours.opsPerSecond / baseline.opsPerSecond;
  const p50Met = latency.p50 <= ENGINE_GOALS.p50_us;
  const ratioMet = ratio >= ENGINE_GOALS.ratio_vs_json_rules_engine;
  const figures = {
    ratio_vs_json_rules_engine: round(ratio, 1),
    ops_per_s: Math.round(ours.opsPerSecond),
    p50_us: round(latency.p50, 2),
    p99_us: round(latency.p99, 2),
    latency_workload: `${clinical.length} clinical vignettes (complete screenings)`,
    p50_us_random: round(randomLatency.p50, 2),
    p99_us_random: round(randomLatency.p99, 2),
    rules: kb.rules.length,
    kb_version: kb.meta.version,
    json_rules_engine_ops_per_s: Math.round(baseline.opsPerSecond),
    answer_sets_timed: inputs.length,
    answer_sets_checked: checked.length,
    node: process.version,
    goals: ENGINE_GOALS,
    p50_goal_met: p50Met,
    ratio_goal_met: ratioMet,
    goal_met: p50Met && ratioMet,
  };
  console.log(
    `\nEngine benchmark (knowledge base ${kb.meta.version}, ${kb.rules.length} rules, 10,000 random answer sets)\n${table(
      [
        ['NeckCheck assess', `${figures.ops_per_s.toLocaleString('en')} ops/s`],
        [
          'json-rules-engine (same rules)',
          `${figures.json_rules_engine_ops_per_s.toLocaleString('en')} ops/s`,
        ],
        [
          'ratio',
          `${figures.ratio_vs_json_rules_engine}× (goal ≥ ${ENGINE_GOALS.ratio_vs_json_rules_engine}×: ${verdict(ratioMet)}; never below 50×)`,
        ],
        [
          `p50, ${clinical.length} clinical vignettes`,
          `${figures.p50_us} µs (goal ≤ ${ENGINE_GOALS.p50_us} µs: ${verdict(p50Met)})`,
        ],
        [`p99, ${clinical.length} clinical vignettes`, `${figures.p99_us} µs (no goal; for reference)`],
        [
          'latency, random answer sets',
          `p50 ${figures.p50_us_random} µs, p99 ${figures.p99_us_random} µs (adversarial: ~30 rules fire)`,
        ],
      ],
    )}`,
  );
  console.log(`  engine goals: ${verdict(figures.goal_met)}`);
  console.log(`  written to ${writeResult('engine', figures)}`);
  if (ratio < 50) throw new Error(`engine ratio ${ratio.toFixed(1)}× is below the 50× floor`);
  return figures;
}
