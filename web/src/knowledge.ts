import type { KnowledgeBase, KnowledgeBundle } from '../../src/core/browser.js';
import { loadKnowledgeBundle } from '../../src/core/browser.js';

let cached: Promise<KnowledgeBase> | undefined;

/** The knowledge base the server uses, compiled in the browser once (a static file: no answers are sent). */
export function knowledgeBase(): Promise<KnowledgeBase> {
  cached ??= fetch('/knowledge-bundle.json', { credentials: 'omit' })
    .then((r) => {
      if (!r.ok) throw new Error(`knowledge bundle: HTTP ${r.status}`);
      return r.json() as Promise<KnowledgeBundle>;
    })
    .then(loadKnowledgeBundle);
  return cached;
}
