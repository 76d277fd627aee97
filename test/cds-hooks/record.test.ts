/**
 * The pure parts, one by one: the record mapped to answers (codes, words, negation, dates, provenance),
 * QuestionnaireResponses read back, appointments matched, the trusted-client setting checked, the replay
 * cache, dates and the language.
 */
import { describe, expect, it } from 'vitest';
import {
  ageAt,
  answersFromRecord,
  isoDate,
  langFromAcceptLanguage,
  latestEhrScreening,
  neckAppointments,
  parseAllowedOrigins,
  parseCdsClients,
  ReplayCache,
} from '../../src/cds-hooks/index.js';
import { BENIGN } from '../helpers/answers.js';
import { kb as loadKb } from '../helpers/kb.js';
import {
  condition,
  medicationRequest,
  medicationStatement,
  neckMassage,
  PATIENT_ID,
  prefetchOf,
  questionnaireResponse,
  SPEC_APPOINTMENTS,
} from './payloads.js';

const kb = await loadKb();
const NOW = '2026-11-25T09:00:00.000Z';
const map = (parts: Parameters<typeof prefetchOf>[0]) =>
  answersFromRecord(kb, prefetchOf(parts), { referenceDate: NOW, patientId: PATIENT_ID });

describe('answersFromRecord', () => {
  it('maps conditions by SNOMED CT, ICD-10(-CM) prefix and words (English or French, any accents)', () => {
    const { answers, provenance } = map({
      conditions: [
        condition('1', {
          system: 'http://snomed.info/sct',
          code: '69896004',
          display: 'Rheumatoid arthritis',
        }),
        condition('2', {
          system: 'http://hl7.org/fhir/sid/icd-10-cm',
          code: 'M81.0',
          display: 'Age-related osteoporosis',
        }),
        condition('3', { text: 'Syndrome d’Ehlers-Danlos' }),
        condition('4', { system: 'http://hl7.org/fhir/sid/icd-10', code: 'C50.9' }),
        condition('5', { text: 'Cervical spondylosis' }),
      ],
    });
    expect(answers.conditions).toEqual([
      'osteoporosis',
      'rheumatoid_arthritis',
      'neck_arthritis',
      'connective_tissue',
      'cancer',
    ]);
    expect(provenance).toContainEqual({
      questionId: 'conditions',
      optionId: 'cancer',
      source: 'Condition/4',
      display: 'C50.9',
    });
    expect(provenance).toContainEqual({
      questionId: 'conditions',
      optionId: 'connective_tissue',
      source: 'Condition/3',
      display: 'Syndrome d’Ehlers-Danlos',
    });
    expect(answers.age).toBe(46);
  });

  it('maps ankylosing spondylitis and DISH to a rigid spine (any injury is an emergency), psoriatic arthritis to inflammatory arthritis', () => {
    const { answers } = map({
      conditions: [
        condition('1', {
          system: 'http://snomed.info/sct',
          code: '9631008',
          display: 'Ankylosing spondylitis',
        }),
        condition('2', {
          system: 'http://hl7.org/fhir/sid/icd-10',
          code: 'M48.1',
          display: 'Forestier disease',
        }),
        condition('3', { text: 'Psoriatic arthritis' }),
      ],
    });
    expect(answers.conditions).toEqual(expect.arrayContaining(['rigid_spine', 'inflammatory_arthritis']));
    const only = map({ conditions: [condition('1', { text: 'Spondylarthrite ankylosante' })] });
    expect(only.answers.conditions).toContain('rigid_spine');
  });

  it('marks a stroke or TIA of the last 6 months as recent, and an older one as history only', () => {
    const recent = map({
      conditions: [
        condition(
          's',
          { system: 'http://snomed.info/sct', code: '266257000', display: 'TIA' },
          { onsetDateTime: '2026-09-01' },
        ),
      ],
    });
    expect(recent.answers).toMatchObject({ conditions: ['stroke_tia'], vascular_event_recent: true });
    const old = map({
      conditions: [
        condition(
          's',
          { system: 'http://hl7.org/fhir/sid/icd-10', code: 'I63.9' },
          { onsetDateTime: '2019-02-01' },
        ),
      ],
    });
    expect(old.answers.conditions).toEqual(['stroke_tia']);
    expect(old.answers.vascular_event_recent).toBeUndefined();
  });

  it('ignores refuted or entered-in-error conditions, negated or hedged words, and other patients', () => {
    const { answers } = map({
      conditions: [
        condition('1', { text: 'Osteoporosis' }, { verificationStatus: { coding: [{ code: 'refuted' }] } }),
        condition('2', { text: 'No history of stroke' }),
        condition('3', { text: 'Suspected cancer' }),
        condition('4', { text: 'Rheumatoid arthritis' }, {}, 'someone-else'),
      ],
    });
    expect(answers.conditions).toBeUndefined();
  });

  it('maps medicines by RxNorm, ATC and names, aspirin by dose, and steroids only after 3 months', () => {
    const { answers, provenance } = map({
      medicationRequests: [
        medicationRequest('w', {
          system: 'http://www.nlm.nih.gov/research/umls/rxnorm',
          code: '855332',
          display: 'Warfarin Sodium 5 MG Oral Tablet',
        }),
        medicationRequest('c', {
          system: 'http://www.whocc.no/atc',
          code: 'B01AC04',
          display: 'clopidogrel',
        }),
        medicationRequest('a', { text: 'Aspirin 81 mg oral tablet' }),
        medicationRequest('p', { text: 'Prednisolone 5 mg tablets' }, { authoredOn: '2026-10-01' }),
        medicationRequest('x', { text: 'Rivaroxaban' }, { status: 'stopped' }),
      ],
      medicationStatements: [
        medicationStatement('s', 'Prednisone 10 mg daily', { effectivePeriod: { start: '2026-01-15' } }),
        medicationStatement('i', 'Budesonide inhaler', { effectivePeriod: { start: '2020-01-15' } }),
      ],
    });
    expect(answers.medications).toEqual([
      'anticoagulant',
      'antiplatelet',
      'low_dose_aspirin',
      'corticosteroids',
    ]);
    expect(provenance.filter((p) => p.optionId === 'corticosteroids').map((p) => p.source)).toEqual([
      'MedicationStatement/s',
    ]);
  });

  it('reads a referenced Medication included in the search, or the reference display', () => {
    const included = { resourceType: 'Medication', id: 'med-1', code: { text: 'Eliquis 5 mg' } };
    const request = medicationRequest('r', {}, { medicationReference: { reference: 'Medication/med-1' } });
    const byDisplay = medicationRequest(
      'd',
      {},
      {
        medicationReference: { reference: 'Medication/zz', display: 'Xarelto 20 mg' },
      },
    );
    const prefetch = prefetchOf({ medicationRequests: [request, byDisplay] });
    (prefetch.medicationRequests as { entry: unknown[] }).entry.push({ resource: included });
    const { provenance } = answersFromRecord(kb, prefetch, { referenceDate: NOW, patientId: PATIENT_ID });
    expect(provenance.map((p) => [p.source, p.display])).toEqual([
      ['Patient/1288992', '1980-04-12 (46)'],
      ['MedicationRequest/r', 'Eliquis 5 mg'],
      ['MedicationRequest/d', 'Xarelto 20 mg'],
    ]);
  });

  it('computes the age at the reference date from a full birth date only', () => {
    expect(ageAt('1980-11-25', NOW)).toBe(46);
    expect(ageAt('1980-11-26', NOW)).toBe(45);
    expect(ageAt('1980-11', NOW)).toBeUndefined();
    expect(ageAt('2030-01-01', NOW)).toBeUndefined();
  });
});

