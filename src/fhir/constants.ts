/** The canonical URLs, code systems and extensions NeckCheck's FHIR R4 resources use, in one place. */

const BASE = 'https://neckcheck.example/fhir';

/** The FHIR version every resource and the CapabilityStatement conform to. */
export const FHIR_VERSION = '4.0.1';

export const QUESTIONNAIRE_ID = 'neckcheck';
export const QUESTIONNAIRE_URL = `${BASE}/Questionnaire/${QUESTIONNAIRE_ID}`;

/** Our own code systems: answer option ids, rules, techniques, dispositions and so on. */
export const SYSTEMS = {
  answers: `${BASE}/CodeSystem/answers`,
  questions: `${BASE}/CodeSystem/questions`,
  rules: `${BASE}/CodeSystem/rules`,
  techniques: `${BASE}/CodeSystem/techniques`,
  dispositions: `${BASE}/CodeSystem/dispositions`,
  decisions: `${BASE}/CodeSystem/decisions`,
  knowledgeBase: `${BASE}/CodeSystem/knowledge-base`,
  answerIssues: `${BASE}/CodeSystem/answer-issues`,
  overrideReasons: `${BASE}/CodeSystem/override-reasons`,
  treatments: `${BASE}/NamingSystem/treatments`,
  staff: `${BASE}/NamingSystem/staff`,
  riskProbability: 'http://terminology.hl7.org/CodeSystem/risk-probability',
  consentScope: 'http://terminology.hl7.org/CodeSystem/consentscope',
  consentCategory: 'http://loinc.org',
  aeSeriousness: 'http://terminology.hl7.org/CodeSystem/adverse-event-seriousness',
  aeSeverity: 'http://terminology.hl7.org/CodeSystem/adverse-event-severity',
  aeOutcome: 'http://terminology.hl7.org/CodeSystem/adverse-event-outcome',
  dataAbsentReason: 'http://terminology.hl7.org/CodeSystem/data-absent-reason',
  itemControl: 'http://hl7.org/fhir/questionnaire-item-control',
  loinc: 'http://loinc.org',
  snomed: 'http://snomed.info/sct',
  ucum: 'http://unitsofmeasure.org',
  languages: 'urn:ietf:bcp:47',
  uri: 'urn:ietf:rfc:3986',
} as const;

/** Core R4 extensions (present in the R4 extension definitions) and our own. */
export const EXTENSIONS = {
  itemControl: 'http://hl7.org/fhir/StructureDefinition/questionnaire-itemControl',
  optionExclusive: 'http://hl7.org/fhir/StructureDefinition/questionnaire-optionExclusive',
  minValue: 'http://hl7.org/fhir/StructureDefinition/minValue',
  maxValue: 'http://hl7.org/fhir/StructureDefinition/maxValue',
  unit: 'http://hl7.org/fhir/StructureDefinition/questionnaire-unit',
  translation: 'http://hl7.org/fhir/StructureDefinition/translation',
  dataAbsentReason: 'http://hl7.org/fhir/StructureDefinition/data-absent-reason',
  enableWhenExpression:
    'http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-enableWhenExpression',
  firedRule: `${BASE}/StructureDefinition/fired-rule`,
  disposition: `${BASE}/StructureDefinition/disposition`,
  reviewNeeded: `${BASE}/StructureDefinition/review-needed`,
  techniqueDecision: `${BASE}/StructureDefinition/technique-decision`,
  /** On a technique's prediction: the decision that counts after clinicians' reviews. */
  decisionInForce: `${BASE}/StructureDefinition/technique-decision-in-force`,
  /** On a technique's prediction: the override in force (decision, reason, reasonText, author, time). */
  clinicianOverride: `${BASE}/StructureDefinition/clinician-override`,
  /** On a technique's prediction: the gentler technique whose stricter decision carried up to it. */
  raisedBy: `${BASE}/StructureDefinition/decision-raised-by`,
  actionTaken: `${BASE}/StructureDefinition/adverse-event-action-taken`,
  followUp: `${BASE}/StructureDefinition/adverse-event-follow-up`,
} as const;

/** The answer code for "I don't know", and the codes of yes/no questions. */
export const UNKNOWN_CODE = 'unknown';
export const YES_CODE = 'yes';
export const NO_CODE = 'no';

/** The $assess operation, as named in the CapabilityStatement. */
export const ASSESS_OPERATION_ID = 'Questionnaire-assess';
export const ASSESS_OPERATION = `${BASE}/OperationDefinition/${ASSESS_OPERATION_ID}`;

/** The canonical base: an identifier of our definitions, each also served under the server's own base. */
export const CANONICAL_BASE = BASE;

/** The canonical URL of one of our conformance resources. */
export const canonicalOf = (type: string, id: string): string => `${BASE}/${type}/${id}`;
