/**
 * Fuzzing the CDS routes (S-1): random and mutated service and feedback bodies, random FHIR-like prefetch
 * (codes, dates, nested QuestionnaireResponse items), random Authorization headers. Never a 5xx, never
 * internals in a response, and every 200 carries cards that meet the 2.0 schema.
 */
import fc from 'fast-check';
import { Compile } from 'typebox/compile';
import { afterAll, describe, expect, it } from 'vitest';
import { CdsResponseSchema, QUESTIONNAIRE_CANONICAL } from '../../src/cds-hooks/index.js';
import type { CdsHarness } from './harness.js';
import { startCdsHarness } from './harness.js';
import { appointmentBook, neckMassage, PATIENT_ID, patientView, prefetchOf, SERVICE } from './payloads.js';

const RUNS = Math.max(100, Number(process.env.FUZZ_RUNS ?? 300));
const LEAK = /(\n\s+at \S+ \(|node_modules\/|SQLITE_|"stack"\s*:)/;
const responseCheck = Compile(CdsResponseSchema);

// Fuzzing fails thousands of times from one address: no rate limit here (test/server/floods.test.ts).
const h: CdsHarness = await startCdsHarness({ env: { NECKCHECK_FAILURES_PER_MINUTE: '100000000' } });
afterAll(() => h.close());

const questionIds = h.deps.kb.questions.map((q) => q.id);
const optionIds = [...new Set(h.deps.kb.questions.flatMap((q) => (q.options ?? []).map((o) => o.id)))];
const SYSTEMS = [
  'http://snomed.info/sct',
  'http://hl7.org/fhir/sid/icd-10',
  'http://hl7.org/fhir/sid/icd-10-cm',
  'http://www.nlm.nih.gov/research/umls/rxnorm',
  'http://www.whocc.no/atc',
  'http://terminology.hl7.org/CodeSystem/service-type',
];
const text = fc.oneof(
  fc.string(),
  fc.constantFrom(
    'warfarin 5 mg',
    'prednisolone 10 mg tablet',
    'aspirin 81 mg',
    'Ostéoporose',
    'no history of stroke',
    'neck massage',
    '\u0000',
    '<img src=x>',
    '[x](javascript:alert(1))',
  ),
);
const date = fc.oneof(
  fc.string(),
  fc.constantFrom('1980-02-30', '2026', '2026-11', '2026-11-25T09:00:00Z', '9999-12-31', '-0001-01-01'),
  fc.integer(),
);
const coding = fc.record(
  {
    system: fc.oneof(fc.constantFrom(...SYSTEMS), fc.string()),
    code: fc.oneof(
      fc.string(),
      fc.constantFrom('855332', '64859006', 'M81.0', 'B01AF02', 'I63.9', 'C50', '25'),
    ),
    display: text,
  },
  { requiredKeys: [] },
);
const concept = fc.oneof(
  fc.record({ coding: fc.array(coding, { maxLength: 3 }), text }, { requiredKeys: [] }),
  fc.jsonValue(),
);
const answer = fc.oneof(
  fc.record({
    valueCoding: fc.record(
      { code: fc.oneof(fc.constantFrom(...optionIds, 'yes', 'no', 'unknown'), fc.string()) },
      { requiredKeys: [] },
    ),
  }),
  fc.record({ valueBoolean: fc.oneof(fc.boolean(), fc.jsonValue()) }),
  fc.record({ valueInteger: fc.oneof(fc.integer(), fc.double()) }),
  fc.jsonValue(),
);
const item = fc.letrec<{ item: unknown }>((tie) => ({
  item: fc.record(
    {
      linkId: fc.oneof(fc.constantFrom(...questionIds), fc.string()),
      answer: fc.array(answer, { maxLength: 3 }),
      item: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        fc.constant([]),
        fc.array(tie('item'), { maxLength: 2 }),
      ),
    },
    { requiredKeys: ['linkId'] },
  ),
})).item;
const resource = fc.record(
  {
    resourceType: fc.constantFrom(
      'Patient',
      'Condition',
      'MedicationRequest',
      'MedicationStatement',
      'QuestionnaireResponse',
      'Medication',
      'Appointment',
      'OperationOutcome',
      'Bundle',
    ),
    id: fc.oneof(fc.string(), fc.constant(PATIENT_ID), fc.integer()),
    subject: fc.oneof(fc.constant({ reference: `Patient/${PATIENT_ID}` }), fc.jsonValue()),
    birthDate: date,
    code: concept,
    medicationCodeableConcept: concept,
    medicationReference: fc.oneof(fc.record({ reference: fc.string(), display: text }), fc.jsonValue()),
    verificationStatus: concept,
    onsetDateTime: date,
    authoredOn: date,
    status: fc.oneof(fc.constantFrom('active', 'completed', 'entered-in-error', 'proposed'), fc.string()),
    questionnaire: fc.oneof(fc.constant(`${QUESTIONNAIRE_CANONICAL}|1.0.0`), fc.string()),
    authored: date,
    item: fc.array(item, { maxLength: 4 }),
    serviceType: fc.array(concept, { maxLength: 2 }),
    description: text,
    entry: fc.jsonValue(),
  },
  { requiredKeys: ['resourceType'] },
);
const searchset = fc
  .array(resource, { maxLength: 6 })
  .map((rs) => ({ resourceType: 'Bundle', type: 'searchset', entry: rs.map((r) => ({ resource: r })) }));
