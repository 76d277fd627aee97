/**
 * NeckCheck in HL7 FHIR R4: the knowledge base as a Questionnaire, responses back to answers, assessments as
 * RiskAssessment and DetectedIssue bundles, a client's record as a Bundle. Pure: it imports only the core
 * and FHIR types, performs no I/O and reads no clock, so it runs in Node, in a browser or in a worker.
 */
export type { AssessInput } from './assess-input.js';
export { assessInput } from './assess-input.js';
export type { AssessmentBundleOptions } from './assessment-bundle.js';
export { assessmentBundle } from './assessment-bundle.js';
export { capabilityStatement } from './capability.js';
export type { ClientBundleOptions, ClientRecordSet, ScreeningRecord } from './client-bundle.js';
export { clientBundle } from './client-bundle.js';
export type { AdverseEventRecord, ClientRecord, ConsentRecord, TreatmentRecord } from './client-resources.js';
export {
  ASSESS_OPERATION,
  CANONICAL_BASE,
  canonicalOf,
  EXTENSIONS,
  FHIR_VERSION,
  QUESTIONNAIRE_ID,
  QUESTIONNAIRE_URL,
  SYSTEMS,
  UNKNOWN_CODE,
} from './constants.js';
export type { IdSource } from './ids.js';
export { seededIds } from './ids.js';
export { answerIssue, issue, operationOutcome, statusForIssues } from './outcome.js';
export type { EffectiveDecision, OverrideRecord, ReviewContext, StaffRef } from './overrides.js';
export { isChanged } from './overrides.js';
export { toQuestionnaire } from './questionnaire.js';
export type { ExpectedQuestionnaire } from './read-response.js';
export { answersFromResponse, decodeAnswer } from './read-response.js';
export type { ResponseOptions } from './response.js';
export { responseFromAnswers } from './response.js';
