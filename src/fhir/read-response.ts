/**
 * QuestionnaireResponse → our answers. The response must answer our Questionnaire (canonical URL with the
 * same version); nested items (groups, answer.item) are flattened; codings, booleans and numbers map back to
 * our answer format, and "I don't know" comes back from the code `unknown` or a data-absent-reason answer.
 * The answers are then checked with the core's validateAnswers. Nothing is trusted: the input is whatever
 * JSON arrived, and every problem comes back as an OperationOutcome issue with its FHIRPath location.
 */
import type { OperationOutcomeIssue } from '@medplum/fhirtypes';
import type { Answers, AnswerValue, KnowledgeBase, Question, Result } from '../core/index.js';
import { UNKNOWN_ANSWER, validateAnswers } from '../core/index.js';
import { shapeOf } from './answer-codes.js';
import { EXTENSIONS, NO_CODE, QUESTIONNAIRE_URL, SYSTEMS, UNKNOWN_CODE, YES_CODE } from './constants.js';
import { answerIssue, issue } from './outcome.js';
import { structuralLinkIds } from './questionnaire.js';

export interface ExpectedQuestionnaire {
  /** The knowledge-base version the response must have been given against. */
  readonly version: string;
}

type Raw = Record<string, unknown>;
const isRecord = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v);

const USABLE_STATUSES = ['in-progress', 'completed', 'amended', 'stopped'];
const MAX_ITEMS = 2000;

interface Found {
  readonly question: Question;
  readonly answers: readonly unknown[];
  readonly at: string;
}

/**
 * Yes and no as other systems code them: HL7 v2 table 0136 (Y/N) and SNOMED CT (373066001 Yes,
 * 373067005 No). They answer our yes/no questions like valueBoolean.
 */
const STANDARD_YES_NO: Readonly<Record<string, boolean>> = {
  'http://terminology.hl7.org/CodeSystem/v2-0136|Y': true,
  'http://terminology.hl7.org/CodeSystem/v2-0136|N': false,
  'http://snomed.info/sct|373066001': true,
  'http://snomed.info/sct|373067005': false,
};

/** One FHIR answer as a plain value: true/false, a code, a number, or "unknown". */
type Plain = boolean | number | string;

function plainAnswer(answer: unknown): Plain | { error: string } {
  if (!isRecord(answer)) return { error: 'an answer must be an object' };
  if (isRecord(answer.valueCoding)) {
    const { system, code } = answer.valueCoding;
    const standard = STANDARD_YES_NO[`${String(system)}|${String(code)}`];
    if (standard !== undefined) return standard;
    if (system !== undefined && system !== SYSTEMS.answers)
      return { error: `codings must come from ${SYSTEMS.answers}; got "${String(system)}"` };
    return typeof code === 'string' && code !== '' ? code : { error: 'a coding needs a code' };
  }
  if (typeof answer.valueBoolean === 'boolean') return answer.valueBoolean;
  for (const value of [
    answer.valueInteger,
    answer.valueDecimal,
    isRecord(answer.valueQuantity) ? answer.valueQuantity.value : undefined,
  ]) {
    if (typeof value === 'number' && Number.isFinite(value)) return value;
  }
  const absent = Array.isArray(answer.extension)
    ? answer.extension.some((e) => isRecord(e) && e.url === EXTENSIONS.dataAbsentReason)
    : false;
  if (absent && !Object.keys(answer).some((k) => k.startsWith('value'))) return UNKNOWN_CODE;
  return { error: 'an answer needs a valueCoding, valueBoolean, valueInteger or valueDecimal' };
}

/**
 * Our answer for a question from its FHIR answers (the encoding of our Questionnaire: option codes,
 * yes/no/unknown codes, booleans, numbers, data-absent-reason for an unknown number), or why it cannot be
 * read. The one decoder of responses: the strict `$assess` reader and the CDS Hooks services use it.
 */
export function decodeAnswer(q: Question, answers: readonly unknown[]): AnswerValue | { error: string } {
  const plain: Plain[] = [];
  for (const a of answers) {
    const p = plainAnswer(a);
    if (typeof p === 'object') return p;
    plain.push(p);
  }
  if (q.type === 'multi') {
    if (plain.includes(UNKNOWN_CODE)) {
      return plain.length === 1
        ? UNKNOWN_ANSWER
        : { error: '"unknown" cannot be combined with other answers' };
    }
    return plain.every((p) => typeof p === 'string')
      ? (plain as string[])
      : { error: 'expects coded answers' };
  }
  if (plain.length > 1) return { error: 'takes one answer only' };
  const [value] = plain as [Plain];
  if (value === UNKNOWN_CODE) return UNKNOWN_ANSWER;
  if (q.type === 'boolean' && shapeOf(q) === 'yes-no') {
    if (value === YES_CODE) return true;
    if (value === NO_CODE) return false;
  }
  return value;
}

