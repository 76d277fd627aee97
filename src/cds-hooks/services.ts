/** The discovery document: NeckCheck's two services, their hooks and prefetch templates. */
import type { CdsHook, PrefetchKey } from './constants.js';
import { QUESTIONNAIRE_CANONICAL, SERVICE_IDS } from './constants.js';
import type { ServiceDefinition } from './schemas.js';

/**
 * FHIR searches within the recommended subset of the 2.0 specification (reference and token equality,
 * `_sort`, `_count`), with the only token the hooks allow here, `{{context.patientId}}`.
 */
export const PREFETCH_TEMPLATES: Readonly<Record<PrefetchKey, string>> = {
  patient: 'Patient/{{context.patientId}}',
  screenings:
    `QuestionnaireResponse?patient={{context.patientId}}&questionnaire=${QUESTIONNAIRE_CANONICAL}` +
    '&status=completed,amended&_sort=-authored&_count=5',
  conditions: 'Condition?patient={{context.patientId}}&clinical-status=active,recurrence,relapse',
  medicationRequests: 'MedicationRequest?patient={{context.patientId}}&status=active',
  medicationStatements: 'MedicationStatement?patient={{context.patientId}}&status=active',
};

const USAGE =
  'Sends Patient, active Conditions, active MedicationRequests (required) and MedicationStatements and ' +
  'NeckCheck QuestionnaireResponses (optional) as prefetch; what is not sent is fetched from fhirServer ' +
  'with fhirAuthorization (read access to these resources of the patient). ' +
  'Screenings stored in NeckCheck are found when the clinic has linked the EHR patient to a client.';

export const SERVICES: readonly (ServiceDefinition & { readonly hook: CdsHook })[] = [
  {
    hook: 'patient-view',
    id: SERVICE_IDS['patient-view'],
    title: 'NeckCheck: safety screening before neck massage or manual therapy',
    description:
      'Shows the latest NeckCheck screening (emergency, referral, precautions or proceed), prompts for a ' +
      'screening when none is valid, and flags risk factors in the record (anticoagulants, osteoporosis, ' +
      'inflammatory arthritis, recent stroke or TIA, connective tissue disorders, cancer...).',
    prefetch: PREFETCH_TEMPLATES,
    usageRequirements: USAGE,
  },
  {
    hook: 'appointment-book',
    id: SERVICE_IDS['appointment-book'],
    title: 'NeckCheck: screening check when booking neck massage or manual therapy',
    description:
      'When a proposed appointment is for massage, manual therapy, manipulation, chiropractic or osteopathy ' +
      '(or physiotherapy for the neck), shows the latest valid NeckCheck screening or prompts for one when ' +
      'none is on file, it has expired, or the record shows risk factors the screening does not.',
    prefetch: PREFETCH_TEMPLATES,
    usageRequirements: USAGE,
  },
];

export function serviceById(id: string): (ServiceDefinition & { readonly hook: CdsHook }) | undefined {
  return SERVICES.find((service) => service.id === id);
}
