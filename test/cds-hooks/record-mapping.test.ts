/**
 * The record mapping is data: changing knowledge/ehr/record-mapping.yaml changes what a record answers,
 * with no change of code.
 */
import { describe, expect, it } from 'vitest';
import { answersFromRecord, neckAppointments } from '../../src/cds-hooks/index.js';
import type { KbSourceText, KnowledgeBase } from '../../src/core/index.js';
import { formatKbIssue, loadKnowledgeBase } from '../../src/core/index.js';
import { readKbSources } from '../../src/node/kb-files.js';
import { miniSources } from '../helpers/mini-kb.js';
import { MINI_RECORD_FILES } from '../helpers/mini-record-mapping.js';
import { condition, medicationRequest, PATIENT_ID, prefetchOf } from './payloads.js';

const NOW = '2026-11-25T09:00:00.000Z';
const MAPPING = 'ehr/record-mapping.yaml';
const shipped = await readKbSources();

function load(sources: readonly KbSourceText[]): KnowledgeBase {
  const result = loadKnowledgeBase(sources);
  if (!result.ok) throw new Error(result.errors.map(formatKbIssue).join('\n'));
  return result.value.kb;
}

/** The shipped knowledge base with the mapping's text edited. */
function edited(edit: (yaml: string) => string): KnowledgeBase {
  return load(
    shipped.map((s) => {
      if (s.path !== MAPPING) return s;
      const text = edit(s.text);
      if (text === s.text) throw new Error('the edit changed nothing');
      return { ...s, text };
    }),
  );
}

const kb = load(shipped);
const map = (base: KnowledgeBase, parts: Parameters<typeof prefetchOf>[0]) =>
  answersFromRecord(base, prefetchOf(parts), { referenceDate: NOW, patientId: PATIENT_ID });

describe('the record mapping drives the answers', () => {
  it('the "recent" window comes from the YAML', () => {
    const record = {
      conditions: [condition('s', { text: 'Ischaemic stroke' }, { onsetDateTime: '2026-08-01' })],
    };
    expect(map(kb, record).answers.vascular_event_recent).toBe(true);
    const shorter = edited((y) =>
      y.replaceAll('within: { value: 183, unit: days }', 'within: { value: 60, unit: days }'),
    );
    expect(map(shorter, record).answers.vascular_event_recent).toBeUndefined();
    expect(map(shorter, record).answers.conditions).toEqual(['stroke_tia']);
  });

  it('the aspirin dose threshold comes from the YAML', () => {
    const record = { medicationRequests: [medicationRequest('a', { text: 'Aspirin 81 mg oral tablet' })] };
    expect(map(kb, record).answers.medications).toEqual(['low_dose_aspirin']);
    const lower = edited((y) =>
      y.replace('threshold: { value: 100, unit: mg }', 'threshold: { value: 75, unit: mg }'),
    );
    expect(map(lower, record).answers.medications).toEqual(['antiplatelet']);
  });

  it('the long-term steroid duration comes from the YAML', () => {
    const record = {
      medicationRequests: [
        medicationRequest('p', { text: 'Prednisolone 5 mg tablet' }, { authoredOn: '2026-10-01' }),
      ],
    };
    expect(map(kb, record).answers.medications).toBeUndefined();
    const shorter = edited((y) =>
      y.replace('takenFor: { value: 90, unit: days }', 'takenFor: { value: 30, unit: days }'),
    );
    expect(map(shorter, record).answers.medications).toEqual(['corticosteroids']);
  });

  it('codes and words come from the YAML', () => {
    const record = {
      conditions: [
        condition('b', { text: 'Brittle bones' }),
        condition('m', { system: 'http://hl7.org/fhir/sid/icd-10', code: 'G43.9' }),
      ],
    };
    expect(map(kb, record).answers.conditions).toEqual(['migraine']);
    const more = edited((y) =>
      y
        .replace(
          "words: ['\\bosteopor', '\\bosteopeni']",
          "words: ['\\bosteopor', '\\bosteopeni', brittle bone]",
        )
        .replace('icd10: [G43]', 'icd10: [G44]'),
    );
    expect(map(more, record).answers.conditions).toEqual(['osteoporosis']);
  });

  it('the negations come from the YAML', () => {
    const record = { conditions: [condition('h', { text: 'Hypertension ruled out' })] };
    expect(map(kb, record).answers.conditions).toEqual(['high_bp']);
    const more = edited((y) => y.replace('    - rule out\n', '    - rule out\n    - ruled out\n'));
    expect(map(more, record).answers.conditions).toBeUndefined();
  });

  it('the appointment words come from the YAML', () => {
    const shiatsu = [{ resourceType: 'Appointment', id: 's', status: 'proposed', description: 'Shiatsu' }];
    expect(neckAppointments(kb, shiatsu)).toEqual([]);
    const more = edited((y) => y.replace('        - massag\n', '        - massag\n        - shiatsu\n'));
    expect(neckAppointments(more, shiatsu)).toEqual([{ source: 'Appointment/s', label: 'Shiatsu' }]);
  });

  it('answers a single-choice question only when the record agrees on one option', () => {
    const mini = load(miniSources(MINI_RECORD_FILES));
    const current = map(mini, { conditions: [condition('c', { text: 'Current smoker' })] });
    expect(current.answers.smoker).toBe('current');
    expect(current.provenance).toContainEqual(
      expect.objectContaining({ questionId: 'smoker', optionId: 'current', source: 'Condition/c' }),
    );
    const both = map(mini, {
      conditions: [condition('c', { text: 'Current smoker' }), condition('f', { text: 'Ex-smoker' })],
    });
    expect(both.answers.smoker).toBeUndefined();
    expect(both.provenance.some((p) => p.questionId === 'smoker')).toBe(false);
  });

  it('maps nothing from a knowledge base without a mapping', () => {
    const bare = load(miniSources());
    const record = { conditions: [condition('s', { system: 'http://snomed.info/sct', code: '230690007' })] };
    expect(map(bare, record).answers).toEqual({});
    expect(
      neckAppointments(bare, [
        { resourceType: 'Appointment', id: 'm', status: 'proposed', description: 'Massage' },
      ]),
    ).toEqual([]);
  });
});
