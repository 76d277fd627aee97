/**
 * Answers as a QuestionnaireResponse of our Questionnaire: the way a stored screening is exported, and what a
 * FHIR form filled with the same answers would send. Items follow the Questionnaire's groups; answers to
 * questions the knowledge base no longer has are kept at the end, with their raw values.
 */
import type {
  QuestionnaireResponse,
  QuestionnaireResponseItem,
  QuestionnaireResponseItemAnswer,
  Reference,
} from '@medplum/fhirtypes';
import type { Answers, AnswerValue, KnowledgeBase, Lang, Question } from '../core/index.js';
import { isUnknownAnswer } from '../core/index.js';
import { answerCoding, optionText, shapeOf, UNKNOWN_NUMBER_EXTENSION } from './answer-codes.js';
import { NO_CODE, QUESTIONNAIRE_URL, YES_CODE } from './constants.js';
import { toInstant } from './dates.js';
import { sectionLinkId, sectionsWithQuestions } from './questionnaire.js';

export interface ResponseOptions {
  readonly lang?: Lang;
  readonly id?: string;
  readonly subject?: Reference;
  /** When the answers were given (ISO 8601). */
  readonly authored?: string;
  /** The knowledge-base version the answers were given against (default: the current one). */
  readonly version?: string;
  readonly status?: QuestionnaireResponse['status'];
}

function coded(q: Question, code: string, lang: Lang): QuestionnaireResponseItemAnswer {
  const text = optionText(q, code) ?? { en: code, fr: code };
  return { valueCoding: answerCoding(code, text, lang) };
}

/** The FHIR answers for one of our answers. */
export function answersOf(q: Question, value: AnswerValue, lang: Lang): QuestionnaireResponseItemAnswer[] {
  const shape = shapeOf(q);
  if (isUnknownAnswer(value)) {
    return shape === 'integer' || shape === 'decimal'
      ? [{ extension: [UNKNOWN_NUMBER_EXTENSION] }]
      : [coded(q, 'unknown', lang)];
  }
  if (typeof value === 'boolean') {
    return shape === 'boolean' ? [{ valueBoolean: value }] : [coded(q, value ? YES_CODE : NO_CODE, lang)];
  }
  if (typeof value === 'number') {
    return shape === 'integer' && Number.isInteger(value)
      ? [{ valueInteger: value }]
      : [{ valueDecimal: value }];
  }
  const codes: readonly string[] = typeof value === 'string' ? [value] : value;
  return codes.map((code) => coded(q, code, lang));
}

/** An answer to a question this knowledge base does not have, kept as it was. */
function rawAnswers(value: AnswerValue): QuestionnaireResponseItemAnswer[] {
  if (typeof value === 'boolean') return [{ valueBoolean: value }];
  if (typeof value === 'number') return [{ valueDecimal: value }];
  return (typeof value === 'string' ? [value] : value)
    .filter((v) => v !== '')
    .map((v) => ({ valueString: v }));
}

export function responseFromAnswers(
  kb: KnowledgeBase,
  answers: Answers,
  options: ResponseOptions = {},
): QuestionnaireResponse {
  const lang = options.lang ?? 'en';
  const authored = toInstant(options.authored);
  const groups: QuestionnaireResponseItem[] = [];
  for (const { section, questions } of sectionsWithQuestions(kb)) {
    const items = questions.flatMap((q): QuestionnaireResponseItem[] => {
      const value = answers[q.id];
      const answer = value === undefined ? [] : answersOf(q, value, lang);
      return answer.length === 0 ? [] : [{ linkId: q.id, text: q.text[lang], answer }];
    });
    if (items.length > 0)
      groups.push({ linkId: sectionLinkId(section.id), text: section.title[lang], item: items });
  }
  const others = Object.entries(answers)
    .filter(([id]) => !kb.index.question.has(id))
    .map(([linkId, value]): QuestionnaireResponseItem => ({ linkId, answer: rawAnswers(value) }))
    .filter((item) => item.answer !== undefined && item.answer.length > 0);
  return {
    resourceType: 'QuestionnaireResponse',
    ...(options.id === undefined ? {} : { id: options.id }),
    language: lang,
    questionnaire: `${QUESTIONNAIRE_URL}|${options.version ?? kb.meta.version}`,
    status: options.status ?? 'completed',
    ...(options.subject === undefined ? {} : { subject: options.subject }),
    ...(authored === undefined ? {} : { authored }),
    item: [...groups, ...others],
  };
}
