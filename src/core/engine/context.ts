import type { Answers } from '../answers/types.js';
import type { Question } from '../kb/model.js';
import type { EvalContext } from '../logic/compile.js';
import type { Tri } from '../logic/tri.js';
import { TRUE } from '../logic/tri.js';

const NOT_YET = -1;

/** An evaluation context that works out, once per question, whether the question applies. */
export function createContext(questions: readonly Question[], answers: Answers): EvalContext {
  const memo = new Int8Array(questions.length).fill(NOT_YET);
  const ctx: EvalContext = {
    answers,
    enabled(index: number): Tri {
      const cached = memo[index] as number;
      if (cached !== NOT_YET) return cached as Tri;
      const isEnabled = questions[index]?.isEnabled;
      const value = isEnabled === undefined ? TRUE : isEnabled(ctx);
      memo[index] = value;
      return value;
    },
  };
  return ctx;
}
