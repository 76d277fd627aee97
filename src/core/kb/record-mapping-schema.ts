/**
 * The shape of the EHR record mapping (knowledge/ehr/record-mapping.yaml): which codes and words in a
 * patient's record answer which questions, the day and dose thresholds, and the words that recognise a
 * neck treatment in an appointment. The references to questions and options are checked after the merge
 * (record-mapping.ts), where the questionnaire is known.
 */
import Type from 'typebox';

const strict = { additionalProperties: false } as const;

const EntryIdSchema = Type.String({ pattern: '^[a-z][a-z0-9_]*$', maxLength: 64 });
const CitationRefSchema = Type.String({ pattern: '^[a-z][a-z0-9-]*$', maxLength: 64 });

/**
 * Regular expressions matched against a normalised text (lower case, accents removed): `\b` is a word
 * boundary, `.?` an optional character. Each must compile and must not match an empty text.
 */
const WordsSchema = Type.Array(Type.String({ minLength: 1 }), {
  minItems: 1,
  description: 'Patterns matched in lower case without accents; any one is enough',
});

/** Exact SNOMED CT concept ids (no terminology server, so no subsumption). */
const SnomedSchema = Type.Array(Type.String({ pattern: '^\\d{6,18}$' }), { minItems: 1 });
/** ICD-10 and ICD-10-CM code prefixes, upper case, without the dot. */
const Icd10Schema = Type.Array(Type.String({ pattern: '^[A-Z][0-9A-Z]*$', maxLength: 8 }), { minItems: 1 });
/** RxNorm concept ids (ingredients or clinical drugs). */
const RxNormSchema = Type.Array(Type.String({ pattern: '^\\d{1,10}$' }), { minItems: 1 });
/** ATC code prefixes. */
const AtcSchema = Type.Array(Type.String({ pattern: '^[A-Z][0-9A-Z]{0,6}$' }), { minItems: 1 });
/** Codes of HL7's service-type code system (http://terminology.hl7.org/CodeSystem/service-type). */
const ServiceTypeSchema = Type.Array(Type.String({ pattern: '^\\d{1,6}$' }), { minItems: 1 });

/** A positive answer to one question: a multiple-choice option, or "yes" to a yes/no question. */
export const RecordAnswerSchema = Type.Object(
  {
    question: EntryIdSchema,
    /** The option this evidence supports; leave out for a yes/no question (the answer is then "yes"). */
    option: Type.Optional(EntryIdSchema),
  },
  strict,
);

export const DurationSchema = Type.Object(
  { value: Type.Number({ exclusiveMinimum: 0 }), unit: Type.Enum(['days']) },
  strict,
);

export const DoseSchema = Type.Object(
  { value: Type.Number({ exclusiveMinimum: 0 }), unit: Type.Enum(['mg']) },
  strict,
);

export const ConditionMappingSchema = Type.Object(
  {
    id: EntryIdSchema,
    answer: RecordAnswerSchema,
    snomed: Type.Optional(SnomedSchema),
    icd10: Type.Optional(Icd10Schema),
    words: Type.Optional(WordsSchema),
    /** A second answer when the condition began within this time (onset, else the recorded date). */
    recent: Type.Optional(Type.Object({ within: DurationSchema, answer: RecordAnswerSchema }, strict)),
    note: Type.Optional(Type.String()),
  },
  strict,
);

export const MedicationMappingSchema = Type.Object(
  {
    id: EntryIdSchema,
    /** The answer; absent only when `byDose` chooses it. */
    answer: Type.Optional(RecordAnswerSchema),
    rxnorm: Type.Optional(RxNormSchema),
    atc: Type.Optional(AtcSchema),
    words: Type.Optional(WordsSchema),
    /** The answer depends on the dose in milligrams read from the medicine or dosage text. */
    byDose: Type.Optional(
      Type.Object(
        { threshold: DoseSchema, atOrBelow: RecordAnswerSchema, above: RecordAnswerSchema },
        strict,
      ),
    ),
    /** A finding only when taken for at least this long (from the start of the period or the order). */
    takenFor: Type.Optional(DurationSchema),
    /** Not a finding when the medicine or dosage text matches one of these (forms that do not count). */
    unless: Type.Optional(WordsSchema),
    note: Type.Optional(Type.String()),
  },
  strict,
);

export const CodedWordsSchema = Type.Object(
  {
    serviceType: Type.Optional(ServiceTypeSchema),
    snomed: Type.Optional(SnomedSchema),
    words: Type.Optional(WordsSchema),
  },
  strict,
);

export const AppointmentMappingSchema = Type.Object(
  {
    /** Hands-on treatment: always screened (a massage usually includes the neck). */
    handsOn: CodedWordsSchema,
    /** Physiotherapy: screened when the appointment also mentions the neck. */
    physiotherapy: CodedWordsSchema,
    neck: Type.Object({ words: WordsSchema }, strict),
  },
  strict,
);

export const RecordMappingSchema = Type.Object(
  {
    /** Words that turn a match into a non-finding ("no history of", "suspected"); matched as whole words. */
    negations: Type.Array(Type.String({ minLength: 1 }), { minItems: 1 }),
    /** The number question the patient's age (from the full birth date) answers. */
    patient: Type.Optional(Type.Object({ age: RecordAnswerSchema }, strict)),
    conditions: Type.Array(ConditionMappingSchema),
    medications: Type.Array(MedicationMappingSchema),
    appointments: AppointmentMappingSchema,
    /** Where the code lists come from (citation ids). */
    citations: Type.Array(CitationRefSchema),
  },
  strict,
);

export type RecordAnswerEntry = Type.Static<typeof RecordAnswerSchema>;
export type DurationEntry = Type.Static<typeof DurationSchema>;
export type ConditionMappingEntry = Type.Static<typeof ConditionMappingSchema>;
export type MedicationMappingEntry = Type.Static<typeof MedicationMappingSchema>;
export type AppointmentMappingEntry = Type.Static<typeof AppointmentMappingSchema>;
export type RecordMappingEntry = Type.Static<typeof RecordMappingSchema>;
