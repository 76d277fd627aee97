import { compileCondition } from '../logic/compile.js';
import type { Condition } from '../logic/condition.js';
import { questionsOf } from '../logic/condition.js';
import { parseCondition } from '../logic/parse-condition.js';
import type { KbIssue } from './issues.js';
import type { Located, Merged } from './merge.js';
import { issueIn } from './merge.js';
import type { Question } from './model.js';
import type { QuestionEntry } from './schema.js';

/**
 * Resolves questions: sections exist, options fit the type, and enableWhen is a flat condition (a
 * comparison, or all/any of comparisons, as FHIR's enableWhen can express) over earlier questions only,
 * which also rules out cycles. `redFlag` is filled in later, once the rules are known.
 */
export function resolveQuestions(merged: Merged): { questions: Question[]; issues: KbIssue[] } {
  const issues: KbIssue[] = [];
  const sectionIds = new Set(merged.sections.map((s) => s.value.id));
  const earlier = new Map<string, QuestionEntry>();
  const indexes = new Map<string, number>();
  const questions: Question[] = [];
  merged.questions.forEach((entry, index) => {
    const q = entry.value;
    issues.push(...shapeIssues(entry, sectionIds));
    let enableWhen: Condition | undefined;
    if (q.enableWhen !== undefined) {
      const parsed = parseCondition(q.enableWhen, (id) => earlier.get(id), ['enableWhen']);
      for (const issue of parsed.issues) {
        const message = issue.message.startsWith('unknown question')
          ? `${issue.message}: enableWhen may only refer to questions asked earlier`
          : issue.message;
        issues.push(issueIn(entry, issue.path, message));
      }
      if (!isFlat(parsed.condition)) {
        issues.push(issueIn(entry, ['enableWhen'], 'must be a comparison, or "all"/"any" of comparisons'));
      }
      enableWhen = parsed.condition;
    }
    questions.push({
      ...q,
      index,
      enableWhen,
      isEnabled:
        enableWhen === undefined ? undefined : compileCondition(enableWhen, (id) => indexes.get(id) ?? -1),
      gates: enableWhen === undefined ? [] : questionsOf(enableWhen),
      redFlag: false,
    });
    earlier.set(q.id, q);
    indexes.set(q.id, index);
  });
  return { questions, issues };
}

function isFlat(condition: Condition): boolean {
  if (condition.kind === 'leaf') return true;
  if (condition.kind === 'all' || condition.kind === 'any')
    return condition.items.every((i) => i.kind === 'leaf');
  return false;
}

function shapeIssues(entry: Located<QuestionEntry>, sectionIds: ReadonlySet<string>): KbIssue[] {
  const q = entry.value;
  const issues: KbIssue[] = [];
  if (!sectionIds.has(q.section)) issues.push(issueIn(entry, ['section'], `unknown section "${q.section}"`));
  const hasOptions = q.options !== undefined;
  if ((q.type === 'choice' || q.type === 'multi') && !hasOptions) {
    issues.push(issueIn(entry, ['options'], `a ${q.type} question needs options`));
  }
  if ((q.type === 'boolean' || q.type === 'number') && hasOptions) {
    issues.push(issueIn(entry, ['options'], `a ${q.type} question has no options`));
  }
  if (q.type === 'number' && (q.min === undefined || q.max === undefined)) {
    issues.push(issueIn(entry, ['min'], 'a number question needs "min" and "max"'));
  }
  if (q.options?.some((o) => o.id === 'unknown')) {
    issues.push(issueIn(entry, ['options'], '"unknown" is reserved for "I don\'t know"; use allowUnknown'));
  }
  const optionIds = (q.options ?? []).map((o) => o.id);
  if (new Set(optionIds).size !== optionIds.length)
    issues.push(issueIn(entry, ['options'], 'duplicate option id'));
  if (q.options?.some((o) => o.exclusive === true) && q.type !== 'multi') {
    issues.push(issueIn(entry, ['options'], '"exclusive" only makes sense on a multi question'));
  }
  for (const option of q.risk?.options ?? []) {
    if (!optionIds.includes(option))
      issues.push(issueIn(entry, ['risk', 'options'], `unknown option "${option}"`));
  }
  return issues;
}

/** Marks the questions that emergency or referral rules read; they must offer "I don't know". */
export function markRedFlags(
  questions: readonly Question[],
  redFlagConditions: readonly Condition[],
): Question[] {
  const ids = new Set(redFlagConditions.flatMap(questionsOf));
  return questions.map((q) => (ids.has(q.id) ? { ...q, redFlag: true } : q));
}
