/**
 * The knowledge base's questions as a FHIR R4 Questionnaire, one per language (the canonical URL and
 * version name the instrument; `language` says which rendering this is, and each text carries the other
 * language as a `translation` extension). One group per section, one item per question, linkId = question
 * id, options as codings of our answer CodeSystem. Invariants que-1 to que-13 hold by construction and are
 * checked in the tests with the official schema and FHIRPath constraints.
 */
import type {
  Extension,
  Questionnaire,
  QuestionnaireItem,
  QuestionnaireItemAnswerOption,
} from '@medplum/fhirtypes';
import type { KnowledgeBase, Lang, Question, SectionEntry } from '../core/index.js';
import { answerCodes, answerCoding, shapeOf, unknownIsOption } from './answer-codes.js';
import { EXTENSIONS, QUESTIONNAIRE_ID, QUESTIONNAIRE_URL, SYSTEMS } from './constants.js';
import { enableWhenOf } from './enable-when.js';
import { questionCodes, unitCoding } from './terminology.js';
import type { PrimitiveElement } from './text.js';
import { translations } from './text.js';

type Item = QuestionnaireItem & { _text?: PrimitiveElement };

/** linkIds of the items that are not questions: section groups, section introductions and help texts. */
export const sectionLinkId = (sectionId: string): string => `section-${sectionId}`;
export const introLinkId = (sectionId: string): string => `section-${sectionId}-intro`;
export const helpLinkId = (questionId: string): string => `${questionId}-help`;

function itemControl(code: 'radio-button' | 'check-box' | 'help'): Extension {
  return {
    url: EXTENSIONS.itemControl,
    valueCodeableConcept: { coding: [{ system: SYSTEMS.itemControl, code }] },
  };
}

function answerOptions(q: Question, lang: Lang): QuestionnaireItemAnswerOption[] {
  return answerCodes(q).map(({ code, text, exclusive }) => ({
    valueCoding: answerCoding(code, text, lang),
    ...(exclusive ? { extension: [{ url: EXTENSIONS.optionExclusive, valueBoolean: true }] } : {}),
  }));
}

function numberExtensions(kb: KnowledgeBase, q: Question, lang: Lang): Extension[] {
  const integer = shapeOf(q) === 'integer';
  const bound = (url: string, value: number): Extension =>
    integer ? { url, valueInteger: value } : { url, valueDecimal: value };
  const unit = unitCoding(kb, q, lang);
  return [
    ...(q.min === undefined ? [] : [bound(EXTENSIONS.minValue, q.min)]),
    ...(q.max === undefined ? [] : [bound(EXTENSIONS.maxValue, q.max)]),
    ...(unit === undefined ? [] : [{ url: EXTENSIONS.unit, valueCoding: unit }]),
  ];
}

/**
 * Required: the context questions (who answers, when) and every question that offers "I don't know", so a
 * form cannot skip a red flag silently but never forces a guess. Number questions cannot offer "I don't
 * know" as an option, so they stay optional (no answer evaluates as unknown).
 */
function isRequired(q: Question): boolean {
  return q.context === true || unknownIsOption(q);
}

function questionItem(kb: KnowledgeBase, q: Question, lang: Lang): Item {
  const shape = shapeOf(q);
  const { extension: enableExtensions, ...enable } = enableWhenOf(kb, q);
  const extension: Extension[] = [...(enableExtensions ?? [])];
  if (shape === 'multi') extension.push(itemControl('check-box'));
  else if (shape === 'choice' || shape === 'yes-no') extension.push(itemControl('radio-button'));
  else if (shape === 'integer' || shape === 'decimal') extension.push(...numberExtensions(kb, q, lang));
  const help: Item[] =
    q.help === undefined
      ? []
      : [
          {
            linkId: helpLinkId(q.id),
            type: 'display',
            text: q.help[lang],
            _text: translations(q.help, lang),
            extension: [itemControl('help')],
          },
        ];
  const code = questionCodes(kb, q, lang);
  return {
    linkId: q.id,
    ...(code.length > 0 ? { code } : {}),
    text: q.text[lang],
    _text: translations(q.text, lang),
    type: shape === 'yes-no' || shape === 'multi' ? 'choice' : shape,
    ...(extension.length > 0 ? { extension } : {}),
    ...enable,
    ...(isRequired(q) ? { required: true } : {}),
    ...(shape === 'multi' ? { repeats: true } : {}),
    ...(shape === 'yes-no' || shape === 'choice' || shape === 'multi'
      ? { answerOption: answerOptions(q, lang) }
      : {}),
    ...(help.length > 0 ? { item: help } : {}),
  };
}

function sectionItem(kb: KnowledgeBase, section: SectionEntry, questions: Question[], lang: Lang): Item {
  const intro: Item[] =
    section.intro === undefined
      ? []
      : [
          {
            linkId: introLinkId(section.id),
            type: 'display',
            text: section.intro[lang],
            _text: translations(section.intro, lang),
          },
        ];
  return {
    linkId: sectionLinkId(section.id),
    type: 'group',
    text: section.title[lang],
    _text: translations(section.title, lang),
    item: [...intro, ...questions.map((q) => questionItem(kb, q, lang))],
  };
}

/** The sections that have questions, each with its questions in knowledge-base order. */
export function sectionsWithQuestions(kb: KnowledgeBase): { section: SectionEntry; questions: Question[] }[] {
  return kb.sections
    .map((section) => ({ section, questions: kb.questions.filter((q) => q.section === section.id) }))
    .filter((s) => s.questions.length > 0);
}

export function toQuestionnaire(kb: KnowledgeBase, lang: Lang): Questionnaire {
  const questionnaire: Questionnaire & { _title?: PrimitiveElement } = {
    resourceType: 'Questionnaire',
    id: QUESTIONNAIRE_ID,
    language: lang,
    url: QUESTIONNAIRE_URL,
    version: kb.meta.version,
    name: 'NeckCheck',
    title: kb.meta.title[lang],
    _title: translations(kb.meta.title, lang),
    status: kb.meta.status === 'reviewed' ? 'active' : 'draft',
    experimental: kb.meta.status !== 'reviewed',
    subjectType: ['Patient'],
    date: kb.meta.released,
    publisher: 'NeckCheck',
    description: kb.meta.disclaimer[lang],
    item: sectionsWithQuestions(kb).map(({ section, questions }) =>
      sectionItem(kb, section, questions, lang),
    ),
  };
  return questionnaire;
}

/** Every linkId of the Questionnaire that is not a question (groups, introductions, help texts). */
export function structuralLinkIds(kb: KnowledgeBase): ReadonlySet<string> {
  const ids = new Set<string>();
  for (const { section } of sectionsWithQuestions(kb)) {
    ids.add(sectionLinkId(section.id));
    ids.add(introLinkId(section.id));
  }
  for (const q of kb.questions) ids.add(helpLinkId(q.id));
  return ids;
}
