/**
 * The emergency instruction is the last thing on screen: after the interactive emergency stop (typed keys
 * through the real prompts, standard output and standard error in the order they were written) and after
 * `screen --answers` with an emergency result in text. Exit code 13 either way.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT_CODES } from '../../src/cli/exit-codes.js';
import type { CliIo } from '../../src/cli/io.js';
import { run } from '../../src/cli/program.js';
import type { KnowledgeBase } from '../../src/core/index.js';
import { messages } from '../../src/report/index.js';
import { kb as loadKb } from '../helpers/kb.js';
import { runCli } from './run-cli.js';

const ENTER = '\r';
const DOWN = '\u001b[B';
const SPACE = ' ';
// biome-ignore lint/suspicious/noControlCharactersInRegex: strips the terminal's escape sequences
const ANSI = /\u001b\[[0-9;?]*[A-Za-z]/g;

let kb: KnowledgeBase;
let dir: string;
beforeAll(async () => {
  kb = await loadKb();
  dir = await mkdtemp(join(tmpdir(), 'neckcheck-emergency-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const optionIndex = (questionId: string, optionId: string): number => {
  const index = kb.index.question.get(questionId)?.options?.findIndex((o) => o.id === optionId) ?? -1;
  if (index < 0) throw new Error(`${questionId} has no option ${optionId}`);
  return index;
};
const downs = (n: number): string[] => Array.from({ length: n }, () => DOWN);

/** The interactive screening in a pretend terminal: each reply is typed once its question is drawn. */
async function interactive(
  args: readonly string[],
  replies: readonly (readonly string[])[],
): Promise<{ code: number; transcript: string; stdout: string; prompts: string }> {
  const stdin = new PassThrough();
  let prompts = '';
  const promptOutput = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      prompts += chunk.toString();
      callback();
    },
  });
  // Like standard error, the screen outlives each prompt (@inquirer/prompts ends the stream it was given).
  Object.assign(promptOutput, { end: () => promptOutput });
  let transcript = '';
  let stdout = '';
  const io: CliIo = {
    out: (text) => {
      transcript += text;
      stdout += text;
    },
    err: (text) => {
      transcript += text;
    },
    stdin,
    stdinIsTTY: true,
    stdoutColor: false,
    promptOutput,
    now: () => new Date('2026-11-25T10:00:00Z'),
  };
  const done = run(['screen', '--no-color', ...args], io);
  const typing = (async () => {
    for (const [i, keys] of replies.entries()) {
      // The i-th question shows its progress "[i/…]".
      for (let t = 0; !prompts.includes(`[${i}/`); t++) {
        if (t > 500) throw new Error(`question ${i} was never drawn:\n${prompts}`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      for (const key of keys) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        stdin.write(key);
      }
    }
  })();
  const [code] = await Promise.all([done, typing]);
  return { code, transcript: transcript.replace(ANSI, ''), stdout: stdout.replace(ANSI, ''), prompts };
}

/** The last `n` non-empty lines. */
const lastLines = (text: string, n: number): string[] =>
  text
    .split('\n')
    .map((l) => l.trimEnd())
    .filter((l) => l !== '')
    .slice(-n);

/** The emergency steps as the terminal shows them (numbered, wrapped): their last line closes the output. */
const lastStep = (lang: 'en' | 'fr'): string => {
  const steps = messages(lang).emergency.steps;
  const words = (steps.at(-1) ?? '').split(' ');
  return words.slice(-3).join(' ');
};

const STOP_REPLIES = (): string[][] => [
  [...downs(optionIndex('respondent', 'client')), ENTER],
  [...downs(optionIndex('moment', 'first_treatment')), ENTER],
  [...downs(optionIndex('neuro_symptoms', 'speech')), SPACE, ENTER],
];

