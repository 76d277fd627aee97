/**
 * The clinic's guardrails in a real browser: screening in the treatment room (the client's self-report,
 * the practitioner's examination with blood pressure and neurological signs, the sign-off, each step with
 * who and when); an emergency screening whose override form offers nothing more permissive (and the server
 * refuses it, in French); a permissive override the server finds unjustified; a treatment refused by the
 * server with its reason shown; an adverse event with neurological symptoms that shows the emergency
 * instructions at once and puts the client at the top of Today, in French. axe-core checks every page.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Answers } from '../../src/core/index.js';
import { assess } from '../../src/core/index.js';
import { loadKbAndBundle } from '../../src/node/kb-files.js';
import type { WebHarness } from './harness.js';
import { accessibilityViolations, login, SCREENSHOTS, startWeb } from './harness.js';
import type { Plan } from './keyboard.js';
import { BENIGN_PLAN } from './plans.js';

let h: WebHarness;

/** The benign plan as a clinician records it, with a normal examination: every technique allowed. */
const EXAMINED: Answers = {
  ...(BENIGN_PLAN as Answers),
  respondent: 'clinician',
  exam_bp_systolic: 124,
  exam_bp_diastolic: 80,
  exam_neuro: ['none'],
  exam_umn: ['none'],
};

/** Adds a client with (optionally) a screening recorded by the clinic A practitioner just now. */
async function client(name: string, answers?: Answers): Promise<{ clientId: string; screeningId?: string }> {
  const now = new Date();
  const created = await h.server.store.clients.create({
    clinicId: h.a.id,
    displayName: name,
    birthYear: 1980,
    email: null,
    phone: null,
    createdAt: now.toISOString(),
  });
  if (answers === undefined) return { clientId: created.id };
  const loaded = await loadKbAndBundle();
  if (!loaded.ok) throw new Error('knowledge base invalid');
  const kb = loaded.value.kb;
  const assessment = assess(kb, answers, { assessedAt: now.toISOString() });
  const screening = await h.server.store.screenings.create({
    clinicId: h.a.id,
    clientId: created.id,
    moment: 'first_treatment',
    answers,
    assessment,
    disposition: assessment.disposition,
    kbVersion: kb.meta.version,
    kbHash: kb.hash,
    submittedBy: { kind: 'user', userId: h.a.practitioner.userId },
    submittedAt: now.toISOString(),
    validUntil: new Date(now.getTime() + 30 * 86_400_000).toISOString(),
    basedOn: null,
  });
  return { clientId: created.id, screeningId: screening.id };
}

/** Answers one question (its fieldset #q-<id>) with the mouse. */
async function setAnswer(page: Page, id: string, value: Plan[string] | undefined): Promise<void> {
  if (value === undefined) throw new Error(`no planned answer for "${id}"`);
  const fieldset = page.locator(`#q-${id}`);
  if (typeof value === 'number') {
    await fieldset.locator('input[type="number"]').fill(String(value));
    return;
  }
  for (const v of Array.isArray(value) ? value : [String(value)])
    await fieldset.locator(`input[value="${v}"]`).check();
}

/** Answers the questionnaire page by page until it is gone (saved, or the emergency stop). */
async function answerQuestionnaire(page: Page, plan: Plan): Promise<string[]> {
  const asked: string[] = [];
  for (let p = 0; p < 40; p++) {
    await page.waitForFunction(
      () =>
        document.querySelector('form.questionnaire') !== null ||
        location.pathname.endsWith('/examine') ||
        document.querySelector('section.emergency') !== null,
    );
    if ((await page.$('form.questionnaire')) === null) return asked;
    const heading = await page.textContent('form.questionnaire h2');
    const ids = await page.$$eval('form.questionnaire fieldset.question', (els) =>
      els.map((e) => e.id.replace(/^q-/, '')),
    );
    for (const id of ids) {
      await setAnswer(page, id, plan[id]);
      asked.push(id);
    }
    await page.locator('form.questionnaire button[type="submit"]').click();
    await page.waitForFunction(
      ([previous, first]) => {
        const form = document.querySelector('form.questionnaire');
        if (form === null) return true;
        const shown = [...form.querySelectorAll('fieldset.question')].map((e) => e.id);
        return form.querySelector('h2')?.textContent !== previous || shown[0] !== `q-${first}`;
      },
      [heading, ids[0] ?? ''] as const,
    );
  }
  throw new Error('the questionnaire did not end');
}

