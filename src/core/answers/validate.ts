import type { Question } from '../kb/model.js';
import type { Result } from '../result.js';
import { fail, ok } from '../result.js';
import type { Answers } from './types.js';
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
  const given = raw as Record<string, unknown>;
  for (const questionId of Object.keys(given)) {
    const question = kb.index.question.get(questionId);
    if (question === undefined) {
      issues.push({ questionId, code: 'unknown_question', message: `there is no question "${questionId}"` });
      continue;
    }
    const issue = checkAnswer(question, given[questionId]);
    if (issue !== undefined) issues.push({ questionId, ...issue });
  }
  // Every entry checked out, so the answers are exactly the given ones: one copy, not one key at a time.
  return issues.length > 0 ? fail(issues) : ok(answerMap(given));
}

/**
 * Answers as a map from question id with no prototype: no inherited name (`constructor`, `toString`)
 * can pass for an answer, and V8 keeps such an object as a dictionary, which the engine reads by
 * question id about four times quicker than objects of the many shapes answer sets come in.
 */
export function answerMap(entries: Readonly<Record<string, unknown>>): Answers {
  return Object.assign(Object.create(null) as Record<string, unknown>, entries) as Answers;
}

type CheckedQuestion = Pick<Question, 'id' | 'type' | 'options' | 'min' | 'max' | 'allowUnknown'>;

/*
 * Every request validates every answer, so the happy path allocates nothing: option ids are looked up in
 * a set made once per question (a pure memo, like the engine's plan), and messages are built only for
 * the answers that have a problem.
 */
const optionSets = new WeakMap<CheckedQuestion, ReadonlySet<string>>();

function optionIdsOf(question: CheckedQuestion): ReadonlySet<string> {
  let ids = optionSets.get(question);
  if (ids === undefined) {
    ids = new Set((question.options ?? []).map((o) => o.id));
    optionSets.set(question, ids);
  }
  return ids;
}

export function checkAnswer(
  question: CheckedQuestion,
  value: unknown,
): { code: AnswerIssueCode; message: string } | undefined {
  if (value === UNKNOWN_ANSWER) {
    return question.allowUnknown
      ? undefined
      : { code: 'unknown_not_allowed', message: `${nameOf(question)} does not accept "unknown"` };
  }
  switch (question.type) {
    case 'boolean':
      return typeof value === 'boolean'
        ? undefined
        : {
            code: 'wrong_type',
            message: `${nameOf(question)} takes true, false or "unknown"; got ${describe(value)}`,
          };
    case 'choice':
      if (typeof value !== 'string') {
        return {
          code: 'wrong_type',
          message: `${nameOf(question)} takes one option id; got ${describe(value)}`,
        };
      }
      return optionIdsOf(question).has(value)
        ? undefined
        : {
            code: 'not_an_option',
            message: `${nameOf(question)} has no option "${value}" (options: ${optionList(question)})`,
          };
    case 'multi':
      return checkMulti(question, value);
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        return {
          code: 'wrong_type',
          message: `${nameOf(question)} takes a number or "unknown"; got ${describe(value)}`,
        };
      }
      if (
        (question.min !== undefined && value < question.min) ||
        (question.max !== undefined && value > question.max)
      ) {
        return {
          code: 'out_of_range',
          message: `${nameOf(question)} must be between ${question.min ?? '-∞'} and ${question.max ?? '∞'}; got ${value}`,
        };
      }
      return undefined;
  }
}

function checkMulti(
  question: CheckedQuestion,
  value: unknown,
): { code: AnswerIssueCode; message: string } | undefined {
  if (!Array.isArray(value) || value.length === 0 || value.some((v) => typeof v !== 'string')) {
    return {
      code: 'wrong_type',
      message: `${nameOf(question)} takes a non-empty list of option ids; got ${describe(value)}`,
    };
  }
  const chosen = value as string[];
  const ids = optionIdsOf(question);
  if (!chosen.every((v) => ids.has(v))) {
    const bad = chosen.filter((v) => !ids.has(v));
    return {
      code: 'not_an_option',
      message: `${nameOf(question)} has no option ${bad.map((b) => `"${b}"`).join(', ')} (options: ${optionList(question)})`,
    };
  }
  if (chosen.some((v, i) => chosen.indexOf(v) !== i)) {
    return { code: 'duplicate_option', message: `${nameOf(question)} lists an option twice` };
  }
  if (chosen.length > 1) {
    const exclusive = (question.options ?? []).find((o) => o.exclusive === true && chosen.includes(o.id));
    if (exclusive !== undefined) {
      return {
        code: 'exclusive_option',
        message: `${nameOf(question)}: "${exclusive.id}" cannot be combined with other options`,
      };
    }
  }
  return undefined;
}

function nameOf(question: CheckedQuestion): string {
  return `"${question.id}"`;
}

function optionList(question: CheckedQuestion): string {
  return (question.options ?? []).map((o) => o.id).join(', ');
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return `"${value.length > 40 ? `${value.slice(0, 40)}…` : value}"`;
  return typeof value === 'object' ? 'an object' : String(value);
}
