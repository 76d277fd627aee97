/** What the FHIR endpoint offers: the Questionnaire, the stateless $assess and a client's $everything. */
import type { CapabilityStatement, CapabilityStatementRestResource } from '@medplum/fhirtypes';
import type { KnowledgeBase } from '../core/index.js';
import { ENGINE_VERSION } from '../core/index.js';
import type { ConformanceType } from './conformance/index.js';
import { CONFORMANCE_TYPES } from './conformance/index.js';
import { ASSESS_OPERATION, CANONICAL_BASE, FHIR_VERSION, QUESTIONNAIRE_URL } from './constants.js';

/** Read by id and search by url and version, public: the definitions our resources refer to. */
function conformanceResource(type: ConformanceType): CapabilityStatementRestResource {
  return {
    type,
    profile: `http://hl7.org/fhir/StructureDefinition/${type}`,
    documentation: `NeckCheck's own ${type} resources (canonical URLs under ${CANONICAL_BASE}), generated from the knowledge base; public and read-only.`,
    interaction: [{ code: 'read' }, { code: 'search-type' }],
    searchParam: [
      {
        name: 'url',
        definition: 'http://hl7.org/fhir/SearchParameter/conformance-url',
        type: 'uri',
        documentation: 'The canonical URL, exactly (url|version also works)',
      },
      {
        name: 'version',
        definition: 'http://hl7.org/fhir/SearchParameter/conformance-version',
        type: 'token',
        documentation: 'The business version (the knowledge base version)',
      },
    ],
  };
}

/** @param baseUrl the FHIR base, e.g. https://clinic.example/fhir */
export function capabilityStatement(baseUrl: string, kb: KnowledgeBase): CapabilityStatement {
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date: kb.meta.released,
    publisher: 'NeckCheck',
    kind: 'instance',
    software: { name: 'NeckCheck', version: ENGINE_VERSION },
    implementation: {
      description: `NeckCheck screening before neck massage and manual therapy (knowledge base ${kb.meta.version}). Not a medical device.`,
      url: baseUrl,
    },
    fhirVersion: FHIR_VERSION,
    format: ['application/fhir+json', 'json'],
    rest: [
      {
        mode: 'server',
        documentation:
          'Questionnaire, $assess and the conformance resources (CodeSystem, ValueSet, OperationDefinition, StructureDefinition) are public and store nothing; Patient/$everything needs a session or an API token with the clients.export permission.',
        security: {
          description:
            'Session cookie or Bearer API token (see the NeckCheck API documentation); no SMART on FHIR.',
        },
        resource: [
          {
            type: 'Questionnaire',
            profile: 'http://hl7.org/fhir/StructureDefinition/Questionnaire',
            documentation: `Only ${QUESTIONNAIRE_URL}, version ${kb.meta.version}; ?lang=en|fr selects the language.`,
            interaction: [{ code: 'read' }],
            operation: [
              {
                name: 'assess',
                definition: ASSESS_OPERATION,
                documentation:
                  'Body: a QuestionnaireResponse, or Parameters with a `response` part (and an optional `lang` code). Returns a Bundle with a RiskAssessment and DetectedIssues; nothing is stored.',
              },
            ],
          },
          ...CONFORMANCE_TYPES.map(conformanceResource),
          {
            type: 'Patient',
            operation: [
              {
                name: 'everything',
                definition: 'http://hl7.org/fhir/OperationDefinition/Patient-everything',
                documentation:
                  "One client's record: Patient, QuestionnaireResponses, RiskAssessments, Consents, Procedures and AdverseEvents.",
              },
            ],
          },
        ],
      },
    ],
  };
}
