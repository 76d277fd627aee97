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
} from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { assess } from '../../src/core/index.js';
import type {
  AdverseEventRecord,
  ClientRecord,
  ConsentRecord,
  ScreeningRecord,
  TreatmentRecord,
} from '../../src/fhir/index.js';
import { answersFromResponse, clientBundle } from '../../src/fhir/index.js';
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
