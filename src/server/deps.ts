import type { KnowledgeBase, KnowledgeBundle } from '../core/index.js';
import type { Store } from '../store/port.js';
import type { ServerConfig } from './config.js';

/** Everything a route needs, passed in so tests can use a fresh store and a controlled clock. */
export interface AppDeps {
  readonly kb: KnowledgeBase;
  readonly store: Store;
  readonly config: ServerConfig;
  /** The only clock of the server. */
  readonly now: () => Date;
  /** The knowledge base as shipped to browsers (the self-check runs it there); absent in some tests. */
  readonly bundle?: KnowledgeBundle;
  /** Snapshots of the shipped knowledge-base releases (knowledge/releases), for impact analysis. */
  readonly releases?: readonly KnowledgeBundle[];
  /** Folder of the built web app (index.html and assets/); absent when the server runs API-only. */
  readonly webDir?: string;
}
