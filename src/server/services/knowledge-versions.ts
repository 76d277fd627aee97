/** The knowledge base a stored screening was assessed with, to show it as it was first shown. */
import type { KnowledgeBase } from '../../core/index.js';
import type { Screening } from '../../store/types.js';
import type { AppDeps } from '../deps.js';

/**
 * The running knowledge base when the screening used it; otherwise its stored snapshot. A screening
 * stored before snapshots existed (migration 0009) of another version has none: the running one it is.
 */
export async function knowledgeOf(
  deps: AppDeps,
  screening: Pick<Screening, 'kbHash'>,
): Promise<KnowledgeBase> {
  if (screening.kbHash === deps.kb.hash) return deps.kb;
  return (await deps.store.kbVersions.get(screening.kbHash)) ?? deps.kb;
}
