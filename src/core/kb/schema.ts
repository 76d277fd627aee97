/**
 * The shape of the knowledge-base YAML files, as JSON Schema with static types (TypeBox).
 *
 * Every file under knowledge/ is a map whose top-level keys are the collections below; the loader merges
 * the collections of all files. Conditions (`when`, `enableWhen`) are checked by the condition parser,
 * which gives clinicians better messages than a generic schema error would.
 */
import Type from 'typebox';
import { CERTAINTIES, DECISIONS, EVIDENCE_TAGS, URGENCIES } from '../levels.js';
import { RecordMappingSchema } from './record-mapping-schema.js';
import { TerminologySchema } from './terminology-schema.js';

/** A rule sets one of these floors; `incomplete` only ever comes from unanswered red flags. */
export const RULE_DISPOSITIONS = ['proceed', 'precautions', 'refer', 'emergency'] as const;

const strict = { additionalProperties: false } as const;

export const TextSchema = Type.Object(
  { en: Type.String({ minLength: 1 }), fr: Type.String({ minLength: 1 }) },
  { ...strict, description: 'A text in English and French' },
);

/** Identifiers of knowledge-base entries (questions, options, techniques...). */
export const IdSchema = Type.String({ pattern: '^[a-z][a-z0-9_]*$', maxLength: 64 });
/** Rule identifiers follow the evidence brief's trigger ids: E1, R6-GCA, P4, STD-ANTERIOR-NECK. */
export const RuleIdSchema = Type.String({ pattern: '^[A-Z][A-Z0-9]*(-[A-Z0-9]+)*$', maxLength: 40 });
/** Citation identifiers: first author, year and an optional suffix: rushton-2023, chu-2023-sci-rep. */
export const CitationIdSchema = Type.String({ pattern: '^[a-z][a-z0-9-]*$', maxLength: 64 });

export const MetaSchema = Type.Object(
  {
    id: IdSchema,
    version: Type.String({
      pattern: '^\\d+\\.\\d+\\.\\d+$',
      description: 'Semantic version of the knowledge base',
    }),
    title: TextSchema,
    released: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }),
    status: Type.Enum(['draft', 'reviewed']),
    disclaimer: TextSchema,
  },
  strict,
);

export const SectionSchema = Type.Object(
  { id: IdSchema, title: TextSchema, intro: Type.Optional(TextSchema) },
  strict,
);

export const OptionSchema = Type.Object(
  {
    id: IdSchema,
    text: TextSchema,
    /** An option that cannot be combined with others in a multiple-choice answer ("none of these"). */
    exclusive: Type.Optional(Type.Boolean()),
  },
  strict,
);

export const QuestionSchema = Type.Object(
  {
    id: IdSchema,
    section: IdSchema,
    type: Type.Enum(['boolean', 'choice', 'multi', 'number']),
    audience: Type.Enum(['client', 'clinician']),
    text: TextSchema,
    clinicianLabel: TextSchema,
    help: Type.Optional(TextSchema),
    options: Type.Optional(Type.Array(OptionSchema, { minItems: 2 })),
    min: Type.Optional(Type.Number()),
    max: Type.Optional(Type.Number()),
    unit: Type.Optional(TextSchema),
    /** Whether "I don't know" is offered. Required on every clinical question a red-flag rule reads. */
    allowUnknown: Type.Boolean(),
    /** A question about the screening itself (who answers, at which moment), set by the interface. */
    context: Type.Optional(Type.Boolean()),
    /** The question is asked only when this condition holds (a single comparison, or all/any of them). */
    enableWhen: Type.Optional(Type.Unknown()),
    /** For the property tests and the interfaces: which answer raises concern. */
    risk: Type.Optional(
      Type.Object(
        {
          direction: Type.Enum(['yes', 'no', 'options', 'higher', 'none']),
          options: Type.Optional(Type.Array(IdSchema)),
        },
        strict,
      ),
    ),
  },
  strict,
);

export const TechniqueSchema = Type.Object(
  {
    id: IdSchema,
    force: Type.Integer({
      minimum: 1,
      maximum: 20,
      description: '1 = gentlest; strictly increasing with force',
    }),
    name: TextSchema,
    description: TextSchema,
    examples: Type.Optional(TextSchema),
    /** What the client reads on the technique's information sheet: a plain name and what happens. */
    client: Type.Object({ name: TextSchema, description: TextSchema }, strict),
    benefits: Type.Array(IdSchema, {
      description: 'Indications (benefits, and claims without evidence) for the information sheet',
    }),
    risks: Type.Array(IdSchema, { description: 'Complications relevant to consent for this technique' }),
    citations: Type.Array(CitationIdSchema),
  },
  strict,
);

export const SiteSchema = Type.Object(
  { id: IdSchema, name: TextSchema, description: TextSchema, citations: Type.Array(CitationIdSchema) },
  strict,
);

