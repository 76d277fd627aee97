/**
 * Impact analysis on worker threads: batches of answer sets are streamed from their source to the
 * workers (at most two batches in flight per worker, so memory stays flat over millions of screenings),
 * and the workers' tallies are merged at the end.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { ImpactInput, ImpactTally, KnowledgeBundle } from '../../core/index.js';
import { emptyTally, mergeTallies } from '../../core/index.js';
import type { FromWorker, ToWorker, WorkerSetup } from './protocol.js';

export interface ImpactRun {
  readonly from: readonly KnowledgeBundle[];
  /** True: every answer set is compared from `from[0]`; false: from the bundle of its own kbHash. */
  readonly fixedFrom: boolean;
  readonly to: KnowledgeBundle;
  readonly batches: AsyncIterable<readonly ImpactInput[]>;
  readonly workers?: number | undefined;
  readonly onProgress?: (done: number) => void;
}

const FROM_SOURCE = import.meta.url.endsWith('.ts');
const WORKER_URL = new URL(FROM_SOURCE ? './worker.ts' : './worker.js', import.meta.url);

/** From dist/ the worker is plain JavaScript; from the sources (tsx, in tests) it registers tsx first. */
function startWorker(workerData: WorkerSetup): Worker {
  if (!FROM_SOURCE) return new Worker(WORKER_URL, { workerData });
  const boot = `import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(WORKER_URL.href)}); })`;
  return new Worker(boot, { eval: true, workerData });
}
const IN_FLIGHT = 2;

export function defaultWorkers(): number {
  return Math.max(1, availableParallelism());
}

class ImpactWorker {
  private readonly worker: Worker;
  private waiting: Array<{ resolve: () => void; reject: (e: Error) => void }> = [];
  private result: ((tally: ImpactTally) => void) | undefined;
  private failure: Error | undefined;
  inFlight = 0;
  readonly ready: Promise<void>;

  constructor(setup: WorkerSetup, onBatch: (count: number) => void) {
    this.worker = startWorker(setup);
    this.ready = new Promise((resolve, reject) => {
      this.worker.on('message', (message: FromWorker) => {
        switch (message.kind) {
          case 'ready':
            resolve();
            return;
          case 'done-batch':
            this.inFlight--;
            onBatch(message.count);
            this.waiting.shift()?.resolve();
            return;
          case 'result':
            this.result?.(message.tally);
            return;
          case 'failed':
            this.fail(new Error(`impact worker: ${message.message}`), reject);
        }
      });
      this.worker.on('error', (error) => this.fail(error, reject));
    });
  }

  private fail(error: Error, reject: (e: Error) => void): void {
    this.failure = error;
    reject(error);
    for (const w of this.waiting.splice(0)) w.reject(error);
  }

  /** Resolves when the worker can take one more batch. */
  async room(): Promise<void> {
    if (this.failure !== undefined) throw this.failure;
    if (this.inFlight < IN_FLIGHT) return;
    await new Promise<void>((resolve, reject) => this.waiting.push({ resolve, reject }));
  }

  send(inputs: readonly ImpactInput[]): void {
    this.inFlight++;
    this.worker.postMessage({ kind: 'batch', inputs } satisfies ToWorker);
  }

  async finish(): Promise<ImpactTally> {
    while (this.inFlight > 0)
      await new Promise<void>((resolve, reject) => this.waiting.push({ resolve, reject }));
    const tally = new Promise<ImpactTally>((resolve) => {
      this.result = resolve;
    });
    this.worker.postMessage({ kind: 'finish' } satisfies ToWorker);
    return tally;
  }

  terminate(): Promise<number> {
    return this.worker.terminate();
  }
}

export async function runImpact(run: ImpactRun): Promise<ImpactTally> {
  let done = 0;
  const setup: WorkerSetup = { fromBundles: run.from, fixedFrom: run.fixedFrom, toBundle: run.to };
  const count = Math.max(1, run.workers ?? defaultWorkers());
  const workers = Array.from(
    { length: count },
    () =>
      new ImpactWorker(setup, (n) => {
        done += n;
        run.onProgress?.(done);
      }),
  );
  try {
    await Promise.all(workers.map((w) => w.ready));
    for await (const batch of run.batches) {
      if (batch.length === 0) continue;
      // The least busy worker, waiting for room: the source is read no faster than the workers count.
      const worker = workers.reduce((a, b) => (b.inFlight < a.inFlight ? b : a));
      await worker.room();
      worker.send(batch);
    }
    const tallies = await Promise.all(workers.map((w) => w.finish()));
    return tallies.reduce(mergeTallies, emptyTally());
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
