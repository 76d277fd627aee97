import type { KnowledgeBase } from '../core/index.js';
import type { Store } from '../store/port.js';
import type { ServerConfig } from './config.js';

/** Everything a route needs, passed in so tests can use a fresh store and a controlled clock. */
export interface AppDeps {
  readonly kb: KnowledgeBase;
  readonly store: Store;
  readonly config: ServerConfig;
  /** The only clock of the server. */
  readonly now: () => Date;
}
