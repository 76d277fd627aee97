/**
 * QuestionnaireResponse ↔ answers. Round trip over every clinical case: answers → a response to our
 * Questionnaire → answersFromResponse → the same answers and the same assessment as the core. And every
 * way a response can be unusable comes back as a valid OperationOutcome naming the item.
 */
import type {
  OperationOutcomeIssue,
  QuestionnaireResponse,
  QuestionnaireResponseItem,
} from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import type { Answers } from '../../src/core/index.js';
import { assess } from '../../src/core/index.js';
import {
  answersFromResponse,
  assessInput,
  EXTENSIONS,
  operationOutcome,
  QUESTIONNAIRE_URL,
  responseFromAnswers,
  SYSTEMS,
  statusForIssues,
} from '../../src/fhir/index.js';
import { BENIGN, withAnswers } from '../helpers/answers.js';
import { kb as loadKb } from '../helpers/kb.js';
import { allCases } from './helpers/cases.js';
import { loadFhirValidator } from './helpers/validate.js';

const fhir = loadFhirValidator();
const kb = await loadKb();
const expected = { version: kb.meta.version };
const AT = '2026-11-25T10:00:00.000Z';

function errorsOf(qr: unknown): readonly OperationOutcomeIssue[] {
  const result = answersFromResponse(kb, qr, expected);
  if (result.ok) throw new Error('expected the response to be refused');
  fhir.expectValid(operationOutcome(result.errors));
  return result.errors;
}

function mapItems(
  qr: QuestionnaireResponse,
  fn: (item: QuestionnaireResponseItem) => QuestionnaireResponseItem,
): QuestionnaireResponse {
  const walk = (items: QuestionnaireResponseItem[]): QuestionnaireResponseItem[] =>
    items.map((i) => fn({ ...i, ...(i.item === undefined ? {} : { item: walk(i.item) }) }));
  return { ...qr, ...(qr.item === undefined ? {} : { item: walk(qr.item) }) };
}

describe('round trip: answers → QuestionnaireResponse → answers', () => {
  const cases = allCases(kb);
  it('covers many clinical cases, including every disposition', () => {
    const dispositions = new Set(cases.map((c) => assess(kb, c.answers).disposition));
    expect(cases.length).toBeGreaterThan(40);
    expect([...dispositions].sort()).toEqual(['emergency', 'incomplete', 'precautions', 'proceed', 'refer']);
  });

  it.each(cases.map((c) => [c.name, c.answers] as const))('%s', (_name, answers) => {
    for (const lang of ['en', 'fr'] as const) {
      const qr = responseFromAnswers(kb, answers, {
        lang,
        authored: AT,
        subject: { reference: 'Patient/p1' },
      });
      fhir.expectValid(qr);
      const back = answersFromResponse(kb, qr, expected);
      expect(back.ok ? back.value : back.errors).toEqual(answers);
      if (back.ok)
        expect(assess(kb, back.value, { assessedAt: AT })).toEqual(assess(kb, answers, { assessedAt: AT }));
    }
  });

  it('writes "I don\'t know" as the code unknown, and as data-absent-reason on number questions', () => {
    const answers: Answers = withAnswers(BENIGN, {
      headache: 'unknown',
      neuro_symptoms: 'unknown',
      age: 'unknown',
    });
    const qr = responseFromAnswers(kb, answers);
    fhir.expectValid(qr);
    const json = JSON.stringify(qr);
    expect(json).toContain(
      `{"linkId":"headache","text":"Have you had a headache in the last 4 weeks?","answer":[{"valueCoding":{"system":"${SYSTEMS.answers}","code":"unknown"`,
    );
    expect(json).toContain(
      `"linkId":"age","text":"How old are you?","answer":[{"extension":[{"url":"${EXTENSIONS.dataAbsentReason}","valueCode":"asked-unknown"}]}]`,
    );
    const back = answersFromResponse(kb, qr, expected);
    expect(back.ok && back.value).toEqual(answers);
  });
});

describe('answersFromResponse accepts what other FHIR forms send', () => {
  it('reads an unversioned canonical as the current version, and standard yes/no codings (HL7 v2-0136, SNOMED CT)', () => {
    const base = responseFromAnswers(kb, BENIGN);
    const unversioned = answersFromResponse(kb, { ...base, questionnaire: QUESTIONNAIRE_URL }, expected);
    expect(unversioned.ok && unversioned.value).toEqual(BENIGN);
    const coded = (system: string, code: string) =>
      mapItems(base, (item) =>
        item.linkId === 'headache' ? { ...item, answer: [{ valueCoding: { system, code } }] } : item,
      );
    const v2yes = answersFromResponse(
      kb,
      coded('http://terminology.hl7.org/CodeSystem/v2-0136', 'Y'),
      expected,
    );
    expect(v2yes.ok && v2yes.value.headache).toBe(true);
    const v2no = answersFromResponse(
      kb,
      coded('http://terminology.hl7.org/CodeSystem/v2-0136', 'N'),
      expected,
    );
    expect(v2no.ok && v2no.value.headache).toBe(false);
    const snomedYes = answersFromResponse(kb, coded('http://snomed.info/sct', '373066001'), expected);
    expect(snomedYes.ok && snomedYes.value.headache).toBe(true);
    const snomedNo = answersFromResponse(kb, coded('http://snomed.info/sct', '373067005'), expected);
    expect(snomedNo.ok && snomedNo.value.headache).toBe(false);
  });

  it('reads native booleans, decimals, nested answer items and the unknown coding on a number', () => {
    const qr: QuestionnaireResponse = {
      resourceType: 'QuestionnaireResponse',
      questionnaire: `${QUESTIONNAIRE_URL}|${kb.meta.version}`,
      status: 'in-progress',
      item: [
        {
          linkId: 'headache',
          answer: [
            {
              valueBoolean: true,
              item: [
                {
                  linkId: 'headache_thunderclap',
                  answer: [{ valueCoding: { system: SYSTEMS.answers, code: 'no' } }],
                },
              ],
            },
          ],
        },
        { linkId: 'age', answer: [{ valueDecimal: 52.5 }] },
        { linkId: 'exam_bp_systolic', answer: [{ valueCoding: { code: 'unknown' } }] },
        { linkId: 'neck_pain' },
      ],
    };
    const back = answersFromResponse(kb, qr, expected);
    expect(back.ok && back.value).toEqual({
      headache: true,
      headache_thunderclap: false,
      age: 52.5,
      exam_bp_systolic: 'unknown',
    });
  });

  it('takes the response from Parameters, with an optional lang part', () => {
    const qr = responseFromAnswers(kb, BENIGN, { lang: 'fr' });
    const input = assessInput({
      resourceType: 'Parameters',
      parameter: [
        { name: 'response', resource: qr },
        { name: 'lang', valueCode: 'en' },
      ],
    });
    expect(input.ok && input.value.lang).toBe('en');
    expect(input.ok && input.value.response).toBe(qr);
    const plain = assessInput(qr);
    expect(plain.ok && plain.value.lang).toBe('fr');
  });
});

