/**
 * A NeckCheck screening the EHR holds: the latest completed QuestionnaireResponse of our Questionnaire, read
 * back into answers. Items are matched by linkId (our question ids; section groups and nested items are
 * walked), values follow our Questionnaire's encoding (option codes, yes/no/unknown codes, booleans,
 * numbers, data-absent-reason for an unknown number), and every answer is checked against the knowledge
 * base: one that does not fit is left out and named, never guessed.
 */
import type { Answers, AnswerValue, KnowledgeBase, Question } from '../core/index.js';
import { checkAnswer } from '../core/index.js';
import {
  ANSWER_SYSTEM,
  NO_CODE,
  QUESTIONNAIRE_CANONICAL,
  SYSTEMS,
  UNKNOWN_CODE,
  YES_CODE,
} from './constants.js';
import type { JsonObject } from './fhir-json.js';
import { instantOf, isObject, objects, text } from './fhir-json.js';

export interface EhrScreening {
  /** `QuestionnaireResponse/<id>`. */
  readonly source: string;
  readonly authoredAt: number;
  readonly answers: Answers;
  /** linkIds whose answers were left out because they do not fit the question. */
  readonly dropped: readonly string[];
}

const USABLE = new Set(['completed', 'amended']);
const MAX_ITEMS = 2000;

function isOurs(resource: JsonObject): boolean {
  const canonical = text(resource.questionnaire)?.split('|')[0];
  return canonical === QUESTIONNAIRE_CANONICAL && USABLE.has(text(resource.status) ?? '');
}

/** Every item with a linkId, at any depth (groups, and items nested under answers). */
function itemsOf(resource: JsonObject): JsonObject[] {
  const out: JsonObject[] = [];
  const queue = [...objects(resource.item)];
  while (queue.length > 0 && out.length < MAX_ITEMS) {
    const item = queue.shift() as JsonObject;
    out.push(item);
    queue.push(...objects(item.item), ...objects(item.answer).flatMap((a) => objects(a.item)));
  }
  return out;
}

function isUnknownNumber(answer: JsonObject): boolean {
  return objects(answer.extension).some((e) => e.url === SYSTEMS.dataAbsentReason);
}

/** An answer code of our CodeSystem (a coding of another system is not one of our options). */
function codeOf(answer: JsonObject): string | undefined {
  if (!isObject(answer.valueCoding)) return undefined;
  const system = answer.valueCoding.system;
  return system === undefined || system === ANSWER_SYSTEM ? text(answer.valueCoding.code) : undefined;
}

/** One question's value from its FHIR answers, or undefined when it cannot be read. */
function readValue(question: Question, answers: readonly JsonObject[]): unknown {
  const first = answers[0];
  if (first === undefined) return undefined;
  switch (question.type) {
    case 'boolean': {
      if (typeof first.valueBoolean === 'boolean') return first.valueBoolean;
      const code = codeOf(first);
      return code === YES_CODE
        ? true
        : code === NO_CODE
          ? false
          : code === UNKNOWN_CODE
            ? UNKNOWN_CODE
            : undefined;
    }
    case 'number': {
      if (isUnknownNumber(first)) return UNKNOWN_CODE;
      const quantity = isObject(first.valueQuantity) ? first.valueQuantity.value : undefined;
      return [first.valueInteger, first.valueDecimal, quantity].find((v) => typeof v === 'number');
    }
    case 'choice':
      return codeOf(first);
    case 'multi': {
      const codes = answers.map(codeOf);
      if (codes.some((c) => c === undefined)) return undefined;
      return codes.length === 1 && codes[0] === UNKNOWN_CODE ? UNKNOWN_CODE : codes;
    }
  }
}

export function answersOfResponse(
  kb: KnowledgeBase,
  resource: JsonObject,
): { answers: Answers; dropped: string[] } {
  const answers: Record<string, AnswerValue> = {};
  const dropped: string[] = [];
  for (const item of itemsOf(resource)) {
    const linkId = text(item.linkId);
    const question = linkId === undefined ? undefined : kb.index.question.get(linkId);
    const given = objects(item.answer);
    if (question === undefined || given.length === 0 || answers[question.id] !== undefined) continue;
    const value = readValue(question, given);
    if (value !== undefined && checkAnswer(question, value) === undefined)
      answers[question.id] = value as AnswerValue;
    else dropped.push(question.id);
  }
  return { answers, dropped };
}

/** The most recently authored usable response of our Questionnaire, read into answers. */
export function latestEhrScreening(
  kb: KnowledgeBase,
  responses: readonly JsonObject[],
): EhrScreening | undefined {
  let latest: { resource: JsonObject; authoredAt: number } | undefined;
  for (const resource of responses) {
    const authoredAt = instantOf(resource.authored);
    if (!isOurs(resource) || authoredAt === undefined) continue;
    if (latest === undefined || authoredAt > latest.authoredAt) latest = { resource, authoredAt };
  }
  if (latest === undefined) return undefined;
  const id = text(latest.resource.id);
  return {
    source: id === undefined ? 'QuestionnaireResponse' : `QuestionnaireResponse/${id}`,
    authoredAt: latest.authoredAt,
    ...answersOfResponse(kb, latest.resource),
  };
}
