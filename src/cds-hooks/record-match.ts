/**
 * Whether a coded concept (a Condition's, a medicine's or an appointment's code) or its words match one
 * entry of the knowledge base's record mapping (knowledge/ehr/record-mapping.yaml).
 */
import type { RecordMapping, RecordMatcher } from '../core/index.js';
import { SYSTEMS } from './constants.js';
import { codingsOf, normalise, textsOf } from './fhir-json.js';

const ICD10 = new Set<string>([SYSTEMS.icd10, SYSTEMS.icd10cm]);
const bare = (code: string): string => code.replace('.', '').toUpperCase();

export function codedAs(matcher: RecordMatcher, concept: unknown): boolean {
  return codingsOf(concept).some(({ system, code }) => {
    if (system === undefined || code === undefined) return false;
    if (system === SYSTEMS.snomed) return matcher.snomed.includes(code);
    if (ICD10.has(system)) return matcher.icd10.some((prefix) => bare(code).startsWith(prefix));
    if (system === SYSTEMS.rxnorm) return matcher.rxnorm.includes(code);
    if (system === SYSTEMS.atc) return matcher.atc.some((prefix) => code.toUpperCase().startsWith(prefix));
    if (system === SYSTEMS.serviceType) return matcher.serviceType.includes(code);
    return false;
  });
}

/** The concept's texts, normalised, leaving out those that negate or hedge ("no history of", "suspected"). */
export function wordsOf(
  mapping: RecordMapping,
  concept: unknown,
  extra: readonly string[] = [],
): readonly string[] {
  const negation = mapping.negation;
  return [...textsOf(concept), ...extra]
    .map(normalise)
    .filter((t) => negation === undefined || !negation.test(t));
}

export function saysAny(matcher: RecordMatcher, words: readonly string[]): boolean {
  const pattern = matcher.pattern;
  return pattern !== undefined && words.some((w) => pattern.test(w));
}

export function matches(matcher: RecordMatcher, concept: unknown, words: readonly string[]): boolean {
  return codedAs(matcher, concept) || saysAny(matcher, words);
}
