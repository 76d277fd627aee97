/**
 * LHC-Forms as an interoperability oracle. Chromium renders our Questionnaire with lforms' prebuilt files;
 * each case is filled through the form, question by question in the order our own `nextQuestions` asks
 * them, checking that LHC-Forms shows every question we ask and no other (enableWhen read by a third party
 * the way the engine means it, "I don't know" gates included). The QuestionnaireResponse LHC-Forms exports
 * is valid FHIR, reads back to the same answers, and POSTed to the server's $assess gives the core's
 * disposition. One browser and one page for the file.
 */
import type { Bundle, QuestionnaireResponse, RiskAssessment } from '@medplum/fhirtypes';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Answers, AnswerValue } from '../../src/core/index.js';
import { assess, nextQuestions } from '../../src/core/index.js';
import { answersFromResponse, SYSTEMS, toQuestionnaire } from '../../src/fhir/index.js';
import { BENIGN, withAnswers } from '../helpers/answers.js';
import type { FhirApp } from './helpers/app.js';
import { startFhirApp } from './helpers/app.js';
import type { Oracle } from './helpers/lforms.js';
import { startOracle } from './helpers/lforms.js';
import { loadFhirValidator } from './helpers/validate.js';

/** What the tests use of the page's globals (the test code has no DOM types). */
interface BrowserGlobals {
  document: {
    getElementById(id: string): { click(): void } | null;
    querySelectorAll(selector: string): ArrayLike<{ id: string }>;
  };
  LForms: {
    Util: {
      addFormToPage(q: unknown, container: string, options: { fhirVersion: string }): Promise<void>;
      checkValidity(element: unknown): string[] | null;
      getFormFHIRData(type: string, version: string, element: unknown): QuestionnaireResponse;
    };
  };
}

const fhir = loadFhirValidator();
let h: FhirApp;
let oracle: Oracle;
let page: Page;

beforeAll(async () => {
  [h, oracle] = await Promise.all([startFhirApp(), startOracle()]);
  page = await oracle.newPage();
}, 60_000);
afterAll(async () => {
  await oracle?.close();
  await h?.close();
});

async function render(): Promise<void> {
  const questionnaire = toQuestionnaire(h.deps.kb, 'en');
  await page.evaluate(async (q) => {
    const g = globalThis as unknown as BrowserGlobals;
    await g.LForms.Util.addFormToPage(q, 'formContainer', { fhirVersion: 'R4' });
  }, questionnaire);
}

/** The questions LHC-Forms currently shows (groups, introductions and help texts left out). */
async function shown(): Promise<string[]> {
  const ids = await page.evaluate(() => {
    const g = globalThis as unknown as BrowserGlobals;
    return Array.from(g.document.querySelectorAll('lhc-item[id^="item-"]'), (e) => e.id);
  });
  const questions = new Set(h.deps.kb.questions.map((q) => q.id));
  return ids.map((id) => id.replace(/^item-/, '').split('/')[0] ?? '').filter((id) => questions.has(id));
}

const codesOf = (value: AnswerValue): readonly string[] =>
  typeof value === 'boolean'
    ? [value ? 'yes' : 'no']
    : typeof value === 'string'
      ? [value]
      : (value as readonly string[]);

/**
 * Answers the questions our flow asks, section by section, through the form: numbers typed, options
 * clicked (their labels' ids are "<linkId>/1/1|<system>|<code>"). Every asked question must be on screen.
 */
async function fill(scenario: Answers): Promise<{ answers: Answers; status: string }> {
  const answers: Record<string, AnswerValue> = {};
  for (;;) {
    const step = nextQuestions(h.deps.kb, answers);
    if (step.status !== 'ask') return { answers, status: step.status };
    const labels: string[] = [];
    for (const question of step.questions) {
      const value = scenario[question.id];
      if (value === undefined) throw new Error(`the scenario does not answer ${question.id}`);
      await page.locator(`[id="item-${question.id}/1/1"]`).waitFor({ state: 'visible', timeout: 5000 });
      if (question.type === 'number') await page.locator(`[id="${question.id}/1/1"]`).fill(String(value));
      else for (const code of codesOf(value)) labels.push(`${question.id}/1/1|${SYSTEMS.answers}|${code}`);
      answers[question.id] = value;
    }
    const missing = await page.evaluate((ids) => {
      const g = globalThis as unknown as BrowserGlobals;
      return ids.filter((id) => {
        const label = g.document.getElementById(id);
        label?.click();
        return label === null;
      });
    }, labels);
    expect(missing).toEqual([]);
  }
}

