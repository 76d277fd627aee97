/** Reads the knowledge base from disk: the only place that knows knowledge/ is a folder of YAML files. */
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BuildOutput, KbIssue, KbSourceText, KnowledgeBundle, Result } from '../core/index.js';
import {
  buildKnowledgeBase,
  parseYamlSources,
  previousRelease,
  releaseIssues,
  toKnowledgeBundle,
} from '../core/index.js';

/** Snapshots of released knowledge bases (bundles), one JSON file a version, inside the knowledge folder. */
export const RELEASES_FOLDER = 'releases';

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
  return loadKbAndBundle(dir);
}

/**
 * The knowledge base and its browser bundle (same hash), read from disk once, and checked against the
 * snapshot of the previous release in `releases/`: a rule whose content changed without a new version fails.
 */
export async function loadKbAndBundle(
  dir: string = DEFAULT_KB_DIR,
  { checkReleases = true }: { readonly checkReleases?: boolean } = {},
): Promise<Result<BuildOutput & { bundle: KnowledgeBundle }, KbIssue>> {
  const sources = await readKbSources(dir);
  const parsed = parseYamlSources(sources);
  if (parsed.issues.length > 0) return { ok: false, errors: parsed.issues };
  const result = buildKnowledgeBase(parsed.files);
  if (!result.ok) return result;
  const bundle = toKnowledgeBundle(result.value.kb.hash, parsed.files);
  if (!checkReleases) return { ok: true, value: { ...result.value, bundle } };
  const releases = await readReleases(dir);
  if (!releases.ok) return releases;
  const release = previousRelease(result.value.kb.meta.version, releases.value);
  const issues = release === undefined ? [] : releaseIssues(bundle, release);
  if (issues.length > 0) return { ok: false, errors: issues };
  return { ok: true, value: { ...result.value, bundle } };
}

/** The release snapshots in `dir/releases` (none when the folder is missing). */
export async function readReleases(
  dir: string = DEFAULT_KB_DIR,
): Promise<Result<KnowledgeBundle[], KbIssue>> {
  const folder = join(dir, RELEASES_FOLDER);
  let names: string[];
  try {
    names = (await readdir(folder)).filter((n) => n.endsWith('.json')).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { ok: true, value: [] };
    throw error;
  }
  const bundles: KnowledgeBundle[] = [];
  const errors: KbIssue[] = [];
  for (const name of names) {
    const file = `${RELEASES_FOLDER}/${name}`;
    try {
      const data: unknown = JSON.parse(await readFile(join(folder, name), 'utf8'));
      if (isBundle(data)) bundles.push(data);
      else
        errors.push({
          file,
          message: 'is not a knowledge-base release snapshot (neckcheck kb snapshot writes them)',
        });
    } catch (error) {
      errors.push({ file, message: `cannot be read as JSON: ${(error as Error).message}` });
    }
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value: bundles };
}

function isBundle(data: unknown): data is KnowledgeBundle {
  if (typeof data !== 'object' || data === null) return false;
  const b = data as Partial<KnowledgeBundle>;
  return b.format === 'neckcheck-knowledge-bundle' && typeof b.hash === 'string' && Array.isArray(b.files);
}