/** Runs `fetch` in the page (same origin, the session's cookie) and returns status and problem. */
async function post(
  page: Page,
  url: string,
  body: unknown,
  lang: string,
): Promise<{ status: number; code: string | undefined; detail: string | undefined }> {
  return page.evaluate(
    async ([u, b, l]) => {
      const response = await fetch(u, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'accept-language': l },
        body: JSON.stringify(b),
      });
      const problem = (await response.json()) as { code?: string; detail?: string };
      return { status: response.status, code: problem.code, detail: problem.detail };
    },
    [url, body, lang] as const,
  );
}

beforeAll(async () => {
  h = await startWeb('guardrails');
}, 60_000);
afterAll(async () => h?.close());

describe('clinic guardrails', () => {
  it('screens a client in the room: self-report, examination with blood pressure and neuro signs, sign-off', async () => {
    const { clientId } = await client('Jean Dupont');
    const { context, page } = await h.newPage();
    await login(page, h.url, h.a.practitioner.email);
    await page.goto(`${h.url}/app/clients/${clientId}`);
    await page.getByRole('link', { name: 'Screen in the room' }).click();
    await page.getByRole('heading', { name: 'Screening in the room — Jean Dupont' }).waitFor();
    await page.getByLabel('Screening moment (chosen by the practitioner)').selectOption('first_treatment');
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Start: hand the device to the client' }).click();
    await page.getByText('Started by Paul Clinic A').waitFor();
    const { moment: _moment, ...plan } = BENIGN_PLAN;
    const asked = await answerQuestionnaire(page, plan);
    expect(asked).not.toContain('respondent');
    expect(asked).not.toContain('exam_bp_systolic');

    // Step 2: the examination starts from the saved self-report.
    await page.waitForURL(/\/examine$/);
    const selfReportId = page.url().split('/').at(-2) ?? '';
    const [selfReport] = await h.server.store.screenings.listForClient(h.a.id, clientId);
    expect(selfReport?.id).toBe(selfReportId);
    expect(selfReport?.answers.respondent).toBe('client');
    await page.getByRole('heading', { name: 'Examination', exact: true }).waitFor();
    const main = (await page.textContent('main')) ?? '';
    expect(main).toMatch(/Step 1 of 3:\s*Self-report of Jean Dupont/);
    expect(main).toMatch(/answered by Jean Dupont, entered by Paul Clinic A/);
    expect(main).toMatch(/Step 2 of 3:\s*Examination by Paul Clinic A/);
    // The practitioner corrects one answer with the client…
    await page.locator('summary', { hasText: 'Your health' }).click();
    await page.locator('#q-smoking input[value="yes"]').check();
    // …and records the examination.
    await setAnswer(page, 'exam_bp_systolic', 148);
    await setAnswer(page, 'exam_bp_diastolic', 92);
    await setAnswer(page, 'exam_neuro', ['none']);
    await setAnswer(page, 'exam_umn', ['none']);
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.screenshot({ path: `${SCREENSHOTS}/in-room-examination.png`, fullPage: true });
    await page.getByRole('button', { name: 'Save the examination' }).click();

    // Step 3: the sign-off, on the examination's screening page, which names every step.
    await page.waitForURL(
      (url) => /\/app\/screenings\/[^/]+$/.test(url.pathname) && !url.pathname.endsWith(selfReportId),
    );
    await page.getByRole('heading', { name: 'Steps' }).waitFor();
    const examined = (await h.server.store.screenings.listForClient(h.a.id, clientId)).find(
      (s) => s.id !== selfReportId,
    );
    expect(examined?.basedOn).toBe(selfReportId);
    expect(examined?.answers.respondent).toBe('clinician');
    expect(examined?.answers.exam_bp_systolic).toBe(148);
    expect(examined?.answers.smoking).toBe(true);
    const steps = page.locator('ol.steps').first();
    expect(await steps.textContent()).toMatch(
      /Client's self-report.*answered by Jean Dupont, entered by Paul Clinic A/,
    );
    expect(await steps.textContent()).toMatch(/Practitioner's examination.*by Paul Clinic A/);
    const changes = page.locator('table', { hasText: 'Self-report' });
    expect(await changes.textContent()).toMatch(/Systolic BP \(mmHg\)—148 mmHg/);
    expect(await changes.locator('tr', { hasText: /smok/i }).textContent()).toMatch(/NoYes/);
    const record = (await page.locator('dl.record').textContent()) ?? '';
    expect(record).toMatch(/ClientJean Dupont \(1980\)/);
    expect(record).toMatch(/ClinicClinic A/);
    expect(record).toMatch(/Current: this screening may be used to treat/);
    await page.getByLabel('Note').fill('Examined together; blood pressure to be re-checked next visit.');
    await page.getByRole('button', { name: 'Sign off' }).click();
    await steps.getByText(/Sign-off.*by Paul Clinic A/).waitFor();
    await page.getByText(/Sign off \(by Paul Clinic A\): Examined together/).waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.screenshot({ path: `${SCREENSHOTS}/in-room-signed.png`, fullPage: true });

    // The self-report stays as the client gave it, and is no longer the screening to treat on.
    await page.goto(`${h.url}/app/screenings/${selfReportId}`);
    await page.getByText('Superseded: a newer screening of this client exists.').waitFor();
    await context.close();
  }, 180_000);

  it('offers nothing more permissive on an emergency screening, says why, and the server refuses it in French', async () => {
    const { screeningId } = await client('Emma Urgence', {
      ...(BENIGN_PLAN as Answers),
      respondent: 'client',
      neuro_symptoms: ['speech'],
    });
    const { context, page } = await h.newPage();
    await login(page, h.url, h.a.practitioner.email);
    await page.goto(`${h.url}/app/screenings/${screeningId}`);
    await page.locator('.banner .verdict', { hasText: 'Emergency' }).waitFor();
    await page.locator('summary', { hasText: 'Override a technique decision' }).click();
    await page
      .getByText(
        /More permissive decisions cannot be chosen on this screening: This screening calls for emergency care/,
      )
      .waitFor();
    const decision = page.getByLabel('New decision');
    for (const value of ['allowed', 'precautions', 'relative'])
      expect(await decision.locator(`option[value="${value}"]`).isDisabled()).toBe(true);
    expect(await decision.locator('option[value="contraindicated"]').isDisabled()).toBe(false);
    expect(await accessibilityViolations(page)).toEqual([]);

    const refused = await post(
      page,
      `/api/v1/screenings/${screeningId}/reviews`,
      {
        kind: 'override',
        techniqueId: 'light_massage',
        decision: 'allowed',
        reasonCode: 'medical_clearance_obtained',
        reasonText: 'The emergency physician examined her and cleared gentle massage today.',
        confirmed: true,
      },
      'fr',
    );
    expect(refused.status).toBe(422);
    expect(refused.code).toBe('override_refused');
    expect(refused.detail).toMatch(/soins d'urgence/);

    await page.locator('header.top select').selectOption('fr');
    await page
      .getByText(
        /Les décisions plus permissives ne peuvent pas être choisies sur ce dépistage : Ce dépistage demande des soins d'urgence/,
      )
      .waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.screenshot({ path: `${SCREENSHOTS}/override-emergency-fr.png`, fullPage: true });
    await page.locator('header.top select').selectOption('en');
    await context.close();
  }, 60_000);

  it("asks a second confirmation for a more permissive override and shows the server's refusal of a weak explanation", async () => {
    const { screeningId } = await client('Louis Precaution', {
      ...(BENIGN_PLAN as Answers),
      respondent: 'client',
      age: 74,
      medications: ['anticoagulant'],
    });
    const { context, page } = await h.newPage();
    await login(page, h.url, h.a.practitioner.email);
    await page.goto(`${h.url}/app/screenings/${screeningId}`);
    await page.locator('summary', { hasText: 'Override a technique decision' }).click();
    await page.getByLabel('Technique', { exact: true }).selectOption('deep_tissue');
    const confirm = page.getByLabel(
      'I take responsibility for a decision more permissive than the screening',
    );
    expect(await confirm.count()).toBe(0);
    await page.getByLabel('New decision').selectOption('precautions');
    await confirm.waitFor();
    // Only the reasons that can justify a more permissive decision are offered.
    const reasons = await page.getByLabel('Reason', { exact: true }).locator('option').allTextContents();
    expect(reasons).toEqual([
      'Clinical judgement: lower risk',
      'Medical clearance obtained',
      'Information found to be incorrect',
    ]);
    await page.getByLabel('Explain').fill('ok ok ok ok');
    await page.getByText(/Before you save: Explain a more permissive decision/).waitFor();
    await confirm.check();
    await page.getByRole('button', { name: 'Override a technique decision' }).click();
    await page
      .getByRole('alert')
      .getByText(/Refused: Explain a more permissive decision/)
      .waitFor();
    expect(await h.server.store.reviews.listForScreening(h.a.id, screeningId ?? '')).toEqual([]);

    await page
      .getByLabel('Explain')
      .fill('Her haematologist confirmed in writing that INR is stable at 2.3.');
    await page.getByRole('button', { name: 'Override a technique decision' }).click();
    await page.getByText(/Allowed with precautions — overridden by Paul Clinic A/).waitFor();
    expect(await page.locator('tr', { hasText: 'Deep tissue' }).first().textContent()).toMatch(
      /Screening: Contraindicated; Medical clearance obtained|Screening: Contraindicated; Clinical judgement: lower risk/,
    );
    expect(await accessibilityViolations(page)).toEqual([]);
    await context.close();
  }, 60_000);

  it("offers only the techniques that may be used, and shows the server's refusal of a treatment", async () => {
    const { clientId, screeningId } = await client('Lucie Bernard', EXAMINED);
    const { context, page } = await h.newPage();
    await login(page, h.url, h.a.practitioner.email);
    await page.goto(`${h.url}/app/clients/${clientId}`);
    await page.getByRole('heading', { name: 'Lucie Bernard' }).waitFor();
    await page.locator('summary', { hasText: 'Record a treatment' }).click();
    const techniques = page.getByRole('group', { name: 'Techniques used' });
    await techniques.getByLabel(/Light or relaxation/).waitFor();
    // Manipulation always needs the client's consent first: not offered, and the form says so.
    expect(await techniques.getByLabel(/manipulation/i).count()).toBe(0);
    await page.getByText(/manipulation.*needs the client's consent on the screening first/i).waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);

    // Meanwhile a colleague contraindicates light massage on this screening.
    await h.server.store.reviews.create({
      clinicId: h.a.id,
      screeningId: screeningId ?? '',
      userId: h.a.admin.userId,
      kind: 'override',
      note: '',
      techniqueId: 'light_massage',
      decision: 'contraindicated',
      reasonCode: 'clinical_judgement_higher_risk',
      reasonText: 'Skin condition over the neck seen today.',
      createdAt: new Date().toISOString(),
    });
    await techniques.getByLabel(/Light or relaxation/).check();
    await page.getByRole('button', { name: 'Save' }).first().click();
    await page
      .getByRole('alert')
      .getByText(/Refused: .*Light or relaxation massage/)
      .waitFor();
    await page.getByText(/Light or relaxation massage.*contraindicated by the screening/).waitFor();
    expect(await h.server.store.treatments.listForClient(h.a.id, clientId)).toEqual([]);
    await page.screenshot({ path: `${SCREENSHOTS}/treatment-refused.png`, fullPage: true });
    await context.close();
  }, 60_000);

  it('shows the emergency instructions at once for neurological symptoms after a treatment, and the client tops Today (in French)', async () => {
    const { clientId } = await client('Ahmed Benali', EXAMINED);
    const { context, page } = await h.newPage();
    await login(page, h.url, h.a.practitioner.email);
    await page.locator('header.top select').selectOption('fr');
    await page.goto(`${h.url}/app/clients/${clientId}`);
    await page.getByRole('heading', { name: 'Ahmed Benali' }).waitFor();
    await page.locator('summary', { hasText: 'Déclarer un événement indésirable' }).click();
    await page.locator('#q-event_type input[value="treatment"]').check();
    expect(await page.locator('section.emergency').count()).toBe(0);
    await page.locator('#q-event_symptoms input[value="neuro"]').check();
    // At once, before anything is saved.
    const emergency = page.locator('section.emergency[role="alert"]');
    await emergency.getByText("Arrêtez : demandez de l'aide d'urgence maintenant").waitFor();
    expect(await emergency.textContent()).toMatch(/Le client reste en tête de « Aujourd’hui »/);
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.getByLabel('Début', { exact: true }).fill('2026-11-25T18:30');
    await page
      .getByLabel('Autres symptômes ou précisions (facultatif)')
      .fill('Vertiges et vision double une heure après la séance');
    await page.getByRole('button', { name: 'Enregistrer' }).last().click();
    await page.getByText('Enregistré. Le dépistage de tri :').waitFor();
    await emergency.waitFor();
    const [event] = await h.server.store.adverseEvents.listForClient(h.a.id, clientId);
    expect(event?.triageScreeningId).toBeTruthy();
    await page.screenshot({ path: `${SCREENSHOTS}/adverse-event-emergency-fr.png`, fullPage: true });

    await page.getByRole('link', { name: "Aujourd'hui" }).click();
    const top = page.locator('main section').first();
    await top.getByRole('heading', { name: 'Urgence : agissez maintenant' }).waitFor();
    expect(await top.getByRole('link').allTextContents()).toContain('Ahmed Benali');
    expect(await top.locator('li', { hasText: 'Ahmed Benali' }).textContent()).toMatch(/après un événement/);
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.screenshot({ path: `${SCREENSHOTS}/today-emergency-fr.png`, fullPage: true });

    await top.getByRole('link', { name: 'Ahmed Benali' }).click();
    await page.locator('.banner .verdict', { hasText: 'Urgence' }).waitFor();
    await page.getByText(/Après un événement : faites un nouveau dépistage/).waitFor();
    await page.locator('header.top select').selectOption('en');
    await context.close();
  }, 90_000);
  it('stops the in-room self-report at an emergency answer, saves it and tells the practitioner what to do', async () => {
    const { clientId } = await client('Nora Stop');
    const { context, page } = await h.newPage({ width: 360 });
    await login(page, h.url, h.a.practitioner.email);
    await page.goto(`${h.url}/app/clients/${clientId}/in-room`);
    await page.getByRole('button', { name: 'Start: hand the device to the client' }).click();
    await page.locator('form.questionnaire').waitFor();
    // click, not check: the answer ends the questionnaire at once, so the box is gone right after.
    await page.locator('#q-neuro_symptoms input[value="speech"]').click();
    const emergency = page.locator('section.emergency[role="alert"]');
    await emergency.getByText('Stop: get emergency help now').waitFor();
    await page.getByRole('link', { name: "Step 2: the practitioner's examination" }).waitFor();
    const [saved] = await h.server.store.screenings.listForClient(h.a.id, clientId);
    expect(saved?.disposition).toBe('emergency');
    expect(saved?.answers.respondent).toBe('client');
    expect(await accessibilityViolations(page)).toEqual([]);
    await context.close();
  }, 60_000);
});
