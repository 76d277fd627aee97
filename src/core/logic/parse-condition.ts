import type { Comparison, Condition, LeafValue } from './condition.js';
import { COMPARISONS } from './condition.js';

/** What the parser needs to know about a question to check a comparison against it. */
export interface QuestionShape {
  readonly id: string;
  readonly type: 'boolean' | 'choice' | 'multi' | 'number';
  readonly options?: readonly { readonly id: string }[] | undefined;
}

export type Path = readonly (string | number)[];

export interface ConditionIssue {
  /** Path of the faulty field, e.g. ['when', 'any', 2, 'q']. */
  readonly path: Path;
  readonly message: string;
}

type Lookup = (questionId: string) => QuestionShape | undefined;

const COMBINATORS = ['all', 'any', 'not', 'atLeast', 'always'] as const;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Turns a condition as written in YAML into a typed condition, checking every question reference and
 * every compared value against the question it names. Issues name the exact field that is wrong.
 */
export function parseCondition(
  raw: unknown,
  lookup: Lookup,
  root: Path,
): { condition: Condition; issues: readonly ConditionIssue[] } {
  const issues: ConditionIssue[] = [];
  const fallback: Condition = { kind: 'always' };
  const parse = (node: unknown, at: Path): Condition => {
    if (!isRecord(node)) {
      issues.push({ path: at, message: 'must be a condition (a comparison, or all/any/not/atLeast/always)' });
      return fallback;
    }
    const keys = Object.keys(node);
    if ('q' in node) return parseLeaf(node, at);
    const combinator = COMBINATORS.find((c) => c in node);
    if (combinator === undefined) {
      issues.push({ path: at, message: `unknown condition keys: ${keys.join(', ')}` });
      return fallback;
    }
    switch (combinator) {
      case 'always':
        if (node.always !== true || keys.length !== 1) {
          issues.push({ path: at, message: '"always" must be written exactly as `always: true`' });
        }
        return { kind: 'always' };
      case 'not':
        expectOnly(node, ['not'], at);
        return { kind: 'not', item: parse(node.not, [...at, 'not']) };
      case 'atLeast': {
        expectOnly(node, ['atLeast', 'of'], at);
        const items = parseList(node.of, [...at, 'of']);
        const n = node.atLeast;
        if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > items.length) {
          issues.push({
            path: [...at, 'atLeast'],
            message: `must be a whole number from 1 to ${items.length}`,
          });
        }
        return { kind: 'atLeast', n: typeof n === 'number' ? n : 1, items };
      }
      case 'all':
      case 'any': {
        expectOnly(node, [combinator], at);
        return { kind: combinator, items: parseList(node[combinator], [...at, combinator]) };
      }
    }
  };

  const parseList = (node: unknown, at: Path): Condition[] => {
    if (!Array.isArray(node) || node.length === 0) {
      issues.push({ path: at, message: 'must be a non-empty list of conditions' });
      return [];
    }
    return node.map((item, i) => parse(item, [...at, i]));
  };

  const expectOnly = (node: Record<string, unknown>, allowed: readonly string[], at: Path): void => {
    const extra = Object.keys(node).filter((k) => !allowed.includes(k));
    if (extra.length > 0) issues.push({ path: at, message: `unexpected keys: ${extra.join(', ')}` });
  };

  const parseLeaf = (node: Record<string, unknown>, at: Path): Condition => {
    const questionId = node.q;
    if (typeof questionId !== 'string') {
      issues.push({ path: [...at, 'q'], message: 'must be a question id' });
      return fallback;
    }
    const ops = Object.keys(node).filter((k) => k !== 'q');
    const op = ops[0];
    if (ops.length !== 1 || op === undefined || !(COMPARISONS as readonly string[]).includes(op)) {
      issues.push({
        path: at,
        message: `a comparison needs "q" and exactly one of ${COMPARISONS.join(', ')}; found: ${ops.join(', ') || 'none'}`,
      });
      return fallback;
    }
    const comparison = op as Comparison;
    const value = node[comparison];
    const question = lookup(questionId);
    if (question === undefined) {
      issues.push({ path: [...at, 'q'], message: `unknown question "${questionId}"` });
      return fallback;
    }
    const problem = checkComparison(question, comparison, value);
    if (problem !== undefined) {
      issues.push({ path: [...at, comparison], message: problem });
      return fallback;
    }
    return { kind: 'leaf', questionId, op: comparison, value: value as LeafValue };
  };

  const condition = parse(raw, root);
  return { condition, issues };
}

function checkComparison(question: QuestionShape, op: Comparison, value: unknown): string | undefined {
  const optionIds = new Set((question.options ?? []).map((o) => o.id));
  const unknownOptions = (values: readonly unknown[]): string | undefined => {
    const bad = values.filter((v) => typeof v !== 'string' || !optionIds.has(v));
    return bad.length > 0
      ? `${bad.map(String).join(', ')} is not an option of "${question.id}" (options: ${[...optionIds].join(', ')})`
      : undefined;
  };
  switch (question.type) {
    case 'boolean':
      if (op !== 'is') return `"${question.id}" is a yes/no question: use "is: true" or "is: false"`;
      return typeof value === 'boolean' ? undefined : 'must be true or false';
    case 'choice':
      if (op === 'is') return typeof value === 'string' ? unknownOptions([value]) : 'must be an option id';
      if (op === 'in') {
        return Array.isArray(value) && value.length > 0
          ? unknownOptions(value)
          : 'must be a list of option ids';
      }
      return `"${question.id}" is a single-choice question: use "is" or "in"`;
    case 'multi':
      if (op !== 'has') return `"${question.id}" is a multiple-choice question: use "has: [options]"`;
      return Array.isArray(value) && value.length > 0
        ? unknownOptions(value)
        : 'must be a list of option ids';
    case 'number':
      if (op === 'is' || op === 'in' || op === 'has') {
        return `"${question.id}" is a number: use gte, gt, lte or lt`;
      }
      return typeof value === 'number' && Number.isFinite(value) ? undefined : 'must be a number';
  }
}