/** Every question item, wherever it is nested; unknown linkIds and repeated questions are issues. */
function collect(kb: KnowledgeBase, root: Raw, issues: OperationOutcomeIssue[]): Found[] {
  const structural = structuralLinkIds(kb);
  const found = new Map<string, Found>();
  let count = 0;
  const walk = (items: unknown, path: string): void => {
    if (items === undefined) return;
    if (!Array.isArray(items)) {
      issues.push(issue('structure', 'item must be a list', `${path}.item`));
      return;
    }
    items.forEach((item, i) => {
      const at = `${path}.item[${i}]`;
      if (++count > MAX_ITEMS) {
        if (count === MAX_ITEMS + 1) issues.push(issue('too-costly', `more than ${MAX_ITEMS} items`, at));
        return;
      }
      if (!isRecord(item) || typeof item.linkId !== 'string') {
        issues.push(issue('structure', 'each item needs a linkId', at));
        return;
      }
      const answers = item.answer === undefined ? [] : item.answer;
      if (!Array.isArray(answers)) {
        issues.push(issue('structure', 'answer must be a list', `${at}.answer`));
        return;
      }
      const question = kb.index.question.get(item.linkId);
      if (question !== undefined) {
        if (found.has(question.id)) issues.push(issue('duplicate', `"${question.id}" is answered twice`, at));
        else if (answers.length > 0) found.set(question.id, { question, answers, at });
      } else if (!structural.has(item.linkId)) {
        issues.push(issue('not-found', `the questionnaire has no item "${item.linkId.slice(0, 64)}"`, at));
      }
      walk(item.item, at);
      answers.forEach((a, j) => {
        if (isRecord(a)) walk(a.item, `${at}.answer[${j}]`);
      });
    });
  };
  walk(root.item, 'QuestionnaireResponse');
  return [...found.values()];
}

function checkHeader(root: Raw, expected: ExpectedQuestionnaire, issues: OperationOutcomeIssue[]): void {
  const canonical = `${QUESTIONNAIRE_URL}|${expected.version}`;
  if (typeof root.questionnaire !== 'string') {
    issues.push(
      issue('required', `questionnaire is required: "${canonical}"`, 'QuestionnaireResponse.questionnaire'),
    );
  } else if (root.questionnaire !== canonical && root.questionnaire !== QUESTIONNAIRE_URL) {
    // An unversioned canonical means the current version (FHIR canonical references); another version
    // is refused, since the questions may differ.

    const [url, version] = root.questionnaire.split('|');
    const message =
      url !== QUESTIONNAIRE_URL
        ? `this server assesses responses to ${QUESTIONNAIRE_URL} only`
        : `the response answers version ${String(version).slice(0, 20)}; this server uses ${expected.version}`;
    issues.push(issue('not-supported', message, 'QuestionnaireResponse.questionnaire'));
  }
  if (typeof root.status !== 'string') {
    issues.push(issue('required', 'status is required', 'QuestionnaireResponse.status'));
  } else if (!USABLE_STATUSES.includes(root.status)) {
    issues.push(
      issue(
        'business-rule',
        `a response with status "${root.status.slice(0, 20)}" cannot be assessed`,
        'QuestionnaireResponse.status',
      ),
    );
  }
}

export function answersFromResponse(
  kb: KnowledgeBase,
  qr: unknown,
  expected: ExpectedQuestionnaire,
): Result<Answers, OperationOutcomeIssue> {
  if (!isRecord(qr) || qr.resourceType !== 'QuestionnaireResponse') {
    return { ok: false, errors: [issue('structure', 'expected a QuestionnaireResponse resource')] };
  }
  const issues: OperationOutcomeIssue[] = [];
  checkHeader(qr, expected, issues);
  const raw: Record<string, AnswerValue> = {};
  const located = new Map<string, string>();
  for (const { question, answers, at } of collect(kb, qr, issues)) {
    const value = decodeAnswer(question, answers);
    if (isRecord(value)) issues.push(issue('value', `"${question.id}" ${value.error}`, `${at}.answer`));
    else {
      raw[question.id] = value;
      located.set(question.id, `${at}.answer`);
    }
  }
  if (issues.length > 0) return { ok: false, errors: issues };
  const checked = validateAnswers(kb, raw);
  if (checked.ok) return checked;
  return {
    ok: false,
    errors: checked.errors.map((e) =>
      answerIssue(e, e.questionId === undefined ? undefined : located.get(e.questionId)),
    ),
  };
}
