/**
 * Screening in the treatment room, in distinct steps, each with who and when: the client's self-report
 * (answered by the client, entered with the practitioner or through an intake link), the therapist's
 * examination, which confirms or corrects the self-report and adds the examination findings (a new
 * screening based on the self-report, which stays as it was given), and the final sign-off (a review).
 */
import type { Answers, AnswerValue } from '../core/browser.js';
import type { Id, Review, Screening, Submitter, Timestamp } from './records.js';

/** The context answers that a step sets itself. */
const CONTEXT = new Set(['respondent', 'moment']);

export function examinationAnswers(selfReport: Answers, confirmed: Answers): Answers {
  return { ...selfReport, ...confirmed, respondent: 'clinician' };
}

export interface AnswerChange {
  readonly questionId: string;
  readonly before: AnswerValue | null;
  readonly after: AnswerValue | null;
}

const same = (a: AnswerValue | undefined, b: AnswerValue | undefined): boolean =>
  JSON.stringify(a) === JSON.stringify(b);

/** The answers the therapist changed or added at the examination. */
export function answerChanges(before: Answers, after: Answers): readonly AnswerChange[] {
  const ids = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((id) => !CONTEXT.has(id));
  return ids
    .filter((id) => !same(before[id], after[id]))
    .map((id) => ({ questionId: id, before: before[id] ?? null, after: after[id] ?? null }));
}

export type StepKind = 'self_report' | 'screening' | 'examination' | 'signoff';

export interface Step {
  readonly kind: StepKind;
  readonly at: Timestamp;
  /** Who recorded the step. */
  readonly by: Submitter;
  readonly screeningId: Id;
  readonly note?: string;
}

type StepScreening = Pick<Screening, 'id' | 'answers' | 'submittedBy' | 'submittedAt' | 'basedOn'>;

function stepOf(s: StepScreening, basedOn: boolean): Step {
  const kind: StepKind = basedOn
    ? 'examination'
    : s.answers.respondent === 'client'
      ? 'self_report'
      : 'screening';
  return { kind, at: s.submittedAt, by: s.submittedBy, screeningId: s.id };
}

/** The steps that led to `screening` and its sign-offs, in order. */
export function screeningSteps(
  screening: StepScreening,
  basedOn: StepScreening | undefined,
  reviews: readonly Review[],
): readonly Step[] {
  const steps: Step[] = [];
  if (basedOn !== undefined) steps.push(stepOf(basedOn, false));
  steps.push(stepOf(screening, screening.basedOn !== null));
  for (const r of reviews)
    if (r.kind === 'signoff')
      steps.push({
        kind: 'signoff',
        at: r.createdAt,
        by: { kind: 'user', userId: r.userId },
        screeningId: screening.id,
        note: r.note,
      });
  return steps;
}
