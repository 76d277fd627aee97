import fc from 'fast-check';
import type { Answers, AnswerValue, KnowledgeBase, Question } from '../../src/core/index.js';
import { UNKNOWN_ANSWER } from '../../src/core/index.js';

/** Any valid answer to one question (including "I don't know" where offered). */
export function answerArbitrary(question: Question): fc.Arbitrary<AnswerValue> {
  const known = knownAnswerArbitrary(question);
  return question.allowUnknown
    ? fc.oneof({ weight: 1, arbitrary: fc.constant(UNKNOWN_ANSWER) }, { weight: 4, arbitrary: known })
    : known;
}

export function knownAnswerArbitrary(question: Question): fc.Arbitrary<AnswerValue> {
  const options = (question.options ?? []).map((o) => o.id);
  switch (question.type) {
    case 'boolean':
      return fc.boolean();
    case 'choice':
      return fc.constantFrom(...options);
    case 'number':
      return fc.integer({ min: question.min ?? 0, max: question.max ?? 100 });
    case 'multi': {
      const exclusive = (question.options ?? []).filter((o) => o.exclusive === true).map((o) => o.id);
      const regular = options.filter((o) => !exclusive.includes(o));
      const subset = fc.uniqueArray(fc.constantFrom(...regular), { minLength: 1, maxLength: 4 });
      return exclusive.length > 0 ? fc.oneof(fc.constant([exclusive[0] as string]), subset) : subset;
    }
  }
}

/** A random, valid, possibly partial screening: each question is absent, unknown or answered. */
export function answersArbitrary(kb: KnowledgeBase): fc.Arbitrary<Answers> {
  const entries = kb.questions.map((q) =>
    fc.option(answerArbitrary(q), { nil: undefined, freq: 3 }).map((value) => [q.id, value] as const),
  );
  return fc.tuple(...entries).map((pairs) => {
    const answers: Record<string, AnswerValue> = {};
    for (const [id, value] of pairs) if (value !== undefined) answers[id] = value;
    return answers;
  });
}

/** The risky value a question's `risk` declares, given its current (known) answer; undefined if none. */
export function riskierAnswer(
  question: Question,
  current: AnswerValue | undefined,
  pick: number,
): AnswerValue | undefined {
  const risk = question.risk;
  if (risk === undefined || current === undefined || current === UNKNOWN_ANSWER) return undefined;
  switch (risk.direction) {
    case 'yes':
      return current === false ? true : undefined;
    case 'no':
      return current === true ? false : undefined;
    case 'higher':
      return typeof current === 'number' && current < (question.max ?? current)
        ? Math.min(question.max ?? current, current + 1 + (pick % 50))
        : undefined;
    case 'options': {
      const risky = risk.options ?? [];
      const option = risky[pick % Math.max(1, risky.length)];
      if (option === undefined) return undefined;
      if (question.type === 'choice') return risky.includes(current as string) ? undefined : option;
      if (!Array.isArray(current) || current.includes(option)) return undefined;
      const exclusive = new Set(
        (question.options ?? []).filter((o) => o.exclusive === true).map((o) => o.id),
      );
      return [...(current as string[]).filter((o) => !exclusive.has(o)), option];
    }
    case 'none':
      return undefined;
  }
}
