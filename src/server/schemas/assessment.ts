/**
 * JSON Schemas of an assessment as the API sends it, for the OpenAPI document: the compact view in one
 * language (the default) and the full Assessment the engine returns (`?detail=full`). ADR 0018.
 */
import Type from 'typebox';
import { CERTAINTIES, DECISIONS, DISPOSITIONS, EVIDENCE_TAGS, URGENCIES } from '../../core/index.js';
import { AUDIENCES, HEADLINE_LEVELS } from '../../report/index.js';

const Text = Type.Object({ en: Type.String(), fr: Type.String() });
const Citation = Type.Object({
  id: Type.String(),
  authors: Type.String(),
  year: Type.Integer(),
  title: Type.String(),
  source: Type.String(),
  doi: Type.Optional(Type.String()),
  pmid: Type.Optional(Type.String()),
  url: Type.Optional(Type.String()),
  isbn: Type.Optional(Type.String()),
  verification: Type.Enum(EVIDENCE_TAGS),
  note: Type.Optional(Type.String()),
});
const Trace = Type.Object(
  {},
  {
    additionalProperties: true,
    description: 'How each comparison of the rule evaluated (a tree of all/any/not/atLeast/leaf nodes)',
  },
);
const Trigger = Type.Object({ questionId: Type.String(), answer: Type.Unknown() });

export const AssessmentSchema = Type.Object(
  {
    kb: Type.Object({ id: Type.String(), version: Type.String(), hash: Type.String() }),
    engineVersion: Type.String(),
    assessedAt: Type.Union([Type.String(), Type.Null()]),
    disposition: Type.Enum(DISPOSITIONS),
    reviewNeeded: Type.Boolean(),
    techniques: Type.Array(
      Type.Object({
        techniqueId: Type.String(),
        name: Text,
        force: Type.Integer(),
        decision: Type.Enum(DECISIONS),
        reasons: Type.Array(Type.Object({ kind: Type.String() }, { additionalProperties: true })),
      }),
    ),
    findings: Type.Array(
      Type.Object({
        ruleId: Type.String(),
        ruleVersion: Type.Integer(),
        title: Text,
        disposition: Type.Enum(DISPOSITIONS),
        certainty: Type.Enum(['definite', 'possible']),
        evidence: Type.Enum(EVIDENCE_TAGS),
        citations: Type.Array(Citation),
        triggers: Type.Array(Trigger),
        trace: Trace,
        client: Text,
        clinician: Text,
        complications: Type.Array(Type.String()),
      }),
    ),
    unresolved: Type.Array(
      Type.Object({
        ruleId: Type.String(),
        ruleVersion: Type.Integer(),
        title: Text,
        disposition: Type.Enum(['emergency', 'refer']),
        questionIds: Type.Array(Type.String()),
        client: Text,
        clinician: Text,
        citations: Type.Array(Citation),
      }),
    ),
    precautions: Type.Array(
      Type.Object({
        precautionId: Type.String(),
        text: Text,
        standard: Type.Boolean(),
        site: Type.Optional(Type.String()),
        ruleIds: Type.Array(Type.String()),
      }),
    ),
    referrals: Type.Array(
      Type.Object({
        to: Type.String(),
        name: Text,
        urgency: Type.Enum(URGENCIES),
        ruleIds: Type.Array(Type.String()),
      }),
    ),
    alternatives: Type.Array(
      Type.Object({
        alternativeId: Type.String(),
        name: Text,
        certainty: Type.Enum(CERTAINTIES),
        evidenceSummary: Text,
        ruleIds: Type.Array(Type.String()),
        goals: Type.Array(Type.String()),
      }),
    ),
    professions: Type.Array(
      Type.Object({
        professionId: Type.String(),
        name: Text,
        suitable: Type.Boolean(),
        techniques: Type.Array(Type.String()),
      }),
    ),
    openQuestions: Type.Array(
      Type.Object({
        questionId: Type.String(),
        text: Text,
        redFlag: Type.Boolean(),
        ruleIds: Type.Array(Type.String()),
      }),
    ),
  },
  {
    description:
      'The full result of a screening (`detail=full`): every text in English and French, the trace of each rule, the citations in full',
  },
);

