/**
 * How each kind of question is represented in FHIR, shared by the Questionnaire, the responses we build and
 * the responses we read. Option ids become codes of our answer CodeSystem; "I don't know" is the code
 * `unknown`, except on number questions, where it is an answer carrying the data-absent-reason extension.
 */
import type { Coding, Extension } from '@medplum/fhirtypes';
import type { Lang, LocalizedText, Question } from '../core/index.js';
import { EXTENSIONS, NO_CODE, SYSTEMS, UNKNOWN_CODE, YES_CODE } from './constants.js';
import { LABELS, translations } from './text.js';

/**
 * - `yes-no`: a boolean question that offers "I don't know": a choice of the codes yes, no and unknown;
 * - `boolean`: a boolean question without "I don't know": FHIR's boolean type;
 * - `choice` / `multi`: coded options (multi repeats);
 * - `integer` / `decimal`: number questions (integer when both bounds are whole numbers).
 */
export type Shape = 'yes-no' | 'boolean' | 'choice' | 'multi' | 'integer' | 'decimal';

export function shapeOf(q: Pick<Question, 'type' | 'allowUnknown' | 'min' | 'max'>): Shape {
  switch (q.type) {
    case 'boolean':
      return q.allowUnknown ? 'yes-no' : 'boolean';
    case 'choice':
      return 'choice';
    case 'multi':
      return 'multi';
    case 'number':
      return Number.isInteger(q.min ?? 0) && Number.isInteger(q.max ?? 0) ? 'integer' : 'decimal';
  }
}

/** Whether "I don't know" can be offered as an answer option (everywhere but number questions). */
export function unknownIsOption(q: Pick<Question, 'type' | 'allowUnknown'>): boolean {
  return q.allowUnknown && q.type !== 'number';
}

/** A coding of our answer CodeSystem, with the display in `lang` and the other language as translation. */
export function answerCoding(code: string, text: LocalizedText, lang: Lang): Coding {
  const coding: Coding & { _display?: unknown } = {
    system: SYSTEMS.answers,
    code,
    display: text[lang],
    _display: translations(text, lang),
  };
  return coding;
}

export function optionText(q: Pick<Question, 'options'>, code: string): LocalizedText | undefined {
  if (code === YES_CODE) return LABELS.yes;
  if (code === NO_CODE) return LABELS.no;
  if (code === UNKNOWN_CODE) return LABELS.unknown;
  return q.options?.find((o) => o.id === code)?.text;
}

/** The answer codes a question offers, in order, with their texts and whether each is exclusive. */
export function answerCodes(
  q: Pick<Question, 'type' | 'allowUnknown' | 'options' | 'min' | 'max'>,
): { code: string; text: LocalizedText; exclusive: boolean }[] {
  const shape = shapeOf(q);
  if (shape !== 'yes-no' && shape !== 'choice' && shape !== 'multi') return [];
  const codes: { code: string; text: LocalizedText; exclusive: boolean }[] =
    shape === 'yes-no'
      ? [
          { code: YES_CODE, text: LABELS.yes, exclusive: false },
          { code: NO_CODE, text: LABELS.no, exclusive: false },
        ]
      : (q.options ?? []).map((o) => ({ code: o.id, text: o.text, exclusive: o.exclusive === true }));
  if (unknownIsOption(q))
    codes.push({ code: UNKNOWN_CODE, text: LABELS.unknown, exclusive: shape === 'multi' });
  return codes;
}

/** The answer of a number question whose value is "I don't know". */
export const UNKNOWN_NUMBER_EXTENSION: Extension = {
  url: EXTENSIONS.dataAbsentReason,
  valueCode: 'asked-unknown',
};
