/**
 * The clinic's rules over assessments (src/clinic), as behaviour and invariants: effective decisions stay
 * ordered by force whatever the overrides, no override relaxes an emergency, referral or incomplete
 * screening, a permissive override needs a justifying reason, substance and confirmation, contraindicated
 * techniques are never consented to nor treated, and consent covers a technique only after its override.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { OverrideReason, OverrideReview, Review } from '../../src/clinic/index.js';
import {
  answerChanges,
  checkClearance,
  checkConsent,
  checkOverride,
  checkTreatment,
  currencyOf,
  effectiveTechniques,
  examinationAnswers,
  hasSubstance,
  isMorePermissive,
  PERMISSIVE_REASONS,
  triageAnswers,
} from '../../src/clinic/index.js';
import type { Assessment, Decision, KnowledgeBase } from '../../src/core/index.js';
import { assess, DECISIONS, decisionRank } from '../../src/core/index.js';
import { OVERRIDE_REASONS } from '../../src/store/types.js';
import { BENIGN, withAnswers } from '../helpers/answers.js';
import { answersArbitrary } from '../helpers/arbitraries.js';
import { kb as loadKb } from '../helpers/kb.js';

let kb: KnowledgeBase;
let anticoagulated: Assessment;
let stroke: Assessment;
beforeAll(async () => {
  kb = await loadKb();
  anticoagulated = assess(kb, withAnswers(BENIGN, { age: 76, medications: ['anticoagulant'] }));
  stroke = assess(kb, withAnswers(BENIGN, { neuro_symptoms: ['speech'] }));
});

const name = (id: string) => kb.index.technique.get(id)?.name ?? { en: id, fr: id };
const T0 = '2026-11-25T09:00:00.000Z';
let seq = 0;
function override(techniqueId: string, decision: Decision, at = T0): OverrideReview {
  seq += 1;
  return {
    id: `r${seq}`,
    clinicId: 'c',
    screeningId: 's',
    userId: 'u',
    kind: 'override',
    note: '',
    techniqueId,
    decision,
    reasonCode: 'medical_clearance_obtained',
    reasonText: 'Cleared by the treating haematologist today.',
    createdAt: at,
  };
}
const JUSTIFIED: { reasonCode: OverrideReason; reasonText: string; confirmed: boolean } = {
  reasonCode: 'medical_clearance_obtained',
  reasonText: 'Haematologist agreed to gentle trigger-point work; INR stable.',
  confirmed: true,
};

describe('effective decisions', () => {
  it('are the engine decisions when nobody reviewed', () => {
    const effective = effectiveTechniques(anticoagulated, []);
    expect(effective.map((e) => e.decision)).toEqual(
      [...anticoagulated.techniques].sort((a, b) => a.force - b.force).map((t) => t.decision),
    );
    expect(effective.every((e) => e.override === null && e.raisedBy === null)).toBe(true);
  });

  it('apply the latest override per technique and carry a stricter gentle decision upwards', () => {
    const effective = effectiveTechniques(anticoagulated, [
      override('deep_tissue', 'allowed', '2026-11-25T09:00:00.000Z'),
      override('deep_tissue', 'precautions', '2026-11-25T10:00:00.000Z'),
      override('light_massage', 'contraindicated', '2026-11-25T11:00:00.000Z'),
    ]);
    const deep = effective.find((e) => e.techniqueId === 'deep_tissue');
    expect(deep?.override?.decision).toBe('precautions');
    expect(deep?.decision).toBe('contraindicated');
    expect(deep?.raisedBy).toBe('light_massage');
  });

  it('are never more permissive for a more forceful technique, whatever the overrides (property)', () => {
    const ids = kb.techniques.map((t) => t.id);
    const overrides = fc.array(
      fc.record({ techniqueId: fc.constantFrom(...ids), decision: fc.constantFrom(...DECISIONS) }),
      { maxLength: 8 },
    );
    fc.assert(
      fc.property(answersArbitrary(kb), overrides, (answers, list) => {
        const assessment = assess(kb, answers);
        const reviews: Review[] = list.map((o, i) =>
          override(o.techniqueId, o.decision, new Date(Date.parse(T0) + i * 1000).toISOString()),
        );
        const effective = effectiveTechniques(assessment, reviews);
        for (let i = 1; i < effective.length; i++) {
          const [gentler, stronger] = [effective[i - 1], effective[i]];
          if (gentler === undefined || stronger === undefined) continue;
          expect(decisionRank(stronger.decision)).toBeGreaterThanOrEqual(decisionRank(gentler.decision));
        }
        // The stored assessment is untouched.
        expect(assessment.techniques.map((t) => t.decision)).toEqual(
          assess(kb, answers).techniques.map((t) => t.decision),
        );
      }),
      { numRuns: 60 },
    );
  });
});

describe('overrides', () => {
  it('never make a technique more permissive on an emergency, referral or incomplete screening (property)', () => {
    fc.assert(
      fc.property(
        answersArbitrary(kb),
        fc.constantFrom(...kb.techniques.map((t) => t.id)),
        fc.constantFrom(...DECISIONS),
        fc.constantFrom(...OVERRIDE_REASONS),
        (answers, techniqueId, decision, reasonCode) => {
          const assessment = assess(kb, answers);
          if (!['emergency', 'refer', 'incomplete'].includes(assessment.disposition)) return;
          const assessed = assessment.techniques.find((t) => t.techniqueId === techniqueId)?.decision;
          if (assessed === undefined || !isMorePermissive(decision, assessed)) return;
          const verdict = checkOverride({ disposition: assessment.disposition, assessment }, [], {
            techniqueId,
            decision,
            reasonCode,
            reasonText: JUSTIFIED.reasonText,
            confirmed: true,
          });
          expect(verdict.ok).toBe(false);
          if (!verdict.ok) expect(verdict.refusal.code).toBe('override_refused');
        },
      ),
      { numRuns: 150 },
    );
  });

  it('always allow a stricter decision, with any reason', () => {
    for (const reasonCode of OVERRIDE_REASONS) {
      const verdict = checkOverride({ disposition: stroke.disposition, assessment: stroke }, [], {
        techniqueId: 'light_massage',
        decision: 'contraindicated',
        reasonCode,
        reasonText: 'abc',
        confirmed: false,
      });
      expect(verdict).toEqual({ ok: true });
    }
  });

  it('refuse a permissive override on the stroke screening in both languages', () => {
    const verdict = checkOverride({ disposition: stroke.disposition, assessment: stroke }, [], {
      techniqueId: 'manipulation',
      decision: 'allowed',
      reasonCode: 'other',
      reasonText: 'abc',
      confirmed: true,
    });
    expect(verdict.ok).toBe(false);
    if (verdict.ok) return;
    expect(verdict.refusal.message.en).toMatch(/emergency care/);
    expect(verdict.refusal.message.fr).toMatch(/urgence/);
  });

  it('need a justifying reason, an explanation of substance and a confirmation elsewhere', () => {
    const screening = { disposition: anticoagulated.disposition, assessment: anticoagulated };
    expect(anticoagulated.disposition).toBe('precautions');
    const base = { techniqueId: 'deep_tissue', decision: 'precautions' as const, ...JUSTIFIED };
    expect(checkOverride(screening, [], base)).toEqual({ ok: true });
    const refusedWith = (change: Partial<typeof base>) => {
      const verdict = checkOverride(screening, [], { ...base, ...change });
      return verdict.ok ? 'ok' : verdict.refusal.code;
    };
    expect(refusedWith({ reasonCode: 'other' })).toBe('override_unjustified');
    expect(refusedWith({ reasonCode: 'client_declined' })).toBe('override_unjustified');
    expect(refusedWith({ reasonText: 'abc' })).toBe('override_unjustified');
    expect(refusedWith({ confirmed: false })).toBe('override_unjustified');
    for (const reasonCode of PERMISSIVE_REASONS) expect(refusedWith({ reasonCode })).toBe('ok');
  });

  it('refuse leaving a more forceful technique more permissive than a gentler one', () => {
    const verdict = checkOverride(
      { disposition: anticoagulated.disposition, assessment: anticoagulated },
      [],
      {
        techniqueId: 'manipulation',
        decision: 'allowed',
        ...JUSTIFIED,
      },
    );
    expect(verdict.ok).toBe(false);
    if (!verdict.ok) {
      expect(verdict.refusal.code).toBe('override_refused');
      expect(verdict.refusal.techniques.length).toBeGreaterThan(0);
    }
  });
});

describe('explanations of substance', () => {
  it.each([
    ['abc', false],
    ['ok ok ok ok ok ok ok ok', false],
    ['....................................', false],
    ['aaaaaaaaaaaaaaaaaaaaaaaaaaaa', false],
    ['Haematologist cleared gentle work today', true],
    ["Le médecin traitant a donné son accord aujourd'hui", true],
  ])('%j → %s', (text, expected) => {
    expect(hasSubstance(text)).toBe(expected);
  });
});

describe('consent and treatment', () => {
  it('refuse contraindicated techniques, also after a stricter override', () => {
    const deep = checkConsent(anticoagulated, [], ['light_massage', 'deep_tissue'], name);
    expect(deep.ok ? [] : deep.refusal.techniques).toEqual(['deep_tissue']);
    const light = checkConsent(
      anticoagulated,
      [override('light_massage', 'contraindicated')],
      ['light_massage'],
      name,
    );
    expect(light.ok).toBe(false);
  });

  it('need consent signed on the screening after the override in force', () => {
    const reviews = [override('deep_tissue', 'precautions', '2026-11-25T10:00:00.000Z')];
    const consent = (signedAt: string, screeningId = 's') => ({
      id: 'k',
      clinicId: 'c',
      clientId: 'x',
      screeningId,
      techniques: ['light_massage', 'deep_tissue'],
      lang: 'en' as const,
      textShown: '',
      signerName: 'Jane',
      signedAt,
      recordedBy: 'u',
      signature: null,
    });
    const treat = (consents: ReturnType<typeof consent>[]) => {
      const verdict = checkTreatment({
        screeningId: 's',
        assessment: anticoagulated,
        reviews,
        consents,
        techniqueIds: ['deep_tissue'],
        name,
      });
      return verdict.ok ? 'ok' : verdict.refusal.code;
    };
    expect(treat([])).toBe('consent_required');
    expect(treat([consent('2026-11-25T09:30:00.000Z')])).toBe('consent_required');
    expect(treat([consent('2026-11-25T10:30:00.000Z', 'other')])).toBe('consent_required');
    expect(treat([consent('2026-11-25T10:30:00.000Z')])).toBe('ok');
  });

  it('always need consent for thrust manipulation', () => {
    const benign = assess(kb, BENIGN);
    const verdict = checkTreatment({
      screeningId: 's',
      assessment: benign,
      reviews: [],
      consents: [],
      techniqueIds: ['manipulation'],
      name,
    });
    expect(benign.techniques.find((t) => t.techniqueId === 'manipulation')?.decision).not.toBe(
      'contraindicated',
    );
    expect(verdict.ok ? 'ok' : verdict.refusal.code).toBe('consent_required');
  });
});

describe('clearance after an emergency or referral screening', () => {
  const s = (id: string, disposition: 'emergency' | 'refer' | 'proceed', submittedAt: string) => ({
    id,
    disposition,
    submittedAt,
    validUntil: new Date(Date.parse(submittedAt) + 30 * 86_400_000).toISOString(),
  });
  const signoff = (note: string): Review => ({
    id: 'so',
    clinicId: 'c',
    screeningId: 'b',
    userId: 'u',
    kind: 'signoff',
    note,
    createdAt: T0,
  });
  it('needs a sign-off of substance while the earlier urgent screening is still valid', () => {
    const earlier = s('a', 'emergency', '2026-11-20T09:00:00.000Z');
    const now = s('b', 'proceed', T0);
    const code = (reviews: Review[], history = [earlier, now]) => {
      const verdict = checkClearance(now, history, reviews);
      return verdict.ok ? 'ok' : verdict.refusal.code;
    };
    expect(code([])).toBe('signoff_required');
    expect(code([signoff('ok')])).toBe('signoff_required');
    expect(code([signoff('Cleared by the neurologist after a normal CT angiogram.')])).toBe('ok');
    expect(code([], [s('a', 'refer', '2026-10-01T09:00:00.000Z'), now])).toBe('ok');
    expect(code([], [s('a', 'proceed', '2026-11-20T09:00:00.000Z'), now])).toBe('ok');
  });
});

describe('currency', () => {
  const s = (id: string, moment: 'first_treatment' | 'after_event', validUntil: string) => ({
    id,
    moment,
    submittedAt: T0,
    validUntil,
  });
  it('is current only for the latest, valid, non-triage screening', () => {
    const a = s('a', 'first_treatment', '2026-12-25T09:00:00.000Z');
    expect(currencyOf(a, a, T0)).toBe('current');
    expect(currencyOf(a, s('b', 'first_treatment', '2026-12-25T09:00:00.000Z'), T0)).toBe('superseded');
    expect(currencyOf(a, a, '2026-12-26T00:00:00.000Z')).toBe('expired');
    const t = s('t', 'after_event', '2026-12-25T09:00:00.000Z');
    expect(currencyOf(t, t, T0)).toBe('after_event');
    expect(currencyOf(undefined, undefined, T0)).toBe('none');
  });
});

describe('after-event triage and in-room steps', () => {
  it('accepts only after-event questions and needs every one that applies', () => {
    expect(triageAnswers(kb, { neck_pain: true }).ok).toBe(false);
    const partial = triageAnswers(kb, { event_type: ['treatment'] });
    expect(partial.ok ? [] : partial.issues.map((i) => i.questionId)).toContain('event_symptoms');
    const headache = triageAnswers(kb, { event_type: ['treatment'], event_symptoms: ['new_headache'] });
    expect(headache.ok ? [] : headache.issues.map((i) => i.questionId)).toEqual(['event_headache_course']);
    // An emergency answer already decides: nothing more is needed to act on it.
    expect(
      triageAnswers(kb, { event_type: ['treatment'], event_symptoms: ['neuro', 'new_headache'] }).ok,
    ).toBe(true);
    const full = triageAnswers(kb, {
      event_type: ['treatment'],
      event_symptoms: ['neuro', 'new_headache'],
      event_headache_course: 'mild_settled',
    });
    expect(full.ok).toBe(true);
    if (full.ok) expect(assess(kb, full.answers).disposition).toBe('emergency');
  });

  it('merges the examination over the self-report and lists what changed', () => {
    const selfReport = { ...BENIGN, respondent: 'client' };
    const examined = examinationAnswers(selfReport, { exam_neuro: ['none'], dizziness: true });
    expect(examined.respondent).toBe('clinician');
    expect(answerChanges(selfReport, examined)).toEqual([
      { questionId: 'dizziness', before: false, after: true },
      { questionId: 'exam_neuro', before: null, after: ['none'] },
    ]);
  });
});
