/**
 * The part of the core a browser needs: the engine, the questionnaire flow, answer validation and the
 * loader of a pre-validated knowledge bundle. No YAML parser and no schema validator, to keep it small.
 */
export type { Answers, AnswerValue } from './answers/types.js';
export { isUnknownAnswer, UNKNOWN_ANSWER } from './answers/types.js';
export type { AnswerIssue } from './answers/validate.js';
export { validateAnswers } from './answers/validate.js';
export { assess, screen } from './engine/assess.js';
export type * from './engine/assessment.js';
export type { FlowStep, Progress } from './flow/next-questions.js';
export { nextQuestions } from './flow/next-questions.js';
export type { KnowledgeBundle } from './kb/bundle.js';
export { loadKnowledgeBundle } from './kb/bundle.js';
export { isReviewed } from './kb/governance.js';
export type { KnowledgeBase, Question, Rule } from './kb/model.js';
export type {
  ConditionMapping,
  MedicationMapping,
  RecordMapping,
  RecordMatcher,
} from './kb/record-mapping.js';
export type * from './kb/record-mapping-schema.js';
export type * from './kb/schema.js';
export * from './levels.js';
export type { Lang, LocalizedText } from './text.js';
export { isLang, LANGS } from './text.js';
