/** The `neckcheck` command line: commands, global options, and how failures become exit codes. */
import { Command, CommanderError } from 'commander';
import { ENGINE_VERSION } from '../core/index.js';
import { DEFAULT_KB_DIR } from '../node/kb-files.js';
import { addAccountCommands } from './commands/accounts.js';
import { addDataCommands } from './commands/data.js';
import { addFhirCommand } from './commands/fhir.js';
import { addKbDiffCommands } from './commands/kb-diff.js';
import { addKbImpactCommand } from './commands/kb-impact.js';
import { addKbLintCommand } from './commands/kb-lint.js';
import { addKbShowCommand } from './commands/kb-show.js';
import { addQuestionsCommand } from './commands/questions.js';
import { addScreenCommand } from './commands/screen.js';
import { addServeCommand } from './commands/serve.js';
import { addValidateCommand } from './commands/validate.js';
import { CliError } from './errors.js';
import type { ExitCode } from './exit-codes.js';
import { EXIT_CODES } from './exit-codes.js';
import type { CliIo } from './io.js';

export function buildProgram(io: CliIo, done: (code: ExitCode) => void): Command {
  const program = new Command('neckcheck')
    .description('Safety screening and decision support before neck massage and manual therapy.')
    .version(ENGINE_VERSION, '-V, --version', 'print the version')
    .option('--kb <dir>', 'knowledge base folder to load', DEFAULT_KB_DIR)
    .exitOverride()
    .configureOutput({ writeOut: io.out, writeErr: io.err })
    .configureHelp({ showGlobalOptions: true })
    .showHelpAfterError('(add --help for usage)');
  addScreenCommand(program, io, done);
  const kb = program.command('kb').description('check and browse the knowledge base');
  addKbLintCommand(kb, io, done);
  addKbShowCommand(kb, io, done);
  addKbDiffCommands(kb, io, done);
  addKbImpactCommand(kb, io, done);
  addQuestionsCommand(program, io, done);
  addServeCommand(program, io, done);
  addDataCommands(program, io, done);
  addAccountCommands(program, io, done);
  addFhirCommand(program, io, done);
  addValidateCommand(program, io, done);
  return program;
}

/** Runs one command line and returns the exit code; never throws. */
export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  let code: ExitCode = EXIT_CODES.proceed;
  const program = buildProgram(io, (c) => {
    code = c;
  });
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return code;
  } catch (error) {
    return exitCodeOf(error, io);
  }
}

function exitCodeOf(error: unknown, io: CliIo): number {
  // Commander has already printed its message (or the help, which exits 0).
  if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT_CODES.proceed : EXIT_CODES.badInput;
  if (error instanceof CliError) {
    io.err(`neckcheck: ${error.message}\n`);
    return error.exitCode;
  }
  const message = error instanceof Error ? error.message : String(error);
  io.err(`neckcheck: internal error: ${message.split('\n')[0]}\n`);
  if (process.env.NECKCHECK_DEBUG && error instanceof Error) io.err(`${error.stack ?? ''}\n`);
  return EXIT_CODES.internalError;
}
