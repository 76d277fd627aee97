/**
 * One client's record as a FHIR Bundle: every resource valid, and each record mapped as documented
 * (Consent with the text shown as an attachment, AdverseEvent seriousness and severity from the grade,
 * one Procedure per technique applied). (The server passes the store's records, so the compiler keeps the
 * record shapes of src/fhir in step with the store.)
 */
import type {
  AdverseEvent as FhirAdverseEvent,
  Consent as FhirConsent,
  Procedure,
  QuestionnaireResponse,
  RiskAssessment,
} from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import type { Review } from '../../src/clinic/index.js';
import { effectiveTechniques } from '../../src/clinic/index.js';
import { assess } from '../../src/core/index.js';
import type {
  AdverseEventRecord,
  ClientRecord,
  ConsentRecord,
  ScreeningRecord,
  TreatmentRecord,
} from '../../src/fhir/index.js';
import { answersFromResponse, clientBundle, EXTENSIONS } from '../../src/fhir/index.js';
import { BENIGN, withAnswers } from '../helpers/answers.js';
import { kb as loadKb } from '../helpers/kb.js';
import { loadFhirValidator } from './helpers/validate.js';

const fhir = loadFhirValidator();
const kb = await loadKb();
const AT = '2026-11-25T10:00:00.000Z';
const uuid = (n: number): string => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

const client: ClientRecord = { id: uuid(1), displayName: 'Ana Pseudonym', birthYear: 1961 };

function screening(id: string, answers: typeof BENIGN): ScreeningRecord {
  return {
    id,
    answers,
    assessment: assess(kb, answers, { assessedAt: AT }),
    kbVersion: kb.meta.version,
    submittedAt: AT,
  };
}

const screenings = [
  screening(uuid(2), BENIGN),
  screening(uuid(3), withAnswers(BENIGN, { medications: ['anticoagulant'], age: 'unknown' })),
];
const consents: ConsentRecord[] = [
  {
    id: uuid(4),
    screeningId: uuid(2),
    techniques: ['light_massage', 'deep_tissue'],
    lang: 'fr',
    textShown: 'Je consens au massage léger — risques expliqués.',
    signerName: 'Ana Pseudonym',
    signedAt: AT,
  },
];
const treatments: (TreatmentRecord & { screeningId: string })[] = [
  { id: uuid(5), screeningId: uuid(2), date: '2026-11-25', techniques: ['light_massage', 'deep_tissue'] },
];
const event = (
  n: number,
  severity: number,
  techniqueId: string | null,
  actionTaken = 'Ice',
): AdverseEventRecord => ({
  id: uuid(n),
  treatmentId: uuid(5),
  techniqueId,
  onset: '2026-11-25T12:00:00.000Z',
  symptoms: 'Soreness of the neck',
  severity,
  actionTaken,
  followUp: '',
  createdAt: AT,
});
const adverseEvents = [event(6, 1, 'deep_tissue'), event(7, 3, null, ''), event(8, 5, null)];

const bundle = clientBundle(
  kb,
  { client, screenings, consents, treatments, adverseEvents },
  { baseUrl: 'https://clinic.example/fhir', timestamp: AT },
);
const of = <T>(type: string): T[] =>
  (bundle.entry ?? []).map((e) => e.resource).filter((r) => r?.resourceType === type) as T[];

