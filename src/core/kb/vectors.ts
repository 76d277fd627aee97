import { validateAnswers } from '../answers/validate.js';
import { createContext } from '../engine/context.js';
import { triName } from '../logic/tri.js';
import type { KbIssue } from './issues.js';
import type { Located } from './merge.js';
import { issueIn } from './merge.js';
import type { Question, Rule } from './model.js';
import type { RuleEntry } from './schema.js';

export interface VectorOutcome {
  readonly ruleId: string;
  readonly name: string;
  readonly expected: 'true' | 'false' | 'unknown';
  readonly actual: 'true' | 'false' | 'unknown' | 'invalid';
}

/** Runs every rule's own test vectors; each rule needs a positive, a negative and an unknown one. */
export function runVectors(
  entries: readonly Located<RuleEntry>[],
  rules: ReadonlyMap<string, Rule>,
  questions: ReadonlyMap<string, Question>,
): { outcomes: VectorOutcome[]; issues: KbIssue[] } {
  const outcomes: VectorOutcome[] = [];
  const issues: KbIssue[] = [];
  const lookup = { index: { question: questions } };
  const questionList = [...questions.values()];
  for (const entry of entries) {
    const rule = rules.get(entry.value.id);
    if (rule === undefined) continue;
    const kinds = new Set(entry.value.vectors.map((v) => String(v.expect)));
    // Standard care (`always: true`) can only ever hold; it needs just a positive vector.
    const required = rule.when.kind === 'always' ? ['true'] : ['true', 'false', 'unknown'];
    for (const wanted of required) {
      if (!kinds.has(wanted))
        issues.push(issueIn(entry, ['vectors'], `needs a vector that expects ${wanted}`));
    }
    entry.value.vectors.forEach((vector, i) => {
      const expected = String(vector.expect) as VectorOutcome['expected'];
      const answers = validateAnswers(lookup, vector.answers);
      if (!answers.ok) {
        const detail = answers.errors.map((e) => e.message).join('; ');
        issues.push(
          issueIn(entry, ['vectors', i, 'answers'], `vector "${vector.name}" has invalid answers: ${detail}`),
        );
        outcomes.push({ ruleId: rule.id, name: vector.name, expected, actual: 'invalid' });
        return;
      }
      const actual = triName(rule.evaluate(createContext(questionList, answers.value)));
      outcomes.push({ ruleId: rule.id, name: vector.name, expected, actual });
      if (actual !== expected) {
        issues.push(
          issueIn(
            entry,
            ['vectors', i],
            `vector "${vector.name}" expects ${expected} but the rule gives ${actual}`,
          ),
        );
      }
    });
  }
  return { outcomes, issues };
}
