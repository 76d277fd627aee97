/**
 * Compiles conditions to JavaScript source, the way Ajv compiles JSON Schemas (ADR 0024). The closures of
 * compile.ts call one function per node of the condition tree, through call sites that see every kind of
 * node, so V8 can inline none of them; generated code is straight-line, a few functions for all the rules
 * (generateProgram) or one per enableWhen (generateEvaluator), which V8 optimises as a whole. The result is
 * the same Tri as `compileCondition` gives, for every answer set (a property test holds them equal); only
 * the truth-value form is generated, tracing stays with the closures.
 *
 * Nothing from the knowledge base is pasted into the source as code: answers are read by question index,
 * strings are written with JSON.stringify (a JavaScript string literal) and numbers only when finite; any
 * other value leaves the condition to the closures. Where `new Function` is not allowed (a page whose
 * Content-Security-Policy has no 'unsafe-eval', as NeckCheck's own), nothing is generated and the closures
 * are used.
 */
import { UNKNOWN_ANSWER } from '../answers/types.js';
import type { EvalContext, Evaluator, IndexOf } from './compile.js';
import type { Condition, Leaf } from './condition.js';

/** Each question's enableWhen, by question index (undefined: it always applies). */
export type Gates = readonly (Condition | undefined)[];

let allowed: boolean | undefined;

/**
 * Whether generated code can run here. In a page the answer is no without trying: under a CSP without
 * 'unsafe-eval' the attempt itself would be reported as a violation.
 */
function codeGenerationAllowed(): boolean {
  if (allowed === undefined) {
    try {
      allowed = !('document' in globalThis) && new Function('return true')() === true;
    } catch {
      allowed = false;
    }
  }
  return allowed;
}

class Unsupported extends Error {}

/** A JavaScript literal for a value of the knowledge base, or Unsupported (the closures handle it). */
function literal(value: unknown): string {
  if (typeof value === 'string' || typeof value === 'boolean') return JSON.stringify(value);
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  throw new Unsupported();
}

class Writer {
  readonly lines: string[] = [];
  private temps = 0;
  private readonly indexOf: IndexOf;
  /** Each question's enableWhen by index, or undefined: then every leaf asks ctx.enabled. */
  private readonly gates: Gates | undefined;
  /** Questions whose applicability is already in a local (`g<index>`), computed in the prologue. */
  private readonly gateLocals = new Set<number>();
  /** The local each question's answer is read into, once, at the top of the function. */
  private readonly answerLocals = new Map<number, string>();
  /** Whether the prologue's results come in as the array `G` (a parameter) instead of locals. */
  private readonly gateArray: boolean;

  constructor(indexOf: IndexOf, gates: Gates | undefined, gateArray: boolean) {
    this.indexOf = indexOf;
    this.gates = gates;
    this.gateArray = gateArray;
  }

  /**
   * Works out, in question order, whether each question with an enableWhen applies (an enableWhen reads
   * only earlier questions), so that leaves read a local instead of calling ctx.enabled.
   */
  prologue(): void {
    this.gates?.forEach((gate, index) => {
      if (gate === undefined) return;
      const value = this.emit(gate);
      this.lines.push(`const g${index} = ${value};`);
      this.gateLocals.add(index);
    });
  }

  temp(): string {
    return `r${this.temps++}`;
  }

  private answerOf(index: number): string {
    let local = this.answerLocals.get(index);
    if (local === undefined) {
      local = `a${this.answerLocals.size}`;
      this.answerLocals.set(index, local);
    }
    return local;
  }

  /** The comparison of a known answer `v` with the leaf's expected value, as a boolean expression. */
  private comparison(leaf: Leaf): string {
    switch (leaf.op) {
      case 'is':
        return `v === ${literal(leaf.value)}`;
      case 'in': {
        const options = leaf.value as readonly unknown[];
        return options.length === 0 ? 'false' : `(${options.map((o) => `v === ${literal(o)}`).join(' || ')})`;
      }
      case 'has': {
        // Some chosen option is a wanted one: the same as some wanted option being chosen.
        const wanted = leaf.value as readonly unknown[];
        if (wanted.length === 0) return 'false';
        return `(Array.isArray(v) && (${wanted.map((o) => `v.includes(${literal(o)})`).join(' || ')}))`;
      }
      case 'gte':
        return `v >= ${literal(leaf.value)}`;
      case 'gt':
        return `v > ${literal(leaf.value)}`;
      case 'lte':
        return `v <= ${literal(leaf.value)}`;
      case 'lt':
        return `v < ${literal(leaf.value)}`;
    }
  }

