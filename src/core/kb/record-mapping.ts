/**
 * The EHR record mapping, checked against the questionnaire and compiled: every mapped question exists,
 * every option exists and suits the question's type, every pattern compiles. A dangling reference refuses
 * the knowledge base, so that a renamed option never silently drops a red flag from the record.
 */
import type { KbIssue } from './issues.js';
import { fieldPath } from './issues.js';
import type {
  AppointmentMappingEntry,
  ConditionMappingEntry,
  DurationEntry,
  MedicationMappingEntry,
  RecordAnswerEntry,
  RecordMappingEntry,
} from './record-mapping-schema.js';
import type { QuestionEntry } from './schema.js';
import type { KbSourceData } from './source.js';

/** Codes and words that recognise one thing in a record; `pattern` is the words compiled. */
export interface RecordMatcher {
  readonly snomed: readonly string[];
  /** ICD-10 / ICD-10-CM prefixes, without the dot. */
  readonly icd10: readonly string[];
  readonly rxnorm: readonly string[];
  /** ATC prefixes. */
  readonly atc: readonly string[];
  readonly serviceType: readonly string[];
  readonly words: readonly string[];
  readonly pattern: RegExp | undefined;
}

export interface ConditionMapping extends RecordMatcher {
  readonly id: string;
  readonly answer: RecordAnswerEntry;
  readonly recent?: { readonly within: DurationEntry; readonly answer: RecordAnswerEntry };
}

export interface MedicationMapping extends RecordMatcher {
  readonly id: string;
  readonly answer?: RecordAnswerEntry;
  readonly byDose?: MedicationMappingEntry['byDose'];
  readonly takenFor?: DurationEntry;
  readonly unless?: { readonly words: readonly string[]; readonly pattern: RegExp };
}

export interface RecordMapping {
  readonly negations: readonly string[];
  /** Matches a text that negates or hedges ("no history of", "suspected"); such texts are ignored. */
  readonly negation: RegExp | undefined;
  readonly patient: { readonly age?: RecordAnswerEntry };
  readonly conditions: readonly ConditionMapping[];
  readonly medications: readonly MedicationMapping[];
  readonly appointments: {
    readonly handsOn: RecordMatcher;
    readonly physiotherapy: RecordMatcher;
    readonly neck: RecordMatcher;
  };
  readonly citations: readonly string[];
}

const NOTHING: RecordMatcher = {
  snomed: [],
  icd10: [],
  rxnorm: [],
  atc: [],
  serviceType: [],
  words: [],
  pattern: undefined,
};

/** The mapping of a knowledge base that has none: nothing in a record answers anything. */
export const EMPTY_RECORD_MAPPING: RecordMapping = {
  negations: [],
  negation: undefined,
  patient: {},
  conditions: [],
  medications: [],
  appointments: { handsOn: NOTHING, physiotherapy: NOTHING, neck: NOTHING },
  citations: [],
};

export interface LocatedMapping {
  readonly value: RecordMappingEntry;
  readonly file: KbSourceData;
}

type Path = readonly (string | number)[];

const LIST_ENTRY: Readonly<Record<string, string>> = {
  conditions: 'condition mapping',
  medications: 'medication mapping',
};

/** Names the entry (`condition mapping osteoporosis`) and the field inside it, with the line. */
export function mappingIssue(file: KbSourceData, path: Path, message: string): KbIssue {
  const segments = ['recordMapping', ...path];
  const line = file.locate?.(segments);
  const located = line === undefined ? {} : { line };
  const [list, index, ...rest] = path;
  const kind = typeof list === 'string' ? LIST_ENTRY[list] : undefined;
  if (kind !== undefined && typeof index === 'number') {
    const entries = (file.data as { recordMapping?: Record<string, unknown> } | null)?.recordMapping?.[
      list as string
    ];
    const id = Array.isArray(entries) ? (entries[index] as { id?: unknown } | undefined)?.id : undefined;
    return {
      file: file.path,
      entry: `${kind} ${typeof id === 'string' ? id : `#${index + 1}`}`,
      field: fieldPath(rest),
      ...located,
      message,
    };
  }
  return { file: file.path, entry: 'record mapping', field: fieldPath(path), ...located, message };
}

