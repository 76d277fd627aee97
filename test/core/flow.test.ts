import { beforeAll, describe, expect, it } from 'vitest';
import type { Answers, FlowStep, KnowledgeBase } from '../../src/core/index.js';
import { nextQuestions, UNKNOWN_ANSWER } from '../../src/core/index.js';
import { BENIGN } from '../helpers/answers.js';
import { kb as loadKb } from '../helpers/kb.js';

let kb: KnowledgeBase;
beforeAll(async () => {
  kb = await loadKb();
});

const asked = (step: FlowStep): string[] => (step.status === 'ask' ? step.questions.map((q) => q.id) : []);

describe('nextQuestions', () => {
  it('starts with the context questions', () => {
    const step = nextQuestions(kb, {});
    expect(step.status).toBe('ask');
    expect(asked(step)).toEqual(['respondent', 'moment']);
  });

  it('asks the warning signs next, one section at a time', () => {
    const step = nextQuestions(kb, { respondent: 'client', moment: 'first_treatment' });
    expect(step.status === 'ask' && step.section.id).toBe('urgent');
    expect(asked(step)).toContain('neuro_symptoms');
    expect(asked(step)).not.toContain('headache_thunderclap');
  });

  it('opens a follow-up only when its gate is answered yes, and skips it for "I don\'t know"', () => {
    const base: Answers = {
      respondent: 'client',
      moment: 'first_treatment',
      neuro_symptoms: ['none'],
      eye_droop: false,
    };
    const yes = nextQuestions(kb, { ...base, headache: true });
    const unknown = nextQuestions(kb, { ...base, headache: UNKNOWN_ANSWER });
    expect(asked(yes)).toContain('headache_thunderclap');
    expect(asked(unknown)).not.toContain('headache_thunderclap');
  });

  it('asks the event questions only after an event', () => {
    const after = nextQuestions(kb, { respondent: 'client', moment: 'after_event' });
    expect(asked(after)).toEqual(['event_type', 'event_symptoms']);
    const first = nextQuestions(kb, { respondent: 'client', moment: 'first_treatment' });
    expect(asked(first)).not.toContain('event_symptoms');
  });

  it('never asks a client the examination questions', () => {
    const step = nextQuestions(kb, BENIGN);
    expect(step.status).toBe('complete');
  });

  it('asks a clinician the examination questions at the end', () => {
    const step = nextQuestions(kb, { ...BENIGN, respondent: 'clinician' });
    expect(step.status === 'ask' && step.section.id).toBe('exam');
  });

  it('stops as soon as an answer makes the outcome an emergency', () => {
    const step = nextQuestions(kb, {
      respondent: 'client',
      moment: 'first_treatment',
      neuro_symptoms: ['speech'],
    });
    expect(step.status).toBe('emergency');
    if (step.status !== 'emergency') return;
    expect(step.assessment.disposition).toBe('emergency');
    expect(step.assessment.findings.map((f) => f.ruleId)).toContain('E1');
  });

  it('reports progress over the questions that apply', () => {
    const start = nextQuestions(kb, {});
    const done = nextQuestions(kb, BENIGN);
    expect(start.progress.answered).toBe(0);
    expect(done.progress.answered).toBe(done.progress.total);
    expect(done.progress.total).toBeGreaterThan(start.progress.total);
  });
});
