import { describe, expect, it } from 'vitest';
import type { KbIssue } from '../../src/core/index.js';
import {
  formatKbIssue,
  loadKnowledgeBase,
  loadKnowledgeBundle,
  parseYamlSources,
  toKnowledgeBundle,
} from '../../src/core/index.js';
import { miniSources } from '../helpers/mini-kb.js';
import { MINI_RECORD_FILES } from '../helpers/mini-record-mapping.js';

const MAPPING = 'ehr/record-mapping.yaml';

function sources(from?: string, to?: string, file: string = MAPPING) {
  const original = MINI_RECORD_FILES[file] ?? '';
  if (from !== undefined && !original.includes(from)) throw new Error(`"${from}" not in ${file}`);
  const changed = from === undefined || to === undefined ? original : original.replace(from, to);
  return miniSources({ ...MINI_RECORD_FILES, [file]: changed });
}

function issuesFor(from: string, to: string, file: string = MAPPING): KbIssue[] {
  const result = loadKnowledgeBase(sources(from, to, file));
  if (result.ok) throw new Error('expected the knowledge base to be refused');
  return [...result.errors];
}

describe('the EHR record mapping in the knowledge base', () => {
  it('loads with the knowledge base and is exposed on it, patterns compiled', () => {
    const result = loadKnowledgeBase(sources());
    if (!result.ok) throw new Error(result.errors.map(formatKbIssue).join('\n'));
    const mapping = result.value.kb.recordMapping;
    expect(mapping.conditions.map((c) => c.id)).toEqual(['stroke', 'smoker_now', 'smoker_before']);
    expect(mapping.conditions[0]?.recent).toEqual({
      within: { value: 183, unit: 'days' },
      answer: { question: 'stroke_recent' },
    });
    expect(mapping.conditions[0]?.pattern?.test('old stroke')).toBe(true);
    expect(mapping.medications[1]?.byDose?.threshold).toEqual({ value: 100, unit: 'mg' });
    expect(mapping.negation?.test('no stroke')).toBe(true);
    expect(mapping.negation?.test('known stroke')).toBe(false);
    expect(mapping.appointments.handsOn.serviceType).toEqual(['25']);
    expect(mapping.patient.age).toEqual({ question: 'age' });
  });

  it('is empty for a knowledge base without one', () => {
    const result = loadKnowledgeBase(miniSources());
    expect(result.ok && result.value.kb.recordMapping.conditions).toEqual([]);
  });

  it('refuses a dangling option, naming file, entry, field and line', () => {
    const issues = issuesFor('{ question: history, option: stroke }', '{ question: history, option: strok }');
    expect(issues).toEqual([
      {
        file: MAPPING,
        entry: 'condition mapping stroke',
        field: 'answer.option',
        line: 9,
        message: 'question "history" has no option "strok"',
      },
    ]);
    expect(formatKbIssue(issues[0] as KbIssue)).toBe(
      'ehr/record-mapping.yaml:9 condition mapping stroke, field "answer.option": question "history" has no option "strok"',
    );
  });

  it('refuses an option that disappeared from the questionnaire (a renamed option never drops a red flag)', () => {
    const issues = issuesFor(
      '- { id: low_dose_aspirin, text: { en: "Low-dose aspirin"',
      '- { id: aspirin_low, text: { en: "Low-dose aspirin"',
      'questions-history.yaml',
    );
    expect(issues.map(formatKbIssue)).toEqual([
      expect.stringMatching(
        /^ehr\/record-mapping\.yaml:\d+ medication mapping aspirin, field "byDose\.atOrBelow\.option": question "history" has no option "low_dose_aspirin"$/,
      ),
    ]);
  });

  it('refuses an unknown question, also in the "recent" answer and the patient age', () => {
    expect(
      issuesFor('answer: { question: stroke_recent }', 'answer: { question: stroke_new }'),
    ).toContainEqual(
      expect.objectContaining({
        entry: 'condition mapping stroke',
        field: 'recent.answer.question',
        message: 'unknown question "stroke_new"',
      }),
    );
    expect(issuesFor('age: { question: age }', 'age: { question: years }')).toContainEqual(
      expect.objectContaining({ entry: 'record mapping', field: 'patient.age.question' }),
    );
  });

  it('refuses answers that do not suit the question type', () => {
    const missingOption = issuesFor(
      '{ question: history, option: anticoagulant }\n      atc',
      '{ question: history }\n      atc',
    );
    expect(missingOption.map((i) => i.message)).toEqual([
      'question "history" is multiple-choice: name the option the record supports',
    ]);
    const optionOnYesNo = issuesFor(
      '{ question: stroke_recent }',
      '{ question: stroke_recent, option: yes }',
    );
    expect(optionOnYesNo[0]?.message).toMatch(/is yes\/no: it has no options/);
    const number = issuesFor('{ question: smoker, option: current }', '{ question: age }');
    expect(number[0]?.message).toMatch(/"age" is a number: a record finding can only answer/);
    const choiceAge = issuesFor('age: { question: age }', 'age: { question: smoker }');
    expect(choiceAge[0]?.message).toBe('the age answers a number question; "smoker" is choice');
    const exclusive = issuesFor('option: anticoagulant }\n      atc', 'option: none }\n      atc');
    expect(exclusive[0]?.message).toMatch(/option "none" is exclusive/);
  });

  it('refuses a threshold that is not a positive number with a unit', () => {
    for (const bad of [
      '{ value: 0, unit: days }',
      '{ value: -5, unit: days }',
      '{ value: 183 }',
      '{ value: 183, unit: years }',
    ]) {
      const issues = issuesFor('within: { value: 183, unit: days }', `within: ${bad}`);
      expect(issues[0]).toMatchObject({ file: MAPPING, entry: 'condition mapping stroke' });
      expect(issues[0]?.field).toMatch(/^recent\.within/);
    }
    const dose = issuesFor('threshold: { value: 100, unit: mg }', 'threshold: { value: 100, unit: "%" }');
    expect(dose[0]).toMatchObject({ entry: 'medication mapping aspirin', field: 'byDose.threshold.unit' });
  });

  it('refuses patterns that do not compile or match everything, entries that match nothing, and duplicates', () => {
    expect(issuesFor('words: [apixaban]', "words: ['apixaban(']")[0]?.message).toBe(
      'pattern "apixaban(" is not a valid regular expression',
    );
    expect(issuesFor('words: [current smoker]', "words: ['(current)?']")[0]).toMatchObject({
      entry: 'condition mapping smoker_now',
      field: 'words[0]',
      message: 'pattern "(current)?" matches an empty text, so it would match every record',
    });
    expect(issuesFor('      atc: [B01AF]\n      words: [apixaban]\n', '')[0]?.message).toBe(
      'lists no code and no words, so it can never match a record',
    );
    expect(issuesFor('- id: smoker_before', '- id: smoker_now')).toContainEqual(
      expect.objectContaining({
        entry: 'condition mapping smoker_now',
        message: 'duplicate id "smoker_now"',
      }),
    );
    expect(issuesFor('citations: [smith-2020]', 'citations: [nobody-2020]')[0]?.message).toBe(
      'unknown citation "nobody-2020"',
    );
  });

  it('refuses a pattern that YAML turned into a control character ("\\b" in double quotes is a backspace)', () => {
    const issues = issuesFor("words: ['\\bstroke\\b']", 'words: ["\\bstroke\\b"]');
    expect(issues[0]).toMatchObject({ entry: 'condition mapping stroke', field: 'words[0]' });
    expect(issues[0]?.message).toMatch(/contains a control character: .* single quotes/);
  });

  it('refuses a second recordMapping block', () => {
    const files = miniSources({
      ...MINI_RECORD_FILES,
      'ehr/more.yaml': MINI_RECORD_FILES[MAPPING] ?? '',
    });
    const result = loadKnowledgeBase(files);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map(formatKbIssue)).toContainEqual(
      expect.stringMatching(/more than one "recordMapping" block/),
    );
  });

  it('is part of the content hash, and survives the browser bundle', () => {
    const base = loadKnowledgeBase(sources());
    const changed = loadKnowledgeBase(sources('value: 183', 'value: 90'));
    if (!base.ok || !changed.ok) throw new Error('expected both to load');
    expect(changed.value.kb.hash).not.toBe(base.value.kb.hash);
    const bundle = toKnowledgeBundle(base.value.kb.hash, parseYamlSources(sources()).files);
    const browser = loadKnowledgeBundle(JSON.parse(JSON.stringify(bundle)));
    expect(browser.recordMapping.conditions.map((c) => [c.id, c.recent?.within.value])).toEqual([
      ['stroke', 183],
      ['smoker_now', undefined],
      ['smoker_before', undefined],
    ]);
    expect(browser.recordMapping.negation?.source).toBe(base.value.kb.recordMapping.negation?.source);
  });
});