async function exported(): Promise<{ qr: QuestionnaireResponse; errors: string[] | null }> {
  return page.evaluate(() => {
    const g = globalThis as unknown as BrowserGlobals;
    const element = g.document.getElementById('formContainer');
    return {
      qr: g.LForms.Util.getFormFHIRData('QuestionnaireResponse', 'R4', element),
      errors: g.LForms.Util.checkValidity(element),
    };
  });
}

async function assessed(qr: QuestionnaireResponse): Promise<string | undefined> {
  const response = await h.app.inject({
    method: 'POST',
    url: '/fhir/Questionnaire/neckcheck/$assess',
    headers: { 'content-type': 'application/fhir+json' },
    payload: JSON.stringify(qr),
  });
  expect(response.statusCode, response.body).toBe(200);
  const bundle = JSON.parse(response.body) as Bundle;
  const risk = bundle.entry
    ?.map((e) => e.resource)
    .find((r) => r?.resourceType === 'RiskAssessment') as RiskAssessment;
  return risk.prediction?.[0]?.outcome?.coding?.[0]?.code;
}

async function expectShownToBe(expected: readonly string[]): Promise<void> {
  await expect.poll(async () => (await shown()).sort(), { timeout: 5000 }).toEqual([...expected].sort());
}

describe('LHC-Forms renders, fills and exports our Questionnaire', () => {
  it('benign: the same questions, a valid response, the same answers and disposition', async () => {
    await render();
    const { answers, status } = await fill(BENIGN);
    expect(status).toBe('complete');
    await expectShownToBe(Object.keys(answers));
    const { qr, errors } = await exported();
    expect(errors).toBeNull();
    fhir.expectValid(qr);
    const back = answersFromResponse(h.deps.kb, qr, { version: h.deps.kb.meta.version });
    expect(back.ok ? back.value : back.errors).toEqual(answers);
    expect(await assessed(qr)).toBe(assess(h.deps.kb, answers).disposition);
  });

  it('branching: gates open and close the same follow-ups, "I don\'t know" gates included', async () => {
    await render();
    expect(await shown()).not.toContain('headache_thunderclap');
    const scenario = withAnswers(BENIGN, {
      headache: true,
      headache_thunderclap: false,
      headache_severe: false,
      headache_pattern: 'familiar',
      headache_features: ['none'],
      nausea_vomiting: false,
      dizziness: 'unknown',
      conditions: 'unknown',
      respondent: 'clinician',
      exam_bp_systolic: 128,
      exam_bp_diastolic: 82,
      exam_neuro: ['none'],
      exam_umn: ['none'],
    });
    const { answers, status } = await fill(scenario);
    expect(status).toBe('complete');
    expect(Object.keys(answers)).toEqual(
      expect.arrayContaining(['headache_thunderclap', 'headache_pattern', 'exam_bp_systolic']),
    );
    expect(Object.keys(answers)).not.toContain('dizziness_type');
    expect(Object.keys(answers)).not.toContain('vascular_event_recent');
    await expectShownToBe(Object.keys(answers));
    const { qr } = await exported();
    fhir.expectValid(qr);
    const back = answersFromResponse(h.deps.kb, qr, { version: h.deps.kb.meta.version });
    expect(back.ok ? back.value : back.errors).toEqual(answers);
    expect(await assessed(qr)).toBe(assess(h.deps.kb, answers).disposition);
  });

  it('emergency: the flow stops, and the partial response LHC-Forms exports is assessed as an emergency', async () => {
    await render();
    const { answers, status } = await fill(
      withAnswers(BENIGN, { headache: true, headache_thunderclap: true, headache_severe: true }),
    );
    expect(status).toBe('emergency');
    const now = await shown();
    expect(now).toEqual(expect.arrayContaining(Object.keys(answers)));
    expect(now).toContain('headache_pattern');
    expect(now).not.toContain('dizziness_type');
    const { qr, errors } = await exported();
    expect(errors?.length).toBeGreaterThan(0); // required questions after the emergency stay unanswered
    fhir.expectValid(qr);
    expect(await assessed(qr)).toBe('emergency');
    expect(assess(h.deps.kb, answers).disposition).toBe('emergency');
  });
});
