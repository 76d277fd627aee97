/**
 * `answersFromRecord`: what the EHR record already says about the screening's questions, as answers, each
 * with where it came from. Which codes and words answer what, and the day and dose thresholds, are the
 * knowledge base's record mapping (knowledge/ehr/record-mapping.yaml, checked against the questionnaire
 * when it loads). Only positive findings are mapped (the record's silence is not a "no"). The reference
 * date is passed in: nothing here reads a clock.
 */
import type {
  Answers,
  AnswerValue,
  DurationEntry,
  KnowledgeBase,
  MedicationMapping,
  RecordAnswerEntry,
  RecordMapping,
} from '../core/index.js';
import type { JsonObject } from './fhir-json.js';
import { codingsOf, instantOf, isObject, labelOf, objects, sourceOf, text } from './fhir-json.js';
import { type PrefetchedRecord, readPrefetch } from './prefetch.js';
import { matches, wordsOf } from './record-match.js';

export interface Provenance {
  readonly questionId: string;
  /** For a multiple-choice question, the option this resource supports. */
  readonly optionId?: string;
  /** `Condition/123`, `MedicationRequest/9`, `Patient/1`. */
  readonly source: string;
  /** What the record calls it (its text or display), as sent; escape before showing. */
  readonly display: string;
}

export interface RecordAnswers {
  readonly answers: Answers;
  readonly provenance: readonly Provenance[];
}

export interface RecordOptions {
  /** ISO 8601 date or timestamp the age and "recent" are computed at. */
  readonly referenceDate: string;
}

const DAY = 86_400_000;
const millis = (duration: DurationEntry): number => duration.value * DAY;
const IGNORED_CONDITION = new Set(['refuted', 'entered-in-error']);
const IGNORED_MEDICATION = new Set([
  'entered-in-error',
  'cancelled',
  'stopped',
  'completed',
  'not-taken',
  'draft',
]);

class Findings {
  private readonly found: Provenance[] = [];
  add(answer: RecordAnswerEntry, resource: JsonObject, display: string | undefined): void {
    this.found.push({
      questionId: answer.question,
      ...(answer.option === undefined ? {} : { optionId: answer.option }),
      source: sourceOf(resource),
      display: display ?? sourceOf(resource),
    });
  }
  get all(): readonly Provenance[] {
    return this.found;
  }
}

function onsetOf(condition: JsonObject): number | undefined {
  return (
    instantOf(condition.onsetDateTime) ??
    (isObject(condition.onsetPeriod) ? instantOf(condition.onsetPeriod.start) : undefined) ??
    instantOf(condition.recordedDate)
  );
}

function conditionFindings(
  mapping: RecordMapping,
  record: PrefetchedRecord,
  now: number,
  findings: Findings,
): void {
  for (const condition of record.conditions) {
    const status = codingsOf(condition.verificationStatus).map((c) => c.code);
    if (status.some((code) => code !== undefined && IGNORED_CONDITION.has(code))) continue;
    const words = wordsOf(mapping, condition.code);
    const label = labelOf(condition.code);
    for (const entry of mapping.conditions) {
      if (!matches(entry, condition.code, words)) continue;
      findings.add(entry.answer, condition, label);
      if (entry.recent !== undefined) {
        const onset = onsetOf(condition);
        if (onset !== undefined && onset <= now && now - onset <= millis(entry.recent.within))
          findings.add(entry.recent.answer, condition, label);
      }
    }
  }
}

/** The medicine's concept: its code, or the included Medication it references, or the reference's display. */
function medicineOf(resource: JsonObject, record: PrefetchedRecord): unknown {
  if (resource.medicationCodeableConcept !== undefined) return resource.medicationCodeableConcept;
  const reference = isObject(resource.medicationReference) ? resource.medicationReference : undefined;
  const included = record.medications.get(text(reference?.reference) ?? '');
  if (included !== undefined) return included.code;
  return reference === undefined ? undefined : { text: text(reference.display) };
}

function dosageTexts(resource: JsonObject): string[] {
  return [...objects(resource.dosageInstruction), ...objects(resource.dosage)].flatMap((d) => {
    const own = text(d.text);
    return own === undefined ? [] : [own];
  });
}

function startOf(resource: JsonObject): number | undefined {
  const period = isObject(resource.effectivePeriod) ? resource.effectivePeriod : undefined;
  return (
    instantOf(period?.start) ??
    instantOf(resource.effectiveDateTime) ??
    instantOf(resource.authoredOn) ??
    instantOf(resource.dateAsserted)
  );
}

/** Milligrams in a text such as "aspirin 81 MG Oral Tablet" or "75 mg une fois par jour". */
function milligrams(words: readonly string[]): number | undefined {
  for (const w of words) {
    const match = /(\d+(?:[.,]\d+)?)\s*mg\b/.exec(w);
    if (match?.[1] !== undefined) return Number(match[1].replace(',', '.'));
  }
  return undefined;
}

/** The answer a matching medicine gives, or none when its form, duration or dose rules it out. */
function medicationAnswer(
  entry: MedicationMapping,
  words: readonly string[],
  start: number | undefined,
  now: number,
): RecordAnswerEntry | undefined {
  if (entry.unless !== undefined && words.some((w) => entry.unless?.pattern.test(w) === true))
    return undefined;
  if (entry.takenFor !== undefined && !(start !== undefined && now - start >= millis(entry.takenFor)))
    return undefined;
  if (entry.byDose === undefined) return entry.answer;
  const mg = milligrams(words);
  if (mg === undefined) return undefined;
  return mg <= entry.byDose.threshold.value ? entry.byDose.atOrBelow : entry.byDose.above;
}