export const ProfessionSchema = Type.Object(
  {
    id: IdSchema,
    name: TextSchema,
    training: TextSchema,
    scope: Type.Array(IdSchema, { description: 'Techniques usually within scope' }),
    scopeNote: TextSchema,
    regulated: Type.Enum(['regulated', 'varies', 'unregulated']),
    evidence: Type.Enum(EVIDENCE_TAGS),
    citations: Type.Array(CitationIdSchema),
  },
  strict,
);

export const PrecautionSchema = Type.Object(
  {
    id: IdSchema,
    text: TextSchema,
    site: Type.Optional(IdSchema),
    /** Standard care that applies to everyone; interfaces may list it apart from case-specific precautions. */
    standard: Type.Optional(Type.Boolean()),
  },
  strict,
);

export const ReferralTargetSchema = Type.Object({ id: IdSchema, name: TextSchema }, strict);

/**
 * How likely a harm is, in the client's words: `common` and `very_rare` rest on a measured figure;
 * `unknown` means case reports only (no rate); `not_reported` means no case after treatment was found.
 */
export const LIKELIHOODS = ['common', 'rare', 'very_rare', 'unknown', 'not_reported'] as const;
export type Likelihood = (typeof LIKELIHOODS)[number];

/** A harm in the client's words, for information sheets and consent; the cited figures stay in `incidence`. */
export const ComplicationClientSchema = Type.Object(
  {
    name: TextSchema,
    likelihood: Type.Enum(LIKELIHOODS),
    /** A short phrase for the consent text: how often, in words and as a natural frequency ("about 1 in 10"). */
    chance: TextSchema,
    /** A few short sentences for the information sheet, with only the figures `incidence` cites. */
    frequency: TextSchema,
  },
  strict,
);

export const ComplicationSchema = Type.Object(
  {
    id: IdSchema,
    name: TextSchema,
    description: TextSchema,
    severity: Type.Enum(['minor', 'moderate', 'serious']),
    incidence: TextSchema,
    client: ComplicationClientSchema,
    evidence: Type.Enum(EVIDENCE_TAGS),
    /** Whether the seed article lists this danger, and how well the evidence supports the article's claim. */
    seedClaim: Type.Optional(
      Type.Object(
        {
          verdict: Type.Enum(['supported', 'partly_supported', 'unsupported', 'miscategorised']),
          note: TextSchema,
        },
        strict,
      ),
    ),
    citations: Type.Array(CitationIdSchema),
  },
  strict,
);

export const IndicationSchema = Type.Object(
  {
    id: IdSchema,
    intervention: TextSchema,
    condition: TextSchema,
    certainty: Type.Enum(CERTAINTIES),
    summary: TextSchema,
    /** The benefit and its certainty in plain words for the client ("may help a little for a short time"). */
    clientSummary: TextSchema,
    seedClaim: Type.Optional(TextSchema),
    evidence: Type.Enum(EVIDENCE_TAGS),
    citations: Type.Array(CitationIdSchema),
  },
  strict,
);

export const AlternativeSchema = Type.Object(
  {
    id: IdSchema,
    name: TextSchema,
    description: TextSchema,
    certainty: Type.Enum(CERTAINTIES),
    evidenceSummary: TextSchema,
    /** Treatment goals (options of the `treatment_goal` question) this alternative is suggested for. */
    suggestedFor: Type.Array(IdSchema),
    fromSeed: Type.Boolean(),
    evidence: Type.Enum(EVIDENCE_TAGS),
    citations: Type.Array(CitationIdSchema),
  },
  strict,
);

export const CitationSchema = Type.Object(
  {
    id: CitationIdSchema,
    authors: Type.String({ minLength: 1 }),
    year: Type.Integer({ minimum: 1900, maximum: 2100 }),
    title: Type.String({ minLength: 1 }),
    source: Type.String({ minLength: 1, description: 'Journal (volume:pages), publisher or website' }),
    doi: Type.Optional(Type.String({ pattern: '^10\\.\\d{4,9}/\\S+$' })),
    pmid: Type.Optional(Type.String({ pattern: '^\\d{5,9}$' })),
    url: Type.Optional(Type.String({ pattern: '^https://' })),
    isbn: Type.Optional(Type.String()),
    verification: Type.Enum(EVIDENCE_TAGS),
    note: Type.Optional(Type.String()),
  },
  strict,
);

export const VectorSchema = Type.Object(
  {
    name: Type.String({ minLength: 1 }),
    answers: Type.Record(Type.String(), Type.Unknown()),
    expect: Type.Union([Type.Boolean(), Type.Literal('unknown')]),
  },
  strict,
);

export const TechniqueDecisionsSchema = Type.Record(IdSchema, Type.Enum(DECISIONS));

