/**
 * Translates the knowledge base's rules into json-rules-engine rules, automatically, as the baseline of
 * the engine benchmark. Three-valued logic is encoded "dual-rail": each rule becomes one json-rules-engine
 * rule that fires when the condition is definitely true and one that fires when it is definitely false;
 * when neither fires the condition is unknown.
 */
import type { NestedCondition, RuleProperties, TopLevelCondition } from 'json-rules-engine';
import { Engine } from 'json-rules-engine';
import type { Answers, AnswerValue, Condition, KnowledgeBase, Leaf } from '../src/core/index.js';
import { UNKNOWN_ANSWER } from '../src/core/index.js';

type Status = 'true' | 'false' | 'unknown';

const FACT = 'answers';

function compare(leaf: Leaf, answer: AnswerValue): boolean {
  const expected = leaf.value;
  switch (leaf.op) {
    case 'is':
      return answer === expected;
    case 'in':
      return (expected as readonly string[]).includes(answer as string);
    case 'has':
      return (
        Array.isArray(answer) && (answer as string[]).some((a) => (expected as readonly string[]).includes(a))
      );
    case 'gte':
      return (answer as number) >= (expected as number);
    case 'gt':
      return (answer as number) > (expected as number);
    case 'lte':
      return (answer as number) <= (expected as number);
    case 'lt':
      return (answer as number) < (expected as number);
  }
}

const known = (answers: Answers, leaf: Leaf): AnswerValue | undefined => {
  const a = answers[leaf.questionId];
  return a === undefined || a === UNKNOWN_ANSWER ? undefined : a;
};

const ALWAYS: NestedCondition = { fact: FACT, operator: 'nc_always', value: true };
const NEVER: NestedCondition = { fact: FACT, operator: 'nc_never', value: true };

const all = (items: NestedCondition[]): NestedCondition => ({ all: items });
const any = (items: NestedCondition[]): NestedCondition => ({ any: items });

function combinations<T>(items: readonly T[], k: number): T[][] {
  if (k === 0) return [[]];
  return items.flatMap((item, i) => combinations(items.slice(i + 1), k - 1).map((rest) => [item, ...rest]));
}

class Translator {
  private readonly kb: KnowledgeBase;

  constructor(kb: KnowledgeBase) {
    this.kb = kb;
  }

  private enableTrue(questionId: string): NestedCondition {
    const when = this.kb.index.question.get(questionId)?.enableWhen;
    return when === undefined ? ALWAYS : this.definitelyTrue(when);
  }

  private enableFalse(questionId: string): NestedCondition {
    const when = this.kb.index.question.get(questionId)?.enableWhen;
    return when === undefined ? NEVER : this.definitelyFalse(when);
  }

  /** The leaf holds: the question is not ruled out, is answered, and the comparison holds. */
  private leafTrue(leaf: Leaf): NestedCondition {
    return all([
      { not: this.enableFalse(leaf.questionId) },
      { fact: FACT, operator: 'nc_known_match', value: leaf },
    ]);
  }

  /** The leaf fails: the question is ruled out, or is known to apply and its known answer does not match. */
  private leafFalse(leaf: Leaf): NestedCondition {
    return any([
      this.enableFalse(leaf.questionId),
      all([this.enableTrue(leaf.questionId), { fact: FACT, operator: 'nc_known_mismatch', value: leaf }]),
    ]);
  }

  definitelyTrue(c: Condition): NestedCondition {
    switch (c.kind) {
      case 'always':
        return ALWAYS;
      case 'leaf':
        return this.leafTrue(c);
      case 'not':
        return this.definitelyFalse(c.item);
      case 'all':
        return all(c.items.map((i) => this.definitelyTrue(i)));
      case 'any':
        return any(c.items.map((i) => this.definitelyTrue(i)));
      case 'atLeast':
        return any(combinations(c.items, c.n).map((group) => all(group.map((i) => this.definitelyTrue(i)))));
    }
  }

  definitelyFalse(c: Condition): NestedCondition {
    switch (c.kind) {
      case 'always':
        return NEVER;
      case 'leaf':
        return this.leafFalse(c);
      case 'not':
        return this.definitelyTrue(c.item);
      case 'all':
        return any(c.items.map((i) => this.definitelyFalse(i)));
      case 'any':
        return all(c.items.map((i) => this.definitelyFalse(i)));
      case 'atLeast': {
        const needed = c.items.length - c.n + 1;
        return any(
          combinations(c.items, needed).map((group) => all(group.map((i) => this.definitelyFalse(i)))),
        );
      }
    }
  }
}

const topLevel = (c: NestedCondition): TopLevelCondition =>
  'all' in c || 'any' in c ? (c as TopLevelCondition) : { all: [c] };

export function translateRules(kb: KnowledgeBase): RuleProperties[] {
  const t = new Translator(kb);
  return kb.rules.flatMap((rule) => [
    {
      name: `${rule.id}:true`,
      conditions: topLevel(t.definitelyTrue(rule.when)),
      event: { type: 'status', params: { rule: rule.id, status: 'true' } },
    },
    {
      name: `${rule.id}:false`,
      conditions: topLevel(t.definitelyFalse(rule.when)),
      event: { type: 'status', params: { rule: rule.id, status: 'false' } },
    },
  ]);
}

export function createJsonRulesEngine(kb: KnowledgeBase): (answers: Answers) => Promise<Map<string, Status>> {
  const engine = new Engine(translateRules(kb), { allowUndefinedFacts: true });
  engine.addOperator('nc_always', () => true);
  engine.addOperator('nc_never', () => false);
  engine.addOperator<Answers, Leaf>('nc_known_match', (answers, leaf) => {
    const a = known(answers, leaf);
    return a !== undefined && compare(leaf, a);
  });
  engine.addOperator<Answers, Leaf>('nc_known_mismatch', (answers, leaf) => {
    const a = known(answers, leaf);
    return a !== undefined && !compare(leaf, a);
  });
  return async (answers) => {
    const result = await engine.run({ [FACT]: answers });
    const statuses = new Map<string, Status>(kb.rules.map((r) => [r.id, 'unknown']));
    for (const event of result.events) {
      const params = event.params as { rule: string; status: Status };
      statuses.set(params.rule, params.status);
    }
    return statuses;
  };
}
