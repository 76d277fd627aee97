/**
 * The Questionnaire generated from the knowledge base, in English and French: valid against the official R4
 * schema and invariants, and faithful to the knowledge base (linkIds, types, options, "I don't know",
 * required flags, branching).
 */
import type { Questionnaire, QuestionnaireItem } from '@medplum/fhirtypes';
import fhirpath from 'fhirpath';
import r4 from 'fhirpath/fhir-context/r4';
import { describe, expect, it } from 'vitest';
import type { Answers, KnowledgeBase } from '../../src/core/index.js';
import { loadKnowledgeBase, nextQuestions } from '../../src/core/index.js';
import {
  EXTENSIONS,
  QUESTIONNAIRE_URL,
  responseFromAnswers,
  SYSTEMS,
  toQuestionnaire,
} from '../../src/fhir/index.js';
import { kb as loadKb } from '../helpers/kb.js';
import { miniSources } from '../helpers/mini-kb.js';
import { loadFhirValidator } from './helpers/validate.js';

const fhir = loadFhirValidator();
const kb = await loadKb();
const en = toQuestionnaire(kb, 'en');
const fr = toQuestionnaire(kb, 'fr');

function questionItems(q: Questionnaire): QuestionnaireItem[] {
  const out: QuestionnaireItem[] = [];
  const walk = (items: readonly QuestionnaireItem[] | undefined): void => {
    for (const item of items ?? []) {
      if (item.type !== 'group' && item.type !== 'display') out.push(item);
      walk(item.item);
    }
  };
  walk(q.item);
  return out;
}

const item = (q: Questionnaire, linkId: string): QuestionnaireItem => {
  const found = questionItems(q).find((i) => i.linkId === linkId);
  if (found === undefined) throw new Error(`no item ${linkId}`);
  return found;
};
const codes = (i: QuestionnaireItem): (string | undefined)[] =>
  (i.answerOption ?? []).map((o) => o.valueCoding?.code);

describe('toQuestionnaire', () => {
  it.each([
    ['en', en],
    ['fr', fr],
  ])('produces a valid R4 Questionnaire in %s', (lang, q) => {
    fhir.expectValid(q);
    expect(q).toMatchObject({
      url: QUESTIONNAIRE_URL,
      version: kb.meta.version,
      language: lang,
      status: 'draft',
    });
  });

  it('has one group per section and one item per question, linkId = question id, in knowledge-base order', () => {
    expect(en.item?.every((g) => g.type === 'group')).toBe(true);
    expect(questionItems(en).map((i) => i.linkId)).toEqual(kb.questions.map((q) => q.id));
    expect(questionItems(fr).map((i) => i.linkId)).toEqual(kb.questions.map((q) => q.id));
  });

  it('writes each language in its own Questionnaire and the other as a translation extension', () => {
    const q = kb.index.question.get('headache');
    expect(item(en, 'headache').text).toBe(q?.text.en);
    expect(item(fr, 'headache').text).toBe(q?.text.fr);
    const translation = (item(en, 'headache') as QuestionnaireItem & { _text?: { extension: unknown[] } })
      ._text;
    expect(translation?.extension).toEqual([
      {
        url: EXTENSIONS.translation,
        extension: [
          { url: 'lang', valueCode: 'fr' },
          { url: 'content', valueString: q?.text.fr },
        ],
      },
    ]);
    expect(item(fr, 'headache').answerOption?.map((o) => o.valueCoding?.display)).toEqual([
      'Oui',
      'Non',
      'Je ne sais pas',
    ]);
  });

  it('offers "I don\'t know" as the code unknown; yes/no questions become choices so that it can be said', () => {
    const headache = item(en, 'headache');
    expect(headache.type).toBe('choice');
    expect(codes(headache)).toEqual(['yes', 'no', 'unknown']);
    expect(headache.answerOption?.every((o) => o.valueCoding?.system === SYSTEMS.answers)).toBe(true);
    for (const question of kb.questions) {
      const generated = item(en, question.id);
      const offersUnknown = codes(generated).includes('unknown');
      expect(offersUnknown, question.id).toBe(question.allowUnknown && question.type !== 'number');
    }
    expect(codes(item(en, 'respondent'))).toEqual(['client', 'clinician']);
  });

  it('makes multiple-choice questions repeating check boxes, with exclusive "none" and "unknown"', () => {
    const neuro = item(en, 'neuro_symptoms');
    expect(neuro).toMatchObject({ type: 'choice', repeats: true });
    expect(JSON.stringify(neuro.extension)).toContain('"check-box"');
    const exclusive = (neuro.answerOption ?? [])
      .filter((o) =>
        o.extension?.some((e) => e.url === EXTENSIONS.optionExclusive && e.valueBoolean === true),
      )
      .map((o) => o.valueCoding?.code);
    expect(exclusive).toEqual(['none', 'unknown']);
  });

  it('makes number questions integers with their bounds and unit', () => {
    const age = item(en, 'age');
    expect(age.type).toBe('integer');
    expect(age.extension).toEqual(
      expect.arrayContaining([
        { url: EXTENSIONS.minValue, valueInteger: 0 },
        { url: EXTENSIONS.maxValue, valueInteger: 120 },
      ]),
    );
    expect(age.answerOption).toBeUndefined();
    expect(age.required).toBeUndefined();
  });

  it('requires the context questions and every question that offers "I don\'t know"', () => {
    expect(item(en, 'respondent').required).toBe(true);
    expect(item(en, 'headache').required).toBe(true);
    expect(item(en, 'treatment_goal').required).toBeUndefined();
  });

  it('translates enableWhen: is → =, in → one = per option with enableBehavior any', () => {
    expect(item(en, 'headache_thunderclap')).toMatchObject({
      enableWhen: [
        { question: 'headache', operator: '=', answerCoding: { system: SYSTEMS.answers, code: 'yes' } },
      ],
    });
    expect(item(en, 'headache_thunderclap').enableBehavior).toBeUndefined();
    const symptoms = item(en, 'event_symptoms');
    expect(symptoms.enableWhen?.map((w) => w.answerCoding?.code)).toEqual(['later_treatment', 'after_event']);
    expect(symptoms.enableBehavior).toBe('any');
    const recent = item(en, 'vascular_event_recent');
    expect(recent.enableWhen?.map((w) => [w.question, w.operator, w.answerCoding?.code])).toEqual([
      ['conditions', '=', 'stroke_tia'],
      ['conditions', '=', 'dissection'],
    ]);
    for (const generated of questionItems(en)) {
      if ((generated.enableWhen?.length ?? 0) > 1)
        expect(generated.enableBehavior, generated.linkId).toBeDefined();
    }
  });

  it('keeps group, introduction and help linkIds apart from question ids', () => {
    const all: string[] = [];
    const walk = (items: readonly QuestionnaireItem[] | undefined): void => {
      for (const i of items ?? []) {
        all.push(i.linkId);
        walk(i.item);
      }
    };
    walk(en.item);
    expect(new Set(all).size).toBe(all.length);
    expect(all).toContain('section-headache');
    expect(all).toContain('headache');
    expect(all).toContain('sex-help');
  });
});