export const RuleSchema = Type.Object(
  {
    id: RuleIdSchema,
    version: Type.Integer({ minimum: 1 }),
    title: TextSchema,
    /** Trigger ids of the evidence brief (sections 2.1–2.3) this rule implements. */
    covers: Type.Array(Type.String({ pattern: '^[A-Z]+[0-9]*$' })),
    disposition: Type.Enum(RULE_DISPOSITIONS),
    when: Type.Unknown(),
    /** What an unknown condition means: `review` (red flag could not be excluded) or `apply` (act as if true). */
    onUnknown: Type.Enum(['review', 'apply']),
    techniques: Type.Optional(TechniqueDecisionsSchema),
    precautions: Type.Optional(Type.Array(IdSchema)),
    referral: Type.Optional(Type.Object({ to: IdSchema, urgency: Type.Enum(URGENCIES) }, strict)),
    alternatives: Type.Optional(Type.Array(IdSchema)),
    complications: Type.Optional(Type.Array(IdSchema)),
    evidence: Type.Enum(EVIDENCE_TAGS),
    citations: Type.Array(CitationIdSchema, { minItems: 1 }),
    /**
     * A validated instrument (decision rule or score) this rule applies as published: its name, the
     * published accuracy in words, and the citation that reports it (one of `citations`).
     */
    instrument: Type.Optional(
      Type.Object(
        {
          name: TextSchema,
          accuracy: TextSchema,
          source: CitationIdSchema,
        },
        strict,
      ),
    ),
    /** The guidelines (citation ids) that endorse this red flag; absent when none was checked. */
    endorsedBy: Type.Optional(Type.Array(CitationIdSchema)),
    rationale: Type.String({ minLength: 1 }),
    notes: Type.Optional(Type.String()),
    review: Type.Object(
      {
        status: Type.Enum(['draft', 'needs_clinical_review', 'reviewed']),
        author: Type.String(),
        reviewer: Type.Optional(Type.String()),
        date: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' })),
      },
      strict,
    ),
    /**
     * What changed in each version after the first, newest last: required for every version above 1, so a
     * reviewer sees why a rule's version moved (loading checks it).
     */
    changelog: Type.Optional(
      Type.Array(
        Type.Object(
          {
            version: Type.Integer({ minimum: 2 }),
            kb: Type.String({ pattern: '^\\d+\\.\\d+\\.\\d+$' }),
            change: Type.String({ minLength: 10 }),
          },
          strict,
        ),
      ),
    ),
    /** Clinical reviews of the rule's content, each of one version; a version is reviewed once approved. */
    reviews: Type.Optional(
      Type.Array(
        Type.Object(
          {
            version: Type.Integer({ minimum: 1 }),
            reviewer: Type.String({ minLength: 1 }),
            profession: Type.String({ minLength: 1 }),
            date: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }),
            verdict: Type.Enum(['approved', 'changes_requested']),
            comment: Type.Optional(Type.String()),
          },
          strict,
        ),
      ),
    ),
    client: TextSchema,
    clinician: TextSchema,
    vectors: Type.Array(VectorSchema, { minItems: 1 }),
  },
  strict,
);

export const KbFileSchema = Type.Object(
  {
    meta: Type.Optional(MetaSchema),
    sections: Type.Optional(Type.Array(SectionSchema)),
    questions: Type.Optional(Type.Array(QuestionSchema)),
    rules: Type.Optional(Type.Array(RuleSchema)),
    techniques: Type.Optional(Type.Array(TechniqueSchema)),
    sites: Type.Optional(Type.Array(SiteSchema)),
    professions: Type.Optional(Type.Array(ProfessionSchema)),
    precautions: Type.Optional(Type.Array(PrecautionSchema)),
    referralTargets: Type.Optional(Type.Array(ReferralTargetSchema)),
    complications: Type.Optional(Type.Array(ComplicationSchema)),
    indications: Type.Optional(Type.Array(IndicationSchema)),
    alternatives: Type.Optional(Type.Array(AlternativeSchema)),
    citations: Type.Optional(Type.Array(CitationSchema)),
    /** Which codes and words in an EHR record answer which questions (knowledge/ehr/record-mapping.yaml). */
    recordMapping: Type.Optional(RecordMappingSchema),
    /** LOINC, SNOMED CT and UCUM codes of questions, options and techniques (knowledge/terminology.yaml). */
    terminology: Type.Optional(TerminologySchema),
  },
  strict,
);

export type KbFile = Type.Static<typeof KbFileSchema>;
export type MetaEntry = Type.Static<typeof MetaSchema>;
export type SectionEntry = Type.Static<typeof SectionSchema>;
export type QuestionEntry = Type.Static<typeof QuestionSchema>;
export type OptionEntry = Type.Static<typeof OptionSchema>;
export type RuleEntry = Type.Static<typeof RuleSchema>;
export type TechniqueEntry = Type.Static<typeof TechniqueSchema>;
export type SiteEntry = Type.Static<typeof SiteSchema>;
export type ProfessionEntry = Type.Static<typeof ProfessionSchema>;
export type PrecautionEntry = Type.Static<typeof PrecautionSchema>;
export type ReferralTargetEntry = Type.Static<typeof ReferralTargetSchema>;
export type ComplicationClient = Type.Static<typeof ComplicationClientSchema>;
export type ComplicationEntry = Type.Static<typeof ComplicationSchema>;
export type IndicationEntry = Type.Static<typeof IndicationSchema>;
export type AlternativeEntry = Type.Static<typeof AlternativeSchema>;
export type CitationEntry = Type.Static<typeof CitationSchema>;
export type VectorEntry = Type.Static<typeof VectorSchema>;
