/** JSON Schema of the Assessment the engine returns, for the OpenAPI document. */
import Type from 'typebox';
import { CERTAINTIES, DECISIONS, DISPOSITIONS, EVIDENCE_TAGS, URGENCIES } from '../../core/index.js';

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
  { description: 'The result of a screening: disposition, technique decisions and the reasons for them' },
);

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
