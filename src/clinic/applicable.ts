/** The questions that apply to a set of answers: those whose branching (enableWhen) holds for them. */
import type { Answers, KnowledgeBase, Question } from '../core/browser.js';
import { createContext } from '../core/engine/context.js';
import { TRUE } from '../core/logic/tri.js';

export function applicableQuestions(kb: KnowledgeBase, answers: Answers): readonly Question[] {
  const ctx = createContext(kb.questions, answers);
  return kb.questions.filter((q) => ctx.enabled(q.index) === TRUE);
}
