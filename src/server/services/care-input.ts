/** Checks of care records' input that the request schema cannot express. */

import { triageAnswers } from '../../clinic/index.js';
import type { Answers } from '../../core/index.js';
import type { AppDeps } from '../deps.js';
import { requireRealDate } from '../http/dates.js';
import { problems } from '../http/problem.js';
import { prepareAnswers } from './screenings.js';

/** A treatment's date: a real calendar day, not after tomorrow (clinics east of UTC are a day ahead). */
export function checkTreatmentDate(date: string, now: Date): void {
  requireRealDate(date, 'body.date', 'day');
  const parsed = new Date(`${date}T00:00:00.000Z`);
  if (parsed.getTime() > now.getTime() + 86_400_000)
    throw problems.validation([{ path: 'body.date', message: 'is in the future' }]);
}

/** The after-event answers of an adverse-event report, validated against the knowledge base. */
export function triageAnswersOf(deps: AppDeps, raw: unknown): Answers {
  const given = prepareAnswers(deps, raw, 'after_event', 'clinician');
  const { respondent: _r, moment: _m, ...event } = given;
  const triage = triageAnswers(deps.kb, event);
  if (!triage.ok)
    throw problems.invalidAnswers(
      triage.issues.map((i) => ({ path: `triage.${i.questionId}`, message: i.message, code: 'triage' })),
    );
  return triage.answers;
}
