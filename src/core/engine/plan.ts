import type { KnowledgeBase, Rule } from '../kb/model.js';
import type { CitationEntry } from '../kb/schema.js';
import type { Decision, EvidenceTag } from '../levels.js';
import { DISPOSITIONS, URGENCIES } from '../levels.js';
import type { EvalContext, Evaluator, TracingEvaluator, UnknownCollector } from '../logic/compile.js';
import { generateProgram } from '../logic/generate.js';
import type { Tri } from '../logic/tri.js';
import type { LocalizedText } from '../text.js';

/** A rule with what the engine reads of it on every assessment, in one fixed shape. */
export interface RulePlan {
  readonly id: string;
  readonly version: number;
  readonly title: LocalizedText;
  readonly disposition: Rule['disposition'];
  readonly dispositionRank: number;
  /** The rule applies when its condition is unknown (`onUnknown: apply`). */
  readonly appliesWhenUnknown: boolean;
  readonly evidence: EvidenceTag;
  readonly sources: readonly CitationEntry[];
  readonly client: LocalizedText;
  readonly clinician: LocalizedText;
  readonly complications: readonly string[];
  readonly evaluate: Evaluator;
  readonly trace: TracingEvaluator;
  readonly collectUnknown: UnknownCollector;
  /** The restriction on each technique, by position in `kb.techniques`. */
  readonly techniques: readonly (Decision | undefined)[];
  /** The precautions the rule requires, by position in `kb.precautions`. */
  readonly precautions: readonly number[];
  readonly alternatives: readonly string[];
  readonly referral: { readonly to: string; readonly urgency: number } | undefined;
}

export interface EnginePlan {
  readonly rules: readonly RulePlan[];
  /** The truth value of every rule's condition, by position in `rules`. */
  readonly evaluateAll: (ctx: EvalContext) => ArrayLike<Tri>;
}

/*
 * Rules come from YAML with optional fields, so they have some thirty different hidden classes and
 * every `rule.x` in the engine's loops was a slow megamorphic property load. The plan copies what the
 * engine reads into records of one shape, once per knowledge base. The WeakMap is a pure memo: the
 * plan is derived from the (immutable) knowledge base alone and goes away with it.
 */
const plans = new WeakMap<KnowledgeBase, EnginePlan>();

export function planOf(kb: KnowledgeBase): EnginePlan {
  let plan = plans.get(kb);
  if (plan === undefined) {
    const rules = kb.rules.map((rule) => planRule(kb, rule));
    const indexOf = (id: string): number => kb.index.question.get(id)?.index ?? -1;
    // Generated code where it may run (ADR 0024); the knowledge base's own closures elsewhere.
    const generated = generateProgram(
      kb.rules.map((rule) => rule.when),
      indexOf,
      kb.questions.map((q) => q.enableWhen),
    ) as EnginePlan['evaluateAll'] | undefined;
    plan = {
      rules,
      evaluateAll: generated ?? ((ctx) => rules.map((rule) => rule.evaluate(ctx))),
    };
    plans.set(kb, plan);
  }
  return plan;
}

function planRule(kb: KnowledgeBase, rule: Rule): RulePlan {
  return {
    id: rule.id,
    version: rule.version,
    title: rule.title,
    disposition: rule.disposition,
    dispositionRank: DISPOSITIONS.indexOf(rule.disposition),
    appliesWhenUnknown: rule.onUnknown === 'apply',
    evidence: rule.evidence,
    sources: rule.sources,
    client: rule.client,
    clinician: rule.clinician,
    complications: rule.complications ?? [],
    evaluate: rule.evaluate,
    trace: rule.trace,
    collectUnknown: rule.collectUnknown,
    techniques: kb.techniques.map((t) => rule.techniques[t.id]),
    precautions: (rule.precautions ?? []).flatMap((id) => {
      const position = kb.precautions.findIndex((p) => p.id === id);
      return position < 0 ? [] : [position];
    }),
    alternatives: rule.alternatives ?? [],
    referral:
      rule.referral === undefined
        ? undefined
        : { to: rule.referral.to, urgency: URGENCIES.indexOf(rule.referral.urgency) },
  };
}