function medicationFindings(
  mapping: RecordMapping,
  record: PrefetchedRecord,
  now: number,
  findings: Findings,
): void {
  for (const resource of [...record.medicationRequests, ...record.medicationStatements]) {
    const status = text(resource.status);
    if (status !== undefined && IGNORED_MEDICATION.has(status)) continue;
    const concept = medicineOf(resource, record);
    const words = wordsOf(mapping, concept, dosageTexts(resource));
    const label = labelOf(concept);
    const start = startOf(resource);
    for (const entry of mapping.medications) {
      if (!matches(entry, concept, words)) continue;
      const answer = medicationAnswer(entry, words, start, now);
      if (answer !== undefined) findings.add(answer, resource, label);
    }
  }
}

/** Whole years between a full birth date (YYYY-MM-DD) and the reference date; partial dates give none. */
export function ageAt(birthDate: string, referenceDate: string): number | undefined {
  const birth = /^(\d{4})-(\d{2})-(\d{2})$/.exec(birthDate);
  const ref = /^(\d{4})-(\d{2})-(\d{2})/.exec(referenceDate);
  if (birth === null || ref === null) return undefined;
  const [by, bm, bd] = birth.slice(1).map(Number) as [number, number, number];
  const [ry, rm, rd] = ref.slice(1).map(Number) as [number, number, number];
  const age = ry - by - (rm < bm || (rm === bm && rd < bd) ? 1 : 0);
  return age >= 0 ? age : undefined;
}

function ageFinding(
  kb: KnowledgeBase,
  record: PrefetchedRecord,
  referenceDate: string,
): Provenance | undefined {
  const questionId = kb.recordMapping.patient.age?.question;
  const question = questionId === undefined ? undefined : kb.index.question.get(questionId);
  const birthDate = text(record.patient?.birthDate);
  if (
    question === undefined ||
    question.type !== 'number' ||
    record.patient === undefined ||
    birthDate === undefined
  )
    return undefined;
  if (record.patient.deceasedBoolean === true || record.patient.deceasedDateTime !== undefined)
    return undefined;
  const age = ageAt(birthDate, referenceDate);
  if (
    age === undefined ||
    (question.min !== undefined && age < question.min) ||
    (question.max !== undefined && age > question.max)
  )
    return undefined;
  return { questionId: question.id, source: sourceOf(record.patient), display: `${birthDate} (${age})` };
}

/**
 * Builds the answers from the findings, in the questionnaire's order (the mapping's references were
 * checked when the knowledge base loaded). A single-choice question is answered only when every finding
 * names the same option: conflicting evidence is left for the person to answer.
 */
function toAnswers(
  kb: KnowledgeBase,
  provenance: readonly Provenance[],
  age: number | undefined,
): RecordAnswers {
  const answers: Record<string, AnswerValue> = {};
  const kept: Provenance[] = [];
  for (const question of kb.questions) {
    const mine = provenance.filter((p) => p.questionId === question.id);
    if (mine.length === 0) continue;
    if (question.type === 'multi') {
      const options = (question.options ?? [])
        .filter((o) => mine.some((p) => p.optionId === o.id))
        .map((o) => o.id);
      if (options.length === 0) continue;
      answers[question.id] = options;
      kept.push(...mine.filter((p) => p.optionId !== undefined && options.includes(p.optionId)));
    } else if (question.type === 'choice') {
      const options = new Set(mine.map((p) => p.optionId));
      const [option] = options;
      if (options.size !== 1 || !question.options?.some((o) => o.id === option) || option === undefined)
        continue;
      answers[question.id] = option;
      kept.push(...mine);
    } else if (question.type === 'boolean') {
      answers[question.id] = true;
      kept.push(...mine);
    } else if (question.type === 'number' && age !== undefined) {
      answers[question.id] = age;
      kept.push(...mine);
    }
  }
  return { answers, provenance: kept };
}

export function answersFromPrefetched(
  kb: KnowledgeBase,
  record: PrefetchedRecord,
  { referenceDate }: RecordOptions,
): RecordAnswers {
  const now = instantOf(referenceDate) ?? Number.NaN;
  const findings = new Findings();
  conditionFindings(kb.recordMapping, record, now, findings);
  medicationFindings(kb.recordMapping, record, now, findings);
  const age = ageFinding(kb, record, referenceDate);
  const ageValue =
    age === undefined ? undefined : ageAt(text(record.patient?.birthDate) ?? '', referenceDate);
  return toAnswers(kb, age === undefined ? findings.all : [...findings.all, age], ageValue);
}

/**
 * Maps what the record knows (prefetched Patient, Conditions, MedicationRequests, MedicationStatements)
 * into answers: `{answers, provenance: [{questionId, source: 'Condition/123', display}]}`.
 */
export function answersFromRecord(
  kb: KnowledgeBase,
  prefetch: unknown,
  options: RecordOptions & { readonly patientId: string },
): RecordAnswers {
  return answersFromPrefetched(kb, readPrefetch(prefetch, options.patientId), options);
}
