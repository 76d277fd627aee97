import type { BuildOutput, KbIssue, KnowledgeBundle } from '../core/index.js';
import { formatKbIssue } from '../core/index.js';
import { loadKbAndBundle, loadKbFromDir } from '../node/kb-files.js';
import { CliError, fsReason } from './errors.js';
import { EXIT_CODES } from './exit-codes.js';

/** Every issue of an invalid knowledge base, one per line, ready for standard error. */
export function describeKbIssues(dir: string, issues: readonly KbIssue[]): string {
  const count = issues.length === 1 ? '1 issue' : `${issues.length} issues`;
  return [`the knowledge base in ${dir} is invalid (${count}):`, ...issues.map(formatKbIssue)].join('\n');
}

/** Loads and checks the knowledge base; an unreadable folder is bad usage, an invalid one exits 3. */
export async function loadKb(dir: string): Promise<BuildOutput> {
  let result: Awaited<ReturnType<typeof loadKbFromDir>>;
  try {
    result = await loadKbFromDir(dir);
  } catch (error) {
    throw new CliError(`cannot read the knowledge base folder ${dir}: ${fsReason(error)}`);
  }
  if (!result.ok) throw new CliError(describeKbIssues(dir, result.errors), EXIT_CODES.kbInvalid);
  return result.value;
}

/** Like loadKb, with the browser bundle of the same knowledge base (for the server). */
export async function loadKbWithBundle(
  dir: string,
  options: { readonly checkReleases?: boolean } = {},
): Promise<BuildOutput & { bundle: KnowledgeBundle }> {
  let result: Awaited<ReturnType<typeof loadKbAndBundle>>;
  try {
    result = await loadKbAndBundle(dir, options);
  } catch (error) {
    throw new CliError(`cannot read the knowledge base folder ${dir}: ${fsReason(error)}`);
  }
  if (!result.ok) throw new CliError(describeKbIssues(dir, result.errors), EXIT_CODES.kbInvalid);
  return result.value;
}
