/**
 * The benchmarks time the JavaScript that ships — tsc's output in dist/, which `npm start` runs — not the
 * TypeScript sources run through tsx. tsx compiles with esbuild's keepNames, which wraps every function
 * created at run time in a `__name()` call; in the engine's per-assessment closures that made `assess`
 * about 1.8 times slower than the shipped code. `npm run bench` builds first.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type * as Core from '../src/core/index.js';
import type { KnowledgeBase } from '../src/core/index.js';
import type * as KbFiles from '../src/node/kb-files.js';
import type * as App from '../src/server/app.js';
import type * as Config from '../src/server/config.js';
import type * as StoreModule from '../src/store/index.js';

const DIST = new URL('../dist/', import.meta.url);

export async function loadBuilt<T>(path: string): Promise<T> {
  const url = new URL(path, DIST);
  if (!existsSync(url))
    throw new Error(`${fileURLToPath(url)} is missing: run \`npm run build\` first (npm run bench does)`);
  return (await import(url.href)) as T;
}

export const builtCore = (): Promise<typeof Core> => loadBuilt('core/index.js');
export const builtApp = (): Promise<typeof App> => loadBuilt('server/app.js');
export const builtConfig = (): Promise<typeof Config> => loadBuilt('server/config.js');
export const builtStore = (): Promise<typeof StoreModule> => loadBuilt('store/index.js');

/** The shipped knowledge base, loaded and compiled by the built code. */
export async function builtKb(): Promise<KnowledgeBase> {
  const { loadKbFromDir } = await loadBuilt<typeof KbFiles>('node/kb-files.js');
  const { formatKbIssue } = await builtCore();
  const result = await loadKbFromDir();
  if (!result.ok) throw new Error(`knowledge base invalid:\n${result.errors.map(formatKbIssue).join('\n')}`);
  return result.value.kb;
}
