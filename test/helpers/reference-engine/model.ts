/**
 * The knowledge base as the frozen engine sees it: the shipped one, with every condition compiled again by
 * the frozen compiler (./compile.ts) rather than by the current one.
 */
import type {
  KnowledgeBase as CurrentKb,
  Question as CurrentQuestion,
  Rule as CurrentRule,
} from '../../../src/core/index.js';
import type { Evaluator, TracingEvaluator, UnknownCollector } from './compile.js';
import { compileCondition, compileTracing, compileUnknownCollector } from './compile.js';

export interface Question extends Omit<CurrentQuestion, 'isEnabled'> {
  readonly isEnabled: Evaluator | undefined;
}

export interface Rule extends Omit<CurrentRule, 'evaluate' | 'trace' | 'collectUnknown'> {
  readonly evaluate: Evaluator;
  readonly trace: TracingEvaluator;
  readonly collectUnknown: UnknownCollector;
}

export interface KnowledgeBase extends Omit<CurrentKb, 'questions' | 'rules'> {
  readonly questions: readonly Question[];
  readonly rules: readonly Rule[];
}

const frozen = new WeakMap<CurrentKb, KnowledgeBase>();

export function recompiled(kb: CurrentKb): KnowledgeBase {
  const cached = frozen.get(kb);
  if (cached !== undefined) return cached;
  const indexOf = (id: string): number => kb.index.question.get(id)?.index ?? -1;
  const result: KnowledgeBase = {
    ...kb,
    questions: kb.questions.map((q) => ({
      ...q,
      isEnabled: q.enableWhen === undefined ? undefined : compileCondition(q.enableWhen, indexOf),
    })),
    rules: kb.rules.map((r) => ({
      ...r,
      evaluate: compileCondition(r.when, indexOf),
      trace: compileTracing(r.when, indexOf),
      collectUnknown: compileUnknownCollector(r.when, indexOf),
    })),
  };
  frozen.set(kb, result);
  return result;
}