const escapeRegExp = (word: string): string => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Resolves the mapping against the questions and citations; the issues name file, entry and field. */
export function resolveRecordMapping(
  located: LocatedMapping | undefined,
  questions: ReadonlyMap<string, Pick<QuestionEntry, 'id' | 'type' | 'options'>>,
  citations: ReadonlySet<string>,
): { mapping: RecordMapping; issues: KbIssue[] } {
  if (located === undefined) return { mapping: EMPTY_RECORD_MAPPING, issues: [] };
  const { value, file } = located;
  const issues: KbIssue[] = [];
  const issue = (path: Path, message: string): void => {
    issues.push(mappingIssue(file, path, message));
  };

  const compile = (words: readonly string[] | undefined, path: Path): RegExp | undefined => {
    if (words === undefined) return undefined;
    let valid = true;
    words.forEach((word, i) => {
      // biome-ignore lint/suspicious/noControlCharactersInRegex: looking for exactly these
      if (/[\u0000-\u001f]/.test(word)) {
        issue(
          [...path, i],
          `pattern ${JSON.stringify(word)} contains a control character: in YAML, write a pattern with a backslash (\\b) in single quotes`,
        );
        valid = false;
        return;
      }
      try {
        if (new RegExp(word).test('')) {
          issue([...path, i], `pattern "${word}" matches an empty text, so it would match every record`);
          valid = false;
        }
      } catch {
        issue([...path, i], `pattern "${word}" is not a valid regular expression`);
        valid = false;
      }
    });
    return valid ? new RegExp(words.join('|')) : undefined;
  };

  const target = (answer: RecordAnswerEntry, path: Path): void => {
    const question = questions.get(answer.question);
    if (question === undefined) {
      issue([...path, 'question'], `unknown question "${answer.question}"`);
      return;
    }
    if (question.type === 'multi' || question.type === 'choice') {
      if (answer.option === undefined) {
        issue(
          path,
          `question "${question.id}" is ${question.type === 'multi' ? 'multiple' : 'single'}-choice: name the option the record supports`,
        );
        return;
      }
      const option = question.options?.find((o) => o.id === answer.option);
      if (option === undefined)
        issue([...path, 'option'], `question "${question.id}" has no option "${answer.option}"`);
      else if (option.exclusive === true)
        issue(
          [...path, 'option'],
          `option "${answer.option}" is exclusive ("none of these"): a record finding cannot answer it`,
        );
    } else if (question.type === 'boolean') {
      if (answer.option !== undefined)
        issue(
          [...path, 'option'],
          `question "${question.id}" is yes/no: it has no options (leave "option" out for "yes")`,
        );
    } else {
      issue(
        [...path, 'question'],
        `question "${question.id}" is a number: a record finding can only answer a yes/no or choice question`,
      );
    }
  };

  const matcher = (
    entry: {
      snomed?: readonly string[];
      icd10?: readonly string[];
      rxnorm?: readonly string[];
      atc?: readonly string[];
      serviceType?: readonly string[];
      words?: readonly string[];
    },
    path: Path,
  ): RecordMatcher => {
    const m: RecordMatcher = {
      snomed: entry.snomed ?? [],
      icd10: entry.icd10 ?? [],
      rxnorm: entry.rxnorm ?? [],
      atc: entry.atc ?? [],
      serviceType: entry.serviceType ?? [],
      words: entry.words ?? [],
      pattern: compile(entry.words, [...path, 'words']),
    };
    const empty = [m.snomed, m.icd10, m.rxnorm, m.atc, m.serviceType, m.words].every((l) => l.length === 0);
    if (empty) issue(path, 'lists no code and no words, so it can never match a record');
    return m;
  };

  const duplicates = (entries: readonly { id: string }[], list: string): void => {
    const seen = new Set<string>();
    entries.forEach((e, i) => {
      if (seen.has(e.id)) issue([list, i, 'id'], `duplicate id "${e.id}"`);
      seen.add(e.id);
    });
  };

  const conditions = value.conditions.map((entry: ConditionMappingEntry, i): ConditionMapping => {
    const path = ['conditions', i];
    target(entry.answer, [...path, 'answer']);
    if (entry.recent !== undefined) target(entry.recent.answer, [...path, 'recent', 'answer']);
    return {
      ...matcher(entry, path),
      id: entry.id,
      answer: entry.answer,
      ...(entry.recent === undefined ? {} : { recent: entry.recent }),
    };
  });
  duplicates(value.conditions, 'conditions');

  const medications = value.medications.map((entry: MedicationMappingEntry, i): MedicationMapping => {
    const path = ['medications', i];
    if ((entry.answer === undefined) === (entry.byDose === undefined))
      issue(path, 'give either "answer" or "byDose" (which chooses the answer by dose), not both or neither');
    if (entry.answer !== undefined) target(entry.answer, [...path, 'answer']);
    if (entry.byDose !== undefined) {
      target(entry.byDose.atOrBelow, [...path, 'byDose', 'atOrBelow']);
      target(entry.byDose.above, [...path, 'byDose', 'above']);
    }
    const unless = compile(entry.unless, [...path, 'unless']);
    return {
      ...matcher(entry, path),
      id: entry.id,
      ...(entry.answer === undefined ? {} : { answer: entry.answer }),
      ...(entry.byDose === undefined ? {} : { byDose: entry.byDose }),
      ...(entry.takenFor === undefined ? {} : { takenFor: entry.takenFor }),
      ...(entry.unless === undefined || unless === undefined
        ? {}
        : { unless: { words: entry.unless, pattern: unless } }),
    };
  });
  duplicates(value.medications, 'medications');

  const age = value.patient?.age;
  if (age !== undefined) {
    const question = questions.get(age.question);
    if (question === undefined) issue(['patient', 'age', 'question'], `unknown question "${age.question}"`);
    else if (question.type !== 'number' || age.option !== undefined)
      issue(['patient', 'age'], `the age answers a number question; "${age.question}" is ${question.type}`);
  }

  value.citations.forEach((id, i) => {
    if (!citations.has(id)) issue(['citations', i], `unknown citation "${id}"`);
  });

  const negation =
    value.negations.length === 0
      ? undefined
      : new RegExp(`\\b(?:${value.negations.map(escapeRegExp).join('|')})\\b`);
  return {
    mapping: {
      negations: value.negations,
      negation,
      patient: age === undefined ? {} : { age },
      conditions,
      medications,
      appointments: appointments(value.appointments, matcher),
      citations: value.citations,
    },
    issues,
  };
}

function appointments(
  entry: AppointmentMappingEntry,
  matcher: (e: AppointmentMappingEntry['handsOn'], path: Path) => RecordMatcher,
): RecordMapping['appointments'] {
  return {
    handsOn: matcher(entry.handsOn, ['appointments', 'handsOn']),
    physiotherapy: matcher(entry.physiotherapy, ['appointments', 'physiotherapy']),
    neck: matcher(entry.neck, ['appointments', 'neck']),
  };
}
