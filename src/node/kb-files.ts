/** Reads the knowledge base from disk: the only place that knows knowledge/ is a folder of YAML files. */
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BuildOutput, KbIssue, KbSourceText, KnowledgeBundle, Result } from '../core/index.js';
import { loadKnowledgeBase, parseYamlSources, toKnowledgeBundle } from '../core/index.js';

/** The knowledge/ folder shipped with the package (next to src/ and dist/). */
export const DEFAULT_KB_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'knowledge');

/** The built web app (npm run build), served by `neckcheck serve`. */
export const DEFAULT_WEB_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist', 'web');

export async function readKbSources(dir: string = DEFAULT_KB_DIR): Promise<KbSourceText[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries
    .filter((e) => e.isFile() && /\.ya?ml$/.test(e.name))
    .map((e) => join(e.parentPath, e.name))
    .sort();
  return Promise.all(
    files.map(async (file) => ({
      path: relative(dir, file).split(sep).join('/'),
      text: await readFile(file, 'utf8'),
    })),
  );
}

export async function loadKbFromDir(dir: string = DEFAULT_KB_DIR): Promise<Result<BuildOutput, KbIssue>> {
  return loadKnowledgeBase(await readKbSources(dir));
}

/** The knowledge base and its browser bundle (same hash), read from disk once. */
export async function loadKbAndBundle(
  dir: string = DEFAULT_KB_DIR,
): Promise<Result<BuildOutput & { bundle: KnowledgeBundle }, KbIssue>> {
  const sources = await readKbSources(dir);
  const result = loadKnowledgeBase(sources);
  if (!result.ok) return result;
  const { files } = parseYamlSources(sources);
  return { ok: true, value: { ...result.value, bundle: toKnowledgeBundle(result.value.kb.hash, files) } };
}