  /** Writes the statements that compute `condition` and returns the variable (or literal) holding it. */
  emit(condition: Condition): string {
    switch (condition.kind) {
      case 'always':
        return '2';
      case 'leaf': {
        // evaluateLeaf: ruled out → FALSE; unanswered or "unknown" → UNKNOWN; a FALSE comparison on a
        // question that may not apply → UNKNOWN.
        const out = this.temp();
        const index = this.indexOf(condition.questionId);
        const unknown = `v === undefined || v === ${JSON.stringify(UNKNOWN_ANSWER)}`;
        if (index >= 0 && this.gates !== undefined && this.gates[index] === undefined) {
          // A question without enableWhen always applies (ctx.enabled would say TRUE).
          this.lines.push(
            `v = ${this.answerOf(index)};`,
            `${out} = ${unknown} ? 1 : ${this.comparison(condition)} ? 2 : 0;`,
          );
          return out;
        }
        this.lines.push(
          this.gateLocals.has(index)
            ? `e = g${index};`
            : this.gateArray && this.gates?.[index] !== undefined
              ? `e = G[${index}];`
              : `e = ctx.enabled(${index});`,
          `if (e === 0) ${out} = 0;`,
          `else { v = ${this.answerOf(index)};`,
          `  ${out} = ${unknown} ? 1 : ${this.comparison(condition)} ? 2 : e === 1 ? 1 : 0; }`,
        );
        return out;
      }
      case 'not': {
        const item = this.emit(condition.item);
        const out = this.temp();
        this.lines.push(`${out} = 2 - ${item};`);
        return out;
      }
      case 'all':
      case 'any': {
        // Kleene's and/or with the closures' short circuit: stop at the first FALSE (all) or TRUE (any).
        const out = this.temp();
        const [start, decisive] = condition.kind === 'all' ? [2, 0] : [0, 2];
        this.lines.push(`${out} = ${start};`, `${out}_: {`);
        for (const item of condition.items) {
          const value = this.emit(item);
          this.lines.push(
            `if (${value} === ${decisive}) { ${out} = ${decisive}; break ${out}_; }`,
            `if (${value} === 1) ${out} = 1;`,
          );
        }
        this.lines.push('}');
        return out;
      }
      case 'atLeast': {
        const out = this.temp();
        const trues = `${out}t`;
        const unknowns = `${out}u`;
        this.lines.push(`let ${trues} = 0, ${unknowns} = 0;`);
        for (const item of condition.items) {
          const value = this.emit(item);
          this.lines.push(`if (${value} === 2) ${trues}++; else if (${value} === 1) ${unknowns}++;`);
        }
        const n = literal(condition.n);
        this.lines.push(`${out} = ${trues} >= ${n} ? 2 : ${trues} + ${unknowns} < ${n} ? 0 : 1;`);
        return out;
      }
    }
  }

  /** The function's source: `tail` are the statements written after everything emitted. */
  source(params: string, tail: readonly string[]): string {
    const temps = Array.from({ length: this.temps }, (_, i) => `r${i}`);
    const answers = [...this.answerLocals].map(([index, local]) => `${local} = V[${index}]`);
    return [
      '"use strict";',
      `return function evaluate(${params}) {`,
      '  const V = ctx.values;',
      ...(answers.length > 0 ? [`  const ${answers.join(', ')};`] : []),
      `  let e, v${temps.length > 0 ? `, ${temps.join(', ')}` : ''};`,
      ...this.lines.map((line) => `  ${line}`),
      ...tail.map((line) => `  ${line}`),
      '};',
    ].join('\n');
  }
}

interface Shape {
  readonly gates: Gates | undefined;
  readonly params: string;
  readonly gateArray: boolean;
}

function compile<T>(
  write: (writer: Writer) => readonly string[],
  indexOf: IndexOf,
  { gates, params, gateArray }: Shape,
): T | undefined {
  if (!codeGenerationAllowed()) return undefined;
  const writer = new Writer(indexOf, gates, gateArray);
  let source: string;
  try {
    source = writer.source(params, write(writer));
  } catch (error) {
    if (error instanceof Unsupported) return undefined;
    throw error;
  }
  return (new Function(source) as () => T)();
}

/**
 * The generated evaluator of a condition, or undefined where code cannot be generated here (the caller
 * keeps the closure from compileCondition).
 */
export function generateEvaluator(condition: Condition, indexOf: IndexOf): Evaluator | undefined {
  return compile<Evaluator>((writer) => [`return ${writer.emit(condition)};`], indexOf, {
    gates: undefined,
    params: 'ctx',
    gateArray: false,
  });
}

/** Evaluates many conditions in one call: the Tri of each, by position. */
export type ProgramEvaluator = (ctx: EvalContext) => Uint8Array;

/**
 * Rules per generated function. V8 optimises no function over 60 KB of bytecode; the v0.2 rules in one
 * function came to 53 KB. Sixteen rules stay far below that, whatever the knowledge base grows to.
 */
const RULES_PER_CHUNK = 16;

type Prologue = (ctx: EvalContext) => Uint8Array;
type Chunk = (ctx: EvalContext, G: Uint8Array, out: Uint8Array) => void;

/**
 * The program for a whole list of conditions (a knowledge base's rules): a prologue works out every
 * question's enableWhen once, inline, then a few functions of sixteen rules each read those and the
 * answers by position; a handful of calls per assessment instead of one per node. Undefined where code
 * cannot be generated.
 */
export function generateProgram(
  conditions: readonly Condition[],
  indexOf: IndexOf,
  gates: Gates,
): ProgramEvaluator | undefined {
  const prologue = compile<Prologue>(
    (writer) => {
      writer.prologue();
      return [
        `const G = new Uint8Array(${gates.length});`,
        ...gates.flatMap((gate, index) => (gate === undefined ? [] : [`G[${index}] = g${index};`])),
        'return G;',
      ];
    },
    indexOf,
    { gates, params: 'ctx', gateArray: false },
  );
  const chunks: Chunk[] = [];
  for (let start = 0; start < conditions.length; start += RULES_PER_CHUNK) {
    const chunk = compile<Chunk>(
      (writer) =>
        conditions
          .slice(start, start + RULES_PER_CHUNK)
          .map((condition) => writer.emit(condition))
          .map((result, offset) => `out[${start + offset}] = ${result};`),
      indexOf,
      { gates, params: 'ctx, G, out', gateArray: true },
    );
    if (chunk === undefined) return undefined;
    chunks.push(chunk);
  }
  if (prologue === undefined) return undefined;
  const count = conditions.length;
  return (ctx) => {
    const G = prologue(ctx);
    const out = new Uint8Array(count);
    for (const chunk of chunks) chunk(ctx, G, out);
    return out;
  };
}
