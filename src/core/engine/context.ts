import type { Answers, AnswerValue } from '../answers/types.js';
import type { Question } from '../kb/model.js';
import type { EvalContext, Evaluator } from '../logic/compile.js';
import { generateEvaluator } from '../logic/generate.js';
import type { Tri } from '../logic/tri.js';
import { TRUE } from '../logic/tri.js';

const NOT_YET = -1;

/**
 * Each question's enableWhen, by position: generated code where it may run (ADR 0024), else the closure
 * the knowledge base compiled.
 */
type Gates = readonly (Evaluator | undefined)[];

/** A pure memo of the (immutable) question list. */
const gatesOf = new WeakMap<readonly Question[], Gates>();

function gatesFor(questions: readonly Question[]): Gates {
  let gates = gatesOf.get(questions);
  if (gates === undefined) {
    const indexes = new Map(questions.map((q) => [q.id, q.index]));
    const indexOf = (id: string): number => indexes.get(id) ?? -1;
    gates = questions.map((q) =>
      q.enableWhen === undefined ? undefined : (generateEvaluator(q.enableWhen, indexOf) ?? q.isEnabled),
    );
    gatesOf.set(questions, gates);
  }
  return gates;
}

/**
 * The answers by question index, read once per assessment. Quickest from the prototype-less maps that
 * validateAnswers returns (answerMap); from a plain object of an ever-different shape, about four times
 * slower (some 3 µs), still once rather than at every comparison.
 */
function valuesOf(questions: readonly Question[], answers: Answers): (AnswerValue | undefined)[] {
  const values = new Array<AnswerValue | undefined>(questions.length);
  for (let i = 0; i < questions.length; i++) values[i] = answers[(questions[i] as Question).id];
  return values;
}

/**
 * An evaluation context that works out, once per question, whether the question applies. A class (not a
 * closure per call) keeps `enabled` one function for the whole process, which the JIT can inline.
 */
class Context implements EvalContext {
  readonly answers: Answers;
  readonly values: readonly (AnswerValue | undefined)[];
  private readonly gates: Gates;
  private readonly memo: (Tri | typeof NOT_YET)[];

  constructor(questions: readonly Question[], answers: Answers) {
    this.answers = answers;
    this.values = valuesOf(questions, answers);
    this.gates = gatesFor(questions);
    // A plain array of small integers: quicker to allocate than a typed array, once per assessment.
    this.memo = new Array<Tri | typeof NOT_YET>(questions.length).fill(NOT_YET);
  }

  enabled(index: number): Tri {
    const cached = this.memo[index] as Tri | typeof NOT_YET;
    if (cached !== NOT_YET) return cached;
    const isEnabled = this.gates[index];
    const value = isEnabled === undefined ? TRUE : isEnabled(this);
    this.memo[index] = value;
    return value;
  }
}

export function createContext(questions: readonly Question[], answers: Answers): EvalContext {
  return new Context(questions, answers);
}
