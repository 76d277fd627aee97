/**
 * Impact analysis for one clinic at a time, run by the server (ADR 0019): the clinic's stored screenings,
 * re-assessed under two knowledge bases on a worker thread (src/node/impact), while the admin's page polls
 * the run's progress. At most one run per clinic; runs live in this process's memory, the last one per
 * clinic kept until the next starts.
 */
import { randomUUID } from 'node:crypto';
import type { ImpactInput, ImpactTally, KnowledgeBundle } from '../../core/index.js';
import { runImpact } from '../../node/impact/pool.js';
import { storeBatches } from '../../node/impact/sources.js';
import type { Store } from '../../store/port.js';
import type { Id } from '../../store/types.js';

export interface Edition {
  readonly version: string;
  readonly hash: string;
}

/** Which way the clinic's screenings are compared: from a shipped release to the running kb, or back. */
export type ImpactDirection = 'release_to_current' | 'current_to_release';

export interface ImpactRunView {
  readonly id: string;
  readonly state: 'running' | 'done' | 'failed' | 'cancelled';
  readonly direction: ImpactDirection;
  readonly from: Edition;
  readonly to: Edition;
  readonly startedAt: string;
  readonly startedBy: string;
  readonly finishedAt: string | null;
  /** Screenings re-assessed so far, of `total`. */
  readonly done: number;
  readonly total: number;
  readonly tally: ImpactTally | null;
  readonly error: string | null;
}

export const editionOf = (b: KnowledgeBundle): Edition => ({
  version: b.files.find((f) => f.data.meta !== undefined)?.data.meta?.version ?? '?',
  hash: b.hash,
});

const BATCH = 200;

interface Running {
  view: ImpactRunView;
  readonly stop: AbortController;
  finished: Promise<void>;
}

export class ImpactRunConflict extends Error {}

async function* until(
  signal: AbortSignal,
  batches: AsyncIterable<readonly ImpactInput[]>,
): AsyncGenerator<readonly ImpactInput[]> {
  for await (const batch of batches) {
    if (signal.aborted) return;
    yield batch;
  }
}

export class ImpactRuns {
  private readonly runs = new Map<Id, Running>();
  private readonly store: Store;
  private readonly now: () => Date;
  /** Called when a run ends, e.g. to audit it. */
  private readonly onEnd: (clinicId: Id, view: ImpactRunView) => Promise<void>;

  constructor(store: Store, now: () => Date, onEnd: (clinicId: Id, view: ImpactRunView) => Promise<void>) {
    this.store = store;
    this.now = now;
    this.onEnd = onEnd;
  }

  latest(clinicId: Id): ImpactRunView | undefined {
    return this.runs.get(clinicId)?.view;
  }

  /** Starts a run; ImpactRunConflict when the clinic already has one running. */
  async start(
    clinicId: Id,
    run: {
      readonly direction: ImpactDirection;
      readonly from: KnowledgeBundle;
      readonly to: KnowledgeBundle;
      readonly startedBy: string;
    },
  ): Promise<ImpactRunView> {
    if (this.runs.get(clinicId)?.view.state === 'running') throw new ImpactRunConflict();
    // Claimed before the first await, so that two requests at once cannot both start one.
    const stop = new AbortController();
    const view: ImpactRunView = {
      id: randomUUID(),
      state: 'running',
      direction: run.direction,
      from: editionOf(run.from),
      to: editionOf(run.to),
      startedAt: this.now().toISOString(),
      startedBy: run.startedBy,
      finishedAt: null,
      done: 0,
      total: 0,
      tally: null,
      error: null,
    };
    const entry: Running = { view, stop, finished: Promise.resolve() };
    this.runs.set(clinicId, entry);
    try {
      entry.view = { ...entry.view, total: await this.store.screenings.countAnswers(clinicId) };
    } catch (error) {
      this.runs.delete(clinicId);
      throw error;
    }
    const update = (patch: Partial<ImpactRunView>): void => {
      entry.view = { ...entry.view, ...patch };
    };
    entry.finished = runImpact({
      from: [run.from],
      fixedFrom: true,
      to: run.to,
      batches: until(stop.signal, storeBatches(this.store, BATCH, clinicId)),
      // One thread: the server keeps its cores for the requests it answers meanwhile.
      workers: 1,
      onProgress: (done) => update({ done }),
    })
      .then(
        (tally) =>
          update(
            stop.signal.aborted
              ? { state: 'cancelled', finishedAt: this.now().toISOString() }
              : { state: 'done', done: tally.screenings, tally, finishedAt: this.now().toISOString() },
          ),
        (error: unknown) =>
          update({
            state: 'failed',
            error: error instanceof Error ? error.message : String(error),
            finishedAt: this.now().toISOString(),
          }),
      )
      .then(() => this.onEnd(clinicId, entry.view))
      .catch(() => undefined);
    return entry.view;
  }

  /** Stops every run (the server is closing) and waits for their threads to end. */
  async close(): Promise<void> {
    for (const r of this.runs.values()) r.stop.abort();
    await Promise.all([...this.runs.values()].map((r) => r.finished));
  }
}
