import type { Answers } from '../answers/types.js';
import type { Question } from '../kb/model.js';
import type { EvalContext } from '../logic/compile.js';
import type { Tri } from '../logic/tri.js';
import { TRUE } from '../logic/tri.js';

/** An evaluation context that works out, once per question, whether the question applies. */
export function createContext(questions: ReadonlyMap<string, Question>, answers: Answers): EvalContext {
  const memo = new Map<string, Tri>();
  const ctx: EvalContext = {
    answers,
    enabled(questionId: string): Tri {
      const cached = memo.get(questionId);
      if (cached !== undefined) return cached;
      const isEnabled = questions.get(questionId)?.isEnabled;
      const value = isEnabled === undefined ? TRUE : isEnabled(ctx);
      memo.set(questionId, value);
      return value;
    },
  };
  return ctx;
}
