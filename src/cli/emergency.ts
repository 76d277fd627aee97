/**
 * What the terminal shows last when the answers call for emergency care: the instruction must stay on
 * screen, so nothing is printed after it. After the interactive emergency stop, a short summary replaces
 * the full report (unless --full-report or --output asks for it), then the instruction closes the output.
 */
import type { Assessment, Lang } from '../core/index.js';
import { block, messages } from '../report/index.js';

const WORDS = {
  en: {
    because: 'Because of',
    notShown:
      'The full report is not shown, so that what to do stays on screen. Add --full-report to show it before these instructions, or --output <file> to save it.',
    written: (file: string): string => `The full report was written to ${file}.`,
    closing: 'These answers need emergency care.',
  },
  fr: {
    because: 'En raison de',
    notShown:
      'Le rapport complet n’est pas affiché, pour que la conduite à tenir reste à l’écran. Ajoutez --full-report pour l’afficher avant ces consignes, ou --output <fichier> pour l’enregistrer.',
    written: (file: string): string => `Le rapport complet a été écrit dans ${file}.`,
    closing: 'Ces réponses nécessitent des soins d’urgence.',
  },
} as const satisfies Record<Lang, unknown>;

const paint =
  (color: boolean) =>
  (text: string, code: string): string =>
    color ? `\u001b[${code}m${text}\u001b[0m` : text;

export interface InstructionOptions {
  readonly color: boolean;
  /** The line under the banner: why the instruction is shown (the questions stopped, or the result). */
  readonly lead?: string;
  readonly width?: number;
}

/** The emergency instruction: a banner, one line of why, then the numbered steps. Ends without a blank line. */
export function emergencyInstruction(lang: Lang, options: InstructionOptions): string {
  const m = messages(lang);
  const p = paint(options.color);
  const width = options.width ?? 100;
  return [
    p(` ${m.disposition.emergency.label.toUpperCase()} `, '1;97;41'),
    ...block(options.lead ?? WORDS[lang].closing, width, ''),
    '',
    p(`${m.heading.whatToDo}: ${m.emergency.heading}`, '1;31'),
    ...m.emergency.steps.flatMap((step, i) => block(step, width, '     ', `  ${i + 1}. `)),
  ].join('\n');
}

/** After the interactive emergency stop: the result and its reasons in a few lines, in place of the full report. */
export function emergencySummary(
  lang: Lang,
  assessment: Assessment,
  options: { readonly color: boolean; readonly written?: string; readonly width?: number },
): string {
  const m = messages(lang);
  const w = WORDS[lang];
  const p = paint(options.color);
  const width = options.width ?? 100;
  const reasons = assessment.findings.filter((f) => f.disposition === 'emergency');
  return [
    `${p(`${m.heading.result.toUpperCase()}:`, '1')} ${p(` ${m.disposition.emergency.label} `, '1;97;41')}`,
    ...(reasons.length === 0
      ? []
      : [
          `${w.because}:`,
          ...reasons.flatMap((f) => block(`${f.title[lang]} (${f.ruleId})`, width, '    ', '  - ')),
        ]),
    ...block(options.written === undefined ? w.notShown : w.written(options.written), width, ''),
  ].join('\n');
}
