/** Answers and questions as people read them, in one language. */

import { UNKNOWN_ANSWER } from '../core/answers/types.js';
import type { AnswerValue, KnowledgeBase, Lang, Question } from '../core/index.js';
import { messages } from './messages.js';

export type Audience = 'client' | 'clinician';

export const AUDIENCES: readonly Audience[] = ['client', 'clinician'];

/** The wording a clinician reads is the short clinical label; a client reads the question itself. */
export function questionLabel(kb: KnowledgeBase, questionId: string, lang: Lang, audience: Audience): string {
  const question = kb.index.question.get(questionId);
  if (question === undefined) return questionId;
  return audience === 'clinician' ? question.clinicianLabel[lang] : question.text[lang];
}

export function optionText(question: Question | undefined, optionId: string, lang: Lang): string {
  return question?.options?.find((o) => o.id === optionId)?.text[lang] ?? optionId;
}

/** An answer in words: the option texts, yes/no, a number with its unit, "I don't know" or "not answered". */
export function formatAnswer(
  kb: KnowledgeBase,
  questionId: string,
  value: AnswerValue | null | undefined,
  lang: Lang,
): string {
  const m = messages(lang).answer;
  if (value === undefined || value === null) return m.unanswered;
  if (value === UNKNOWN_ANSWER) return m.unknown;
  const question = kb.index.question.get(questionId);
  if (typeof value === 'boolean') return value ? m.yes : m.no;
  if (typeof value === 'number') {
    const unit = question?.unit?.[lang];
    return unit === undefined ? String(value) : `${value} ${unit}`;
  }
  if (typeof value === 'string') return optionText(question, value, lang);
  return value.map((id) => optionText(question, id, lang)).join('; ');
}
