/**
 * `neckcheck validate`: runs the clinical validation cases (validation/cases/*.yaml) through the engine,
 * prints a table (or JSON) and writes docs/clinical-validation.md. Exits 0 when the goal holds, 1 when not
 * (the report is written either way), 2 on unreadable or invalid case files, 3 on an invalid knowledge base.
 */
import { mkdir } from 'node:fs/promises';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import type { Command } from 'commander';
import { Option } from 'commander';
import { DEFAULT_KB_DIR } from '../../node/kb-files.js';
import { CliError, fsReason } from '../errors.js';
import type { ExitCode } from '../exit-codes.js';
import { EXIT_CODES } from '../exit-codes.js';
import type { CliIo } from '../io.js';
import { loadKb } from '../load-kb.js';
import { oneOf } from '../options.js';
import { writeOutput } from '../output.js';
import { formatCaseIssue, loadCases } from '../validation/cases.js';
import { renderJson, renderMarkdown, renderTable } from '../validation/report.js';
import { runValidation } from '../validation/run.js';

/** The repository (package) root: the folder that holds knowledge/, validation/ and docs/. */
const ROOT = dirname(DEFAULT_KB_DIR);
export const DEFAULT_CASES_DIR = resolve(ROOT, 'validation', 'cases');
export const DEFAULT_REPORT = resolve(ROOT, 'docs', 'clinical-validation.md');

export const VALIDATE_FORMATS = ['table', 'json'] as const;

/** 0: the goal holds; 1: it does not (a miss, or too many benign cases referred). */
export const VALIDATE_EXIT = { goalMet: EXIT_CODES.proceed, goalNotMet: 1 as ExitCode } as const;

const HELP = `
Goal: no emergency case below emergency, no referral case below referral, at most 1 benign case in 15
assessed refer or emergency.

Exit codes:
  0    the goal holds
  1    the goal does not hold (the report is still written)
  2    bad usage, or a case file is unreadable or invalid (file, case id and field are named)
  3    knowledge base invalid`;

export function addValidateCommand(program: Command, io: CliIo, done: (code: ExitCode) => void): void {
  program
    .command('validate')
    .description(
      'run the clinical validation cases (published case reports) and write the report: sensitivity for emergency and for refer-or-worse, over-referral of benign cases, every miss explained',
    )
    .option('--cases <dir>', 'folder of case files (*.yaml, one case a file)', DEFAULT_CASES_DIR)
    .option('--out <file>', 'where to write the Markdown report', DEFAULT_REPORT)
    .addOption(new Option('--format <format>', 'what to print').choices(VALIDATE_FORMATS).default('table'))
    .addHelpText('after', HELP)
    .action(async (_options: unknown, command: Command) => {
      const opts = command.optsWithGlobals();
      done(
        await runValidate(
          {
            kbDir: String(opts.kb),
            casesDir: String(opts.cases),
            out: String(opts.out),
            format: oneOf(VALIDATE_FORMATS, opts.format, '--format'),
          },
          io,
        ),
      );
    });
}

interface ValidateSettings {
  readonly kbDir: string;
  readonly casesDir: string;
  readonly out: string;
  readonly format: (typeof VALIDATE_FORMATS)[number];
}

async function runValidate(settings: ValidateSettings, io: CliIo): Promise<ExitCode> {
  const { kb } = await loadKb(settings.kbDir);
  const loaded = await loadCases(settings.casesDir, kb);
  if (loaded.dirError !== undefined)
    throw new CliError(`cannot read the case folder ${settings.casesDir}: ${loaded.dirError}`);
  if (loaded.issues.length > 0) {
    const count = loaded.issues.length === 1 ? '1 problem' : `${loaded.issues.length} problems`;
    throw new CliError(
      [
        `the validation cases in ${settings.casesDir} are invalid (${count}):`,
        ...loaded.issues.map(formatCaseIssue),
      ].join('\n'),
    );
  }
  if (loaded.cases.length === 0) throw new CliError(`no case files (*.yaml) in ${settings.casesDir}`);
  const summary = runValidation(kb, loaded.cases);
  const report = renderMarkdown(summary, displayPath(settings.casesDir));
  try {
    await mkdir(dirname(settings.out), { recursive: true });
  } catch (error) {
    throw new CliError(`cannot write ${settings.out}: ${fsReason(error)}`);
  }
  await writeOutput(report, settings.out, io);
  io.out(
    `${settings.format === 'json' ? renderJson(summary) : `${renderTable(summary)}\nReport written to ${settings.out}`}\n`,
  );
  return summary.goal.met ? VALIDATE_EXIT.goalMet : VALIDATE_EXIT.goalNotMet;
}

/** A folder as the report names it: relative to the repository when inside it, so the report is stable. */
function displayPath(dir: string): string {
  const abs = resolve(dir);
  const rel = relative(ROOT, abs);
  if (rel !== '' && !rel.startsWith('..') && !isAbsolute(rel)) return rel.split(sep).join('/');
  return dir;
}
