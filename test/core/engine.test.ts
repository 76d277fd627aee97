import { beforeAll, describe, expect, it } from 'vitest';
import type { Assessment, KnowledgeBase, TechniqueDecision } from '../../src/core/index.js';
import { assess, DECISIONS, ENGINE_VERSION, screen } from '../../src/core/index.js';
import { BENIGN, withAnswers } from '../helpers/answers.js';
import { kb as loadKb } from '../helpers/kb.js';

let kb: KnowledgeBase;
beforeAll(async () => {
  kb = await loadKb();
});

const decision = (a: Assessment, id: string): TechniqueDecision['decision'] | undefined =>
  a.techniques.find((t) => t.techniqueId === id)?.decision;
const ruleIds = (a: Assessment): string[] => a.findings.map((f) => f.ruleId);

describe('assess', () => {
  it('lets a client with no red flag and no risk factor proceed, with the standard precautions', () => {
    const a = assess(kb, BENIGN);
    expect(a.disposition).toBe('proceed');
    expect(a.reviewNeeded).toBe(false);
    expect(a.techniques.every((t) => t.decision === 'allowed')).toBe(true);
    expect(a.precautions.every((p) => p.standard)).toBe(true);
    expect(a.precautions.map((p) => p.precautionId)).toContain('no_anterior_pressure');
    expect(a.openQuestions).toEqual([]);
    expect(a.professions.every((p) => p.suitable)).toBe(true);
  });

  it('records the knowledge-base version and hash, the engine version and the caller timestamp', () => {
    const a = assess(kb, BENIGN, { assessedAt: '2026-11-25T10:00:00Z' });
    expect(a.kb).toEqual({ id: 'neckcheck', version: kb.meta.version, hash: kb.hash });
    expect(a.engineVersion).toBe(ENGINE_VERSION);
    expect(a.assessedAt).toBe('2026-11-25T10:00:00Z');
    expect(assess(kb, BENIGN).assessedAt).toBeNull();
  });

  it('sends a thunderclap headache to emergency care and contraindicates every technique', () => {
    const a = assess(kb, withAnswers(BENIGN, { headache: true, headache_thunderclap: true }));
    expect(a.disposition).toBe('emergency');
    expect(a.techniques.every((t) => t.decision === 'contraindicated')).toBe(true);
    expect(a.referrals[0]).toMatchObject({ to: 'emergency_services', urgency: 'immediate', ruleIds: ['E3'] });
    expect(a.professions.some((p) => p.suitable)).toBe(false);
  });

  it('explains each finding: rule, version, certainty, citations, triggering answers and trace', () => {
    const a = assess(kb, withAnswers(BENIGN, { headache: true, headache_thunderclap: true }));
    const e3 = a.findings.find((f) => f.ruleId === 'E3');
    expect(e3).toMatchObject({ ruleVersion: 2, certainty: 'definite', disposition: 'emergency' });
    expect(e3?.triggers).toEqual([{ questionId: 'headache_thunderclap', answer: true }]);
    expect(e3?.trace).toMatchObject({ kind: 'leaf', questionId: 'headache_thunderclap', result: 'true' });
    expect(e3?.citations.length).toBeGreaterThan(0);
    expect(e3?.client.fr.length).toBeGreaterThan(0);
  });

  it('refers an unclear neck injury and names the physician referral', () => {
    const a = assess(
      kb,
      withAnswers(BENIGN, {
        trauma: true,
        trauma_when: 'weeks',
        trauma_mechanism: ['bicycle'],
        trauma_features: ['cannot_turn'],
        trauma_cleared: false,
      }),
    );
    expect(a.disposition).toBe('refer');
    expect(ruleIds(a)).toContain('R1');
    expect(a.referrals).toContainEqual(expect.objectContaining({ to: 'physician', urgency: 'within_days' }));
  });

  it('gives "incomplete" when a red-flag question is answered "I don\'t know", and lists it as open', () => {
    const a = assess(kb, withAnswers(BENIGN, { bladder_bowel: 'unknown' }));
    expect(a.disposition).toBe('incomplete');
    expect(a.reviewNeeded).toBe(true);
    expect(a.unresolved.map((u) => u.ruleId)).toEqual(['E6']);
    expect(a.openQuestions.map((q) => q.questionId)).toEqual(['bladder_bowel']);
    expect(a.techniques.every((t) => t.decision === 'relative' || t.decision === 'contraindicated')).toBe(
      true,
    );
  });

  it('lists the unanswered gate question before the follow-up it opens', () => {
    const a = assess(kb, withAnswers(BENIGN, { headache: undefined }));
    expect(a.disposition).toBe('incomplete');
    expect(a.openQuestions.map((q) => q.questionId)).toEqual(
      expect.arrayContaining(['headache', 'headache_thunderclap']),
    );
  });

  it('applies a precaution it cannot exclude, marked as possible', () => {
    const a = assess(kb, withAnswers(BENIGN, { medications: 'unknown' }));
    expect(a.disposition).toBe('precautions');
    const p1 = a.findings.find((f) => f.ruleId === 'P1');
    expect(p1?.certainty).toBe('possible');
    expect(decision(a, 'deep_tissue')).toBe('contraindicated');
    expect(a.openQuestions.map((q) => q.questionId)).toContain('medications');
  });

  it('restricts techniques for an anticoagulated older client and never permits a stronger one more', () => {
    const a = assess(kb, withAnswers(BENIGN, { age: 76, medications: ['anticoagulant'] }));
    expect(a.disposition).toBe('precautions');
    expect(decision(a, 'light_massage')).toBe('precautions');
    expect(decision(a, 'deep_tissue')).toBe('contraindicated');
    expect(decision(a, 'manipulation')).toBe('contraindicated');
    const stretching = a.techniques.find((t) => t.techniqueId === 'stretching');
    expect(stretching?.decision).toBe('contraindicated');
    expect(stretching?.reasons).toContainEqual({
      kind: 'gentler_technique',
      techniqueId: 'deep_tissue',
      decision: 'contraindicated',
    });
    expect(a.precautions.map((p) => p.precautionId)).toEqual(
      expect.arrayContaining(['light_pressure_only', 'no_devices']),
    );
  });

  it('suggests alternatives for the treatment goals and from the rules, with their evidence', () => {
    const a = assess(kb, BENIGN);
    const exercise = a.alternatives.find((x) => x.alternativeId === 'exercise_therapy');
    expect(exercise?.goals).toContain('neck_pain');
    expect(exercise?.certainty).toBe('moderate');
  });

  it('keeps only professions whose scope has an allowed technique', () => {
    const a = assess(kb, withAnswers(BENIGN, { age: 76, medications: ['anticoagulant'] }));
    const massage = a.professions.find((p) => p.professionId === 'massage_therapist');
    expect(massage).toMatchObject({ suitable: true, techniques: ['light_massage'] });
  });

  it('never lets a given answer to a question that does not apply count', () => {
    const a = assess(kb, withAnswers(BENIGN, { sex: 'male', pregnancy: 'pregnant' }));
    expect(ruleIds(a)).not.toContain('P8');
  });

  it('treats an empty screening as incomplete, never as proceed', () => {
    const a = assess(kb, {});
    expect(a.disposition).toBe('incomplete');
    expect(a.openQuestions.length).toBeGreaterThan(10);
  });

  it('orders decisions from the most permissive to the most restrictive', () => {
    expect(DECISIONS).toEqual(['allowed', 'precautions', 'relative', 'contraindicated']);
  });
});

describe('screen (validation at the edge)', () => {
  it('returns every problem with a stable code instead of a partial result', () => {
    const result = screen(kb, {
      age: 'forty',
      headache: 'yes',
      nonsense: true,
      conditions: ['none', 'migraine'],
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => [e.questionId, e.code])).toEqual([
      ['age', 'wrong_type'],
      ['headache', 'wrong_type'],
      ['nonsense', 'unknown_question'],
      ['conditions', 'exclusive_option'],
    ]);
  });

  it('rejects answers that are not an object', () => {
    for (const raw of [null, [], 'x', 42]) {
      const result = screen(kb, raw);
      expect(result.ok ? 'ok' : result.errors[0]?.code).toBe('not_an_object');
    }
  });

  it('rejects options that do not exist, numbers out of range and "unknown" where it is not offered', () => {
    const result = screen(kb, {
      arm_symptoms: 'three_arms',
      age: 150,
      practitioner: 'unknown',
      trauma_features: [],
    });
    expect(result.ok ? [] : result.errors.map((e) => e.code)).toEqual([
      'not_an_option',
      'out_of_range',
      'unknown_not_allowed',
      'wrong_type',
    ]);
  });
});
