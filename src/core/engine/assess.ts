import type { Answers } from '../answers/types.js';
import type { AnswerIssue } from '../answers/validate.js';
import { validateAnswers } from '../answers/validate.js';
import type { KnowledgeBase } from '../kb/model.js';
import type { Disposition } from '../levels.js';
import { DISPOSITIONS } from '../levels.js';
import type { Result } from '../result.js';
import { ok } from '../result.js';
import { ENGINE_VERSION } from '../version.js';
import type { Assessment } from './assessment.js';
import { createContext } from './context.js';
import { collectAlternatives, collectPrecautions, collectReferrals, fitProfessions } from './effects.js';
import { evaluateRules } from './evaluate-rules.js';
import { openQuestions } from './open-questions.js';
import { planOf } from './plan.js';
import { decideTechniques } from './techniques.js';

export interface AssessOptions {
  /** A timestamp to record in the assessment; the engine never reads the clock itself. */
  readonly assessedAt?: string;
}

/**
 * Screens validated answers against the knowledge base. Pure and deterministic: the same knowledge base
 * and answers always give the same assessment. Use `screen` for answers that have not been validated.
 */
export function assess(kb: KnowledgeBase, answers: Answers, options: AssessOptions = {}): Assessment {
  const ctx = createContext(kb.questions, answers);
  const { findings, unresolved, applied } = evaluateRules(planOf(kb), ctx);
  const reviewNeeded = unresolved.length > 0;
  let rank = DISPOSITIONS.indexOf(reviewNeeded ? 'incomplete' : 'proceed');
  for (const rule of applied) rank = Math.max(rank, rule.dispositionRank);
  const disposition = DISPOSITIONS[rank] as Disposition;
  const techniques = decideTechniques(kb, applied, disposition, reviewNeeded);
  return {
    kb: { id: kb.meta.id, version: kb.meta.version, hash: kb.hash },
    engineVersion: ENGINE_VERSION,
    assessedAt: options.assessedAt ?? null,
    disposition,
    reviewNeeded,
    techniques,
    findings,
    unresolved,
    precautions: collectPrecautions(kb, applied),
    referrals: collectReferrals(kb, applied),
    alternatives: collectAlternatives(kb, applied, answers),
    professions: fitProfessions(kb, techniques),
    openQuestions: openQuestions(kb, answers, unresolved, findings),
  };
}

/** Validates raw answers, then assesses them; bad answers give every problem, never a partial result. */
export function screen(
  kb: KnowledgeBase,
  rawAnswers: unknown,
  options: AssessOptions = {},
): Result<Assessment, AnswerIssue> {
  const answers = validateAnswers(kb, rawAnswers);
  return answers.ok ? ok(assess(kb, answers.value, options)) : answers;
}
