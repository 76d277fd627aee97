import type { Answers } from '../../../src/core/answers/types.js';
import type { EvalContext } from './compile.js';
import type { Question } from './model.js';
import type { Tri } from './tri.js';
import { TRUE } from './tri.js';

const NOT_YET = -1;

/**
 * An evaluation context that works out, once per question, whether the question applies. A class (not a
 * closure per call) keeps `enabled` one function for the whole process, which the JIT can inline.
 */
class Context implements EvalContext {
  readonly answers: Answers;
  private readonly questions: readonly Question[];
  private readonly memo: Int8Array;

  constructor(questions: readonly Question[], answers: Answers) {
    this.answers = answers;
    this.questions = questions;
    this.memo = new Int8Array(questions.length).fill(NOT_YET);
  }

  enabled(index: number): Tri {
    const cached = this.memo[index] as number;
    if (cached !== NOT_YET) return cached as Tri;
    const isEnabled = this.questions[index]?.isEnabled;
    const value = isEnabled === undefined ? TRUE : isEnabled(this);
    this.memo[index] = value;
    return value;
  }
}

export function createContext(questions: readonly Question[], answers: Answers): EvalContext {
  return new Context(questions, answers);
}
