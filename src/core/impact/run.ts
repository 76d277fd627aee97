import type { Answers } from '../answers/types.js';
import { validateAnswers } from '../answers/validate.js';
import { assess, screen } from '../engine/assess.js';
import { createContext } from '../engine/context.js';
import type { KnowledgeBase } from '../kb/model.js';
import { FALSE } from '../logic/tri.js';
import type { ImpactPlan } from './plan.js';
import type { ImpactCounter } from './tally.js';
import { outcomeOf } from './tally.js';

/** One answer set to re-assess, with the hash of the knowledge base it was first assessed with (if any). */
export interface ImpactInput {
  readonly id: string;
  /** The answers, or their JSON text (parsed here, so that worker threads share the parsing). */
  readonly answers: Answers | string;
  readonly kbHash?: string;
  /**
   * Stored answers, validated against their own knowledge base when they were stored: with the same
   * questions (a plan's precondition) they need no second validation.
   */
  readonly validated?: boolean;
}

export interface ImpactKbs {
  /** The knowledge base to compare with. */
  readonly to: KnowledgeBase;
  /** The knowledge base each answer set is compared from: a fixed one, or looked up by its hash. */
  readonly from: KnowledgeBase | ((hash: string | undefined) => KnowledgeBase | undefined);
  /** The shortcut for a `from` that differs from `to` in rules only (see planImpact), by `from` hash. */
  readonly plans?: ReadonlyMap<string, ImpactPlan>;
}

/** Assesses each answer set under both knowledge bases and counts the differences. */
export function assessImpact(kbs: ImpactKbs, inputs: Iterable<ImpactInput>, counter: ImpactCounter): void {
  for (const input of inputs) {
    const from = typeof kbs.from === 'function' ? kbs.from(input.kbHash) : kbs.from;
    if (from === undefined) {
      counter.unavailable();
      continue;
    }
    let raw: unknown = input.answers;
    if (typeof raw === 'string') {
      try {
        raw = JSON.parse(raw);
      } catch {
        counter.invalid();
        continue;
      }
    }
    const plan = kbs.plans?.get(from.hash);
    if (plan !== undefined) {
      const answers =
        input.validated === true
          ? { ok: true as const, value: raw as Answers }
          : validateAnswers(kbs.to, raw);
      if (!answers.ok) {
        counter.invalid();
        continue;
      }
      if (unaffected(plan, kbs.to, answers.value)) {
        counter.unchanged();
        continue;
      }
      const before = assess(from, answers.value);
      const after = assess(kbs.to, answers.value);
      counter.compare(input.id, outcomeOf(before), outcomeOf(after));
      continue;
    }
    const before = screenAsked(from, raw);
    const after = screenAsked(kbs.to, raw);
    if (!before.result.ok || !after.result.ok) {
      counter.invalid();
      continue;
    }
    if (before.narrowed || after.narrowed) counter.narrowed();
    counter.compare(input.id, outcomeOf(before.result.value), outcomeOf(after.result.value));
  }
}

/**
 * Screens under `kb` what it would have asked: answers to questions it does not have (added or removed
 * between the versions) are left out, since that version never asked them. Any other problem (an option
 * it does not have, a value out of its range) still makes the answers invalid for it.
 */
function screenAsked(
  kb: KnowledgeBase,
  raw: unknown,
): { result: ReturnType<typeof screen>; narrowed: boolean } {
  const result = screen(kb, raw);
  if (result.ok || !result.errors.every((e) => e.code === 'unknown_question'))
    return { result, narrowed: false };
  const asked = Object.fromEntries(
    Object.entries(raw as Record<string, unknown>).filter(([id]) => kb.index.question.has(id)),
  );
  return { result: screen(kb, asked), narrowed: true };
}

/** True when every differing rule is false under both versions: the assessments cannot differ. */
function unaffected(plan: ImpactPlan, to: KnowledgeBase, answers: Answers): boolean {
  // Same questions in both (the plan's precondition), so one context serves both versions' rules.
  const ctx = createContext(to.questions, answers);
  for (const { from, to: next } of plan.rules) {
    if (from !== undefined && from.evaluate(ctx) !== FALSE) return false;
    if (next !== undefined && next.evaluate(ctx) !== FALSE) return false;
  }
  return true;
}
