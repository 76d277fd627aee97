import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT_CODES } from '../../src/cli/exit-codes.js';
import type { Assessment } from '../../src/core/index.js';
import { runCli } from './run-cli.js';

/** Every field of an assessment; the compiler checks that none is missing from this list. */
const ASSESSMENT_FIELDS = Object.keys({
  kb: true,
  engineVersion: true,
  assessedAt: true,
  disposition: true,
  reviewNeeded: true,
  techniques: true,
  findings: true,
  unresolved: true,
  precautions: true,
  referrals: true,
  alternatives: true,
  professions: true,
  openQuestions: true,
} satisfies Record<keyof Assessment, true>);

const AT = '2026-11-25T10:00:00Z';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'neckcheck-screen-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('neckcheck screen --answers', () => {
  it('exits 0 for the benign desk worker and prints the whole assessment as JSON', async () => {
    const before = Date.now();
    const run = await runCli(['screen', '--answers', 'examples/benign-desk-worker.json', '--format', 'json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(EXIT_CODES.proceed);
    const assessment = JSON.parse(run.stdout) as Assessment;
    expect(Object.keys(assessment).sort()).toEqual([...ASSESSMENT_FIELDS].sort());
    expect(run.stdout).toBe(`${JSON.stringify(assessment, null, 2)}\n`);
    expect(assessment.disposition).toBe('proceed');
    // Without --assessed-at the command line records the current time.
    const at = Date.parse(String(assessment.assessedAt));
    expect(at).toBeGreaterThanOrEqual(before - 1000);
    expect(at).toBeLessThanOrEqual(Date.now() + 1000);
  });

  it('exits 10 for the anticoagulated older client and records --assessed-at', async () => {
    const run = await runCli([
      'screen',
      '--answers',
      'examples/anticoagulated-older-client.json',
      '--format',
      'json',
      '--assessed-at',
      AT,
    ]);
    expect(run.code).toBe(EXIT_CODES.precautions);
    const assessment = JSON.parse(run.stdout) as Assessment;
    expect(assessment.disposition).toBe('precautions');
    expect(assessment.assessedAt).toBe(AT);
  });

  it('exits 13 for the thunderclap headache, disposition first, with the emergency instructions', async () => {
    const run = await runCli(['screen', '--answers', 'examples/thunderclap-headache.json']);
    expect(run.code).toBe(EXIT_CODES.emergency);
    const lines = run.stdout.split('\n');
    expect(lines.findIndex((l) => l.includes('RESULT:  Emergency'))).toBeLessThan(5);
    expect(run.stdout).toContain('Call your local emergency number');
    expect(run.stdout).toContain('Do not drive yourself');
    expect(run.stdout).toContain('rule E3 v2');
    expect(run.stdout).toContain('Thunderclap or worst-ever headache → Yes');
    expect(run.stdout).not.toContain('\u001b[');
  });

  it('exits 12 for the post-trauma client, reading the answers from standard input', async () => {
    const answers = await readFile('examples/post-trauma.json', 'utf8');
    const run = await runCli(['screen', '--format', 'json'], answers);
    expect(run.code).toBe(EXIT_CODES.refer);
    expect((JSON.parse(run.stdout) as Assessment).disposition).toBe('refer');
  });

  it('writes the text report in French with --lang fr', async () => {
    const run = await runCli(['screen', '--answers', 'examples/post-trauma.json', '--lang', 'fr']);
    expect(run.code).toBe(EXIT_CODES.refer);
    expect(run.stdout).toContain('Orienter vers un médecin');
    expect(run.stdout).toContain('Contre-indiquée');
    expect(run.stdout).toContain('NeckCheck aide un professionnel de santé');
  });

  it('writes Markdown with a technique table', async () => {
    const run = await runCli([
      'screen',
      '--answers',
      'examples/anticoagulated-older-client.json',
      '--format',
      'markdown',
    ]);
    expect(run.code).toBe(EXIT_CODES.precautions);
    expect(run.stdout).toMatch(/^# NeckCheck screening result/);
    expect(run.stdout).toContain('## Result: Proceed with precautions');
    expect(run.stdout).toContain('| Technique | Decision | Main reason |');
  });

  it('writes a standalone HTML page to --output, in French', async () => {
    const file = join(dir, 'report.html');
    const run = await runCli([
      'screen',
      '--answers',
      'examples/thunderclap-headache.json',
      '--format',
      'html',
      '--lang',
      'fr',
      '--output',
      file,
    ]);
    expect(run.code).toBe(EXIT_CODES.emergency);
    expect(run.stdout).toBe('');
    const html = await readFile(file, 'utf8');
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).toContain('<html lang="fr">');
    expect(html).toContain('Urgence');
    expect(html).not.toMatch(/<script|<link|src="http/);
  });

  it('shows the client messages with --audience client', async () => {
    const run = await runCli([
      'screen',
      '--answers',
      'examples/thunderclap-headache.json',
      '--audience',
      'client',
    ]);
    expect(run.stdout).toContain('A sudden, severe headache like this');
    expect(run.stdout).not.toContain('exclude subarachnoid haemorrhage');
  });
});

describe('neckcheck screen, bad input', () => {
  it('reports every invalid answer with its question id and exits 2', async () => {
    const answers = JSON.stringify({ age: 300, headache: 'yes', not_a_question: true });
    const run = await runCli(['screen', '--answers', '-'], answers);
    expect(run.code).toBe(EXIT_CODES.badInput);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('age:');
    expect(run.stderr).toContain('headache:');
    expect(run.stderr).toContain('not_a_question:');
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('names a missing answers file without a stack trace', async () => {
    const run = await runCli(['screen', '--answers', 'examples/does-not-exist.json']);
    expect(run.code).toBe(EXIT_CODES.badInput);
    expect(run.stderr).toContain('examples/does-not-exist.json');
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('gives the JSON parse error for a malformed answers file', async () => {
    const run = await runCli(['screen', '--answers', '-'], '{"age": 40,');
    expect(run.code).toBe(EXIT_CODES.badInput);
    expect(run.stderr).toMatch(/not valid JSON: .*JSON/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('fails with exit 2 on empty standard input', async () => {
    const run = await runCli(['screen']);
    expect(run.code).toBe(EXIT_CODES.badInput);
    expect(run.stderr).toContain('no answers');
  });

  it('rejects an unknown option, a bad format and a bad timestamp with exit 2', async () => {
    const runs = await Promise.all([
      runCli(['screen', '--answers', 'examples/post-trauma.json', '--colour']),
      runCli(['screen', '--answers', 'examples/post-trauma.json', '--format', 'pdf']),
      runCli(['screen', '--answers', 'examples/post-trauma.json', '--assessed-at', 'yesterday']),
    ]);
    for (const run of runs) {
      expect(run.code).toBe(EXIT_CODES.badInput);
      expect(run.stdout).toBe('');
      expect(run.stderr).not.toMatch(/\n\s+at /);
    }
    expect(runs[0]?.stderr).toContain("unknown option '--colour'");
  });

  it('documents the exit codes in its help', async () => {
    const run = await runCli(['screen', '--help']);
    expect(run.code).toBe(0);
    for (const code of ['0', '10', '11', '12', '13', '2', '3', '1'])
      expect(run.stdout).toMatch(new RegExp(`\\n  ${code} +\\w`));
    expect(run.stdout).toContain('--kb <dir>');
  });
});
