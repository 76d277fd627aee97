/**
 * The shape of the standard-terminology bindings (knowledge/terminology.yaml): the LOINC codes of
 * questions, the UCUM unit of number questions, the SNOMED CT (or LOINC answer) codes of answer options and
 * the SNOMED CT codes of techniques. The FHIR adapter adds them beside our own codes, never instead of them.
 * References to questions, options and techniques are checked after the merge (terminology.ts).
 */
import Type from 'typebox';

const strict = { additionalProperties: false } as const;

const EntryIdSchema = Type.String({ pattern: '^[a-z][a-z0-9_]*$', maxLength: 64 });
const CitationRefSchema = Type.String({ pattern: '^[a-z][a-z0-9-]*$', maxLength: 64 });
/** The code system's own display (its preferred term), in English as the code system publishes it. */
const DisplaySchema = Type.String({ minLength: 1, maxLength: 200 });
const NoteSchema = Type.String({ minLength: 1 });

/** A LOINC term (question) code: digits, a hyphen and the check digit. */
export const LoincSchema = Type.Object(
  { code: Type.String({ pattern: '^\\d{1,7}-\\d$' }), display: DisplaySchema },
  strict,
);
/** A LOINC answer code (LA…). */
export const LoincAnswerSchema = Type.Object(
  { code: Type.String({ pattern: '^LA\\d{1,8}-\\d$' }), display: DisplaySchema },
  strict,
);
/** A SNOMED CT concept id. */
export const SnomedSchema = Type.Object(
  { code: Type.String({ pattern: '^\\d{6,18}$' }), display: DisplaySchema },
  strict,
);
/** A UCUM unit code (case-sensitive, e.g. `a` for years). */
export const UcumSchema = Type.Object(
  { code: Type.String({ pattern: '^[!-~]{1,40}$' }), display: DisplaySchema },
  strict,
);

export const QuestionTermSchema = Type.Object(
  {
    question: EntryIdSchema,
    loinc: Type.Optional(LoincSchema),
    /** Only on a number question: the unit its answer is given in. */
    ucum: Type.Optional(UcumSchema),
    note: Type.Optional(NoteSchema),
  },
  strict,
);

export const OptionTermSchema = Type.Object(
  {
    question: EntryIdSchema,
    option: EntryIdSchema,
    snomed: Type.Optional(SnomedSchema),
    loinc: Type.Optional(LoincAnswerSchema),
    note: Type.Optional(NoteSchema),
  },
  strict,
);

export const TechniqueTermSchema = Type.Object(
  { technique: EntryIdSchema, snomed: SnomedSchema, note: Type.Optional(NoteSchema) },
  strict,
);

export const TerminologySchema = Type.Object(
  {
    /** Where the codes were checked (citation ids). */
    citations: Type.Array(CitationRefSchema, { minItems: 1 }),
    questions: Type.Array(QuestionTermSchema),
    options: Type.Array(OptionTermSchema),
    techniques: Type.Array(TechniqueTermSchema),
  },
  strict,
);

export type QuestionTermEntry = Type.Static<typeof QuestionTermSchema>;
export type OptionTermEntry = Type.Static<typeof OptionTermSchema>;
export type TechniqueTermEntry = Type.Static<typeof TechniqueTermSchema>;
export type TerminologyEntry = Type.Static<typeof TerminologySchema>;