describe('clientBundle', () => {
  it('is a valid R4 Bundle with every record', () => {
    fhir.expectValid(bundle);
    const counts: Record<string, number> = {};
    for (const e of bundle.entry ?? [])
      counts[e.resource?.resourceType ?? ''] = (counts[e.resource?.resourceType ?? ''] ?? 0) + 1;
    expect(counts).toEqual({
      Patient: 1,
      QuestionnaireResponse: 2,
      RiskAssessment: 2,
      Consent: 1,
      Procedure: 2,
      AdverseEvent: 3,
    });
    expect(bundle.entry?.[0]?.fullUrl).toBe(`https://clinic.example/fhir/Patient/${client.id}`);
  });

  it('exports a minimal Patient: the name or pseudonym and the birth year, no contact details', () => {
    expect(bundle.entry?.[0]?.resource).toEqual({
      resourceType: 'Patient',
      id: client.id,
      name: [{ text: 'Ana Pseudonym' }],
      birthDate: '1961',
    });
  });

  it('rebuilds responses that read back to the stored answers', () => {
    const responses = of<QuestionnaireResponse>('QuestionnaireResponse');
    for (const [i, response] of responses.entries()) {
      expect(response.subject?.reference).toBe(`Patient/${client.id}`);
      const back = answersFromResponse(kb, response, { version: kb.meta.version });
      expect(back.ok && back.value).toEqual(screenings[i]?.answers);
    }
  });

  it('keeps the consent text as a UTF-8 attachment, with the signer and the techniques', () => {
    const [consent] = of<FhirConsent>('Consent');
    expect(consent?.scope.coding?.[0]?.code).toBe('treatment');
    expect(consent?.performer?.[0]?.display).toBe('Ana Pseudonym');
    expect(Buffer.from(consent?.sourceAttachment?.data ?? '', 'base64').toString('utf8')).toBe(
      consents[0]?.textShown,
    );
    expect(consent?.provision?.code?.map((c) => c.coding?.[0]?.code)).toEqual([
      'light_massage',
      'deep_tissue',
    ]);
    expect(consent?.provision?.data?.[0]?.reference.reference).toBe(`QuestionnaireResponse/${uuid(2)}`);
  });

  it('records one Procedure per technique and maps adverse event grades to seriousness and severity', () => {
    const procedures = of<Procedure>('Procedure');
    expect(procedures.map((p) => [p.id, p.code?.coding?.[0]?.code, p.status])).toEqual([
      [`${uuid(5)}-1`, 'light_massage', 'completed'],
      [`${uuid(5)}-2`, 'deep_tissue', 'completed'],
    ]);
    const events = of<FhirAdverseEvent>('AdverseEvent');
    expect(
      events.map((e) => [
        e.seriousness?.coding?.[0]?.code,
        e.severity?.coding?.[0]?.code,
        e.outcome?.coding?.[0]?.code,
      ]),
    ).toEqual([
      ['Non-serious', 'mild', undefined],
      ['Serious', 'severe', undefined],
      ['SeriousResultsInDeath', 'severe', 'fatal'],
    ]);
    expect(events[0]?.suspectEntity?.map((s) => s.instance.reference)).toEqual([`Procedure/${uuid(5)}-2`]);
    expect(events[1]?.suspectEntity).toHaveLength(2);
    expect(
      events.every((e) => e.actuality === 'actual' && e.subject.reference === `Patient/${client.id}`),
    ).toBe(true);
  });

  it("identifies the Patient by the EHR's own id when the clinic linked the client to it", () => {
    const linked = clientBundle(
      kb,
      {
        client: { ...client, ehrPatient: { system: 'https://ehr.example/fhir', patientId: 'pat-1' } },
        screenings: [],
        consents: [],
        treatments: [],
        adverseEvents: [],
      },
      { baseUrl: 'https://clinic.example/fhir' },
    );
    fhir.expectValid(linked);
    expect(linked.entry?.[0]?.resource).toMatchObject({
      resourceType: 'Patient',
      id: client.id,
      identifier: [{ system: 'https://ehr.example/fhir', value: 'pat-1' }],
    });
  });

  it('is valid for a client with no records and no birth year', () => {
    const empty = clientBundle(
      kb,
      {
        client: { ...client, birthYear: null },
        screenings: [],
        consents: [],
        treatments: [],
        adverseEvents: [],
      },
      { baseUrl: 'https://clinic.example/fhir' },
    );
    fhir.expectValid(empty);
    expect(empty.entry).toHaveLength(1);
  });
});