describe('QuestionnaireResponses in the EHR', () => {
  it('reads the latest completed response of our Questionnaire, at any depth, dropping what does not fit', () => {
    const older = questionnaireResponse(kb, 'old', { ...BENIGN, age: 30 }, '2026-10-01T09:00:00Z');
    const latest = questionnaireResponse(kb, 'new', BENIGN, '2026-11-20T09:00:00+01:00');
    const draft = {
      ...questionnaireResponse(kb, 'draft', BENIGN, '2026-11-24T09:00:00Z'),
      status: 'in-progress',
    };
    const other = {
      ...questionnaireResponse(kb, 'other', BENIGN, '2026-11-24T09:00:00Z'),
      questionnaire: 'https://x/Questionnaire/other',
    };
    latest.item?.push({ linkId: 'medications', answer: [{ valueCoding: { code: 'no-such-option' } }] });
    latest.item?.push({ linkId: 'not-a-question', answer: [{ valueString: 'x' }] });
    const found = latestEhrScreening(kb, [older, latest, draft, other] as never);
    expect(found?.source).toBe('QuestionnaireResponse/new');
    expect(found?.answers).toEqual(BENIGN);
    expect(found?.authoredAt).toBe(Date.parse('2026-11-20T08:00:00Z'));
    const broken = questionnaireResponse(kb, 'b', { smoking: true }, '2026-11-24T09:00:00Z');
    broken.item?.push({ linkId: 'g', item: [{ linkId: 'age', answer: [{ valueString: 'forty' }] }] });
    expect(latestEhrScreening(kb, [broken] as never)).toMatchObject({
      answers: { smoking: true },
      dropped: ['age'],
    });
  });

  it('reads "I don\'t know" as a code, and as data-absent-reason on a number', () => {
    const qr = questionnaireResponse(
      kb,
      'u',
      { medications: 'unknown', age: 'unknown', smoking: 'unknown' },
      NOW,
    );
    expect(latestEhrScreening(kb, [qr] as never)?.answers).toEqual({
      medications: 'unknown',
      age: 'unknown',
      smoking: 'unknown',
    });
  });
});

