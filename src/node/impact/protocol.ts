/** Messages between the impact-analysis pool and its worker threads. */
import type { ImpactInput, ImpactTally, KnowledgeBundle } from '../../core/index.js';

export interface WorkerSetup {
  /** Bundles a screening may have been assessed with, looked up by hash; `fixedFrom` overrides the lookup. */
  readonly fromBundles: readonly KnowledgeBundle[];
  readonly fixedFrom: boolean;
  readonly toBundle: KnowledgeBundle;
}

export type ToWorker =
  | { readonly kind: 'batch'; readonly inputs: readonly ImpactInput[] }
  | { readonly kind: 'finish' };

export type FromWorker =
  | { readonly kind: 'ready' }
  | { readonly kind: 'done-batch'; readonly count: number }
  | { readonly kind: 'result'; readonly tally: ImpactTally }
  | { readonly kind: 'failed'; readonly message: string };
