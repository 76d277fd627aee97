/** `neckcheck screen`: screens answers from a file, from standard input, or asked interactively. */
import type { Command } from 'commander';
import { Option } from 'commander';
import type { AnswerIssue, Assessment, KnowledgeBase, Lang } from '../../core/index.js';
import { screen } from '../../core/index.js';
import type { Audience } from '../../report/index.js';
import { messages, renderHtml, renderMarkdown, renderText } from '../../report/index.js';
import { emergencyInstruction, emergencySummary } from '../emergency.js';
import { CliError } from '../errors.js';
import type { ExitCode } from '../exit-codes.js';
import { EXIT_CODES, EXIT_CODES_HELP, exitCodeFor } from '../exit-codes.js';
import { runInteractive } from '../interactive/loop.js';
import { inquirerPrompter, isPromptCancelled } from '../interactive/prompter.js';
import type { CliIo } from '../io.js';
import { loadKb } from '../load-kb.js';
import { asAudience, asLang, asOptionalString, asTimestamp, langOption, oneOf } from '../options.js';
import { writeOutput } from '../output.js';
import { readAnswers } from '../read-answers.js';
import { readFhirAnswers } from './fhir.js';

export const FORMATS = ['text', 'markdown', 'html', 'json'] as const;
export type Format = (typeof FORMATS)[number];

interface ScreenSettings {
  readonly kbDir: string;
  readonly answers: string | undefined;
  readonly fhir: string | undefined;
  readonly format: Format;
  readonly lang: Lang;
  readonly audience: Audience;
  readonly assessedAt: string | undefined;
  readonly output: string | undefined;
  readonly color: boolean;
  readonly fullReport: boolean;
}

export function addScreenCommand(program: Command, io: CliIo, done: (code: ExitCode) => void): void {
  program
    .command('screen')
    .description(
      'screen a person before neck massage or manual therapy: answers from --answers (or a FHIR QuestionnaireResponse from --fhir), from standard input, or asked interactively in a terminal',
    )
    .option('--answers <file>', 'answers as a JSON object keyed by question id ("-" reads standard input)')
    .option('--fhir <file>', 'answers as a FHIR R4 QuestionnaireResponse (JSON; "-" reads standard input)')
    .addOption(new Option('--format <format>', 'output format').choices(FORMATS).default('text'))
    .addOption(langOption())
    .addOption(
      new Option('--audience <audience>', 'whose messages to show for each finding')
        .choices(['client', 'clinician'])
        .default('clinician'),
    )
    .option('--assessed-at <timestamp>', 'ISO 8601 time to record in the assessment (default: now)')
    .option('--output <file>', 'write the result to this file instead of standard output')
    .option('--no-color', 'no ANSI colours in the text output')
    .option(
      '--full-report',
      'after an emergency stop in the interactive screening, print the full report too (before the emergency instructions, which always come last)',
    )
    .addHelpText('after', EXIT_CODES_HELP)
    .action(async (_options: unknown, command: Command) => {
      const opts = command.optsWithGlobals();
      const settings: ScreenSettings = {
        kbDir: String(opts.kb),
        answers: asOptionalString(opts.answers, '--answers'),
        fhir: asOptionalString(opts.fhir, '--fhir'),
        format: oneOf(FORMATS, opts.format, '--format'),
        lang: asLang(opts.lang),
        audience: asAudience(opts.audience),
        assessedAt: asOptionalString(opts.assessedAt, '--assessed-at'),
        output: asOptionalString(opts.output, '--output'),
        color: opts.color !== false,
        fullReport: opts.fullReport === true,
      };
      done(await runScreen(settings, io));
    });
}