describe('appointments for neck massage or manual therapy', () => {
  it("matches hands-on service types and words, not the specification's sleep-medicine example", () => {
    expect(neckAppointments(kb, SPEC_APPOINTMENTS)).toEqual([]);
    expect(neckAppointments(kb, { resourceType: 'Bundle', entry: [{ resource: neckMassage('m') }] })).toEqual(
      [{ source: 'Appointment/m', label: 'Massage Therapy' }],
    );
    const physio = (description: string) => ({
      resourceType: 'Appointment',
      id: 'p',
      status: 'booked',
      serviceType: [
        {
          coding: [
            {
              system: 'http://terminology.hl7.org/CodeSystem/service-type',
              code: '65',
              display: 'Physiotherapy',
            },
          ],
        },
      ],
      description,
    });
    expect(neckAppointments(kb, [physio('Knee rehabilitation')])).toEqual([]);
    expect(neckAppointments(kb, [physio('Torticolis — cou bloqué')])).toHaveLength(1);
    expect(
      neckAppointments(kb, [
        { resourceType: 'Appointment', id: 'o', status: 'proposed', description: 'Ostéopathie' },
      ]),
    ).toHaveLength(1);
    expect(neckAppointments(kb, [{ ...neckMassage(), status: 'cancelled' }])).toEqual([]);
  });
});

