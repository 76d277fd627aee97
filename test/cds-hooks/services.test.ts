/**
 * The two services end to end, in-process: discovery, the specification's examples, emergency, precaution
 * and benign cards from a QuestionnaireResponse or from Conditions and medicines, the no-screening card,
 * a linked client's stored screening (valid, expired, outdated by the record), 400/404/412, and clinics
 * kept apart.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { SERVICE_IDS } from '../../src/cds-hooks/index.js';
import { BENIGN, withAnswers } from '../helpers/answers.js';
import { cardsOf } from './cards.js';
import type { CdsHarness } from './harness.js';
import { ORIGIN, startCdsHarness } from './harness.js';
import {
  appointmentBook,
  condition,
  medicationRequest,
  neckMassage,
  PATIENT_ID,
  patientView,
  prefetchOf,
  questionnaireResponse,
  SERVICE,
  SPEC_APPOINTMENTS,
  SPEC_PATIENT_VIEW,
} from './payloads.js';

const h: CdsHarness = await startCdsHarness({ sharedEhrSystem: 'https://shared-ehr.example' });
afterAll(() => h.close());

const EMERGENCY = withAnswers(BENIGN, { neuro_symptoms: ['speech'] });
const WARFARIN = medicationRequest('mr-1', {
  system: 'http://www.nlm.nih.gov/research/umls/rxnorm',
  code: '855332',
  display: 'Warfarin Sodium 5 MG Oral Tablet',
});

describe('discovery', () => {
  it('lists both services with their hooks and prefetch templates', async () => {
    const response = await h.call('GET', '/cds-services');
    expect(response.statusCode).toBe(200);
    const { services } = response.json() as {
      services: { id: string; hook: string; prefetch: Record<string, string> }[];
    };
    expect(services.map((s) => [s.id, s.hook])).toEqual([
      [SERVICE_IDS['patient-view'], 'patient-view'],
      [SERVICE_IDS['appointment-book'], 'appointment-book'],
    ]);
    for (const service of services) {
      expect(service.prefetch).toMatchObject({
        patient: 'Patient/{{context.patientId}}',
        conditions: expect.stringMatching(/^Condition\?patient=\{\{context\.patientId\}\}/),
        medicationRequests: 'MedicationRequest?patient={{context.patientId}}&status=active',
        medicationStatements: 'MedicationStatement?patient={{context.patientId}}&status=active',
        screenings: expect.stringContaining(
          'questionnaire=https://neckcheck.example/fhir/Questionnaire/neckcheck',
        ),
      });
    }
  });
});

describe('patient-view', () => {
  it("answers 412 to the specification's example, whose prefetch lacks what the service needs", async () => {
    const response = await h.call('POST', SERVICE.patientView, { body: SPEC_PATIENT_VIEW });
    expect(response.statusCode).toBe(412);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.json()).toMatchObject({
      status: 412,
      code: 'prefetch_missing',
      errors: [
        { path: 'body.prefetch.patient' },
        { path: 'body.prefetch.conditions' },
        { path: 'body.prefetch.medicationRequests' },
      ],
    });
  });

  it('answers 412 when a required search failed (an OperationOutcome), and accepts null (no data)', async () => {
    const failed = { ...prefetchOf(), conditions: { resourceType: 'OperationOutcome', issue: [] } };
    expect((await h.call('POST', SERVICE.patientView, { body: patientView(failed) })).statusCode).toBe(412);
    const none = {
      ...prefetchOf(),
      conditions: null,
      medicationStatements: undefined,
      screenings: undefined,
    };
    const cards = cardsOf(await h.call('POST', SERVICE.patientView, { body: patientView(none) }));
    expect(cards).toHaveLength(1);
    expect(cards[0]?.detail).toMatch(
      /Not sent by the EHR[\s\S]*- NeckCheck questionnaires\n- Medication statements$/,
    );
  });

  it('prompts for a screening when none is on file (info, with a link and a Task suggestion)', async () => {
    const cards = cardsOf(await h.call('POST', SERVICE.patientView, { body: patientView(prefetchOf()) }));
    expect(cards).toHaveLength(1);
    const card = cards[0];
    expect(card).toMatchObject({
      indicator: 'info',
      summary: 'No NeckCheck screening on file: screen before neck massage or manual therapy',
      source: { label: 'NeckCheck', url: `${ORIGIN}/kb` },
      selectionBehavior: 'at-most-one',
      links: [
        {
          type: 'absolute',
          url: `${ORIGIN}/app/clients/new?ehrSystem=https%3A%2F%2Fshared-ehr.example&ehrPatientId=${PATIENT_ID}`,
        },
      ],
    });
    expect(card?.suggestions?.[0]?.actions?.[0]).toMatchObject({
      type: 'create',
      resource: {
        resourceType: 'Task',
        status: 'requested',
        intent: 'order',
        for: { reference: `Patient/${PATIENT_ID}` },
      },
    });
    expect(card?.overrideReasons?.map((r) => r.code)).toContain('medical_clearance_obtained');
  });

  it('shows a critical card for an emergency in the EHR-held questionnaire, with triggers and references', async () => {
    const qr = questionnaireResponse(h.deps.kb, 'qr-1', EMERGENCY, '2026-11-20T10:00:00Z');
    const cards = cardsOf(
      await h.call('POST', SERVICE.patientView, { body: patientView(prefetchOf({ screenings: [qr] })) }),
    );
    const e1 = cards.find((c) => c.source.url === `${ORIGIN}/kb/rules/E1`);
    expect(cards[0]).toBe(e1);
    expect(e1).toMatchObject({
      indicator: 'critical',
      summary: expect.stringMatching(/^Emergency, do not treat: /),
    });
    expect(e1?.detail).toContain('Slurred speech or trouble finding words');
    expect(e1?.detail).toContain('QuestionnaireResponse/qr\\-1');
    // Compact: each text once — the summary has the title, `links` the rule page, the page the references.
    expect(e1?.detail).toMatch(/_References:_ [^\n]+ \(in full on the rule page\)/);
    expect(e1?.detail).not.toContain('doi.org');
    expect(e1?.detail).not.toContain(`(<${ORIGIN}/kb/rules/E1>)`);
    expect(e1?.detail).not.toContain(`**Emergency: `);
    expect(e1?.links?.map((l) => l.url)).toContain(`${ORIGIN}/kb/rules/E1`);
  });

  it('gives each reference in full, the heading and the rule link with detail=full', async () => {
    const qr = questionnaireResponse(h.deps.kb, 'qr-1', EMERGENCY, '2026-11-20T10:00:00Z');
    const body = patientView(prefetchOf({ screenings: [qr] }));
    const compact = await h.call('POST', SERVICE.patientView, { body });
    const full = await h.call('POST', `${SERVICE.patientView}?detail=full`, { body });
    const e1 = cardsOf(full).find((c) => c.source.url === `${ORIGIN}/kb/rules/E1`);
    expect(e1?.detail).toMatch(/\*\*References\*\*[\s\S]*doi\.org/);
    expect(e1?.detail).toContain(`(<${ORIGIN}/kb/rules/E1>)`);
    expect(e1?.detail).toMatch(/^\*\*Emergency: /);
    expect(cardsOf(compact).map((c) => c.summary)).toEqual(cardsOf(full).map((c) => c.summary));
    expect(compact.rawPayload.byteLength).toBeLessThan(0.8 * full.rawPayload.byteLength);
  });

  it('says the language of the cards, takes ?lang over Accept-Language, and refuses bad values', async () => {
    const qr = questionnaireResponse(h.deps.kb, 'qr-1', EMERGENCY, '2026-11-20T10:00:00Z');
    const body = patientView(prefetchOf({ screenings: [qr] }));
    const fr = await h.call('POST', `${SERVICE.patientView}?lang=fr`, {
      body,
      headers: { 'accept-language': 'en' },
    });
    expect(fr.headers['content-language']).toBe('fr');
    expect(String(fr.headers.vary).toLowerCase()).toMatch(/origin.*accept-language/);
    expect(cardsOf(fr)[0]?.summary).toMatch(/^Urgence, ne pas traiter : /);
    for (const query of ['?lang=de', '?detail=short']) {
      const refused = await h.call('POST', `${SERVICE.patientView}${query}`, { body });
      expect(refused.statusCode, refused.body).toBe(400);
      expect(refused.headers['content-type']).toMatch(/application\/problem\+json/);
    }
  });

  it('shows a benign screening as an info card, and in French when asked', async () => {
    const qr = questionnaireResponse(h.deps.kb, 'qr-2', BENIGN, '2026-11-20T10:00:00Z');
    const body = patientView(prefetchOf({ screenings: [qr] }));
    const [card] = cardsOf(await h.call('POST', SERVICE.patientView, { body }));
    expect(card).toMatchObject({
      indicator: 'info',
      summary: 'NeckCheck screening of 2026-11-20: no red flag found; standard care applies',
    });
    const [fr] = cardsOf(
      await h.call('POST', SERVICE.patientView, {
        body,
        headers: { 'accept-language': 'fr-CA,fr;q=0.9,en;q=0.5' },
      }),
    );
    expect(fr?.summary).toBe('Dépistage NeckCheck du 2026-11-20 : aucun signal d’alerte ; soins standard');
  });

  it('maps the record: warfarin gives the bleeding precaution with its source, besides the prompt', async () => {
    const osteoporosis = condition('c-1', {
      system: 'http://snomed.info/sct',
      code: '64859006',
      display: 'Osteoporosis',
    });
    const body = patientView(prefetchOf({ medicationRequests: [WARFARIN], conditions: [osteoporosis] }));
    const cards = cardsOf(await h.call('POST', SERVICE.patientView, { body }));
    expect(cards.map((c) => [c.indicator, c.source.url])).toEqual([
      ['warning', `${ORIGIN}/kb/rules/P1`],
      ['warning', `${ORIGIN}/kb/rules/P2`],
      ['info', `${ORIGIN}/kb`],
    ]);
    expect(cards[0]?.summary).toBe('Precaution: Blood thinners or a bleeding tendency');
    expect(cards[0]?.detail).toContain('MedicationRequest/mr\\-1 (Warfarin Sodium 5 MG Oral Tablet)');
    expect(cards[2]?.detail).toContain('Condition/c\\-1 (Osteoporosis)');
  });

  it("takes the age from Patient.birthDate: the specification's patient (born 1925) is 100", async () => {
    const body = patientView(prefetchOf({ patient: SPEC_PATIENT_VIEW.prefetch.patientToGreet as never }));
    const cards = cardsOf(await h.call('POST', SERVICE.patientView, { body }));
    const older = cards.find((c) => c.summary.includes('Older age'));
    expect(older?.indicator).toBe('warning');
    expect(older?.detail).toContain(
      '100 years — _from the EHR record: Patient/1288992 (1925\\-12\\-23 \\(100\\))_',
    );
  });
});

describe('a client linked to the EHR patient', () => {
  it('shows the latest valid screening, then prompts when it expires or the record shows more', async () => {
    const client = await h.linkedClient(h.a, 'linked-1');
    await h.screening(h.a, client.id, EMERGENCY);
    h.clock.now = new Date('2026-11-26T09:00:00.000Z');
    const screening = await h.screening(h.a, client.id, BENIGN);
    const body = patientView(prefetchOf({}, 'linked-1'), 'linked-1');

    const [valid] = cardsOf(await h.call('POST', SERVICE.patientView, { body }));
    expect(valid).toMatchObject({
      indicator: 'info',
      summary: 'NeckCheck screening of 2026-11-26: no red flag found; standard care applies',
      links: [{ url: `${ORIGIN}/app/screenings/${screening.id}` }],
    });
    const audit = await h.store.audit.listForClinic(h.a.clinicId, { limit: 1 });
    expect(audit[0]).toMatchObject({
      action: 'cds.service_call',
      actor: `cds:${h.a.iss}`,
      resourceType: 'client',
      resourceId: client.id,
    });

    const withWarfarin = patientView(
      prefetchOf(
        {
          medicationRequests: [
            medicationRequest('mr-2', { text: 'apixaban 5 mg twice daily' }, {}, 'linked-1'),
          ],
        },
        'linked-1',
      ),
      'linked-1',
    );
    const rescreen = cardsOf(await h.call('POST', SERVICE.patientView, { body: withWarfarin }));
    expect(rescreen.map((c) => [c.indicator, c.summary])).toEqual([
      ['warning', 'Record shows 1 risk factor not in the last NeckCheck screening: screen again'],
      ['warning', 'Precaution: Blood thinners or a bleeding tendency'],
    ]);
    expect(rescreen[0]?.links?.[0]?.url).toBe(`${ORIGIN}/app/clients/${client.id}`);

    h.clock.now = new Date('2027-01-10T09:00:00.000Z');
    const [expired] = cardsOf(await h.call('POST', SERVICE.patientView, { body }));
    expect(expired).toMatchObject({
      indicator: 'info',
      summary: 'NeckCheck screening expired on 2026-12-26: screen again before neck treatment',
    });
    expect(expired?.detail).toContain('NeckCheck screening of 2026\\-11\\-26 \\(overall\\: Proceed\\)');
    h.clock.now = new Date('2026-11-25T09:00:00.000Z');
  });

  it("never shows one clinic's client to another clinic's EHR, even for the same patient id and system", async () => {
    const client = await h.linkedClient(h.a, 'shared-7');
    await h.screening(h.a, client.id, EMERGENCY);
    const body = patientView(prefetchOf({}, 'shared-7'), 'shared-7');
    const mine = cardsOf(await h.call('POST', SERVICE.patientView, { body }));
    expect(mine[0]?.indicator).toBe('critical');
    const response = await h.call('POST', SERVICE.patientView, { body, ehr: h.b });
    const theirs = cardsOf(response);
    expect(theirs.map((c) => c.summary)).toEqual([
      'No NeckCheck screening on file: screen before neck massage or manual therapy',
    ]);
    expect(response.body).not.toContain(client.id);
    const audit = await h.store.audit.listForClinic(h.b.clinicId, { limit: 1 });
    expect(audit[0]).toMatchObject({
      action: 'cds.service_call',
      resourceType: 'cds_service',
      clinicId: h.b.clinicId,
    });
  });
});

describe('appointment-book', () => {
  it("stays silent for the specification's example (sleep medicine) and any booking not for neck therapy", async () => {
    const body = appointmentBook(SPEC_APPOINTMENTS, prefetchOf());
    expect(cardsOf(await h.call('POST', SERVICE.appointmentBook, { body }))).toEqual([]);
    // Nothing is needed for such a booking, so missing prefetch is no reason for 412.
    const bare = appointmentBook(SPEC_APPOINTMENTS, {});
    expect(cardsOf(await h.call('POST', SERVICE.appointmentBook, { body: bare }))).toEqual([]);
    const withoutPrefetch = appointmentBook([neckMassage()], {});
    expect((await h.call('POST', SERVICE.appointmentBook, { body: withoutPrefetch })).statusCode).toBe(412);
  });

  it('prompts (warning) when a neck massage is booked without a screening, naming the appointment', async () => {
    const body = appointmentBook(
      { resourceType: 'Bundle', type: 'collection', entry: [{ resource: neckMassage() }] },
      prefetchOf(),
    );
    const [card] = cardsOf(await h.call('POST', SERVICE.appointmentBook, { body }));
    expect(card).toMatchObject({
      indicator: 'warning',
      summary: expect.stringMatching(/^No NeckCheck screening on file/),
    });
    expect(card?.detail).toMatch(/Appointments concerned[\s\S]*Massage Therapy \(Appointment\/apt\\-neck\)/);
  });

  it("shows the linked client's screening: a precaution from the questionnaire", async () => {
    const client = await h.linkedClient(h.a, 'booked-1');
    await h.screening(h.a, client.id, withAnswers(BENIGN, { medications: ['anticoagulant'] }));
    const body = appointmentBook(
      [neckMassage()],
      prefetchOf({ medicationRequests: [WARFARIN] }, 'booked-1'),
      'booked-1',
    );
    const cards = cardsOf(await h.call('POST', SERVICE.appointmentBook, { body }));
    expect(cards.map((c) => [c.indicator, c.summary])).toEqual([
      ['warning', 'Precaution: Blood thinners or a bleeding tendency'],
    ]);
  });
});

describe('refused requests', () => {
  const valid = () => patientView(prefetchOf());

  it.each([
    ['a hookInstance that is not a UUID', { ...valid(), hookInstance: 'nope' }],
    ['no context', { ...valid(), context: undefined }],
    ['the hook of another service', { ...valid(), hook: 'appointment-book' }],
    ['a context without patientId', { ...valid(), context: { userId: 'Practitioner/1' } }],
    [
      'fhirAuthorization without fhirServer',
      {
        ...valid(),
        fhirServer: undefined,
        fhirAuthorization: {
          access_token: 't',
          token_type: 'Bearer',
          expires_in: 300,
          scope: 's',
          subject: 'x',
        },
      },
    ],
    ['an unknown field', { ...valid(), surprise: true }],
    ['appointment-book without appointments', { ...valid(), hook: 'appointment-book' }],
  ])('answers 400 to %s', async (_name, body) => {
    const url =
      body.hook === 'appointment-book' && _name.startsWith('appointment')
        ? SERVICE.appointmentBook
        : SERVICE.patientView;
    const response = await h.call('POST', url, { body });
    expect(response.statusCode, response.body).toBe(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('answers 400 to a body that is not JSON, and 404 to an unknown service', async () => {
    const broken = await h.call('POST', SERVICE.patientView, {
      body: '{"hook": ',
      headers: { 'content-type': 'application/json' },
    });
    expect(broken.statusCode).toBe(400);
    const unknown = await h.call('POST', '/cds-services/no-such-service', { body: valid() });
    expect(unknown.statusCode).toBe(404);
    const feedback = await h.call('POST', '/cds-services/no-such-service/feedback', {
      body: {
        feedback: [
          {
            card: '8d1b1e8c-5f4e-4b59-9a3c-1a2b3c4d5e6f',
            outcome: 'overridden',
            outcomeTimestamp: '2026-11-25T09:00:00Z',
          },
        ],
      },
    });
    expect(feedback.statusCode).toBe(404);
  });
});
