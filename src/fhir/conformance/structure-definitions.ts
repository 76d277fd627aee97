/**
 * One StructureDefinition per extension of ours (EXTENSIONS under our base), with the context it is used
 * in, its value type, its binding to our ValueSets and its cardinality, as the resources use it
 * (risk-assessment.ts, detected-issue.ts, overrides.ts, client-resources.ts). Differential only.
 */
import type {
  ElementDefinition,
  ElementDefinitionBinding,
  ElementDefinitionType,
  StructureDefinition,
} from '@medplum/fhirtypes';
import type { KnowledgeBase, LocalizedText } from '../../core/index.js';
import { CANONICAL_BASE, canonicalOf, EXTENSIONS, FHIR_VERSION } from '../constants.js';
import { metadata, pascalName } from './metadata.js';

type ValueType = 'Coding' | 'code' | 'boolean' | 'string' | 'Reference' | 'dateTime';

interface Value {
  readonly type: ValueType;
  /** Our ValueSet bound (required) to a code or Coding. */
  readonly valueSet?: string;
  readonly targetProfile?: string;
}

interface Part extends Value {
  readonly url: string;
  readonly min: 0 | 1;
  readonly short: string;
}

interface ExtensionSpec {
  readonly url: string;
  readonly contexts: readonly string[];
  readonly max: '1' | '*';
  readonly title: LocalizedText;
  readonly description: LocalizedText;
  readonly value?: Value;
  /** A complex extension: its parts, each used at most once. */
  readonly parts?: readonly Part[];
}

const PRACTITIONER = 'http://hl7.org/fhir/StructureDefinition/Practitioner';

const SPECS: readonly ExtensionSpec[] = [
  {
    url: EXTENSIONS.firedRule,
    contexts: ['RiskAssessment'],
    max: '*',
    title: { en: 'Fired rule', fr: 'Règle déclenchée' },
    description: {
      en: 'A rule of the knowledge base that fired in this assessment (the coding’s version is the rule’s).',
      fr: 'Une règle de la base de connaissances déclenchée dans cette évaluation (la version du codage est celle de la règle).',
    },
    value: { type: 'Coding', valueSet: 'rules' },
  },
  {
    url: EXTENSIONS.disposition,
    contexts: ['RiskAssessment', 'DetectedIssue'],
    max: '1',
    title: { en: 'Disposition', fr: 'Orientation' },
    description: {
      en: 'The screening’s overall disposition (on a RiskAssessment), or the disposition a finding leads to.',
      fr: 'L’orientation globale du dépistage (sur un RiskAssessment), ou celle à laquelle mène une constatation.',
    },
    value: { type: 'Coding', valueSet: 'dispositions' },
  },
  {
    url: EXTENSIONS.reviewNeeded,
    contexts: ['RiskAssessment', 'DetectedIssue'],
    max: '1',
    title: { en: 'Clinician review needed', fr: 'Revue par un clinicien nécessaire' },
    description: {
      en: 'Whether a clinician must review the screening before treatment.',
      fr: 'Si un clinicien doit revoir le dépistage avant le traitement.',
    },
    value: { type: 'boolean' },
  },
  {
    url: EXTENSIONS.techniqueDecision,
    contexts: ['RiskAssessment.prediction'],
    max: '1',
    title: { en: 'Technique decision', fr: 'Décision pour la technique' },
    description: {
      en: 'What the screening decided for the technique of this prediction.',
      fr: 'Ce que le dépistage a décidé pour la technique de cette prédiction.',
    },
    value: { type: 'code', valueSet: 'decisions' },
  },
  {
    url: EXTENSIONS.decisionInForce,
    contexts: ['RiskAssessment.prediction'],
    max: '1',
    title: { en: 'Technique decision in force', fr: 'Décision en vigueur pour la technique' },
    description: {
      en: 'The decision that counts after clinicians’ reviews, when a review changed it.',
      fr: 'La décision qui compte après les revues des cliniciens, quand une revue l’a changée.',
    },
    value: { type: 'code', valueSet: 'decisions' },
  },
  {
    url: EXTENSIONS.clinicianOverride,
    contexts: ['RiskAssessment.prediction'],
    max: '1',
    title: { en: 'Clinician override', fr: 'Dérogation d’un clinicien' },
    description: {
      en: 'The clinician’s override in force for this technique: decision, reason, free text, author and time.',
      fr: 'La dérogation du clinicien en vigueur pour cette technique : décision, motif, texte libre, auteur et date.',
    },
    parts: [
      {
        url: 'decision',
        type: 'code',
        valueSet: 'decisions',
        min: 1,
        short: 'The decision the clinician set',
      },
      { url: 'reason', type: 'Coding', valueSet: 'override-reasons', min: 1, short: 'Why' },
      { url: 'reasonText', type: 'string', min: 0, short: 'The clinician’s own words' },
      {
        url: 'author',
        type: 'Reference',
        targetProfile: PRACTITIONER,
        min: 1,
        short: 'Who (a staff identifier)',
      },
      { url: 'time', type: 'dateTime', min: 0, short: 'When' },
    ],
  },
  {
    url: EXTENSIONS.raisedBy,
    contexts: ['RiskAssessment.prediction'],
    max: '1',
    title: { en: 'Decision raised by', fr: 'Décision rendue plus stricte par' },
    description: {
      en: 'The gentler technique whose stricter decision carried up to this one.',
      fr: 'La technique plus douce dont la décision plus stricte s’est reportée sur celle-ci.',
    },
    value: { type: 'Coding', valueSet: 'techniques' },
  },
  {
    url: EXTENSIONS.actionTaken,
    contexts: ['AdverseEvent'],
    max: '1',
    title: { en: 'Action taken', fr: 'Mesures prises' },
    description: {
      en: 'What was done when the adverse event happened, as the therapist wrote it.',
      fr: 'Ce qui a été fait lors de l’événement indésirable, tel que le thérapeute l’a écrit.',
    },
    value: { type: 'string' },
  },
  {
    url: EXTENSIONS.followUp,
    contexts: ['AdverseEvent'],
    max: '1',
    title: { en: 'Follow-up', fr: 'Suivi' },
    description: {
      en: 'The follow-up of the adverse event, as the therapist wrote it.',
      fr: 'Le suivi de l’événement indésirable, tel que le thérapeute l’a écrit.',
    },
    value: { type: 'string' },
  },
];

