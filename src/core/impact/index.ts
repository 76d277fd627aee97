export type { ImpactPlan } from './plan.js';
export { planImpact } from './plan.js';
export type { ImpactInput, ImpactKbs } from './run.js';
export { assessImpact } from './run.js';
export type { Direction, ImpactTally, Outcome, RuleImpact } from './tally.js';
export { EXAMPLES, emptyTally, ImpactCounter, mergeTallies, outcomeOf } from './tally.js';
