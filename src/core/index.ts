/**
 * NeckCheck's functional core: the knowledge-base loader and the screening engine.
 * Plain data in, plain data out; no I/O, no clock, no globals; runs in Node and in the browser.
 */
export type { Answers, AnswerValue } from './answers/types.js';
export { isUnknownAnswer, UNKNOWN_ANSWER } from './answers/types.js';
export type { AnswerIssue, AnswerIssueCode } from './answers/validate.js';
export { ANSWER_ISSUE_CODES, answerMap, checkAnswer, validateAnswers } from './answers/validate.js';
export type { AssessOptions } from './engine/assess.js';
export { assess, screen } from './engine/assess.js';
export type * from './engine/assessment.js';
export type { ScreeningOutcome } from './engine/outcome.js';
export { expandOutcome, OUTCOME_FORMAT, OutcomeMismatchError, toOutcome } from './engine/outcome.js';
export type { FlowStep, Progress } from './flow/next-questions.js';
export { nextQuestions } from './flow/next-questions.js';
export * from './impact/index.js';
export type { BuildOutput } from './kb/build.js';
export { buildKnowledgeBase, hashSources, loadKnowledgeBase } from './kb/build.js';
export type { KnowledgeBundle } from './kb/bundle.js';
export { loadKnowledgeBundle, toKnowledgeBundle } from './kb/bundle.js';
export type { GovernanceProblem, KbDiff, RuleAspect, RuleChange, RuleSummary } from './kb/diff.js';
export { diffKnowledgeBundles, RULE_ASPECTS, versionBumpProblems } from './kb/diff.js';
export { isReviewed } from './kb/governance.js';
export type { KbIssue } from './kb/issues.js';
export { formatKbIssue } from './kb/issues.js';
export type { KbIndex, KnowledgeBase, Question, Rule } from './kb/model.js';
export type {
  ConditionMapping,
  MedicationMapping,
  RecordMapping,
  RecordMatcher,
} from './kb/record-mapping.js';
export type * from './kb/record-mapping-schema.js';
export { previousRelease, releaseIssues } from './kb/release-check.js';
export type * from './kb/schema.js';
export type { KbSourceData, KbSourceText } from './kb/source.js';
export { parseYamlSources } from './kb/source.js';
export type { StandardCode, Terminology } from './kb/terminology.js';
export { EMPTY_TERMINOLOGY, optionKey, TERMINOLOGY_SYSTEMS } from './kb/terminology.js';
export type * from './kb/terminology-schema.js';
export type { VectorOutcome } from './kb/vectors.js';
export { compareVersions } from './kb/versions.js';
export * from './levels.js';
export type { EvalContext, TraceNode } from './logic/compile.js';
export { decisiveLeaves } from './logic/compile.js';
export type { Comparison, Condition, Leaf } from './logic/condition.js';
export { leavesOf, questionsOf } from './logic/condition.js';
export type { Tri, TriName } from './logic/tri.js';
export type { Result } from './result.js';
export type { Lang, LocalizedText } from './text.js';
export { isLang, LANGS } from './text.js';
export { ENGINE_VERSION } from './version.js';
