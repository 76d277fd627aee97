/**
 * The generated evaluators (ADR 0024) must give exactly the Tri of the closures they stand in for: on the
 * shipped rules and enableWhens with random answer sets, and on random condition trees, including the
 * values that cannot be written as literals (which must fall back) and strings that try to break out of
 * a string literal.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createContext } from '../../src/core/engine/context.js';
import { planOf } from '../../src/core/engine/plan.js';
import type { Answers, Condition, KnowledgeBase, Leaf, Question } from '../../src/core/index.js';
import { answerMap, UNKNOWN_ANSWER } from '../../src/core/index.js';
import { compileCondition } from '../../src/core/logic/compile.js';
import { generateEvaluator, generateProgram } from '../../src/core/logic/generate.js';
import { answersArbitrary } from '../helpers/arbitraries.js';
import { kb as loadKb } from '../helpers/kb.js';

const kb: KnowledgeBase = await loadKb();
const indexOf = (id: string): number => kb.index.question.get(id)?.index ?? -1;
const gates = kb.questions.map((q) => q.enableWhen);

describe('generated rule evaluation', () => {
  it('is generated here (Node allows new Function)', () => {
    expect(
      generateProgram(
        kb.rules.map((r) => r.when),
        indexOf,
        gates,
      ),
    ).toBeTypeOf('function');
  });

  it("gives every shipped rule the closure's value on random answer sets", () => {
    const plan = planOf(kb);
    fc.assert(
      fc.property(answersArbitrary(kb), fc.boolean(), (answers, asMap) => {
        const given = asMap ? answerMap(answers) : answers;
        const generated = Array.from(plan.evaluateAll(createContext(kb.questions, given)));
        const closures = kb.rules.map((rule) => rule.evaluate(createContext(kb.questions, given)));
        expect(generated).toEqual(closures);
      }),
      { numRuns: 400 },
    );
  });

  it("gives every shipped enableWhen the closure's value", () => {
    const generated = kb.questions.map((q) =>
      q.enableWhen === undefined ? undefined : generateEvaluator(q.enableWhen, indexOf),
    );
    fc.assert(
      fc.property(answersArbitrary(kb), (answers) => {
        kb.questions.forEach((q, i) => {
          if (q.isEnabled === undefined) return;
          const ctx = createContext(kb.questions, answers);
          expect(generated[i]?.(ctx)).toBe(q.isEnabled(ctx));
        });
      }),
      { numRuns: 200 },
    );
  });
});

// Random trees over questions of every type, with and without an enableWhen, with values both fitting and
// not fitting the answers.
const sample = (type: Question['type'], gated: boolean): Question[] =>
  kb.questions.filter((q) => q.type === type && (q.enableWhen !== undefined) === gated).slice(0, 1);
const QUESTIONS = (['boolean', 'choice', 'number', 'multi'] as const).flatMap((type) => [
  ...sample(type, false),
  ...sample(type, true),
]);
const optionIds = (q: Question): string[] => [...(q.options ?? []).map((o) => o.id), 'not_an_option'];

const leafArbitrary: fc.Arbitrary<Condition> = fc
  .constantFrom(...QUESTIONS)
  .chain((q): fc.Arbitrary<Leaf> => {
    const leaf = (op: Leaf['op'], value: Leaf['value']): Leaf => ({
      kind: 'leaf',
      questionId: q.id,
      op,
      value,
    });
    switch (q.type) {
      case 'boolean':
        return fc.boolean().map((value) => leaf('is', value));
      case 'number':
        return fc
          .tuple(
            fc.constantFrom<Leaf['op']>('gte', 'gt', 'lte', 'lt', 'is'),
            fc.integer({ min: -5, max: 120 }),
          )
          .map(([op, value]) => leaf(op, value));
      case 'choice':
        return fc.oneof(
          fc.constantFrom(...optionIds(q)).map((value) => leaf('is', value)),
          fc
            .uniqueArray(fc.constantFrom(...optionIds(q)), { maxLength: 3 })
            .map((value) => leaf('in', value)),
        );
      case 'multi':
        return fc
          .uniqueArray(fc.constantFrom(...optionIds(q)), { maxLength: 3 })
          .map((value) => leaf('has', value));
    }
  });

const conditionArbitrary: fc.Arbitrary<Condition> = fc.letrec<{ node: Condition }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leafArbitrary,
    fc.constant<Condition>({ kind: 'always' }),
    tie('node').map((item): Condition => ({ kind: 'not', item })),
    fc
      .tuple(
        fc.constantFrom('all', 'any') as fc.Arbitrary<'all' | 'any'>,
        fc.array(tie('node'), { maxLength: 4 }),
      )
      .map(([kind, items]): Condition => ({ kind, items })),
    fc
      .array(tie('node'), { minLength: 1, maxLength: 4 })
      .chain((items) =>
        fc.integer({ min: 0, max: items.length + 1 }).map((n): Condition => ({ kind: 'atLeast', n, items })),
      ),
  ),
})).node;

const fewAnswersArbitrary: fc.Arbitrary<Answers> = fc
  .tuple(
    ...QUESTIONS.map((q) =>
      fc.option(
        fc.oneof(
          fc.constant(UNKNOWN_ANSWER),
          q.type === 'boolean'
            ? fc.boolean()
            : q.type === 'number'
              ? fc.integer({ min: 0, max: 110 })
              : q.type === 'choice'
                ? fc.constantFrom(...optionIds(q))
                : fc.uniqueArray(fc.constantFrom(...optionIds(q)), { maxLength: 3 }),
        ),
        { nil: undefined },
      ),
    ),
  )
  .chain((values) =>
    // The rest of a screening at random, so that the gated questions sometimes apply and sometimes not.
    answersArbitrary(kb).map((rest) => {
      const answers: Record<string, unknown> = { ...rest };
      QUESTIONS.forEach((q, i) => {
        if (values[i] !== undefined) answers[q.id] = values[i];
      });
      return answers as Answers;
    }),
  );

describe('generated evaluation of any condition', () => {
  it('equals the closure on random trees and answers', () => {
    fc.assert(
      fc.property(conditionArbitrary, fewAnswersArbitrary, (condition, answers) => {
        const ctx = createContext(kb.questions, answers);
        const generated = generateEvaluator(condition, indexOf);
        expect(generated).toBeTypeOf('function');
        expect(generated?.(ctx)).toBe(compileCondition(condition, indexOf)(ctx));
        const program = generateProgram([condition, condition], indexOf, gates);
        expect(Array.from(program?.(createContext(kb.questions, answers)) ?? [])).toEqual([
          compileCondition(condition, indexOf)(ctx),
          compileCondition(condition, indexOf)(ctx),
        ]);
      }),
      { numRuns: 1000 },
    );
  });

  it('leaves a value it cannot write as a literal to the closures', () => {
    const number = QUESTIONS.find((q) => q.type === 'number') as Question;
    const infinite: Condition = {
      kind: 'leaf',
      questionId: number.id,
      op: 'lt',
      value: Number.POSITIVE_INFINITY,
    };
    expect(generateEvaluator(infinite, indexOf)).toBeUndefined();
    expect(generateProgram([infinite], indexOf, gates)).toBeUndefined();
  });

  it('keeps hostile strings inside their string literal', () => {
    const choice = QUESTIONS.find((q) => q.type === 'choice' && q.enableWhen === undefined) as Question;
    for (const hostile of ['"; throw new Error("escaped"); "', "\\'\u2028\u2029`", `$\{1}`, '</script>']) {
      const condition: Condition = { kind: 'leaf', questionId: choice.id, op: 'is', value: hostile };
      const evaluate = generateEvaluator(condition, indexOf);
      expect(evaluate?.(createContext(kb.questions, { [choice.id]: hostile } as Answers))).toBe(2);
      expect(evaluate?.(createContext(kb.questions, {}))).toBe(1);
    }
  });
});

describe('answer maps', () => {
  it('have no prototype, so inherited names are never answers', () => {
    const answers = answerMap({ a: true });
    expect(Object.getPrototypeOf(answers)).toBeNull();
    expect((answers as Record<string, unknown>).constructor).toBeUndefined();
    expect(JSON.stringify(answers)).toBe('{"a":true}');
  });
});
