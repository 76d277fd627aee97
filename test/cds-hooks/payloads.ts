/**
 * Requests for the CDS tests, built from the CDS Hooks 2.0 specification's example payloads (patient-view
 * "Example CDSRequest"; the appointment-book hook page's context example), plus FHIR R4 resources.
 */
import type {
  Appointment,
  Bundle,
  Condition,
  MedicationRequest,
  MedicationStatement,
  Patient,
  QuestionnaireResponse,
  QuestionnaireResponseItem,
  QuestionnaireResponseItemAnswer,
  Resource,
} from '@medplum/fhirtypes';
import { QUESTIONNAIRE_CANONICAL } from '../../src/cds-hooks/index.js';
import type { Answers, AnswerValue, KnowledgeBase } from '../../src/core/index.js';

/** The specification's patient-view example request, verbatim. */
export const SPEC_PATIENT_VIEW = {
  hookInstance: '23f1a303-991f-4118-86c5-11d99a39222e',
  fhirServer: 'https://fhir.example.org',
  hook: 'patient-view',
  context: { patientId: '1288992', userId: 'Practitioner/example' },
  prefetch: {
    patientToGreet: {
      resourceType: 'Patient',
      gender: 'male',
      birthDate: '1925-12-23',
      id: '1288992',
      active: true,
    },
  },
};

/** The appointment-book hook page's first context example (a plain array of Appointments), verbatim. */
export const SPEC_APPOINTMENTS = [
  {
    resourceType: 'Appointment',
    id: 'apt1',
    status: 'proposed',
    serviceType: [{ coding: [{ code: '183', display: 'Sleep Medicine' }] }],
    appointmentType: {
      coding: [
        {
          system: 'http://hl7.org/fhir/v2/0276',
          code: 'FOLLOWUP',
          display: 'A follow up visit from a previous appointment',
        },
      ],
    },
    reason: { coding: { system: '', code: '1023001', display: 'Apnea' } },
    description: 'CPAP adjustments',
    start: '2019-08-10T09:00:00-06:00',
    end: '2019-08-10T09:10:00:00-06:00',
    created: '2019-08-01',
    participant: [
      {
        actor: { reference: 'Patient/example', display: 'Peter James Chalmers' },
        required: 'required',
        status: 'tentative',
      },
      {
        actor: { reference: 'Practitioner/example', display: 'Dr Adam Careful' },
        required: 'required',
        status: 'accepted',
      },
    ],
  },
];

export const PATIENT_ID = SPEC_PATIENT_VIEW.context.patientId;

export function bundle(...resources: Resource[]): Bundle {
  return { resourceType: 'Bundle', type: 'searchset', entry: resources.map((resource) => ({ resource })) };
}

/** The specification's patient, but 46 on the harness's date (the example's 1925 birth date makes them 100). */
export function patient(id = PATIENT_ID, birthDate = '1980-04-12'): Patient {
  return { ...SPEC_PATIENT_VIEW.prefetch.patientToGreet, id, birthDate } as Patient;
}

export function condition(
  id: string,
  code: { system?: string; code?: string; display?: string; text?: string },
  extra: Partial<Condition> = {},
  patientId = PATIENT_ID,
): Condition {
  const { text, ...coding } = code;
  return {
    resourceType: 'Condition',
    id,
    subject: { reference: `Patient/${patientId}` },
    clinicalStatus: {
      coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'active' }],
    },
    code: {
      ...(Object.keys(coding).length === 0 ? {} : { coding: [coding] }),
      ...(text === undefined ? {} : { text }),
    },
    ...extra,
  };
}

export function medicationRequest(
  id: string,
  code: { system?: string; code?: string; display?: string; text?: string },
  extra: Partial<MedicationRequest> = {},
  patientId = PATIENT_ID,
): MedicationRequest {
  const { text, ...coding } = code;
  return {
    resourceType: 'MedicationRequest',
    id,
    status: 'active',
    intent: 'order',
    subject: { reference: `Patient/${patientId}` },
    ...(Object.keys(code).length === 0
      ? {}
      : {
          medicationCodeableConcept: {
            ...(Object.keys(coding).length === 0 ? {} : { coding: [coding] }),
            ...(text === undefined ? {} : { text }),
          },
        }),
    ...extra,
  };
}

export function medicationStatement(
  id: string,
  text: string,
  extra: Partial<MedicationStatement> = {},
): MedicationStatement {
  return {
    resourceType: 'MedicationStatement',
    id,
    status: 'active',
    subject: { reference: `Patient/${PATIENT_ID}` },
    medicationCodeableConcept: { text },
    ...extra,
  };
}

