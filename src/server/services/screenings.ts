/** Storing a screening: validate answers against the knowledge base, assess, and record it immutably. */
import type { Answers } from '../../core/index.js';
import { answerMap, assess, validateAnswers } from '../../core/index.js';
import type { Repos } from '../../store/port.js';
import type { Id, Moment, Screening, Submitter } from '../../store/types.js';
import type { AppDeps } from '../deps.js';
import { problems } from '../http/problem.js';

/**
 * Checks answers and fills in the screening context (moment, respondent) the interface knows; answers
 * that contradict that context are refused rather than silently overwritten.
 */
export function prepareAnswers(
  deps: AppDeps,
  raw: unknown,
  moment: Moment,
  respondent: 'client' | 'clinician',
): Answers {
  const validated = validateAnswers(deps.kb, raw);
  if (!validated.ok) {
    throw problems.invalidAnswers(
      validated.errors.map((e) => ({
        path: `answers.${e.questionId ?? ''}`,
        message: e.message,
        code: e.code,
      })),
    );
  }
  const answers = validated.value;
  if (answers.moment !== undefined && answers.moment !== moment) {
    throw problems.invalidAnswers([
      { path: 'answers.moment', message: `must be "${moment}" for this screening`, code: 'context_mismatch' },
    ]);
  }
  if (answers.respondent !== undefined && answers.respondent !== respondent) {
    throw problems.invalidAnswers([
      { path: 'answers.respondent', message: `must be "${respondent}" here`, code: 'context_mismatch' },
    ]);
  }
  return answerMap({ ...answers, moment, respondent });
}

export async function recordScreening(
  deps: AppDeps,
  repos: Repos,
  input: {
    clinicId: Id;
    clientId: Id;
    moment: Moment;
    answers: Answers;
    submittedBy: Submitter;
    basedOn?: Id;
  },
): Promise<Screening> {
  const now = await afterLatest(repos, input.clinicId, input.clientId, deps.now());
  // The knowledge base is stored once, at its first screening; the screening then keeps only its outcome.
  if (deps.bundle !== undefined) await repos.kbVersions.ensure(deps.kb, deps.bundle, now.toISOString());
  const assessment = assess(deps.kb, input.answers, { assessedAt: now.toISOString() });
  return repos.screenings.create({
    clinicId: input.clinicId,
    clientId: input.clientId,
    moment: input.moment,
    answers: input.answers,
    assessment,
    disposition: assessment.disposition,
    kbVersion: deps.kb.meta.version,
    kbHash: deps.kb.hash,
    submittedBy: input.submittedBy,
    submittedAt: now.toISOString(),
    validUntil: new Date(now.getTime() + deps.config.screeningValidityDays * 86_400_000).toISOString(),
    basedOn: input.basedOn ?? null,
  });
}

/**
 * The client's latest screening is the one that counts (treatment, consent, examination), so a new one
 * must sort after every earlier one even when the clock has not moved on (two in the same millisecond)
 * or runs behind another server instance's.
 */
async function afterLatest(repos: Repos, clinicId: Id, clientId: Id, now: Date): Promise<Date> {
  const latest = await repos.screenings.latestRefForClient(clinicId, clientId);
  const floor = latest === undefined ? Number.NEGATIVE_INFINITY : Date.parse(latest.submittedAt) + 1;
  return now.getTime() >= floor ? now : new Date(floor);
}