describe('toQuestionnaire with branching FHIR enableWhen cannot express', () => {
  const sources = miniSources({
    'zz-extra.yaml': `
sections:
  - { id: more, title: { en: More, fr: Plus } }
questions:
  - id: side
    section: more
    type: choice
    audience: client
    allowUnknown: true
    options:
      - { id: left, text: { en: Left, fr: Gauche } }
      - { id: right, text: { en: Right, fr: Droite } }
      - { id: both, text: { en: Both, fr: Les deux } }
    text: { en: Which side?, fr: Quel côté ? }
    clinicianLabel: { en: Side, fr: Côté }
  - id: side_detail
    section: more
    type: boolean
    audience: client
    allowUnknown: true
    enableWhen: { all: [{ q: pain, is: true }, { q: side, in: [left, both] }] }
    text: { en: Worse now?, fr: Pire maintenant ? }
    clinicianLabel: { en: Worse, fr: Pire }
  - id: older_detail
    section: more
    type: boolean
    audience: client
    allowUnknown: false
    enableWhen: { all: [{ q: age, gte: 65 }, { q: pain, is: true }] }
    text: { en: Falls?, fr: Chutes ? }
    clinicianLabel: { en: Falls, fr: Chutes }
`,
  });
  const built = loadKnowledgeBase(sources);
  if (!built.ok) throw new Error(JSON.stringify(built.errors));
  const mini: KnowledgeBase = built.value.kb;
  const q = toQuestionnaire(mini, 'en');

  it('falls back to an SDC enableWhenExpression for all(…, in […]) and stays valid', () => {
    fhir.expectValid(q);
    const detail = item(q, 'side_detail');
    expect(detail.enableWhen).toBeUndefined();
    const expression = detail.extension?.find(
      (e) => e.url === EXTENSIONS.enableWhenExpression,
    )?.valueExpression;
    expect(expression?.language).toBe('text/fhirpath');
    expect(expression?.expression).toContain("linkId = 'side'");
    expect(expression?.expression).toContain("code = 'left' or code = 'both'");
  });

  it('writes all(…) of single comparisons as enableWhen with enableBehavior all, numbers as numbers', () => {
    const older = item(q, 'older_detail');
    expect(older.type).toBe('boolean');
    expect(older.enableBehavior).toBe('all');
    expect(older.enableWhen).toEqual([
      { question: 'age', operator: '>=', answerInteger: 65 },
      { question: 'pain', operator: '=', answerCoding: { system: SYSTEMS.answers, code: 'yes' } },
    ]);
  });

  it.each<[string, Answers]>([
    ['pain, left side', { pain: true, side: 'left' }],
    ['pain, both sides', { pain: true, side: 'both' }],
    ['pain, right side', { pain: true, side: 'right' }],
    ['pain, side unknown', { pain: true, side: 'unknown' }],
    ['no pain, left side', { pain: false, side: 'left' }],
    ['pain unknown, left side', { pain: 'unknown', side: 'left' }],
  ])('evaluates the fallback expression as the engine decides whether to ask (%s)', (_name, answers) => {
    const expression =
      item(q, 'side_detail').extension?.find((e) => e.url === EXTENSIONS.enableWhenExpression)
        ?.valueExpression?.expression ?? '';
    const response = responseFromAnswers(mini, answers);
    const [enabled] = fhirpath.evaluate(response, expression, { resource: response }, r4) as boolean[];
    const step = nextQuestions(mini, { ...answers, age: 30, pain_sudden: false });
    const asked = step.status === 'ask' && step.questions.some((x) => x.id === 'side_detail');
    expect(enabled).toBe(asked);
  });
});
