/**
 * Conditions over answers, as written in the knowledge base:
 *
 *   { q: headache_thunderclap, is: true }          boolean or single-choice answer equals a value
 *   { q: pregnancy, in: [pregnant, postpartum] }    single-choice answer is one of the options
 *   { q: neuro_symptoms, has: [double_vision] }     multiple-choice answer contains one of the options
 *   { q: age, gte: 65 }                             number comparison (gte, gt, lte, lt)
 *   all: [...] / any: [...] / not: {...}            combinations
 *   { atLeast: 3, of: [...] }                       clinical clusters ("3 of 5 signs")
 *   always: true                                    standard care that applies to everyone
 */
export const COMPARISONS = ['is', 'in', 'has', 'gte', 'gt', 'lte', 'lt'] as const;
export type Comparison = (typeof COMPARISONS)[number];

export type LeafValue = boolean | number | string | readonly string[];

export interface Leaf {
  readonly kind: 'leaf';
  readonly questionId: string;
  readonly op: Comparison;
  readonly value: LeafValue;
}

export type Condition =
  | Leaf
  | { readonly kind: 'always' }
  | { readonly kind: 'all'; readonly items: readonly Condition[] }
  | { readonly kind: 'any'; readonly items: readonly Condition[] }
  | { readonly kind: 'not'; readonly item: Condition }
  | { readonly kind: 'atLeast'; readonly n: number; readonly items: readonly Condition[] };

/** Every leaf of a condition, in order. */
export function leavesOf(condition: Condition): Leaf[] {
  const out: Leaf[] = [];
  const walk = (c: Condition): void => {
    switch (c.kind) {
      case 'leaf':
        out.push(c);
        return;
      case 'always':
        return;
      case 'not':
        walk(c.item);
        return;
      case 'all':
      case 'any':
      case 'atLeast':
        for (const item of c.items) walk(item);
        return;
    }
  };
  walk(condition);
  return out;
}

/** The question ids a condition reads, without duplicates, in order of appearance. */
export function questionsOf(condition: Condition): string[] {
  return [...new Set(leavesOf(condition).map((leaf) => leaf.questionId))];
}
