/** OperationOutcome: how every FHIR error leaves NeckCheck, with a FHIRPath location when there is one. */
import type { OperationOutcome, OperationOutcomeIssue } from '@medplum/fhirtypes';
import type { AnswerIssue, AnswerIssueCode } from '../core/index.js';
import { SYSTEMS } from './constants.js';

export type IssueType = OperationOutcomeIssue['code'];

export function issue(
  code: IssueType,
  diagnostics: string,
  expression?: string,
  severity: OperationOutcomeIssue['severity'] = 'error',
): OperationOutcomeIssue {
  return {
    severity,
    code,
    diagnostics,
    ...(expression === undefined ? {} : { expression: [expression] }),
  };
}

const ANSWER_ISSUE_TYPES: Readonly<Record<AnswerIssueCode, IssueType>> = {
  not_an_object: 'structure',
  unknown_question: 'not-found',
  wrong_type: 'value',
  not_an_option: 'code-invalid',
  out_of_range: 'value',
  unknown_not_allowed: 'business-rule',
  exclusive_option: 'business-rule',
  duplicate_option: 'duplicate',
};

/** One of the core's answer issues, located at the response item that carried the answer. */
export function answerIssue(answerIssue: AnswerIssue, expression: string | undefined): OperationOutcomeIssue {
  return {
    ...issue(ANSWER_ISSUE_TYPES[answerIssue.code], answerIssue.message, expression),
    details: {
      coding: [{ system: SYSTEMS.answerIssues, code: answerIssue.code }],
      text: answerIssue.message,
    },
  };
}

export function operationOutcome(issues: readonly OperationOutcomeIssue[]): OperationOutcome {
  return {
    resourceType: 'OperationOutcome',
    issue:
      issues.length > 0
        ? [...issues]
        : [{ severity: 'information', code: 'informational', diagnostics: 'No issues.' }],
  };
}

/** The HTTP status for a set of issues: 400 when the request is malformed, 422 when it is well formed but
 * its content cannot be processed (another questionnaire, answers that do not fit the questions). */
export function statusForIssues(issues: readonly OperationOutcomeIssue[]): 400 | 422 {
  const malformed = issues.some(
    (i) => i.code === 'structure' || i.code === 'required' || i.code === 'invalid',
  );
  return malformed ? 400 : 422;
}