describe('answersFromResponse refuses, with a valid OperationOutcome', () => {
  const good = responseFromAnswers(kb, BENIGN);

  it.each([
    ['not an object', 'nonsense', 'structure'],
    ['another resource', { resourceType: 'Patient' }, 'structure'],
    [
      'another questionnaire',
      { ...good, questionnaire: 'http://example.org/Questionnaire/phq9|1' },
      'not-supported',
    ],
    ['another version', { ...good, questionnaire: `${QUESTIONNAIRE_URL}|9.9.9` }, 'not-supported'],
    ['no questionnaire', { ...good, questionnaire: undefined }, 'required'],
    ['entered in error', { ...good, status: 'entered-in-error' }, 'business-rule'],
    ['items not a list', { ...good, item: { linkId: 'x' } }, 'structure'],
  ])('%s', (_name, qr, code) => {
    const errors = errorsOf(qr);
    expect(errors.map((e) => e.code)).toContain(code);
  });

  it('names unknown and repeated items, bad codings and "unknown" mixed with options, by location', () => {
    const broken = mapItems(good, (item) => {
      if (item.linkId === 'eye_droop') return { ...item, linkId: 'eye_drop' };
      if (item.linkId === 'headache')
        return { ...item, answer: [{ valueCoding: { system: 'http://snomed.info/sct', code: 'yes' } }] };
      if (item.linkId === 'neuro_symptoms')
        return {
          ...item,
          answer: [
            { valueCoding: { system: SYSTEMS.answers, code: 'unknown' } },
            { valueCoding: { system: SYSTEMS.answers, code: 'speech' } },
          ],
        };
      if (item.linkId === 'section-about')
        return { ...item, item: [...(item.item ?? []), { linkId: 'age', answer: [{ valueInteger: 40 }] }] };
      return item;
    });
    const errors = errorsOf(broken);
    expect(errors.map((e) => [e.code, e.expression?.[0]])).toEqual([
      ['not-found', 'QuestionnaireResponse.item[1].item[1]'],
      ['duplicate', 'QuestionnaireResponse.item[2].item[3]'],
      ['value', 'QuestionnaireResponse.item[1].item[0].answer'],
      ['value', 'QuestionnaireResponse.item[1].item[2].answer'],
    ]);
    expect(statusForIssues(errors)).toBe(422);
  });

  it("reports the core's answer problems (options, ranges, exclusive options) with their codes", () => {
    const broken = mapItems(good, (item) => {
      if (item.linkId === 'age') return { ...item, answer: [{ valueInteger: 300 }] };
      if (item.linkId === 'sex')
        return { ...item, answer: [{ valueCoding: { system: SYSTEMS.answers, code: 'robot' } }] };
      if (item.linkId === 'conditions')
        return {
          ...item,
          answer: [
            { valueCoding: { system: SYSTEMS.answers, code: 'none' } },
            { valueCoding: { system: SYSTEMS.answers, code: 'stroke_tia' } },
          ],
        };
      if (item.linkId === 'respondent')
        return { ...item, answer: [{ valueCoding: { system: SYSTEMS.answers, code: 'unknown' } }] };
      return item;
    });
    const errors = errorsOf(broken);
    const found = errors.map((e) => [e.details?.coding?.[0]?.code, e.code]);
    expect(found).toEqual(
      expect.arrayContaining([
        ['out_of_range', 'value'],
        ['not_an_option', 'code-invalid'],
        ['exclusive_option', 'business-rule'],
        ['unknown_not_allowed', 'business-rule'],
      ]),
    );
    expect(errors.every((e) => e.expression?.[0]?.startsWith('QuestionnaireResponse.item['))).toBe(true);
  });

  it('refuses Parameters without exactly one response, or with a bad lang', () => {
    for (const body of [
      { resourceType: 'Parameters' },
      { resourceType: 'Parameters', parameter: [{ name: 'response', valueString: 'x' }] },
      {
        resourceType: 'Parameters',
        parameter: [
          { name: 'response', resource: good },
          { name: 'response', resource: good },
        ],
      },
      {
        resourceType: 'Parameters',
        parameter: [
          { name: 'response', resource: good },
          { name: 'lang', valueCode: 'de' },
        ],
      },
    ]) {
      const input = assessInput(body);
      expect(input.ok).toBe(false);
      if (!input.ok) fhir.expectValid(operationOutcome(input.errors));
    }
  });
});
