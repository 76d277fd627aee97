/**
 * The $assess operation as the route implements it (src/server/routes/fhir.ts and src/fhir/assess-input.ts):
 * POST on the Questionnaire instance, a QuestionnaireResponse (the body itself, or the `response` part of
 * Parameters) and an optional `lang`; out, one collection Bundle. It stores nothing.
 */
import type { OperationDefinition } from '@medplum/fhirtypes';
import type { KnowledgeBase } from '../../core/index.js';
import { ASSESS_OPERATION_ID, canonicalOf, QUESTIONNAIRE_URL } from '../constants.js';
import { metadata } from './metadata.js';
import { LANGUAGES_VALUE_SET_ID } from './value-sets.js';

export function assessOperation(kb: KnowledgeBase): OperationDefinition {
  return {
    resourceType: 'OperationDefinition',
    ...metadata(
      kb,
      'OperationDefinition',
      ASSESS_OPERATION_ID,
      'Assess',
      {
        en: 'Assess a NeckCheck questionnaire response',
        fr: 'Évaluer une réponse au questionnaire NeckCheck',
      },
      {
        en: `Screens the answers of a QuestionnaireResponse to ${QUESTIONNAIRE_URL} (the current version, or unversioned) and returns the result; nothing is stored. The body is the QuestionnaireResponse itself, or Parameters with a "response" part and an optional "lang" part. Errors are an OperationOutcome: 400 for a malformed body, 422 for answers that do not fit the questions.`,
        fr: `Évalue les réponses d’un QuestionnaireResponse à ${QUESTIONNAIRE_URL} (la version actuelle, ou sans version) et renvoie le résultat ; rien n’est enregistré. Le corps est le QuestionnaireResponse lui-même, ou des Parameters avec une partie « response » et une partie « lang » facultative. Les erreurs sont un OperationOutcome : 400 pour un corps mal formé, 422 pour des réponses qui ne conviennent pas aux questions.`,
      },
    ),
    kind: 'operation',
    affectsState: false,
    code: 'assess',
    resource: ['Questionnaire'],
    system: false,
    type: false,
    instance: true,
    parameter: [
      {
        name: 'response',
        use: 'in',
        min: 1,
        max: '1',
        type: 'QuestionnaireResponse',
        documentation:
          'The answers. Codings from the NeckCheck answer CodeSystem; HL7 v2-0136 Y/N and SNOMED CT 373066001/373067005 are read as yes/no.',
      },
      {
        name: 'lang',
        use: 'in',
        min: 0,
        max: '1',
        type: 'code',
        documentation:
          'The language of the texts in the result (en or fr); default: the response’s language, else en.',
        binding: { strength: 'required', valueSet: canonicalOf('ValueSet', LANGUAGES_VALUE_SET_ID) },
      },
      {
        name: 'return',
        use: 'out',
        min: 1,
        max: '1',
        type: 'Bundle',
        documentation:
          'A collection Bundle: the QuestionnaireResponse as read, one RiskAssessment (overall disposition and one prediction per technique) and one DetectedIssue per finding or red flag not excluded.',
      },
    ],
  };
}
