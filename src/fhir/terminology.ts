/**
 * Standard codes (knowledge/terminology.yaml) beside our own: a question's LOINC code, a technique's SNOMED
 * CT procedure, an option's SNOMED CT finding or LOINC answer. Our local coding always comes first, so a
 * reader that knows only NeckCheck's codes loses nothing.
 */
import type { Coding } from '@medplum/fhirtypes';
import type { KnowledgeBase, Lang, Question, StandardCode, Terminology } from '../core/index.js';
import { optionKey } from '../core/index.js';
import { SYSTEMS } from './constants.js';

const coding = (c: StandardCode): Coding => ({ system: c.system, code: c.code, display: c.display });

/** The item codes of a question: none when it has no standard code, else ours and the standard ones. */
export function questionCodes(kb: KnowledgeBase, q: Question, lang: Lang): Coding[] {
  const standard = kb.terminology.questions.get(q.id) ?? [];
  if (standard.length === 0) return [];
  return [
    { system: SYSTEMS.questions, code: q.id, display: q.clinicianLabel[lang] },
    ...standard.map(coding),
  ];
}

/** A technique as codings: ours, then its SNOMED CT procedure when it has one. */
export function techniqueCodings(
  terminology: Terminology,
  techniqueId: string,
  display: string | undefined,
): Coding[] {
  return [
    { system: SYSTEMS.techniques, code: techniqueId, ...(display === undefined ? {} : { display }) },
    ...(terminology.techniques.get(techniqueId) ?? []).map(coding),
  ];
}

/** The standard codings of an answer option (none for most options). */
export function optionCodings(terminology: Terminology, questionId: string, optionId: string): Coding[] {
  return (terminology.options.get(optionKey(questionId, optionId)) ?? []).map(coding);
}

/** A number question's UCUM unit as the questionnaire-unit coding, in the words of `lang`. */
export function unitCoding(kb: KnowledgeBase, q: Question, lang: Lang): Coding | undefined {
  const ucum = kb.terminology.units.get(q.id);
  const display = q.unit?.[lang];
  if (ucum === undefined) return display === undefined ? undefined : { display };
  return { system: ucum.system, code: ucum.code, display: display ?? ucum.display };
}
