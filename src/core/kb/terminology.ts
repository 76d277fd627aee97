/**
 * The standard-terminology bindings, checked against the questionnaire and the techniques: every question,
 * option and technique named exists, a unit binds only a number question, nothing is bound twice. A
 * dangling reference refuses the knowledge base, as the record mapping does, so that a renamed option
 * never carries another concept's code.
 */
import type { KbIssue } from './issues.js';
import { fieldPath } from './issues.js';
import type { QuestionEntry } from './schema.js';
import type { KbSourceData } from './source.js';
import type { TerminologyEntry } from './terminology-schema.js';

export const TERMINOLOGY_SYSTEMS = {
  loinc: 'http://loinc.org',
  snomed: 'http://snomed.info/sct',
  ucum: 'http://unitsofmeasure.org',
} as const;

/** A code of a standard code system, with that system's display. */
export interface StandardCode {
  readonly system: string;
  readonly code: string;
  readonly display: string;
}

export interface Terminology {
  /** By question id: the codes of the question itself (LOINC). */
  readonly questions: ReadonlyMap<string, readonly StandardCode[]>;
  /** By question id: the UCUM unit of a number question. */
  readonly units: ReadonlyMap<string, StandardCode>;
  /** By `question/option`: the codes of an answer (SNOMED CT finding, LOINC answer). */
  readonly options: ReadonlyMap<string, readonly StandardCode[]>;
  /** By technique id: the procedure codes (SNOMED CT). */
  readonly techniques: ReadonlyMap<string, readonly StandardCode[]>;
  readonly citations: readonly string[];
}

export const EMPTY_TERMINOLOGY: Terminology = {
  questions: new Map(),
  units: new Map(),
  options: new Map(),
  techniques: new Map(),
  citations: [],
};

export const optionKey = (questionId: string, optionId: string): string => `${questionId}/${optionId}`;

export interface LocatedTerminology {
  readonly value: TerminologyEntry;
  readonly file: KbSourceData;
}

type Path = readonly (string | number)[];

const LIST_ENTRY: Readonly<Record<string, string>> = {
  questions: 'question term',
  options: 'option term',
  techniques: 'technique term',
};

/** Names the entry (`option term conditions/osteoporosis`) and the field inside it, with the line. */
export function terminologyIssue(file: KbSourceData, path: Path, message: string): KbIssue {
  const line = file.locate?.(['terminology', ...path]);
  const located = line === undefined ? {} : { line };
  const [list, index, ...rest] = path;
  const kind = typeof list === 'string' ? LIST_ENTRY[list] : undefined;
  if (kind !== undefined && typeof index === 'number') {
    const entries = (file.data as { terminology?: Record<string, unknown> } | null)?.terminology?.[
      list as string
    ];
    const entry = Array.isArray(entries)
      ? (entries[index] as Record<string, unknown> | undefined)
      : undefined;
    const name = [entry?.question ?? entry?.technique, entry?.option]
      .filter((v): v is string => typeof v === 'string')
      .join('/');
    return {
      file: file.path,
      entry: `${kind} ${name === '' ? `#${index + 1}` : name}`,
      field: fieldPath(rest),
      ...located,
      message,
    };
  }
  return { file: file.path, entry: 'terminology', field: fieldPath(path), ...located, message };
}

const coded = (
  system: string,
  entry: { readonly code: string; readonly display: string } | undefined,
): StandardCode[] => (entry === undefined ? [] : [{ system, code: entry.code, display: entry.display }]);

/** Resolves the bindings against the questions, techniques and citations. */
export function resolveTerminology(
  located: LocatedTerminology | undefined,
  questions: ReadonlyMap<string, Pick<QuestionEntry, 'id' | 'type' | 'options'>>,
  techniques: ReadonlySet<string>,
  citations: ReadonlySet<string>,
): { terminology: Terminology; issues: KbIssue[] } {
  if (located === undefined) return { terminology: EMPTY_TERMINOLOGY, issues: [] };
  const { value, file } = located;
  const issues: KbIssue[] = [];
  const issue = (path: Path, message: string): void => {
    issues.push(terminologyIssue(file, path, message));
  };
  const once = (seen: Set<string>, key: string, path: Path): void => {
    if (seen.has(key)) issue(path, `"${key}" is bound twice: give it one entry`);
    seen.add(key);
  };

  const byQuestion = new Map<string, StandardCode[]>();
  const units = new Map<string, StandardCode>();
  const seenQuestions = new Set<string>();
  value.questions.forEach((entry, i) => {
    const path = ['questions', i];
    once(seenQuestions, entry.question, [...path, 'question']);
    const question = questions.get(entry.question);
    if (question === undefined) {
      issue([...path, 'question'], `unknown question "${entry.question}"`);
      return;
    }
    if (entry.loinc === undefined && entry.ucum === undefined)
      issue(path, 'binds no code: give "loinc" or "ucum", or remove the entry');
    if (entry.ucum !== undefined) {
      if (question.type !== 'number')
        issue([...path, 'ucum'], `question "${question.id}" is ${question.type}: only a number has a unit`);
      else units.set(question.id, { system: TERMINOLOGY_SYSTEMS.ucum, ...entry.ucum });
    }
    const codes = coded(TERMINOLOGY_SYSTEMS.loinc, entry.loinc);
    if (codes.length > 0) byQuestion.set(question.id, codes);
  });

  const options = new Map<string, StandardCode[]>();
  const seenOptions = new Set<string>();
  value.options.forEach((entry, i) => {
    const path = ['options', i];
    const key = optionKey(entry.question, entry.option);
    once(seenOptions, key, path);
    const question = questions.get(entry.question);
    if (question === undefined) {
      issue([...path, 'question'], `unknown question "${entry.question}"`);
      return;
    }
    if (question.options?.some((o) => o.id === entry.option) !== true) {
      issue([...path, 'option'], `question "${question.id}" has no option "${entry.option}"`);
      return;
    }
    const codes = [
      ...coded(TERMINOLOGY_SYSTEMS.snomed, entry.snomed),
      ...coded(TERMINOLOGY_SYSTEMS.loinc, entry.loinc),
    ];
    if (codes.length === 0) issue(path, 'binds no code: give "snomed" or "loinc", or remove the entry');
    else options.set(key, codes);
  });

  const byTechnique = new Map<string, StandardCode[]>();
  const seenTechniques = new Set<string>();
  value.techniques.forEach((entry, i) => {
    const path = ['techniques', i];
    once(seenTechniques, entry.technique, [...path, 'technique']);
    if (!techniques.has(entry.technique)) {
      issue([...path, 'technique'], `unknown technique "${entry.technique}"`);
      return;
    }
    byTechnique.set(entry.technique, coded(TERMINOLOGY_SYSTEMS.snomed, entry.snomed));
  });

  value.citations.forEach((id, i) => {
    if (!citations.has(id)) issue(['citations', i], `unknown citation "${id}"`);
  });

  return {
    terminology: {
      questions: byQuestion,
      units,
      options,
      techniques: byTechnique,
      citations: value.citations,
    },
    issues,
  };
}
