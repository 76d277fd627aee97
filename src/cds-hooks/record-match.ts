/** Whether a coded concept (a Condition's or a medicine's code) is evidence for an option. */
import { SYSTEMS } from './constants.js';
import { codingsOf, normalise, textsOf } from './fhir-json.js';
import type { CodeRule } from './record-codes.js';
import { NEGATED } from './record-codes.js';

const ICD10 = new Set<string>([SYSTEMS.icd10, SYSTEMS.icd10cm]);
const bare = (code: string): string => code.replace('.', '').toUpperCase();

export function codedAs(rule: CodeRule, concept: unknown): boolean {
  return codingsOf(concept).some(({ system, code }) => {
    if (system === undefined || code === undefined) return false;
    if (system === SYSTEMS.snomed) return rule.snomed?.includes(code) === true;
    if (ICD10.has(system)) return rule.icd10?.some((prefix) => bare(code).startsWith(prefix)) === true;
    if (system === SYSTEMS.rxnorm) return rule.rxnorm?.includes(code) === true;
    if (system === SYSTEMS.atc)
      return rule.atc?.some((prefix) => code.toUpperCase().startsWith(prefix)) === true;
    return false;
  });
}

/** The concept's texts, normalised, leaving out those that negate or hedge ("no history of", "suspected"). */
export function wordsOf(concept: unknown, extra: readonly string[] = []): readonly string[] {
  return [...textsOf(concept), ...extra].map(normalise).filter((t) => !NEGATED.test(t));
}

export function matches(rule: CodeRule, concept: unknown, words: readonly string[]): boolean {
  return (
    codedAs(rule, concept) || (rule.words !== undefined && words.some((w) => rule.words?.test(w) === true))
  );
}
