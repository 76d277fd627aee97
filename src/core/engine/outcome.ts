/**
 * The outcome of a screening without the knowledge base's texts: every decision the engine took, by id,
 * and nothing the knowledge base can supply (titles, explanations, names, citations). With the knowledge
 * base the screening used, `expandOutcome` rebuilds the very Assessment `assess` returned — without
 * running the engine again, so that a later engine cannot change what an old screening showed.
 */
import type { KnowledgeBase, Rule } from '../kb/model.js';
import type { AlternativeEntry, PrecautionEntry, ProfessionEntry, TechniqueEntry } from '../kb/schema.js';
import type { Decision, Disposition, Urgency } from '../levels.js';
import type { TraceNode } from '../logic/compile.js';
import type {
  AlternativeItem,
  Assessment,
  DecisionReason,
  Finding,
  OpenQuestion,
  PrecautionItem,
  ProfessionFit,
  Referral,
  TechniqueDecision,
  Trigger,
  UnresolvedFlag,
} from './assessment.js';

export const OUTCOME_FORMAT = 'neckcheck-outcome/1';

export interface ScreeningOutcome {
  readonly format: typeof OUTCOME_FORMAT;
  readonly kb: Assessment['kb'];
  readonly engineVersion: string;
  readonly assessedAt: string | null;
  readonly disposition: Disposition;
  readonly reviewNeeded: boolean;
  readonly techniques: readonly {
    readonly techniqueId: string;
    readonly decision: Decision;
    readonly reasons: readonly DecisionReason[];
  }[];
  readonly findings: readonly {
    readonly ruleId: string;
    readonly ruleVersion: number;
    readonly certainty: Finding['certainty'];
    readonly triggers: readonly Trigger[];
    readonly trace: TraceNode;
  }[];
  readonly unresolved: readonly {
    readonly ruleId: string;
    readonly ruleVersion: number;
    readonly questionIds: readonly string[];
  }[];
  readonly precautions: readonly { readonly precautionId: string; readonly ruleIds: readonly string[] }[];
  readonly referrals: readonly {
    readonly to: string;
    readonly urgency: Urgency;
    readonly ruleIds: readonly string[];
  }[];
  readonly alternatives: readonly {
    readonly alternativeId: string;
    readonly ruleIds: readonly string[];
    readonly goals: readonly string[];
  }[];
  readonly professions: readonly {
    readonly professionId: string;
    readonly suitable: boolean;
    readonly techniques: readonly string[];
  }[];
  readonly openQuestions: readonly {
    readonly questionId: string;
    readonly redFlag: boolean;
    readonly ruleIds: readonly string[];
  }[];
}

/** Drops from an assessment everything its knowledge base holds. */
export function toOutcome(a: Assessment): ScreeningOutcome {
  return {
    format: OUTCOME_FORMAT,
    kb: a.kb,
    engineVersion: a.engineVersion,
    assessedAt: a.assessedAt,
    disposition: a.disposition,
    reviewNeeded: a.reviewNeeded,
    techniques: a.techniques.map((t) => ({
      techniqueId: t.techniqueId,
      decision: t.decision,
      reasons: t.reasons,
    })),
    findings: a.findings.map((f) => ({
      ruleId: f.ruleId,
      ruleVersion: f.ruleVersion,
      certainty: f.certainty,
      triggers: f.triggers,
      trace: f.trace,
    })),
    unresolved: a.unresolved.map((u) => ({
      ruleId: u.ruleId,
      ruleVersion: u.ruleVersion,
      questionIds: u.questionIds,
    })),
    precautions: a.precautions.map((p) => ({ precautionId: p.precautionId, ruleIds: p.ruleIds })),
    referrals: a.referrals.map((r) => ({ to: r.to, urgency: r.urgency, ruleIds: r.ruleIds })),
    alternatives: a.alternatives.map((x) => ({
      alternativeId: x.alternativeId,
      ruleIds: x.ruleIds,
      goals: x.goals,
    })),
    professions: a.professions.map((p) => ({
      professionId: p.professionId,
      suitable: p.suitable,
      techniques: p.techniques,
    })),
    openQuestions: a.openQuestions.map((q) => ({
      questionId: q.questionId,
      redFlag: q.redFlag,
      ruleIds: q.ruleIds,
    })),
  };
}

