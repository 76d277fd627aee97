/**
 * The knowledge base's flat enableWhen (a comparison, or all/any of comparisons) as FHIR enableWhen.
 * `is` becomes `=`; `in` and `has` become one `=` per option with enableBehavior `any` (on a repeating
 * question, `=` holds when any answer matches); number comparisons keep their operator.
 *
 * Only `all` over comparisons that expand to several options (`in`/`has` with two or more) cannot be written
 * with one enableBehavior; such a condition falls back to the SDC enableWhenExpression extension (FHIRPath).
 * An "I don't know" or missing gate answer never enables the question, as in the engine, where an undecided
 * enableWhen is not asked.
 */
import type { Extension, QuestionnaireItemEnableWhen } from '@medplum/fhirtypes';
import type { Condition, KnowledgeBase, Leaf, Question } from '../core/index.js';
import { shapeOf } from './answer-codes.js';
import { EXTENSIONS, NO_CODE, SYSTEMS, YES_CODE } from './constants.js';

export interface EnableWhenParts {
  readonly enableWhen?: QuestionnaireItemEnableWhen[];
  readonly enableBehavior?: 'all' | 'any';
  readonly extension?: Extension[];
}

const OPERATORS = { gte: '>=', gt: '>', lte: '<=', lt: '<' } as const;

type Value = boolean | number | string;

/** The value a gate's answer is compared with, in the type its item uses. */
function answerOf(gate: Question, value: Value): Partial<QuestionnaireItemEnableWhen> {
  const shape = shapeOf(gate);
  if (shape === 'boolean') return { answerBoolean: value === true };
  if (shape === 'yes-no')
    return { answerCoding: { system: SYSTEMS.answers, code: value ? YES_CODE : NO_CODE } };
  if (shape === 'integer' && typeof value === 'number' && Number.isInteger(value))
    return { answerInteger: value };
  if (typeof value === 'number') return { answerDecimal: value };
  return { answerCoding: { system: SYSTEMS.answers, code: String(value) } };
}

/** The alternatives (joined by "or") a comparison expands to. */
function alternatives(kb: KnowledgeBase, leaf: Leaf): QuestionnaireItemEnableWhen[] {
  const gate = kb.index.question.get(leaf.questionId);
  if (gate === undefined) return [];
  const values: readonly Value[] = Array.isArray(leaf.value) ? leaf.value : [leaf.value as Value];
  const operator = leaf.op in OPERATORS ? OPERATORS[leaf.op as keyof typeof OPERATORS] : '=';
  return values.map((value) => ({ question: gate.id, operator, ...answerOf(gate, value) }));
}

function leavesOfFlat(condition: Condition): Leaf[] | undefined {
  if (condition.kind === 'leaf') return [condition];
  if (condition.kind === 'all' || condition.kind === 'any') {
    const leaves = condition.items.filter((i): i is Leaf => i.kind === 'leaf');
    return leaves.length === condition.items.length ? leaves : undefined;
  }
  return undefined;
}

export function enableWhenOf(kb: KnowledgeBase, q: Question): EnableWhenParts {
  const condition = q.enableWhen;
  if (condition === undefined) return {};
  const leaves = leavesOfFlat(condition);
  const expanded = leaves?.map((leaf) => alternatives(kb, leaf));
  if (expanded?.every((alts) => alts.length > 0)) {
    const entries = expanded.flat();
    const conjunction = condition.kind === 'all' && entries.length > 1;
    if (!conjunction || expanded.every((alts) => alts.length === 1)) {
      // que-12 says "more than one" in words (its expression says > 2): always name the behaviour.
      return entries.length > 1
        ? { enableWhen: entries, enableBehavior: conjunction ? 'all' : 'any' }
        : { enableWhen: entries };
    }
  }
  return {
    extension: [
      {
        url: EXTENSIONS.enableWhenExpression,
        valueExpression: { language: 'text/fhirpath', expression: expressionOf(kb, condition) },
      },
    ],
  };
}

/** A FHIRPath expression over the response that is true exactly when the condition holds. */
export function expressionOf(kb: KnowledgeBase, condition: Condition): string {
  switch (condition.kind) {
    case 'leaf': {
      const tests = alternatives(kb, condition).map(predicate);
      const answers = `%resource.repeat(item | answer.item).where(linkId = '${condition.questionId}').answer.value`;
      return `${answers}.where(${tests.join(' or ')}).exists()`;
    }
    case 'all':
    case 'any': {
      const parts = condition.items.map((item) => `(${expressionOf(kb, item)})`);
      return parts.join(condition.kind === 'all' ? ' and ' : ' or ');
    }
    case 'not':
      return `(${expressionOf(kb, condition.item)}).not()`;
    case 'atLeast': {
      const counts = condition.items.map((item) => `iif(${expressionOf(kb, item)}, 1, 0)`);
      return `(${counts.join(' + ')}) >= ${condition.n}`;
    }
    case 'always':
      return 'true';
  }
}

function predicate(entry: QuestionnaireItemEnableWhen): string {
  if (entry.answerCoding !== undefined) return `code = '${entry.answerCoding.code ?? ''}'`;
  const value = entry.answerBoolean ?? entry.answerInteger ?? entry.answerDecimal;
  return `$this ${entry.operator} ${String(value)}`;
}
