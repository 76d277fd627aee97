/** `npm run bench`: runs every benchmark in turn; each prints a table and writes bench/out/<name>.json. */
import { runCdsHooksBenchmark } from './cds-hooks.js';
import { runEngineBenchmark } from './engine.js';
import { runHttpBenchmark } from './http.js';
import { runImpactBenchmark } from './impact.js';
import { runWebBenchmark } from './web.js';

const benchmarks: Record<string, () => Promise<unknown>> = {
  engine: runEngineBenchmark,
  http: runHttpBenchmark,
  'cds-hooks': runCdsHooksBenchmark,
  web: runWebBenchmark,
  impact: runImpactBenchmark,
};

const only = process.argv.slice(2);
let failed = false;
for (const [name, run] of Object.entries(benchmarks)) {
  if (only.length > 0 && !only.includes(name)) continue;
  try {
    await run();
  } catch (error) {
    failed = true;
    console.error(`bench ${name} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}
process.exitCode = failed ? 1 : 0;
