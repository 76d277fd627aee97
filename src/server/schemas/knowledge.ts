/**
 * Response schemas of the public knowledge routes. The views (src/server/routes/public.ts) mirror the
 * knowledge base format (docs/adr/0002), which is validated where it is loaded; here the envelope and each
 * item's identity are stated, and the rest of each item is left open.
 */
import Type from 'typebox';
import { Text } from './common.js';

const open = { additionalProperties: true } as const;
/** A text in one language when `lang` is given, else in both. */
const LangText = Type.Union([Type.String(), Text]);

export const QuestionnaireSchema = Type.Object(
  {
    kb: Type.Object({ id: Type.String(), version: Type.String(), hash: Type.String() }),
    lang: Type.Union([Type.Enum(['en', 'fr']), Type.Null()]),
    sections: Type.Array(Type.Object({ id: Type.String(), title: LangText })),
    questions: Type.Array(
      Type.Object(
        {
          id: Type.String(),
          section: Type.String(),
          type: Type.String(),
          text: LangText,
          clinicianLabel: LangText,
          redFlag: Type.Boolean(),
          allowUnknown: Type.Boolean(),
        },
        open,
      ),
    ),
  },
  { description: 'The questionnaire: sections, questions, options and branching (enableWhen)' },
);

export const RuleSchema = Type.Object(
  {
    id: Type.String(),
    version: Type.Integer(),
    title: Text,
    disposition: Type.String(),
    reviewed: Type.Boolean(),
    changelog: Type.Array(Type.Object({}, open)),
  },
  { ...open, description: 'One rule in full: condition, effects, citations, review and test vectors' },
);

export const KnowledgeSchema = Type.Object(
  {
    meta: Type.Object({ id: Type.String(), version: Type.String() }, open),
    hash: Type.String(),
    rules: Type.Array(RuleSchema),
  },
  { ...open, description: 'The whole knowledge base' },
);
