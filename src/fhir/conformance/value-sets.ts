/**
 * The ValueSets: one with every code of each of our CodeSystems (bound by our extensions), one per question
 * with its answer options in its own words (what the Questionnaire item offers), and the two languages
 * `lang` may name. The Questionnaire keeps its answerOptions (see ADR 0021): these are for binding and
 * validation elsewhere.
 */
import type { CodeSystem, ValueSet } from '@medplum/fhirtypes';
import type { KnowledgeBase } from '../../core/index.js';
import { answerCodes } from '../answer-codes.js';
import { SYSTEMS } from '../constants.js';
import { metadata, pascalName } from './metadata.js';

/** The id of a question's answer ValueSet (a FHIR id has no underscore). */
export const answerValueSetId = (questionId: string): string => `answers-${questionId.replaceAll('_', '-')}`;

export const LANGUAGES_VALUE_SET_ID = 'languages';

function allCodes(kb: KnowledgeBase, cs: CodeSystem): ValueSet {
  const id = cs.id ?? '';
  return {
    resourceType: 'ValueSet',
    ...metadata(
      kb,
      'ValueSet',
      id,
      `${cs.name ?? pascalName(id)}All`,
      { en: `All ${cs.title ?? id}`, fr: `Tous les codes : ${cs.title ?? id}` },
      { en: `Every code of the CodeSystem ${cs.url}.`, fr: `Tous les codes du CodeSystem ${cs.url}.` },
    ),
    immutable: false,
    compose: { include: [{ system: cs.url ?? '', version: kb.meta.version }] },
  };
}

function answerValueSets(kb: KnowledgeBase): ValueSet[] {
  return kb.questions.flatMap((q): ValueSet[] => {
    const codes = answerCodes(q);
    if (codes.length === 0) return [];
    const id = answerValueSetId(q.id);
    return [
      {
        resourceType: 'ValueSet',
        ...metadata(
          kb,
          'ValueSet',
          id,
          `NeckCheck${pascalName(id)}`,
          { en: `Answers to: ${q.clinicianLabel.en}`, fr: `Réponses à : ${q.clinicianLabel.fr}` },
          {
            en: `The answer options of the question ${q.id} ("${q.text.en}"), in its own words.`,
            fr: `Les options de réponse de la question ${q.id} (« ${q.text.fr} »), dans ses propres mots.`,
          },
        ),
        language: 'en',
        compose: {
          include: [
            {
              system: SYSTEMS.answers,
              version: kb.meta.version,
              concept: codes.map(({ code, text }) => ({
                code,
                display: text.en,
                designation: [{ language: 'fr', value: text.fr }],
              })),
            },
          ],
        },
      },
    ];
  });
}

function languages(kb: KnowledgeBase): ValueSet {
  return {
    resourceType: 'ValueSet',
    ...metadata(
      kb,
      'ValueSet',
      LANGUAGES_VALUE_SET_ID,
      'NeckCheckLanguages',
      { en: 'NeckCheck languages', fr: 'Langues de NeckCheck' },
      {
        en: 'The languages NeckCheck writes in (the lang parameter of $assess and of the Questionnaire).',
        fr: 'Les langues dans lesquelles NeckCheck écrit (le paramètre lang de $assess et du Questionnaire).',
      },
    ),
    compose: {
      include: [
        {
          system: SYSTEMS.languages,
          concept: [
            { code: 'en', display: 'English', designation: [{ language: 'fr', value: 'Anglais' }] },
            { code: 'fr', display: 'French', designation: [{ language: 'fr', value: 'Français' }] },
          ],
        },
      ],
    },
  };
}

export function valueSets(kb: KnowledgeBase, systems: readonly CodeSystem[]): ValueSet[] {
  return [...systems.map((cs) => allCodes(kb, cs)), ...answerValueSets(kb), languages(kb)];
}
