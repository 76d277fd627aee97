import type { Answers } from '../answers/types.js';
import type { Question } from '../kb/model.js';
import type { EvalContext } from '../logic/compile.js';
import type { Tri } from '../logic/tri.js';
import { TRUE } from '../logic/tri.js';

const NOT_YET = -1;

/**
 * An evaluation context that works out, once per question, whether the question applies. A class (not a
 * closure per call) keeps `enabled` one function for the whole process, which the JIT can inline.
 */
class Context implements EvalContext {
  readonly answers: Answers;
  private readonly questions: readonly Question[];
  private readonly memo: (Tri | typeof NOT_YET)[];

  constructor(questions: readonly Question[], answers: Answers) {
    this.answers = answers;
    this.questions = questions;
    // A plain array of small integers: quicker to allocate than a typed array, once per assessment.
    this.memo = new Array<Tri | typeof NOT_YET>(questions.length).fill(NOT_YET);
  }

  enabled(index: number): Tri {
    const cached = this.memo[index] as Tri | typeof NOT_YET;
    if (cached !== NOT_YET) return cached;
    const isEnabled = this.questions[index]?.isEnabled;
    const value = isEnabled === undefined ? TRUE : isEnabled(this);
    this.memo[index] = value;
    return value;
  }
}

export function createContext(questions: readonly Question[], answers: Answers): EvalContext {
  return new Context(questions, answers);
}