async function runScreen(settings: ScreenSettings, io: CliIo): Promise<ExitCode> {
  const assessedAt =
    settings.assessedAt === undefined ? io.now().toISOString() : asTimestamp(settings.assessedAt);
  if (settings.answers !== undefined && settings.fhir !== undefined) {
    throw new CliError('give either --answers or --fhir, not both');
  }
  const { kb } = await loadKb(settings.kbDir);
  const interactive = settings.answers === undefined && settings.fhir === undefined && io.stdinIsTTY;
  const raw = interactive
    ? await askInteractively(kb, settings, io)
    : settings.fhir !== undefined
      ? await readFhirAnswers(kb, settings.fhir, io)
      : await readAnswers(settings.answers ?? '-', io);
  if (raw === undefined) return EXIT_CODES.cancelled;
  const result = screen(kb, raw, { assessedAt });
  if (!result.ok) throw new CliError(describeAnswerIssues(result.errors));
  const assessment = result.value;
  if (assessment.disposition !== 'emergency') {
    await writeOutput(render(kb, assessment, settings, io), settings.output, io);
    return exitCodeFor(assessment.disposition);
  }
  await writeEmergency(kb, assessment, settings, io, interactive);
  return EXIT_CODES.emergency;
}

/**
 * An emergency result: the instruction is the last thing on screen, so that no report scrolls it away.
 * After the interactive stop, a short summary stands in for the full report unless --full-report (or
 * --output, or a machine format) asks for it; with --answers the text report ends with the instruction.
 */
async function writeEmergency(
  kb: KnowledgeBase,
  assessment: Assessment,
  settings: ScreenSettings,
  io: CliIo,
  interactive: boolean,
): Promise<void> {
  const { lang } = settings;
  const toFile = settings.output !== undefined;
  const stdoutColor = settings.color && !toFile && io.stdoutColor;
  if (interactive) {
    if (toFile || settings.fullReport || settings.format !== 'text') {
      await writeOutput(render(kb, assessment, settings, io), settings.output, io);
    }
    if (settings.format === 'text' && !settings.fullReport) {
      const written = settings.output;
      io.out(
        `${emergencySummary(lang, assessment, { color: stdoutColor, ...(written === undefined ? {} : { written }) })}\n`,
      );
    }
    const lead = messages(lang).prompt.emergencyStop;
    io.err(`\n${emergencyInstruction(lang, { color: settings.color, lead })}\n`);
    return;
  }
  if (settings.format !== 'text') {
    await writeOutput(render(kb, assessment, settings, io), settings.output, io);
    // Machine formats stay machine-readable; a file leaves the terminal free for the instruction.
    if (toFile) io.err(`${emergencyInstruction(lang, { color: settings.color })}\n`);
    return;
  }
  const report = render(kb, assessment, settings, io).replace(/\s+$/, '');
  const instruction = emergencyInstruction(lang, { color: stdoutColor });
  await writeOutput(`${report}\n\n${instruction}\n`, settings.output, io);
  if (toFile) io.err(`${emergencyInstruction(lang, { color: settings.color })}\n`);
}

/** The answers given interactively, or undefined when the person cancelled. */
async function askInteractively(kb: KnowledgeBase, settings: ScreenSettings, io: CliIo): Promise<unknown> {
  const ask = inquirerPrompter({ input: io.stdin, output: io.promptOutput, color: settings.color });
  try {
    const { answers } = await runInteractive(kb, settings.lang, ask);
    return answers;
  } catch (error) {
    if (!isPromptCancelled(error)) throw error;
    io.err(`\n${messages(settings.lang).prompt.cancelled}\n`);
    return undefined;
  }
}

function render(kb: KnowledgeBase, assessment: Assessment, settings: ScreenSettings, io: CliIo): string {
  const { lang, audience } = settings;
  switch (settings.format) {
    case 'json':
      return JSON.stringify(assessment, null, 2);
    case 'markdown':
      return renderMarkdown(kb, assessment, lang, { audience });
    case 'html':
      return renderHtml(kb, assessment, lang, { audience });
    case 'text': {
      const color = settings.color && settings.output === undefined && io.stdoutColor;
      return renderText(kb, assessment, lang, { audience, color });
    }
  }
}

export function describeAnswerIssues(issues: readonly AnswerIssue[]): string {
  const count = issues.length === 1 ? '1 problem' : `${issues.length} problems`;
  return [
    `the answers are invalid (${count}):`,
    ...issues.map((i) => `  ${i.questionId ?? '(answers)'}: ${i.message} [${i.code}]`),
  ].join('\n');
}