const prefetchValue = fc.oneof(
  fc.constant(null),
  fc.constant(undefined),
  searchset,
  resource,
  fc.jsonValue(),
);
const prefetch = fc.record({
  patient: fc.oneof(prefetchValue, fc.constant(prefetchOf().patient)),
  conditions: prefetchValue,
  medicationRequests: prefetchValue,
  medicationStatements: prefetchValue,
  screenings: prefetchValue,
});

async function noServerError(
  method: 'GET' | 'POST',
  url: string,
  options: Parameters<CdsHarness['call']>[2],
) {
  const response = await h.call(method, url, options);
  expect(response.statusCode, response.body).toBeLessThan(500);
  expect(response.body).not.toMatch(LEAK);
  if (response.statusCode === 200 && url !== '/cds-services' && !url.endsWith('/feedback'))
    expect([...responseCheck.Errors(response.json())]).toEqual([]);
  return response;
}

describe('fuzzing the CDS routes', () => {
  it('survives any JSON body on every route', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(SERVICE.patientView, SERVICE.appointmentBook, `${SERVICE.patientView}/feedback`),
        fc.jsonValue(),
        async (url, body) => {
          await noServerError('POST', url, {
            body: JSON.stringify(body),
            headers: { 'content-type': 'application/json' },
          });
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('survives well-formed requests with random prefetch (records, codes, dates, questionnaires)', async () => {
    const statuses = new Set<number>();
    await fc.assert(
      fc.asyncProperty(
        prefetch,
        fc.boolean(),
        fc.array(resource, { maxLength: 3 }),
        async (p, book, appointments) => {
          const clean = JSON.parse(JSON.stringify(p)) as Record<string, unknown>;
          const body = book ? appointmentBook([neckMassage(), ...appointments], clean) : patientView(clean);
          const response = await noServerError('POST', book ? SERVICE.appointmentBook : SERVICE.patientView, {
            body,
          });
          statuses.add(response.statusCode);
        },
      ),
      { numRuns: RUNS },
    );
    expect([...statuses]).toEqual(expect.arrayContaining([200, 412]));
  });

  it('survives mutated valid requests', async () => {
    const base = patientView(prefetchOf());
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...Object.keys(base), 'context.patientId', 'context.userId', 'extension'),
        fc.jsonValue(),
        async (path, value) => {
          const body: Record<string, unknown> = JSON.parse(JSON.stringify(base));
          const [head, tail] = path.split('.');
          if (tail === undefined) body[head as string] = value;
          else (body[head as string] as Record<string, unknown>)[tail] = value;
          await noServerError('POST', SERVICE.patientView, { body });
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('survives random feedback entries', async () => {
    const entry = fc.record(
      {
        card: fc.oneof(fc.uuid(), fc.string()),
        outcome: fc.oneof(fc.constantFrom('accepted', 'overridden'), fc.string()),
        acceptedSuggestions: fc.oneof(fc.array(fc.record({ id: fc.string() })), fc.jsonValue()),
        overrideReason: fc.oneof(
          fc.record({ reason: coding, userComment: text }, { requiredKeys: [] }),
          fc.jsonValue(),
        ),
        outcomeTimestamp: fc.oneof(
          date,
          fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
        ),
      },
      { requiredKeys: ['card', 'outcome', 'outcomeTimestamp'] },
    );
    await fc.assert(
      fc.asyncProperty(fc.array(entry, { maxLength: 5 }), async (feedback) => {
        await noServerError('POST', `${SERVICE.patientView}/feedback`, { body: { feedback } });
      }),
      { numRuns: RUNS },
    );
  });

  it('answers 401, never 5xx, to any Authorization header', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string(),
          fc.string().map((s) => `Bearer ${s}`),
          fc.base64String().map((s) => `Bearer ${s}.${s}.${s}`),
        ),
        async (authorization) => {
          const response = await noServerError('GET', '/cds-services', {
            token: null,
            headers: { authorization },
          });
          expect([400, 401]).toContain(response.statusCode);
        },
      ),
      { numRuns: RUNS },
    );
  });
});