describe('NECKCHECK_CDS_CLIENTS', () => {
  const key = { kty: 'EC', crv: 'P-384', x: 'x', y: 'y', kid: 'k1' };
  it('accepts inline keys or a JWK Set URL, with the default algorithms and the issuer as EHR system', () => {
    const [inline, remote] = parseCdsClients(
      JSON.stringify([
        { iss: 'https://ehr.example', jwks: { keys: [key] }, clinicId: 'c1' },
        {
          iss: 'https://ehr.example',
          tenant: 't2',
          jwksUrl: 'https://ehr.example/jwks.json',
          clinicId: 'c2',
          algorithms: ['RS384', 'RS256'],
          ehrSystem: 'urn:ehr',
        },
      ]),
    );
    expect(inline).toMatchObject({
      iss: 'https://ehr.example',
      clinicId: 'c1',
      algorithms: ['ES384', 'RS384'],
      ehrSystem: 'https://ehr.example',
    });
    expect(inline?.jkuAllowlist).toEqual([]);
    expect(remote).toMatchObject({
      tenant: 't2',
      jwksUrl: 'https://ehr.example/jwks.json',
      jkuAllowlist: ['https://ehr.example/jwks.json'],
      algorithms: ['RS384', 'RS256'],
      ehrSystem: 'urn:ehr',
    });
    expect(parseCdsClients(undefined)).toEqual([]);
  });

  it.each([
    ['[', /not valid JSON/],
    ['{}', /must be a JSON array/],
    ['[{"iss":"i","clinicId":"c"}]', /\[0\] needs jwks \(inline JWK Set\), jwksUrl or jwksUrls/],
    [
      JSON.stringify([{ iss: 'i', clinicId: 'c', jwks: { keys: [key] }, jwksUrl: 'https://e.example/k' }]),
      /\[0\] needs one of jwks \(inline JWK Set\) and jwksUrl, not both/,
    ],
    [JSON.stringify([{ iss: 'i', clinicId: 'c', jwksUrls: [] }]), /\[0\]\.jwksUrls must be a list/],
    [
      JSON.stringify([{ iss: 'i', clinicId: 'c', jwksUrls: ['https://e.example/k', 'http://e.example/k'] }]),
      /\[0\]\.jwksUrls\[1\] must use https/,
    ],
    [
      JSON.stringify([{ iss: 'i', clinicId: 'c', jwks: { keys: [{ ...key, d: 'secret' }] } }]),
      /\[0\]\.jwks\.keys\[0\] contains private key material/,
    ],
    [
      JSON.stringify([{ iss: 'i', clinicId: 'c', jwks: { keys: [{ kty: 'oct', k: 'x', kid: 'k' }] } }]),
      /kty must be "EC" or "RSA"/,
    ],
    [
      JSON.stringify([{ iss: 'i', clinicId: 'c', jwks: { keys: [{ ...key, kid: undefined }] } }]),
      /kid is required/,
    ],
    [JSON.stringify([{ iss: 'i', clinicId: 'c', jwksUrl: 'http://ehr.example/jwks' }]), /must use https/],
    [
      JSON.stringify([{ iss: 'i', clinicId: 'c', jwks: { keys: [key] }, algorithms: ['HS256'] }]),
      /algorithms must be/,
    ],
    [JSON.stringify([{ iss: 'i', clinicId: 'c', jwks: { keys: [key] }, extra: 1 }]), /unknown field "extra"/],
    [
      JSON.stringify([{ iss: '', clinicId: 'c', jwks: { keys: [key] } }]),
      /\[0\]\.iss must be a non-empty string/,
    ],
    [
      JSON.stringify([
        { iss: 'i', clinicId: 'c', jwks: { keys: [key] } },
        { iss: 'i', clinicId: 'd', jwks: { keys: [key] } },
      ]),
      /\[1\] repeats iss "i"/,
    ],
  ])('refuses %s', (raw, message) => {
    expect(() => parseCdsClients(raw)).toThrow(message);
  });

  it('checks the allowed origins', () => {
    expect(parseAllowedOrigins('https://ehr.example, http://localhost:8080')).toEqual([
      'https://ehr.example',
      'http://localhost:8080',
    ]);
    expect(parseAllowedOrigins('*')).toEqual(['*']);
    expect(() => parseAllowedOrigins('https://ehr.example/path')).toThrow(/scheme:\/\/host/);
    expect(() => parseAllowedOrigins('ehr.example')).toThrow(/not an origin/);
  });
});

describe('small parts', () => {
  it('remembers jtis until they expire, and refuses new ones when full of live ones', () => {
    const cache = new ReplayCache(2);
    expect(cache.remember('a', 100, 0)).toBe('fresh');
    expect(cache.remember('a', 100, 50)).toBe('replayed');
    expect(cache.remember('b', 200, 50)).toBe('fresh');
    expect(cache.remember('c', 300, 60)).toBe('full');
    expect(cache.remember('c', 300, 150)).toBe('fresh');
    expect(cache.remember('a', 400, 160)).toBe('full');
    expect(cache.remember('a', 400, 210)).toBe('fresh');
    expect(cache.size).toBe(2);
  });

  it('formats dates like Date#toISOString, without a Date', () => {
    for (const ms of [
      0, 951_782_400_000, 1_709_164_800_000, 4_102_444_799_999, -86_400_000, 253_402_300_799_000,
    ])
      expect(isoDate(ms)).toBe(new Date(ms).toISOString().slice(0, 10));
  });

  it('picks the language from Accept-Language', () => {
    expect(langFromAcceptLanguage(undefined)).toBe('en');
    expect(langFromAcceptLanguage('fr-CH, fr;q=0.9, en;q=0.8')).toBe('fr');
    expect(langFromAcceptLanguage('de-DE, en;q=0.5, fr;q=0.7')).toBe('fr');
    expect(langFromAcceptLanguage('fr;q=0, es')).toBe('en');
  });
});
