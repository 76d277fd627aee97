import type { Answers } from '../answers/types.js';
import { screen } from '../engine/assess.js';
import type { KnowledgeBase } from '../kb/model.js';
import type { ImpactCounter } from './tally.js';
import { outcomeOf } from './tally.js';

/** One answer set to re-assess, with the hash of the knowledge base it was first assessed with (if any). */
export interface ImpactInput {
  readonly id: string;
  readonly answers: Answers;
  readonly kbHash?: string;
}

export interface ImpactKbs {
  /** The knowledge base to compare with. */
  readonly to: KnowledgeBase;
  /** The knowledge base each answer set is compared from: a fixed one, or looked up by its hash. */
  readonly from: KnowledgeBase | ((hash: string | undefined) => KnowledgeBase | undefined);
}

/** Assesses each answer set under both knowledge bases and counts the differences. */
export function assessImpact(kbs: ImpactKbs, inputs: Iterable<ImpactInput>, counter: ImpactCounter): void {
  for (const input of inputs) {
    const from = typeof kbs.from === 'function' ? kbs.from(input.kbHash) : kbs.from;
    if (from === undefined) {
      counter.unavailable();
      continue;
    }
    const before = screen(from, input.answers);
    const after = screen(kbs.to, input.answers);
    if (!before.ok || !after.ok) {
      counter.invalid();
      continue;
    }
    counter.compare(input.id, outcomeOf(before.value), outcomeOf(after.value));
  }
}
