import type { EvalContext, TraceNode } from '../logic/compile.js';
import { decisiveLeaves } from '../logic/compile.js';
import { TRUE, UNKNOWN } from '../logic/tri.js';
import type { Finding, UnresolvedFlag } from './assessment.js';
import type { EnginePlan, RulePlan } from './plan.js';

export interface RuleOutcomes {
  /** Findings whose effects apply: definite ones, and possible ones of rules that err on the safe side. */
  readonly findings: Finding[];
  readonly unresolved: UnresolvedFlag[];
  /** Rules whose effects apply, parallel to `findings`. */
  readonly applied: RulePlan[];
}

/** Evaluates every rule; only the rules that fire or stay undecided are traced. */
export function evaluateRules(plan: EnginePlan, ctx: EvalContext): RuleOutcomes {
  const findings: Finding[] = [];
  const unresolved: UnresolvedFlag[] = [];
  const applied: RulePlan[] = [];
  const { rules } = plan;
  const values = plan.evaluateAll(ctx);
  for (let i = 0; i < rules.length; i++) {
    const rule = rules[i] as RulePlan;
    const value = values[i];
    if (value === TRUE) {
      findings.push(toFinding(rule, rule.trace(ctx), 'definite'));
      applied.push(rule);
    } else if (value === UNKNOWN) {
      if (rule.appliesWhenUnknown) {
        findings.push(toFinding(rule, rule.trace(ctx), 'possible'));
        applied.push(rule);
      } else {
        unresolved.push(toUnresolved(rule, ctx));
      }
    }
  }
  return { findings, unresolved, applied };
}

function toFinding(rule: RulePlan, trace: TraceNode, certainty: Finding['certainty']): Finding {
  return {
    ruleId: rule.id,
    ruleVersion: rule.version,
    title: rule.title,
    disposition: rule.disposition,
    certainty,
    evidence: rule.evidence,
    citations: rule.sources,
    triggers: decisiveLeaves(trace).map((leaf) => ({ questionId: leaf.questionId, answer: leaf.answer })),
    trace,
    client: rule.client,
    clinician: rule.clinician,
    complications: rule.complications,
  };
}

function toUnresolved(rule: RulePlan, ctx: EvalContext): UnresolvedFlag {
  const questions: string[] = [];
  rule.collectUnknown(ctx, questions);
  return {
    ruleId: rule.id,
    ruleVersion: rule.version,
    title: rule.title,
    disposition: rule.disposition === 'emergency' ? 'emergency' : 'refer',
    questionIds: [...new Set(questions)],
    client: rule.client,
    clinician: rule.clinician,
    citations: rule.sources,
  };
}