describe('after the interactive emergency stop', () => {
  it('ends with the emergency instruction, after a short summary in place of the full report, and exits 13', async () => {
    const { code, transcript, stdout } = await interactive([], STOP_REPLIES());
    expect(code).toBe(EXIT_CODES.emergency);
    const m = messages('en');
    const tail = lastLines(transcript, 12);
    expect(tail.at(-1)).toContain(lastStep('en'));
    expect(tail.join('\n')).toContain(`${m.heading.whatToDo}: ${m.emergency.heading}`);
    expect(tail.join('\n')).toContain('Do not drive yourself');
    // What comes before the instruction is short: the result, its reason, where the full report is.
    const lines = transcript.split('\n').filter((l) => l.trim() !== '');
    expect(lines.length).toBeLessThan(30);
    expect(stdout).toMatch(/RESULT: +Emergency/);
    expect(stdout).toContain('(E1)');
    expect(stdout).toContain('--full-report');
    expect(transcript.indexOf('EMERGENCY')).toBeGreaterThan(transcript.indexOf('RESULT'));
  }, 30_000);

  it('with --full-report prints the whole report first, and still ends with the instruction (in French)', async () => {
    const { code, transcript, stdout } = await interactive(['--full-report', '--lang', 'fr'], STOP_REPLIES());
    expect(code).toBe(EXIT_CODES.emergency);
    expect(stdout.split('\n').length).toBeGreaterThan(60);
    const m = messages('fr');
    const tail = lastLines(transcript, 12).join('\n');
    expect(lastLines(transcript, 1)[0]).toContain(lastStep('fr'));
    expect(tail).toContain(m.emergency.heading);
    expect(tail).toContain(m.prompt.emergencyStop.slice(0, 30));
  }, 30_000);

  it('with --output writes the full report to the file and ends the screen with the instruction', async () => {
    const file = join(dir, 'stop.txt');
    const { code, transcript } = await interactive(['--output', file], STOP_REPLIES());
    expect(code).toBe(EXIT_CODES.emergency);
    const report = await readFile(file, 'utf8');
    expect(report).toContain('rule E1');
    expect(transcript).toContain(`The full report was written to ${file}.`);
    expect(lastLines(transcript, 1)[0]).toContain(lastStep('en'));
  }, 30_000);
});

describe('neckcheck screen --answers with an emergency result', () => {
  it('ends the text report with the emergency instruction and exits 13', async () => {
    const run = await runCli(['screen', '--answers', 'examples/thunderclap-headache.json']);
    expect(run.code).toBe(EXIT_CODES.emergency);
    const tail = lastLines(run.stdout, 12).join('\n');
    expect(lastLines(run.stdout, 1)[0]).toContain(lastStep('en'));
    expect(tail).toContain('EMERGENCY');
    expect(tail).toContain('Call your local emergency number');
    expect(tail).toContain('Do not drive yourself');
    // The report itself is still all there, before it.
    expect(run.stdout).toContain('rule E3 v2');
    expect(run.stdout.indexOf('rule E3 v2')).toBeLessThan(run.stdout.lastIndexOf('EMERGENCY'));
  });

  it('keeps JSON machine-readable', async () => {
    const run = await runCli([
      'screen',
      '--answers',
      'examples/thunderclap-headache.json',
      '--format',
      'json',
    ]);
    expect(run.code).toBe(EXIT_CODES.emergency);
    expect(JSON.parse(run.stdout).disposition).toBe('emergency');
    expect(run.stderr).toBe('');
  });

  it('writing to a file, prints the instruction on the screen', async () => {
    const file = join(dir, 'report.txt');
    const run = await runCli(['screen', '--answers', 'examples/thunderclap-headache.json', '--output', file]);
    expect(run.code).toBe(EXIT_CODES.emergency);
    expect(run.stdout).toBe('');
    expect(lastLines(run.stderr, 1)[0]).toContain(lastStep('en'));
    expect(lastLines(await readFile(file, 'utf8'), 1)[0]).toContain(lastStep('en'));
  });
});
