/**
 * Compiles conditions to closures. Two forms are produced from the same tree:
 * a fast one that returns only the truth value, and a tracing one that also records how every
 * comparison evaluated (used for the findings an assessment reports).
 */
import type { Answers, AnswerValue } from '../answers/types.js';
import { UNKNOWN_ANSWER } from '../answers/types.js';
import type { Condition, Leaf } from './condition.js';
import type { Tri, TriName } from './tri.js';
import { FALSE, TRUE, triAtLeast, triName, triNot, UNKNOWN } from './tri.js';

/** Per-assessment state: the answers and a memo of which questions are asked at all. */
export interface EvalContext {
  readonly answers: Answers;
  /**
   * The same answers by question index (undefined where unanswered): read by position, an answer costs
   * an array load instead of a lookup in objects of ever-different shapes.
   */
  readonly values: readonly (AnswerValue | undefined)[];
  /**
   * For the question at this index: TRUE when it applies, FALSE when its enableWhen rules it out,
   * UNKNOWN when that is unclear.
   */
  enabled(questionIndex: number): Tri;
}

/** Resolves a question id to its index, once, when a condition is compiled. */
export type IndexOf = (questionId: string) => number;

export type Evaluator = (ctx: EvalContext) => Tri;

export type TraceNode =
  | {
      readonly kind: 'leaf';
      readonly questionId: string;
      readonly op: Leaf['op'];
      readonly expected: Leaf['value'];
      /** The answer given; null when unanswered. */
      readonly answer: AnswerValue | null;
      /** Whether the question applied (its enableWhen held). */
      readonly applicable: TriName;
      readonly result: TriName;
    }
  | { readonly kind: 'always'; readonly result: TriName }
  | { readonly kind: 'not'; readonly result: TriName; readonly item: TraceNode }
  | { readonly kind: 'all' | 'any'; readonly result: TriName; readonly items: readonly TraceNode[] }
  | {
      readonly kind: 'atLeast';
      readonly n: number;
      readonly result: TriName;
      readonly items: readonly TraceNode[];
    };

export type TracingEvaluator = (ctx: EvalContext) => TraceNode;

/**
 * Evaluates a condition and appends to `out` the questions of the comparisons that leave it undecided
 * (only when it is undecided: answering any of them can decide it).
 */
export type UnknownCollector = (ctx: EvalContext, out: string[]) => Tri;

/** Compares a given (known) answer with a leaf's expected value. */
function compareKnown(leaf: Leaf, answer: AnswerValue): Tri {
  const expected = leaf.value;
  switch (leaf.op) {
    case 'is':
      return answer === expected ? TRUE : FALSE;
    case 'in':
      return (expected as readonly string[]).includes(answer as string) ? TRUE : FALSE;
    case 'has': {
      if (!Array.isArray(answer)) return FALSE;
      const wanted = expected as readonly string[];
      for (const option of answer as readonly string[]) if (wanted.includes(option)) return TRUE;
      return FALSE;
    }
    case 'gte':
      return (answer as number) >= (expected as number) ? TRUE : FALSE;
    case 'gt':
      return (answer as number) > (expected as number) ? TRUE : FALSE;
    case 'lte':
      return (answer as number) <= (expected as number) ? TRUE : FALSE;
    case 'lt':
      return (answer as number) < (expected as number) ? TRUE : FALSE;
  }
}

/**
 * A comparison on a question that does not apply (ruled out by its enableWhen) is false: the premise it
 * asks about is absent. An unanswered or "I don't know" answer is unknown. When it is unclear whether
 * the question applies (its gate is unknown), a given answer still counts as evidence that the
 * comparison holds, but not as evidence that it does not: reassurance needs a question known to apply.
 */
export function evaluateLeaf(leaf: Leaf, questionIndex: number, ctx: EvalContext): Tri {
  const enabled = ctx.enabled(questionIndex);
  if (enabled === FALSE) return FALSE;
  const answer = ctx.values[questionIndex];
  if (answer === undefined || answer === UNKNOWN_ANSWER) return UNKNOWN;
  const result = compareKnown(leaf, answer);
  return result === FALSE && enabled === UNKNOWN ? UNKNOWN : result;
}

export function compileCondition(condition: Condition, indexOf: IndexOf): Evaluator {
  const compile = (c: Condition): Evaluator => compileCondition(c, indexOf);
  switch (condition.kind) {
    case 'always':
      return () => TRUE;
    case 'leaf': {
      const index = indexOf(condition.questionId);
      return (ctx) => evaluateLeaf(condition, index, ctx);
    }
    case 'not': {
      const item = compile(condition.item);
      return (ctx) => triNot(item(ctx));
    }
    case 'all': {
      const items = condition.items.map(compile);
      return (ctx) => {
        let result: Tri = TRUE;
        for (const item of items) {
          const value = item(ctx);
          if (value === FALSE) return FALSE;
          if (value === UNKNOWN) result = UNKNOWN;
        }
        return result;
      };
    }
    case 'any': {
      const items = condition.items.map(compile);
      return (ctx) => {
        let result: Tri = FALSE;
        for (const item of items) {
          const value = item(ctx);
          if (value === TRUE) return TRUE;
          if (value === UNKNOWN) result = UNKNOWN;
        }
        return result;
      };
    }
    case 'atLeast': {
      const items = condition.items.map(compile);
      const n = condition.n;
      return (ctx) => {
        let trues = 0;
        let unknowns = 0;
        for (const item of items) {
          const value = item(ctx);
          if (value === TRUE) trues++;
          else if (value === UNKNOWN) unknowns++;
        }
        return triAtLeast(n, trues, unknowns);
      };
    }
  }
}