describe("clientBundle with clinicians' overrides", () => {
  const benign = screenings[0] as ScreeningRecord;
  const precautions = screenings[1] as ScreeningRecord;
  const review = (
    techniqueId: string,
    decision: Extract<Review, { kind: 'override' }>['decision'],
    reasonCode: Extract<Review, { kind: 'override' }>['reasonCode'],
    reasonText: string,
  ): Review => ({
    id: uuid(20),
    clinicId: uuid(21),
    screeningId: precautions.id,
    userId: uuid(22),
    kind: 'override',
    note: '',
    techniqueId,
    decision,
    reasonCode,
    reasonText,
    createdAt: '2026-11-25T10:30:00.000Z',
  });
  const exported = (reviews: readonly Review[], lang: 'en' | 'fr' = 'en', s = precautions) => {
    const b = clientBundle(
      kb,
      {
        client,
        screenings: [{ ...s, effective: effectiveTechniques(s.assessment, reviews) }],
        consents: [],
        treatments: [],
        adverseEvents: [],
        staff: [{ id: uuid(22), name: 'Dr Léa Martin' }],
      },
      { baseUrl: 'https://clinic.example/fhir', lang },
    );
    const risk = (b.entry ?? []).find((e) => e.resource?.resourceType === 'RiskAssessment')
      ?.resource as RiskAssessment;
    return { bundle: b, risk };
  };
  const prediction = (risk: RiskAssessment, techniqueId: string) =>
    risk.prediction?.find((p) => p.outcome?.coding?.[0]?.code === techniqueId);
  const engineDecision = (id: string) =>
    precautions.assessment.techniques.find((t) => t.techniqueId === id)?.decision;

  it("keeps the engine's predictions and adds the decision in force, the override and a note; still valid", () => {
    const deep = engineDecision('deep_tissue');
    expect(deep).not.toBe('precautions');
    const { bundle: b, risk } = exported([
      review('deep_tissue', 'precautions', 'medical_clearance_obtained', 'Cleared by her GP in writing'),
    ]);
    fhir.expectValid(b);
    const p = prediction(risk, 'deep_tissue');
    expect(p?.extension?.[0]).toEqual({ url: EXTENSIONS.techniqueDecision, valueCode: deep });
    expect(p?.extension).toContainEqual({ url: EXTENSIONS.decisionInForce, valueCode: 'precautions' });
    const o = p?.extension?.find((e) => e.url === EXTENSIONS.clinicianOverride);
    expect(o?.extension).toEqual([
      { url: 'decision', valueCode: 'precautions' },
      {
        url: 'reason',
        valueCoding: {
          system: 'https://neckcheck.example/fhir/CodeSystem/override-reasons',
          code: 'medical_clearance_obtained',
          display: 'medical clearance obtained',
        },
      },
      { url: 'reasonText', valueString: 'Cleared by her GP in writing' },
      {
        url: 'author',
        valueReference: {
          identifier: { system: 'https://neckcheck.example/fhir/NamingSystem/staff', value: uuid(22) },
          display: 'Dr Léa Martin',
        },
      },
      { url: 'time', valueDateTime: '2026-11-25T10:30:00.000Z' },
    ]);
    const note = risk.note?.[0];
    expect(note?.authorReference?.display).toBe('Dr Léa Martin');
    expect(note?.time).toBe('2026-11-25T10:30:00.000Z');
    expect(note?.text).toContain(
      `Clinician override of ${kb.index.technique.get('deep_tissue')?.name.en} (deep_tissue)`,
    );
    expect(note?.text).toContain(`the screening decided "${deep}", the clinician "precautions".`);
    expect(note?.text).toContain('Reason: medical clearance obtained. Cleared by her GP in writing');
    expect(prediction(risk, 'light_massage')?.extension).toHaveLength(1);
  });

  it("says when a gentler technique's override raised a more forceful one, in French too", () => {
    const { bundle: b, risk } = exported(
      [review('light_massage', 'contraindicated', 'client_declined', '')],
      'fr',
      benign,
    );
    fhir.expectValid(b);
    const stretching = prediction(risk, 'stretching');
    expect(stretching?.extension).toContainEqual({
      url: EXTENSIONS.raisedBy,
      valueCoding: { system: 'https://neckcheck.example/fhir/CodeSystem/techniques', code: 'light_massage' },
    });
    const changed = benign.assessment.techniques.filter((t) => t.decision !== 'contraindicated');
    expect(changed).toHaveLength(5);
    expect(risk.note?.filter((n) => /Décision (modifiée|en vigueur)/.test(n.text))).toHaveLength(
      changed.length,
    );
    expect(risk.note?.[0]?.text).toContain('Motif : refus du client.');
  });

  it('adds nothing without a review', () => {
    const plain = exported([]).risk;
    const before = (bundle.entry ?? []).find(
      (e) => e.resource?.id === precautions.id && e.resource?.resourceType === 'RiskAssessment',
    )?.resource;
    expect(plain).toEqual(before);
  });
});
