/**
 * Web app size: builds the app into a temporary folder and measures, gzipped, what the self-check page
 * loads (the entry script and its static imports, the stylesheet, the knowledge bundle) against the
 * 100 KB JavaScript budget, and the therapist workspace chunk loaded on demand after login.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';
import { loadKbAndBundle } from '../src/node/kb-files.js';
import { round, table, writeResult } from './harness.js';

const BUDGET_KB = 100;
const ROOT = resolve(import.meta.dirname, '..');

const gzipKb = (bytes: Buffer | string): number => gzipSync(bytes, { level: 9 }).length / 1024;

/** Scripts the page loads before it runs: the entry and every chunk it imports statically. */
function staticImports(code: string): string[] {
  return [...code.matchAll(/(?:^|[;\s])import\s*(?:[\w*{}\s,$]+from\s*)?["']\.\/([\w.-]+\.js)["']/g)].map(
    (m) => m[1] ?? '',
  );
}

export async function runWebBenchmark(): Promise<Record<string, unknown>> {
  const out = await mkdtemp(join(tmpdir(), 'neckcheck-web-bench-'));
  try {
    process.stdout.write('web: building the app… ');
    await build({
      configFile: join(ROOT, 'web', 'vite.config.ts'),
      logLevel: 'warn',
      build: { outDir: out, emptyOutDir: true, sourcemap: false },
    });
    console.log('done');
    const assets = join(out, 'assets');
    const html = await readFile(join(out, 'index.html'), 'utf8');
    const entry = /<script type="module"[^>]*src="\/assets\/([^"]+)"/.exec(html)?.[1];
    if (entry === undefined) throw new Error('no entry script in index.html');
    const loaded = new Set<string>();
    const queue = [entry];
    while (queue.length > 0) {
      const file = queue.pop() ?? '';
      if (loaded.has(file)) continue;
      loaded.add(file);
      queue.push(...staticImports(await readFile(join(assets, file), 'utf8')));
    }
    const files = await readdir(assets);
    const sizeOf = async (names: Iterable<string>): Promise<number> => {
      let total = 0;
      for (const name of names) total += gzipKb(await readFile(join(assets, name)));
      return total;
    };
    const selfCheckJs = await sizeOf(loaded);
    const css = await sizeOf(files.filter((f) => f.endsWith('.css')));
    const onDemand = await sizeOf(files.filter((f) => f.endsWith('.js') && !loaded.has(f)));
    const kb = await loadKbAndBundle();
    if (!kb.ok) throw new Error('knowledge base invalid');
    const bundle = gzipKb(JSON.stringify(kb.value.bundle));

    const figures = {
      self_check_js_kb_gz: round(selfCheckJs),
      budget_kb_gz: BUDGET_KB,
      ratio_of_budget: round(selfCheckJs / BUDGET_KB, 2),
      stylesheet_kb_gz: round(css),
      knowledge_bundle_kb_gz: round(bundle),
      self_check_total_kb_gz: round(selfCheckJs + css + bundle),
      workspace_on_demand_js_kb_gz: round(onDemand),
      scripts_loaded_by_self_check: [...loaded].length,
    };
    console.log(
      table([
        ['self-check JavaScript (gzip)', `${figures.self_check_js_kb_gz} KB`],
        ['budget', `${BUDGET_KB} KB (used: ${Math.round(figures.ratio_of_budget * 100)} %)`],
        ['stylesheet (gzip)', `${figures.stylesheet_kb_gz} KB`],
        ['knowledge bundle JSON (gzip)', `${figures.knowledge_bundle_kb_gz} KB`],
        ['self-check page in total (gzip)', `${figures.self_check_total_kb_gz} KB`],
        ['workspace, loaded after login (gzip)', `${figures.workspace_on_demand_js_kb_gz} KB`],
      ]),
    );
    console.log(`web: wrote ${writeResult('web', figures)}`);
    if (selfCheckJs > BUDGET_KB)
      throw new Error(`self-check JavaScript is over budget: ${round(selfCheckJs)} KB`);
    return figures;
  } finally {
    await rm(out, { recursive: true, force: true });
  }
}
