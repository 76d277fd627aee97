/**
 * The command line: `neckcheck fhir questionnaire` prints the Questionnaire, and `neckcheck screen --fhir`
 * screens a QuestionnaireResponse with the same output and exit codes as `screen --answers`. Most cases run
 * the program in-process (a child process costs seconds); one runs the real command line.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT_CODES } from '../../src/cli/exit-codes.js';
import { run } from '../../src/cli/program.js';
import type { Answers } from '../../src/core/index.js';
import { QUESTIONNAIRE_URL, responseFromAnswers, toQuestionnaire } from '../../src/fhir/index.js';
import { runCli } from '../cli/run-cli.js';
import { kb as loadKb } from '../helpers/kb.js';
import { exampleCases } from './helpers/cases.js';

const kb = await loadKb();
const AT = '2026-11-25T10:00:00Z';
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'neckcheck-fhir-cli-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The command line in this process, with standard input, output and error captured. */
async function cli(
  args: readonly string[],
  input = '',
): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await run(args, {
    out: (text) => {
      stdout += text;
    },
    err: (text) => {
      stderr += text;
    },
    stdin: Readable.from([input]),
    stdinIsTTY: false,
    stdoutColor: false,
    promptOutput: new PassThrough(),
    now: () => new Date(AT),
  });
  return { code, stdout, stderr };
}

async function write(name: string, content: unknown): Promise<string> {
  const file = join(dir, name);
  await writeFile(file, typeof content === 'string' ? content : JSON.stringify(content), 'utf8');
  return file;
}

describe('neckcheck fhir questionnaire', () => {
  it('prints the English Questionnaire on standard output', async () => {
    const run = await cli(['fhir', 'questionnaire']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(EXIT_CODES.proceed);
    expect(JSON.parse(run.stdout)).toEqual(toQuestionnaire(kb, 'en'));
  });

  it('writes the French Questionnaire to --output', async () => {
    const output = join(dir, 'q-fr.json');
    const run = await cli(['fhir', 'questionnaire', '--lang', 'fr', '--output', output]);
    expect(run.code).toBe(EXIT_CODES.proceed);
    expect(run.stdout).toBe('');
    const written = JSON.parse(await readFile(output, 'utf8')) as { url: string; language: string };
    expect(written).toMatchObject({ url: QUESTIONNAIRE_URL, language: 'fr' });
  });
});

describe('neckcheck screen --fhir', () => {
  it.each(exampleCases(kb).map((c) => [c.name, c.answers] as const))(
    'gives the same output and exit code as --answers for %s',
    async (name, answers: Answers) => {
      const base = name.replace(/\W+/g, '-');
      const plain = await write(`${base}.answers.json`, answers);
      const response = await write(`${base}.qr.json`, responseFromAnswers(kb, answers, { lang: 'fr' }));
      const args = ['--format', 'json', '--assessed-at', AT];
      const [fromAnswers, fromFhir] = await Promise.all([
        cli(['screen', '--answers', plain, ...args]),
        cli(['screen', '--fhir', response, ...args]),
      ]);
      expect(fromFhir.stderr).toBe('');
      expect(fromFhir.code).toBe(fromAnswers.code);
      expect(fromFhir.stdout).toBe(fromAnswers.stdout);
    },
  );

  it('reads the response from standard input with "-" (the real command line)', async () => {
    const [example] = exampleCases(kb);
    const answers = example?.answers ?? {};
    const real = await runCli(
      ['screen', '--fhir', '-', '--format', 'json', '--assessed-at', AT],
      JSON.stringify(responseFromAnswers(kb, answers)),
    );
    expect(real.stderr).toBe('');
    const expected = await cli(
      ['screen', '--answers', '-', '--format', 'json', '--assessed-at', AT],
      JSON.stringify(answers),
    );
    expect(real.code).toBe(expected.code);
    expect(real.stdout).toBe(expected.stdout);
  });

  it('exits 2 with every problem of a response it cannot use, or bad JSON, or both inputs', async () => {
    const wrong = await write('wrong.json', {
      resourceType: 'QuestionnaireResponse',
      status: 'completed',
      questionnaire: `${QUESTIONNAIRE_URL}|0.0.0`,
      item: [{ linkId: 'nope' }],
    });
    const run = await cli(['screen', '--fhir', wrong]);
    expect(run.code).toBe(EXIT_CODES.badInput);
    expect(run.stderr).toMatch(/cannot be screened \(2 problems\)/);
    expect(run.stderr).toMatch(/QuestionnaireResponse\.questionnaire: .*0\.0\.0/);
    expect(run.stderr).toMatch(/QuestionnaireResponse\.item\[0\]: the questionnaire has no item "nope"/);
    const broken = await write('broken.json', '{');
    expect((await cli(['screen', '--fhir', broken])).code).toBe(EXIT_CODES.badInput);
    expect((await cli(['screen', '--fhir', join(dir, 'missing.json')])).stderr).toMatch(/cannot read/);
    const both = await cli(['screen', '--fhir', wrong, '--answers', wrong]);
    expect(both.code).toBe(EXIT_CODES.badInput);
    expect(both.stderr).toMatch(/either --answers or --fhir/);
  });
});