const KbRef = Type.Object({ id: Type.String(), version: Type.String(), hash: Type.String() });
const Ids = Type.Array(Type.String());

export const CompactAssessmentSchema = Type.Object(
  {
    detail: Type.Literal('compact'),
    lang: Type.Enum(['en', 'fr'], { description: 'The one language of every text' }),
    audience: Type.Enum(AUDIENCES, {
      description: "Whose words the findings carry: the client's or the clinician's",
    }),
    kb: KbRef,
    engineVersion: Type.String(),
    assessedAt: Type.Union([Type.String(), Type.Null()]),
    disposition: Type.Enum(DISPOSITIONS),
    reviewNeeded: Type.Boolean(),
    headline: Type.Object(
      {
        level: Type.Enum(HEADLINE_LEVELS),
        cause: Type.Enum(['finding', 'unknown']),
        label: Type.String(),
        text: Type.String(),
      },
      { description: 'The one action the result calls for' },
    ),
    techniques: Type.Array(
      Type.Object({ techniqueId: Type.String(), name: Type.String(), decision: Type.Enum(DECISIONS) }),
    ),
    findings: Type.Array(
      Type.Object({
        ruleId: Type.String(),
        ruleVersion: Type.Integer(),
        title: Type.String(),
        disposition: Type.Enum(DISPOSITIONS),
        certainty: Type.Enum(['definite', 'possible']),
        text: Type.Optional(
          Type.String({
            description:
              'Left out for standard care, whose words are those of its precautions (`precautions`)',
          }),
        ),
        questionIds: Type.Array(Type.String(), { description: 'The answers that triggered it' }),
        citationIds: Type.Array(Type.String(), {
          description: 'Ids in the knowledge base (`/api/v1/knowledge`)',
        }),
      }),
    ),
    unresolved: Type.Array(
      Type.Object({
        ruleId: Type.String(),
        ruleVersion: Type.Integer(),
        title: Type.String(),
        disposition: Type.Enum(['emergency', 'refer']),
        text: Type.String(),
        questionIds: Type.Array(Type.String(), {
          description: 'The unanswered or "I don\'t know" questions that leave this red flag undecided',
        }),
      }),
    ),
    precautions: Type.Array(
      Type.Object({
        precautionId: Type.String(),
        text: Type.String(),
        standard: Type.Boolean(),
        site: Type.Optional(Type.String()),
      }),
    ),
    referrals: Type.Array(
      Type.Object({ to: Type.String(), name: Type.String(), urgency: Type.Enum(URGENCIES) }),
    ),
    alternatives: Type.Array(Type.Object({ alternativeId: Type.String(), name: Type.String() })),
    professions: Type.Array(
      Type.Object({ professionId: Type.String(), name: Type.String(), suitable: Type.Boolean() }),
    ),
    openQuestionIds: Ids,
    full: Type.Union(
      [Type.Object({ method: Type.Enum(['GET', 'POST']), href: Type.String() }), Type.Null()],
      {
        description:
          'The same request with `detail=full` returns the full assessment; null when the request cannot be repeated (a single-use intake link: ask with `detail=full` up front)',
      },
    ),
  },
  {
    description:
      'The result of a screening in one language (the default, `detail=compact`): what to do and why, rules, citations and questions by id',
  },
);

/** A response that is compact by default and full on request (`detail`). */
export const AssessmentViewSchema = Type.Union([CompactAssessmentSchema, AssessmentSchema], {
  description: 'Compact in one language by default; the full assessment with `detail=full`',
});

/** Answers as sent by clients: question id → true/false, option id, option ids, number or "unknown". */
export const AnswersSchema = Type.Record(
  Type.String({ pattern: '^[a-z][a-z0-9_]{0,63}$' }),
  Type.Union([
    Type.Boolean(),
    Type.Number(),
    Type.String({ maxLength: 64 }),
    Type.Array(Type.String({ maxLength: 64 }), { maxItems: 64 }),
  ]),
  { description: 'Question id → answer; checked against the knowledge base', maxProperties: 200 },
);
