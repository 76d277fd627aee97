import type { Answers } from '../../src/core/index.js';

/** A complete screening of a client with no red flag and no risk factor, answered by the client. */
export const BENIGN: Answers = {
  respondent: 'client',
  moment: 'first_treatment',
  neuro_symptoms: ['none'],
  eye_droop: false,
  headache: false,
  progressive_weakness: false,
  bladder_bowel: false,
  fever: false,
  neck_stiffness_severe: false,
  dizziness: false,
  pulsatile_tinnitus: false,
  recent_neck_strain: ['none'],
  hearing_change: false,
  age: 34,
  sex: 'female',
  pregnancy: 'not_pregnant',
  neck_pain: true,
  neck_pain_onset: 'long_standing',
  neck_pain_night: false,
  neck_pain_worsening: false,
  neck_pain_trend: 'settling',
  no_improvement: false,
  arm_symptoms: 'no_arm',
  myelopathy_symptoms: ['none'],
  instability_symptoms: ['none'],
  treatment_goal: ['neck_pain', 'relaxation'],
  upper_back_pain: 'no_pain',
  pain_trivial_onset: 'other_start',
  trauma: false,
  conditions: ['none'],
  bp_very_high: false,
  weight_loss: false,
  infection_risk: ['none'],
  neck_surgery_recent: false,
  recent_infection: false,
  smoking: false,
  smoking_past: false,
  family_dissection: false,
  local_neck: ['none'],
  medications: ['none'],
  practitioner: 'massage_therapist',
  planned_techniques: ['light_massage'],
  self_manipulation_habit: false,
  recent_manipulation: false,
};

export function withAnswers(base: Answers, changes: Record<string, Answers[string] | undefined>): Answers {
  const out: Record<string, Answers[string]> = { ...base };
  for (const [key, value] of Object.entries(changes)) {
    if (value === undefined) delete out[key];
    else out[key] = value;
  }
  return out;
}
