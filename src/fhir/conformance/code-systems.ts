/**
 * One CodeSystem per local system our resources code with: answers, questions, rules, techniques,
 * dispositions, decisions, the knowledge base, answer issues and override reasons. Displays are English;
 * each concept has its French designation. Complete content, version = the knowledge base's.
 */
import type { CodeSystem, CodeSystemConcept } from '@medplum/fhirtypes';
import { OVERRIDE_REASON_LABELS } from '../../clinic/labels.js';
import type { KnowledgeBase, LocalizedText } from '../../core/index.js';
import { ANSWER_ISSUE_CODES, DECISIONS, DISPOSITIONS } from '../../core/index.js';
import { answerCodes } from '../answer-codes.js';
import { canonicalOf } from '../constants.js';
import { ANSWER_ISSUE_LABELS, DECISION_LABELS, DISPOSITION_LABELS } from './labels.js';
import { metadata, pascalName } from './metadata.js';

interface Concept {
  readonly code: string;
  readonly text: LocalizedText;
  readonly definition?: string;
  readonly property?: CodeSystemConcept['property'];
}

interface SystemSpec {
  readonly id: string;
  readonly title: LocalizedText;
  readonly description: LocalizedText;
  readonly concepts: readonly Concept[];
  readonly property?: CodeSystem['property'];
}

function concept(c: Concept): CodeSystemConcept {
  return {
    code: c.code,
    display: c.text.en,
    designation: [{ language: 'fr', value: c.text.fr }],
    ...(c.definition === undefined ? {} : { definition: c.definition }),
    ...(c.property === undefined ? {} : { property: c.property }),
  };
}

/**
 * Option ids are unique within a question, not across them ("none", "other"…): a code shared by several
 * questions gets the first question's words, and its definition names the questions; each question's own
 * words are in its answer ValueSet.
 */
function answerConcepts(kb: KnowledgeBase): Concept[] {
  const byCode = new Map<string, { text: LocalizedText; questions: string[] }>();
  for (const q of kb.questions) {
    for (const { code, text } of answerCodes(q)) {
      const known = byCode.get(code);
      if (known === undefined) byCode.set(code, { text, questions: [q.id] });
      else known.questions.push(q.id);
    }
  }
  return [...byCode].map(([code, { text, questions }]) => ({
    code,
    text,
    definition: `An answer offered by ${questions.length === 1 ? 'the question' : 'the questions'} ${questions.join(', ')}.`,
  }));
}

function specs(kb: KnowledgeBase): SystemSpec[] {
  const labelled = <C extends string>(
    codes: readonly C[],
    labels: Readonly<Record<C, LocalizedText>>,
  ): Concept[] => codes.map((code) => ({ code, text: labels[code] }));
  return [
    {
      id: 'answers',
      title: { en: 'NeckCheck answers', fr: 'Réponses NeckCheck' },
      description: {
        en: 'The answer options of the NeckCheck questionnaire: yes, no, "I don’t know" and each option id.',
        fr: 'Les options de réponse du questionnaire NeckCheck : oui, non, « Je ne sais pas » et chaque option.',
      },
      concepts: answerConcepts(kb),
    },
    {
      id: 'questions',
      title: { en: 'NeckCheck questions', fr: 'Questions NeckCheck' },
      description: {
        en: 'The questions of the NeckCheck questionnaire (the linkIds of its items).',
        fr: 'Les questions du questionnaire NeckCheck (les linkId de ses items).',
      },
      concepts: kb.questions.map((q) => ({ code: q.id, text: q.clinicianLabel })),
    },
    {
      id: 'rules',
      title: { en: 'NeckCheck rules', fr: 'Règles NeckCheck' },
      description: {
        en: 'The screening rules of the knowledge base; the version property is the rule’s own version.',
        fr: 'Les règles de dépistage de la base de connaissances ; la propriété version est celle de la règle.',
      },
      property: [{ code: 'version', type: 'integer', description: 'The version of the rule' }],
      concepts: kb.rules.map((r) => ({
        code: r.id,
        text: r.title,
        property: [{ code: 'version', valueInteger: r.version }],
      })),
    },
    {
      id: 'techniques',
      title: { en: 'NeckCheck techniques', fr: 'Techniques NeckCheck' },
      description: {
        en: 'The hands-on techniques a screening decides on, gentlest first.',
        fr: 'Les techniques manuelles sur lesquelles le dépistage se prononce, de la plus douce à la plus forte.',
      },
      concepts: kb.techniques.map((t) => ({ code: t.id, text: t.name })),
    },
    {
      id: 'dispositions',
      title: { en: 'NeckCheck dispositions', fr: 'Orientations NeckCheck' },
      description: {
        en: 'The overall outcome of a screening.',
        fr: 'L’orientation globale d’un dépistage.',
      },
      concepts: labelled(DISPOSITIONS, DISPOSITION_LABELS),
    },
    {
      id: 'decisions',
      title: { en: 'NeckCheck technique decisions', fr: 'Décisions NeckCheck par technique' },
      description: {
        en: 'What a screening decides for one technique.',
        fr: 'Ce qu’un dépistage décide pour une technique.',
      },
      concepts: labelled(DECISIONS, DECISION_LABELS),
    },
    {
      id: 'knowledge-base',
      title: { en: 'NeckCheck knowledge bases', fr: 'Bases de connaissances NeckCheck' },
      description: {
        en: 'The knowledge base an assessment used (the coding’s version is the knowledge base’s).',
        fr: 'La base de connaissances utilisée par une évaluation (la version du codage est la sienne).',
      },
      concepts: [{ code: kb.meta.id, text: kb.meta.title }],
    },
    {
      id: 'answer-issues',
      title: { en: 'NeckCheck answer issues', fr: 'Problèmes de réponses NeckCheck' },
      description: {
        en: 'Why an answer in a QuestionnaireResponse was refused.',
        fr: 'Pourquoi une réponse d’un QuestionnaireResponse a été refusée.',
      },
      concepts: labelled(ANSWER_ISSUE_CODES, ANSWER_ISSUE_LABELS),
    },
    {
      id: 'override-reasons',
      title: { en: 'NeckCheck override reasons', fr: 'Motifs de dérogation NeckCheck' },
      description: {
        en: 'Why a clinician changed a technique’s decision after the screening.',
        fr: 'Pourquoi un clinicien a modifié la décision d’une technique après le dépistage.',
      },
      concepts: Object.entries(OVERRIDE_REASON_LABELS).map(([code, text]) => ({ code, text })),
    },
  ];
}

export function codeSystems(kb: KnowledgeBase): CodeSystem[] {
  return specs(kb).map(
    (spec): CodeSystem => ({
      resourceType: 'CodeSystem',
      ...metadata(kb, 'CodeSystem', spec.id, `NeckCheck${pascalName(spec.id)}`, spec.title, spec.description),
      language: 'en',
      caseSensitive: true,
      valueSet: canonicalOf('ValueSet', spec.id),
      content: 'complete',
      count: spec.concepts.length,
      ...(spec.property === undefined ? {} : { property: spec.property }),
      concept: spec.concepts.map(concept),
    }),
  );
}
