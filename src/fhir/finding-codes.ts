/**
 * The standard codes of the answers that made a rule fire: an option the rule tests for (`is`, `in`, `has`)
 * that was chosen and has a SNOMED CT finding or LOINC answer code in the knowledge base. Options chosen
 * beside it that the rule does not test, and options a rule requires to be absent, are not its evidence.
 */
import type { CodeableConcept } from '@medplum/fhirtypes';
import type { Finding, Terminology, TraceNode } from '../core/index.js';
import { decisiveLeaves } from '../core/index.js';
import { SYSTEMS } from './constants.js';
import { optionCodings } from './terminology.js';

type LeafTrace = Extract<TraceNode, { kind: 'leaf' }>;

function testedOptions(leaf: LeafTrace): string[] {
  if (leaf.result !== 'true' || leaf.answer === null) return [];
  const expected: readonly unknown[] = Array.isArray(leaf.expected) ? leaf.expected : [leaf.expected];
  const given: readonly unknown[] = Array.isArray(leaf.answer) ? leaf.answer : [leaf.answer];
  if (leaf.op !== 'is' && leaf.op !== 'in' && leaf.op !== 'has') return [];
  return given.filter((v): v is string => typeof v === 'string' && expected.includes(v));
}

export function findingCodes(f: Finding, terminology: Terminology): CodeableConcept[] {
  const seen = new Set<string>();
  return decisiveLeaves(f.trace).flatMap((leaf) =>
    testedOptions(leaf).flatMap((option): CodeableConcept[] => {
      const standard = optionCodings(terminology, leaf.questionId, option);
      const key = `${leaf.questionId}/${option}`;
      if (standard.length === 0 || seen.has(key)) return [];
      seen.add(key);
      return [
        {
          coding: [{ system: SYSTEMS.answers, code: option }, ...standard],
          text: `${leaf.questionId}: ${option}`,
        },
      ];
    }),
  );
}
