import { beforeAll, describe, expect, it } from 'vitest';
import type { KnowledgeBase } from '../../src/core/index.js';
import { conditionLines, conditionText, formatAnswer, messages } from '../../src/report/index.js';
import { kb as loadKb } from '../helpers/kb.js';

let kb: KnowledgeBase;
beforeAll(async () => {
  kb = await loadKb();
});

describe('formatAnswer', () => {
  it('shows yes/no, "I don\'t know" and unanswered in the chosen language', () => {
    expect(formatAnswer(kb, 'headache', true, 'en')).toBe('Yes');
    expect(formatAnswer(kb, 'headache', false, 'fr')).toBe('Non');
    expect(formatAnswer(kb, 'headache', 'unknown', 'fr')).toBe('Je ne sais pas');
    expect(formatAnswer(kb, 'headache', undefined, 'en')).toBe('Not answered');
    expect(formatAnswer(kb, 'headache', null, 'fr')).toBe('Sans réponse');
  });

  it('shows option texts and numbers with their unit', () => {
    expect(formatAnswer(kb, 'trauma_when', 'weeks', 'en')).toBe('1 to 6 weeks ago');
    expect(formatAnswer(kb, 'medications', ['anticoagulant', 'oral_contraceptive'], 'fr')).toMatch(
      /^Un anticoagulant .*; La pilule contraceptive$/,
    );
    expect(formatAnswer(kb, 'age', 74, 'fr')).toBe('74 ans');
  });
});

describe('conditions in words', () => {
  it('renders a rule condition as an indented outline', () => {
    const r1 = kb.index.rule.get('R1');
    if (r1 === undefined) throw new Error('no rule R1');
    const text = conditionText(conditionLines(kb, r1.when, 'en'));
    expect(text.split('\n')[0]).toBe('all of:');
    expect(text).toContain('- Head or neck trauma within 3 months [trauma] = Yes');
    expect(text).toContain(
      '- not:\n      - all of:\n        - Medically cleared since the injury [trauma_cleared] = Yes',
    );
    expect(text).toMatch(/\n {6}- Age \(years\) \[age\] ≥ 65 years/);
  });
});

describe('message catalog', () => {
  it('has a non-empty text for every key, in both languages', () => {
    const walk = (value: unknown, path: string): string[] => {
      if (typeof value === 'string') return value.trim() === '' ? [path] : [];
      if (typeof value === 'function') return [];
      if (value !== null && typeof value === 'object') {
        return Object.entries(value).flatMap(([k, v]) => walk(v, `${path}.${k}`));
      }
      return [path];
    };
    expect(walk(messages('en'), 'en')).toEqual([]);
    expect(walk(messages('fr'), 'fr')).toEqual([]);
  });
});