/** The outcome names something its knowledge base does not hold: the wrong snapshot, or damaged data. */
export class OutcomeMismatchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OutcomeMismatchError';
  }
}

/**
 * The Assessment `assess` returned, from its outcome and the knowledge base it was made with (the same
 * content hash); the objects' keys come in the engine's order, so the JSON is the same text too.
 */
export function expandOutcome(outcome: ScreeningOutcome, kb: KnowledgeBase): Assessment {
  if (outcome.kb.hash !== kb.hash)
    throw new OutcomeMismatchError(`outcome of knowledge base ${outcome.kb.hash} expanded with ${kb.hash}`);
  const idx = kb.index;
  const rule = (id: string, version: number): Rule => {
    const found = find(idx.rule, id, 'rule');
    if (found.version !== version)
      throw new OutcomeMismatchError(`rule ${id} is version ${found.version}, the outcome names ${version}`);
    return found;
  };
  const techniques = outcome.techniques.map((t): TechniqueDecision => {
    const entry: TechniqueEntry = find(idx.technique, t.techniqueId, 'technique');
    return {
      techniqueId: t.techniqueId,
      name: entry.name,
      force: entry.force,
      decision: t.decision,
      reasons: t.reasons,
    };
  });
  const findings = outcome.findings.map((f): Finding => {
    const r = rule(f.ruleId, f.ruleVersion);
    return {
      ruleId: f.ruleId,
      ruleVersion: f.ruleVersion,
      title: r.title,
      disposition: r.disposition,
      certainty: f.certainty,
      evidence: r.evidence,
      citations: r.sources,
      triggers: f.triggers,
      trace: f.trace,
      client: r.client,
      clinician: r.clinician,
      complications: r.complications ?? [],
    };
  });
  const unresolved = outcome.unresolved.map((u): UnresolvedFlag => {
    const r = rule(u.ruleId, u.ruleVersion);
    return {
      ruleId: u.ruleId,
      ruleVersion: u.ruleVersion,
      title: r.title,
      disposition: r.disposition === 'emergency' ? 'emergency' : 'refer',
      questionIds: u.questionIds,
      client: r.client,
      clinician: r.clinician,
      citations: r.sources,
    };
  });
  const precautions = outcome.precautions.map((p): PrecautionItem => {
    const entry: PrecautionEntry = find(idx.precaution, p.precautionId, 'precaution');
    const standard = entry.standard === true;
    return entry.site === undefined
      ? { precautionId: p.precautionId, text: entry.text, standard, ruleIds: p.ruleIds }
      : { precautionId: p.precautionId, text: entry.text, standard, site: entry.site, ruleIds: p.ruleIds };
  });
  const referrals = outcome.referrals.map(
    (r): Referral => ({
      to: r.to,
      name: find(idx.referralTarget, r.to, 'referral target').name,
      urgency: r.urgency,
      ruleIds: r.ruleIds,
    }),
  );
  const alternatives = outcome.alternatives.map((x): AlternativeItem => {
    const entry: AlternativeEntry = find(idx.alternative, x.alternativeId, 'alternative');
    return {
      alternativeId: x.alternativeId,
      name: entry.name,
      certainty: entry.certainty,
      evidenceSummary: entry.evidenceSummary,
      ruleIds: x.ruleIds,
      goals: x.goals,
    };
  });
  const professions = outcome.professions.map((p): ProfessionFit => {
    const entry: ProfessionEntry = find(idx.profession, p.professionId, 'profession');
    return { professionId: p.professionId, name: entry.name, suitable: p.suitable, techniques: p.techniques };
  });
  const openQuestions = outcome.openQuestions.map(
    (q): OpenQuestion => ({
      questionId: q.questionId,
      text: find(idx.question, q.questionId, 'question').text,
      redFlag: q.redFlag,
      ruleIds: q.ruleIds,
    }),
  );
  return {
    kb: outcome.kb,
    engineVersion: outcome.engineVersion,
    assessedAt: outcome.assessedAt,
    disposition: outcome.disposition,
    reviewNeeded: outcome.reviewNeeded,
    techniques,
    findings,
    unresolved,
    precautions,
    referrals,
    alternatives,
    professions,
    openQuestions,
  };
}

function find<T>(map: ReadonlyMap<string, T>, id: string, what: string): T {
  const found = map.get(id);
  if (found === undefined) throw new OutcomeMismatchError(`the knowledge base has no ${what} ${id}`);
  return found;
}
