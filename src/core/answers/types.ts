/** The answer a person gives when they do not know; it is recorded and evaluates as unknown. */
export const UNKNOWN_ANSWER = 'unknown';
export type UnknownAnswer = typeof UNKNOWN_ANSWER;

/**
 * One answer, by question type: boolean → true/false; choice → an option id; multi → option ids;
 * number → a finite number. Any question that allows it may also be answered "unknown".
 */
export type AnswerValue = boolean | number | string | readonly string[];

/** Answers keyed by question id. A question that is absent is unanswered (and evaluates as unknown). */
export type Answers = Readonly<Record<string, AnswerValue>>;

export function isUnknownAnswer(value: AnswerValue | undefined): value is UnknownAnswer | undefined {
  return value === undefined || value === UNKNOWN_ANSWER;
}
