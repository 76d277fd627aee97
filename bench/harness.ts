/** Small timing helpers shared by the benchmarks; figures go to bench/out/<name>.json. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const OUT_DIR = resolve(import.meta.dirname, 'out');

export interface Throughput {
  readonly ops: number;
  readonly seconds: number;
  readonly opsPerSecond: number;
}

/** Calls `fn` over the inputs, round robin, for at least `seconds` after a warm-up. */
export async function throughput<T>(
  inputs: readonly T[],
  fn: (input: T) => unknown,
  { seconds = 2, warmupSeconds = 0.5 }: { seconds?: number; warmupSeconds?: number } = {},
): Promise<Throughput> {
  const run = async (budget: number): Promise<{ ops: number; elapsed: number }> => {
    const start = performance.now();
    let ops = 0;
    let elapsed = 0;
    while (elapsed < budget * 1000) {
      for (let i = 0; i < 256; i++) {
        const result = fn(inputs[(ops + i) % inputs.length] as T);
        if (result instanceof Promise) await result;
      }
      ops += 256;
      elapsed = performance.now() - start;
    }
    return { ops, elapsed };
  };
  await run(warmupSeconds);
  const { ops, elapsed } = await run(seconds);
  return { ops, seconds: elapsed / 1000, opsPerSecond: ops / (elapsed / 1000) };
}

/** Times each call individually and returns latency percentiles in microseconds. */
export function latencies<T>(
  inputs: readonly T[],
  fn: (input: T) => unknown,
  calls: number,
): { p50: number; p99: number } {
  const samples = new Float64Array(calls);
  for (let i = 0; i < calls; i++) {
    const input = inputs[i % inputs.length] as T;
    const start = process.hrtime.bigint();
    fn(input);
    samples[i] = Number(process.hrtime.bigint() - start) / 1000;
  }
  samples.sort();
  const at = (q: number): number => samples[Math.min(calls - 1, Math.floor(q * calls))] ?? Number.NaN;
  return { p50: at(0.5), p99: at(0.99) };
}

export function writeResult(name: string, figures: Record<string, unknown>): string {
  mkdirSync(OUT_DIR, { recursive: true });
  const file = join(OUT_DIR, `${name}.json`);
  writeFileSync(file, `${JSON.stringify(figures, null, 2)}\n`);
  return file;
}

export function table(rows: readonly (readonly [string, string])[]): string {
  const width = Math.max(...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `  ${k.padEnd(width)}  ${v}`).join('\n');
}

export const round = (value: number, digits = 1): number => Number(value.toFixed(digits));