/** The tracing form evaluates every branch (no short-circuit) so the record is complete. */
export function compileTracing(condition: Condition, indexOf: IndexOf): TracingEvaluator {
  const compile = (c: Condition): TracingEvaluator => compileTracing(c, indexOf);
  switch (condition.kind) {
    case 'always':
      return () => ({ kind: 'always', result: 'true' });
    case 'leaf': {
      const index = indexOf(condition.questionId);
      return (ctx) => ({
        kind: 'leaf',
        questionId: condition.questionId,
        op: condition.op,
        expected: condition.value,
        answer: ctx.values[index] ?? null,
        applicable: triName(ctx.enabled(index)),
        result: triName(evaluateLeaf(condition, index, ctx)),
      });
    }
    case 'not': {
      const item = compile(condition.item);
      return (ctx) => {
        const inner = item(ctx);
        return { kind: 'not', result: triName(triNot(fromName(inner.result))), item: inner };
      };
    }
    case 'all':
    case 'any': {
      const items = condition.items.map(compile);
      const kind = condition.kind;
      return (ctx) => {
        const traced: TraceNode[] = [];
        let result: Tri = kind === 'all' ? TRUE : FALSE;
        for (const item of items) {
          const node = item(ctx);
          traced.push(node);
          const value = fromName(node.result);
          result = (kind === 'all' ? Math.min(result, value) : Math.max(result, value)) as Tri;
        }
        return { kind, result: triName(result), items: traced };
      };
    }
    case 'atLeast': {
      const items = condition.items.map(compile);
      const n = condition.n;
      return (ctx) => {
        const traced: TraceNode[] = [];
        let trues = 0;
        let unknowns = 0;
        for (const item of items) {
          const node = item(ctx);
          traced.push(node);
          if (node.result === 'true') trues++;
          else if (node.result === 'unknown') unknowns++;
        }
        return { kind: 'atLeast', n, result: triName(triAtLeast(n, trues, unknowns)), items: traced };
      };
    }
  }
}

/**
 * One pass over the condition: each node notes where its collected questions start and drops them again
 * when it turns out to be decided, so only the undecided branches contribute.
 */
export function compileUnknownCollector(condition: Condition, indexOf: IndexOf): UnknownCollector {
  switch (condition.kind) {
    case 'always':
      return () => TRUE;
    case 'leaf': {
      const index = indexOf(condition.questionId);
      return (ctx, out) => {
        const value = evaluateLeaf(condition, index, ctx);
        if (value === UNKNOWN) out.push(condition.questionId);
        return value;
      };
    }
    case 'not': {
      const item = compileUnknownCollector(condition.item, indexOf);
      return (ctx, out) => triNot(item(ctx, out));
    }
    case 'all':
    case 'any':
    case 'atLeast': {
      const items = condition.items.map((c) => compileUnknownCollector(c, indexOf));
      const combine = condition.kind;
      const n = condition.kind === 'atLeast' ? condition.n : 0;
      return (ctx, out) => {
        const mark = out.length;
        let trues = 0;
        let unknowns = 0;
        for (const item of items) {
          const value = item(ctx, out);
          if (value === TRUE) trues++;
          else if (value === UNKNOWN) unknowns++;
        }
        const total = items.length;
        const result: Tri =
          combine === 'all'
            ? trues === total
              ? TRUE
              : trues + unknowns === total
                ? UNKNOWN
                : FALSE
            : combine === 'any'
              ? trues > 0
                ? TRUE
                : unknowns > 0
                  ? UNKNOWN
                  : FALSE
              : triAtLeast(n, trues, unknowns);
        if (result !== UNKNOWN) out.length = mark;
        return result;
      };
    }
  }
}

export function fromName(name: TriName): Tri {
  return name === 'true' ? TRUE : name === 'false' ? FALSE : UNKNOWN;
}

/**
 * The comparisons that made a condition hold (or left it undecided): leaves whose result agrees with
 * the outcome, followed through negations.
 */
export function decisiveLeaves(trace: TraceNode): Extract<TraceNode, { kind: 'leaf' }>[] {
  const out: Extract<TraceNode, { kind: 'leaf' }>[] = [];
  const walk = (node: TraceNode, wanted: TriName): void => {
    if (node.result !== wanted) return;
    switch (node.kind) {
      case 'leaf':
        out.push(node);
        return;
      case 'always':
        return;
      case 'not':
        walk(node.item, wanted === 'true' ? 'false' : wanted === 'false' ? 'true' : 'unknown');
        return;
      case 'all':
      case 'any':
      case 'atLeast':
        for (const item of node.items) walk(item, wanted);
        return;
    }
  };
  walk(trace, trace.result);
  return out;
}
