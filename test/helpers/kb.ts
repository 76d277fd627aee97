import type { BuildOutput, KnowledgeBase } from '../../src/core/index.js';
import { formatKbIssue } from '../../src/core/index.js';
import { loadKbFromDir } from '../../src/node/kb-files.js';

let cached: Promise<BuildOutput> | undefined;

/** The shipped knowledge base, loaded once per test file. Fails loudly if it does not load. */
export function shippedKb(): Promise<BuildOutput> {
  cached ??= loadKbFromDir().then((result) => {
    if (!result.ok)
      throw new Error(`knowledge base invalid:\n${result.errors.map(formatKbIssue).join('\n')}`);
    return result.value;
  });
  return cached;
}

export async function kb(): Promise<KnowledgeBase> {
  return (await shippedKb()).kb;
}
