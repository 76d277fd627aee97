import type { Answers } from '../../../src/core/answers/types.js';
import type { Assessment } from '../../../src/core/engine/assessment.js';
import type { KnowledgeBase as CurrentKb } from '../../../src/core/index.js';
import type { Disposition } from '../../../src/core/levels.js';
import { DISPOSITIONS, maxLevel } from '../../../src/core/levels.js';
import { ENGINE_VERSION } from '../../../src/core/version.js';
import { createContext } from './context.js';
import { collectAlternatives, collectPrecautions, collectReferrals, fitProfessions } from './effects.js';
import { evaluateRules } from './evaluate-rules.js';
import { recompiled } from './model.js';
import { openQuestions } from './open-questions.js';
import { decideTechniques } from './techniques.js';

export interface AssessOptions {
  /** A timestamp to record in the assessment; the engine never reads the clock itself. */
  readonly assessedAt?: string;
}

/**
 * The engine as it was before the speed work of issue 12 (src/core/engine and src/core/logic/compile.ts
 * at commit 47fd2f3), frozen as the reference the current engine's output must equal. Do not optimise.
 */
export function referenceAssess(
  current: CurrentKb,
  answers: Answers,
  options: AssessOptions = {},
): Assessment {
  const kb = recompiled(current);
  const ctx = createContext(kb.questions, answers);
  const { findings, unresolved, applied } = evaluateRules(kb.rules, ctx);
  const reviewNeeded = unresolved.length > 0;
  let disposition: Disposition = reviewNeeded ? 'incomplete' : 'proceed';
  for (const rule of applied) disposition = maxLevel(DISPOSITIONS, disposition, rule.disposition);
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
