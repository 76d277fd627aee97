/** `neckcheck fhir questionnaire` (the questionnaire as a FHIR R4 Questionnaire) and `screen --fhir` input. */
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import type { Answers, KnowledgeBase } from '../../core/index.js';
import { answersFromResponse, toQuestionnaire } from '../../fhir/index.js';
import { CliError, fsReason } from '../errors.js';
import type { ExitCode } from '../exit-codes.js';
import { EXIT_CODES } from '../exit-codes.js';
import type { CliIo } from '../io.js';
import { readAll } from '../io.js';
import { loadKb } from '../load-kb.js';
import { asLang, asOptionalString, langOption } from '../options.js';
import { writeOutput } from '../output.js';

export function addFhirCommand(program: Command, io: CliIo, done: (code: ExitCode) => void): void {
  const fhir = program.command('fhir').description('HL7 FHIR R4 exports of the knowledge base');
  fhir
    .command('questionnaire')
    .description('print the questionnaire as a FHIR R4 Questionnaire (JSON), one per language')
    .addOption(langOption())
    .option('--output <file>', 'write the Questionnaire to this file instead of standard output')
    .action(async (_options: unknown, command: Command) => {
      const opts = command.optsWithGlobals();
      const lang = asLang(opts.lang);
      const output = asOptionalString(opts.output, '--output');
      const { kb } = await loadKb(String(opts.kb));
      await writeOutput(JSON.stringify(toQuestionnaire(kb, lang), null, 2), output, io);
      done(EXIT_CODES.proceed);
    });
}

/** The answers of a QuestionnaireResponse in a JSON file ("-": standard input), for `screen --fhir`. */
export async function readFhirAnswers(kb: KnowledgeBase, source: string, io: CliIo): Promise<Answers> {
  const name = source === '-' ? 'standard input' : source;
  let text: string;
  try {
    text = source === '-' ? await readAll(io.stdin) : await readFile(source, 'utf8');
  } catch (error) {
    throw new CliError(`cannot read the QuestionnaireResponse from ${name}: ${fsReason(error)}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text) as unknown;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new CliError(`the QuestionnaireResponse in ${name} is not valid JSON: ${reason}`);
  }
  const result = answersFromResponse(kb, json, { version: kb.meta.version });
  if (result.ok) return result.value;
  const count = result.errors.length === 1 ? '1 problem' : `${result.errors.length} problems`;
  throw new CliError(
    [
      `the QuestionnaireResponse in ${name} cannot be screened (${count}):`,
      ...result.errors.map(
        (i) => `  ${i.expression?.[0] ?? '(response)'}: ${i.diagnostics ?? i.code} [${i.code}]`,
      ),
    ].join('\n'),
  );
}
