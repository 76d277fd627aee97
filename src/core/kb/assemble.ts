/**
 * Merges schema-valid source files, resolves every reference, parses and compiles the conditions, and
 * (optionally) runs the rules' own test vectors. Imports no schema validator, so the browser can use it
 * on a bundle that the build has already validated.
 */
import type { Result } from '../result.js';
import { fail, ok } from '../result.js';
import { checkEntries } from './check-entries.js';
import type { KbIssue } from './issues.js';
import type { Collection, Merged } from './merge.js';
import { issueIn, mergeFiles } from './merge.js';
import type { KbIndex, KnowledgeBase, Question, Rule } from './model.js';
import { resolveRecordMapping } from './record-mapping.js';
import { markRedFlags, resolveQuestions } from './resolve-questions.js';
import { resolveRules } from './resolve-rules.js';
import type { KbFile } from './schema.js';
import type { KbSourceData } from './source.js';
import { resolveTerminology } from './terminology.js';
import type { VectorOutcome } from './vectors.js';
import { runVectors } from './vectors.js';

export interface BuildOutput {
  readonly kb: KnowledgeBase;
  readonly vectors: readonly VectorOutcome[];
}

export function assembleKnowledgeBase(
  valid: readonly { source: KbSourceData; data: KbFile }[],
  hash: string,
  options: { readonly runVectors: boolean },
): Result<BuildOutput, KbIssue> {
  const { merged, issues } = mergeFiles(valid);
  const ids = (collection: Collection): ReadonlySet<string> =>
    new Set(merged[collection].map((e) => (e.value as { id: string }).id));

  const resolvedQuestions = resolveQuestions(merged);
  issues.push(...resolvedQuestions.issues);
  const questionsById = new Map(resolvedQuestions.questions.map((q) => [q.id, q]));
  const citations = new Map(merged.citations.map((e) => [e.value.id, e.value]));
  const resolvedRules = resolveRules(merged, { questions: questionsById, ids, citations });
  issues.push(...resolvedRules.issues);

  const redFlagRules = resolvedRules.rules.filter(
    (r) => r.disposition === 'emergency' || r.disposition === 'refer',
  );
  const questions = markRedFlags(
    resolvedQuestions.questions,
    redFlagRules.map((r) => r.when),
  );
  issues.push(...redFlagQuestionIssues(merged, questions));
  const goals = questionsById.get('treatment_goal')?.options?.map((o) => o.id);
  issues.push(...checkEntries(merged, ids, goals === undefined ? undefined : new Set(goals)));
  const recordMapping = resolveRecordMapping(merged.recordMapping, questionsById, ids('citations'));
  issues.push(...recordMapping.issues);
  const terminology = resolveTerminology(
    merged.terminology,
    questionsById,
    ids('techniques'),
    ids('citations'),
  );
  issues.push(...terminology.issues);
  if (issues.length > 0 || merged.meta === undefined) return fail(issues);

  const index = buildIndex(merged, questions, resolvedRules.rules);
  const vectorRun = options.runVectors
    ? runVectors(merged.rules, index.rule, index.question)
    : { outcomes: [], issues: [] };
  if (vectorRun.issues.length > 0) return fail(vectorRun.issues);

  const techniques = merged.techniques.map((e) => e.value).sort((a, b) => a.force - b.force);
  const kb: KnowledgeBase = {
    meta: merged.meta,
    hash,
    sections: merged.sections.map((e) => e.value),
    questions,
    rules: resolvedRules.rules,
    techniques,
    sites: merged.sites.map((e) => e.value),
    professions: merged.professions.map((e) => e.value),
    precautions: merged.precautions.map((e) => e.value),
    referralTargets: merged.referralTargets.map((e) => e.value),
    complications: merged.complications.map((e) => e.value),
    indications: merged.indications.map((e) => e.value),
    alternatives: merged.alternatives.map((e) => e.value),
    citations: merged.citations.map((e) => e.value),
    recordMapping: recordMapping.mapping,
    terminology: terminology.terminology,
    index,
  };
  return ok({ kb, vectors: vectorRun.outcomes });
}

function redFlagQuestionIssues(merged: Merged, questions: readonly Question[]): KbIssue[] {
  return questions.flatMap((q, i) => {
    const entry = merged.questions[i];
    return q.redFlag && !q.allowUnknown && q.context !== true && entry !== undefined
      ? [
          issueIn(
            entry,
            ['allowUnknown'],
            'a red-flag rule reads this question, so it must offer "I don\'t know"',
          ),
        ]
      : [];
  });
}

function buildIndex(merged: Merged, questions: readonly Question[], rules: readonly Rule[]): KbIndex {
  const byId = <T extends { id: string }>(list: readonly { value: T }[]): ReadonlyMap<string, T> =>
    new Map(list.map((e) => [e.value.id, e.value]));
  return {
    question: new Map(questions.map((q) => [q.id, q])),
    rule: new Map(rules.map((r) => [r.id, r])),
    technique: byId(merged.techniques),
    precaution: byId(merged.precautions),
    referralTarget: byId(merged.referralTargets),
    alternative: byId(merged.alternatives),
    citation: byId(merged.citations),
    complication: byId(merged.complications),
    profession: byId(merged.professions),
    site: byId(merged.sites),
  };
}
