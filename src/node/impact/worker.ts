/** A worker thread of impact analysis: compiles both knowledge bases once, then counts batch after batch. */
import { parentPort, workerData } from 'node:worker_threads';
import type { ImpactPlan, KnowledgeBase } from '../../core/index.js';
import { assessImpact, ImpactCounter, loadKnowledgeBundle, planImpact } from '../../core/index.js';
import type { FromWorker, ToWorker, WorkerSetup } from './protocol.js';

const port = parentPort;
if (port === null) throw new Error('the impact worker must run in a worker thread');
const send = (message: FromWorker): void => port.postMessage(message);

try {
  const setup = workerData as WorkerSetup;
  const to = loadKnowledgeBundle(setup.toBundle);
  const byHash = new Map<string, KnowledgeBase>();
  const plans = new Map<string, ImpactPlan>();
  for (const bundle of setup.fromBundles) {
    const kb = bundle.hash === to.hash ? to : loadKnowledgeBundle(bundle);
    byHash.set(bundle.hash, kb);
    const plan = planImpact(bundle, setup.toBundle, kb, to);
    if (plan !== undefined) plans.set(kb.hash, plan);
  }
  const fixed = setup.fixedFrom ? [...byHash.values()][0] : undefined;
  const from = fixed ?? ((hash: string | undefined) => (hash === undefined ? undefined : byHash.get(hash)));
  const counter = new ImpactCounter();
  port.on('message', (message: ToWorker) => {
    try {
      if (message.kind === 'finish') {
        send({ kind: 'result', tally: counter.result() });
        return;
      }
      assessImpact({ from, to, plans }, message.inputs, counter);
      send({ kind: 'done-batch', count: message.inputs.length });
    } catch (error) {
      send({ kind: 'failed', message: error instanceof Error ? error.message : String(error) });
    }
  });
  send({ kind: 'ready' });
} catch (error) {
  send({ kind: 'failed', message: error instanceof Error ? error.message : String(error) });
}