const ANSWERS = 'https://neckcheck.example/fhir/CodeSystem/answers';

function fhirAnswers(
  kb: KnowledgeBase,
  questionId: string,
  value: AnswerValue,
): QuestionnaireResponseItemAnswer[] {
  const question = kb.index.question.get(questionId);
  const coded = (code: string): QuestionnaireResponseItemAnswer => ({
    valueCoding: { system: ANSWERS, code },
  });
  if (value === 'unknown' && question?.type === 'number')
    return [
      {
        extension: [
          { url: 'http://hl7.org/fhir/StructureDefinition/data-absent-reason', valueCode: 'asked-unknown' },
        ],
      },
    ];
  if (typeof value === 'boolean')
    return question?.allowUnknown === true ? [coded(value ? 'yes' : 'no')] : [{ valueBoolean: value }];
  if (typeof value === 'number')
    return [Number.isInteger(value) ? { valueInteger: value } : { valueDecimal: value }];
  return (typeof value === 'string' ? [value] : value).map(coded);
}

/** Our answers as a QuestionnaireResponse of the NeckCheck Questionnaire, one group per section. */
export function questionnaireResponse(
  kb: KnowledgeBase,
  id: string,
  answers: Answers,
  authored: string,
  patientId = PATIENT_ID,
): QuestionnaireResponse {
  const groups: QuestionnaireResponseItem[] = kb.sections.flatMap((section) => {
    const items = kb.questions
      .filter((q) => q.section === section.id && answers[q.id] !== undefined)
      .map((q) => ({ linkId: q.id, answer: fhirAnswers(kb, q.id, answers[q.id] as AnswerValue) }));
    return items.length === 0 ? [] : [{ linkId: `section-${section.id}`, item: items }];
  });
  return {
    resourceType: 'QuestionnaireResponse',
    id,
    questionnaire: `${QUESTIONNAIRE_CANONICAL}|${kb.meta.version}`,
    status: 'completed',
    subject: { reference: `Patient/${patientId}` },
    authored,
    item: groups,
  };
}

export interface RecordParts {
  readonly patient?: Patient | null;
  readonly conditions?: readonly Resource[];
  readonly medicationRequests?: readonly Resource[];
  readonly medicationStatements?: readonly Resource[];
  readonly screenings?: readonly Resource[];
}

/** Every prefetch key filled, as an EHR does that ran the discovery templates (empty Bundles by default). */
export function prefetchOf(parts: RecordParts = {}, patientId = PATIENT_ID): Record<string, unknown> {
  return {
    patient: parts.patient === undefined ? patient(patientId) : parts.patient,
    conditions: bundle(...(parts.conditions ?? [])),
    medicationRequests: bundle(...(parts.medicationRequests ?? [])),
    medicationStatements: bundle(...(parts.medicationStatements ?? [])),
    screenings: bundle(...(parts.screenings ?? [])),
  };
}

let instance = 0;
const hookInstance = (): string => `23f1a303-991f-4118-86c5-${String(++instance).padStart(12, '0')}`;

/**
 * A patient-view request with this prefetch. Without a fhirServer (the service would fetch what is missing
 * from it): the tests that fetch give their own local one, and no test reaches the network.
 */
export function patientView(prefetch: Record<string, unknown>, patientId = PATIENT_ID) {
  const { fhirServer: _none, ...request } = SPEC_PATIENT_VIEW;
  return {
    ...request,
    hookInstance: hookInstance(),
    context: { ...SPEC_PATIENT_VIEW.context, patientId },
    prefetch,
  };
}

export const neckMassage = (id = 'apt-neck'): Appointment => ({
  resourceType: 'Appointment',
  id,
  status: 'proposed',
  serviceType: [
    {
      coding: [
        {
          system: 'http://terminology.hl7.org/CodeSystem/service-type',
          code: '25',
          display: 'Massage Therapy',
        },
      ],
    },
  ],
  description: 'Neck and shoulder massage',
  participant: [{ actor: { reference: `Patient/${PATIENT_ID}` }, status: 'needs-action' }],
});

export function appointmentBook(
  appointments: unknown,
  prefetch: Record<string, unknown>,
  patientId = PATIENT_ID,
) {
  return {
    hookInstance: hookInstance(),
    hook: 'appointment-book',
    context: { userId: 'PractitionerRole/A2340113', patientId, appointments },
    prefetch,
  };
}

export const SERVICE = {
  patientView: '/cds-services/neckcheck-patient-view',
  appointmentBook: '/cds-services/neckcheck-appointment-book',
} as const;