const typeOf = (v: Value): ElementDefinitionType[] => [
  { code: v.type, ...(v.targetProfile === undefined ? {} : { targetProfile: [v.targetProfile] }) },
];

const bindingOf = (v: Value): { binding?: ElementDefinitionBinding } =>
  v.valueSet === undefined
    ? {}
    : { binding: { strength: 'required', valueSet: canonicalOf('ValueSet', v.valueSet) } };

function partElements(part: Part): ElementDefinition[] {
  const id = `Extension.extension:${part.url}`;
  return [
    {
      id,
      path: 'Extension.extension',
      sliceName: part.url,
      short: part.short,
      min: part.min,
      max: '1',
    },
    { id: `${id}.extension`, path: 'Extension.extension.extension', max: '0' },
    { id: `${id}.url`, path: 'Extension.extension.url', fixedUri: part.url },
    {
      id: `${id}.value[x]`,
      path: 'Extension.extension.value[x]',
      min: 1,
      type: typeOf(part),
      ...bindingOf(part),
    },
  ];
}

function elements(spec: ExtensionSpec): ElementDefinition[] {
  const root: ElementDefinition = {
    id: 'Extension',
    path: 'Extension',
    short: spec.title.en,
    definition: spec.description.en,
    min: 0,
    max: spec.max,
  };
  const url: ElementDefinition = { id: 'Extension.url', path: 'Extension.url', fixedUri: spec.url };
  if (spec.parts !== undefined) {
    return [
      root,
      {
        id: 'Extension.extension',
        path: 'Extension.extension',
        slicing: { discriminator: [{ type: 'value', path: 'url' }], rules: 'closed' },
      },
      ...spec.parts.flatMap(partElements),
      url,
      { id: 'Extension.value[x]', path: 'Extension.value[x]', max: '0' },
    ];
  }
  const value = spec.value ?? { type: 'string' };
  return [
    root,
    { id: 'Extension.extension', path: 'Extension.extension', max: '0' },
    url,
    {
      id: 'Extension.value[x]',
      path: 'Extension.value[x]',
      min: 1,
      type: typeOf(value),
      ...bindingOf(value),
    },
  ];
}

/** The id of an extension's StructureDefinition: the last segment of its canonical URL. */
export const extensionId = (url: string): string =>
  url.slice(`${CANONICAL_BASE}/StructureDefinition/`.length);

export function structureDefinitions(kb: KnowledgeBase): StructureDefinition[] {
  return SPECS.map((spec): StructureDefinition => {
    const id = extensionId(spec.url);
    return {
      resourceType: 'StructureDefinition',
      ...metadata(kb, 'StructureDefinition', id, pascalName(id), spec.title, spec.description),
      fhirVersion: FHIR_VERSION,
      kind: 'complex-type',
      abstract: false,
      context: spec.contexts.map((expression) => ({ type: 'element', expression })),
      type: 'Extension',
      baseDefinition: 'http://hl7.org/fhir/StructureDefinition/Extension',
      derivation: 'constraint',
      differential: { element: elements(spec) },
    };
  });
}

/** Our own extension URLs (the others are HL7's), for the tests and the registry. */
export const OWN_EXTENSIONS: readonly string[] = SPECS.map((s) => s.url);
