/**
 * A NeckCheck screening the EHR holds: the latest completed QuestionnaireResponse of our Questionnaire, read
 * back into answers. Items are matched by linkId (our question ids; section groups and nested items are
 * walked), values are decoded as `$assess` decodes them (src/fhir's decodeAnswer), and every answer is
 * checked against the knowledge base: one that does not fit is left out and named, never guessed (where
 * `$assess` refuses the whole response, a service call still uses the rest of the record).
 */
import type { Answers, AnswerValue, KnowledgeBase } from '../core/index.js';
import { checkAnswer } from '../core/index.js';
import { decodeAnswer, QUESTIONNAIRE_URL } from '../fhir/index.js';
import type { JsonObject } from './fhir-json.js';
import { instantOf, objects, text } from './fhir-json.js';

/** What decodeAnswer gives when it could read the answers (otherwise it says why it could not). */
const isAnswerValue = (value: AnswerValue | { error: string }): value is AnswerValue =>
  typeof value !== 'object' || Array.isArray(value);

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
  return canonical === QUESTIONNAIRE_URL && USABLE.has(text(resource.status) ?? '');
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
    const value = decodeAnswer(question, given);
    if (isAnswerValue(value) && checkAnswer(question, value) === undefined) answers[question.id] = value;
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
