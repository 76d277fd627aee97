import type { Question } from '../kb/model.js';
import type { Result } from '../result.js';
import { fail, ok } from '../result.js';
import type { Answers, AnswerValue } from './types.js';
import { UNKNOWN_ANSWER } from './types.js';

export const ANSWER_ISSUE_CODES = [
  'not_an_object',
  'unknown_question',
  'wrong_type',
  'not_an_option',
  'out_of_range',
  'unknown_not_allowed',
  'exclusive_option',
  'duplicate_option',
] as const;
export type AnswerIssueCode = (typeof ANSWER_ISSUE_CODES)[number];

export interface AnswerIssue {
  readonly questionId?: string;
  readonly code: AnswerIssueCode;
  readonly message: string;
}

/** What validation needs: the questions by id. */
export interface QuestionLookup {
  readonly index: { readonly question: ReadonlyMap<string, Question> };
}

/**
 * Checks raw answers (from JSON, a form, a FHIR response) against the knowledge base's questions and
 * returns typed answers, or every problem found, each with a stable code and a plain message.
 */
export function validateAnswers(kb: QuestionLookup, raw: unknown): Result<Answers, AnswerIssue> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return fail([
      { code: 'not_an_object', message: 'answers must be an object mapping question ids to answers' },
    ]);
  }
  const issues: AnswerIssue[] = [];
  const answers: Record<string, AnswerValue> = {};
  for (const [questionId, value] of Object.entries(raw as Record<string, unknown>)) {
    const question = kb.index.question.get(questionId);
    if (question === undefined) {
      issues.push({ questionId, code: 'unknown_question', message: `there is no question "${questionId}"` });
      continue;
    }
    const issue = checkAnswer(question, value);
    if (issue === undefined) answers[questionId] = value as AnswerValue;
    else issues.push({ questionId, ...issue });
  }
  return issues.length > 0 ? fail(issues) : ok(answers);
}

export function checkAnswer(
  question: Pick<Question, 'id' | 'type' | 'options' | 'min' | 'max' | 'allowUnknown'>,
  value: unknown,
): { code: AnswerIssueCode; message: string } | undefined {
  const name = `"${question.id}"`;
  if (value === UNKNOWN_ANSWER) {
    return question.allowUnknown
      ? undefined
      : { code: 'unknown_not_allowed', message: `${name} does not accept "unknown"` };
  }
  const optionIds = (question.options ?? []).map((o) => o.id);
  switch (question.type) {
    case 'boolean':
      return typeof value === 'boolean'
        ? undefined
        : { code: 'wrong_type', message: `${name} takes true, false or "unknown"; got ${describe(value)}` };
    case 'choice':
      if (typeof value !== 'string') {
        return { code: 'wrong_type', message: `${name} takes one option id; got ${describe(value)}` };
      }
      return optionIds.includes(value)
        ? undefined
        : {
            code: 'not_an_option',
            message: `${name} has no option "${value}" (options: ${optionIds.join(', ')})`,
          };
    case 'multi': {
      if (!Array.isArray(value) || value.length === 0 || value.some((v) => typeof v !== 'string')) {
        return {
          code: 'wrong_type',
          message: `${name} takes a non-empty list of option ids; got ${describe(value)}`,
        };
      }
      const chosen = value as string[];
      const bad = chosen.filter((v) => !optionIds.includes(v));
      if (bad.length > 0) {
        return {
          code: 'not_an_option',
          message: `${name} has no option ${bad.map((b) => `"${b}"`).join(', ')} (options: ${optionIds.join(', ')})`,
        };
      }
      if (new Set(chosen).size !== chosen.length) {
        return { code: 'duplicate_option', message: `${name} lists an option twice` };
      }
      const exclusive = (question.options ?? []).find((o) => o.exclusive === true && chosen.includes(o.id));
      if (exclusive !== undefined && chosen.length > 1) {
        return {
          code: 'exclusive_option',
          message: `${name}: "${exclusive.id}" cannot be combined with other options`,
        };
      }
      return undefined;
    }
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        return { code: 'wrong_type', message: `${name} takes a number or "unknown"; got ${describe(value)}` };
      }
      if (
        (question.min !== undefined && value < question.min) ||
        (question.max !== undefined && value > question.max)
      ) {
        return {
          code: 'out_of_range',
          message: `${name} must be between ${question.min ?? '-∞'} and ${question.max ?? '∞'}; got ${value}`,
        };
      }
      return undefined;
  }
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return `"${value.length > 40 ? `${value.slice(0, 40)}…` : value}"`;
  return typeof value === 'object' ? 'an object' : String(value);
}
