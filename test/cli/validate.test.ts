import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classOf, parseCase } from '../../src/cli/validation/cases.js';
import { BENIGN, withAnswers } from '../helpers/answers.js';
import { kb as loadKb } from '../helpers/kb.js';
import { ROOT, runCli } from './run-cli.js';

/** Answers of someone with no red flag at all, before a first light massage. */
const CALM = withAnswers(BENIGN, {
  age: 40,
  sex: 'male',
  pregnancy: undefined,
  treatment_goal: ['neck_pain'],
  practitioner: 'massage_therapist',
  planned_techniques: ['light_massage'],
});

function caseYaml(fields: {
  id: string;
  expected: string;
  answers: Record<string, unknown>;
  readingB?: string;
  note?: string;
}): string {
  const lines = [
    `id: ${fields.id}`,
    `title: Fixture case ${fields.id}`,
    'source: { citation: "Fixture. J Test 2026;1:1.", doi: 10.1000/fixture }',
    'facts: What the fixture person experienced.',
    `answers: ${JSON.stringify(fields.answers)}`,
    `reading_a: { disposition: ${fields.expected}, reason: reader A }`,
    `reading_b: { disposition: ${fields.readingB ?? fields.expected}, reason: reader B }`,
    `expected: ${fields.expected}`,
  ];
  if (fields.note !== undefined) lines.push(`note: ${fields.note}`);
  return `${lines.join('\n')}\n`;
}

const THUNDERCLAP = { ...CALM, headache: true, headache_thunderclap: true, headache_severe: true };

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'neckcheck-validate-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

async function fixtureDir(name: string, files: Record<string, string>): Promise<string> {
  const dir = join(tmp, name);
  await mkdir(dir, { recursive: true });
  for (const [file, text] of Object.entries(files)) await writeFile(join(dir, file), text);
  return dir;
}

describe('neckcheck validate', () => {
  it('exits 0 and writes the report when every case meets the goal', async () => {
    const dir = await fixtureDir('pass', {
      'thunderclap.yaml': caseYaml({ id: 'thunderclap', expected: 'emergency', answers: THUNDERCLAP }),
      'calm.yaml': caseYaml({ id: 'calm', expected: 'proceed', answers: CALM }),
    });
    const out = join(tmp, 'pass', 'out', 'report.md');
    const run = await runCli(['validate', '--cases', dir, '--out', out]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Sensitivity, emergency: +1\/1 \(100\.0%\)/);
    expect(run.stdout).toMatch(/Over-referral, benign cases: +0\/1/);
    expect(run.stdout).toContain('Goal met.');
    const report = await readFile(out, 'utf8');
    expect(report).toContain('# Clinical validation');
    expect(report).toContain('**Goal met.**');
    expect(report).toMatch(/\| \*\*thunderclap\*\*: Fixture case thunderclap +\|/);
    expect(report).toContain('[doi:10.1000/fixture](https://doi.org/10.1000/fixture)');
    expect(report).not.toMatch(/\d{4}-\d{2}-\d{2}T/); // no timestamp: regenerating shows only real changes
  });

  it('reports and explains a miss, still writes the report, and exits 1', async () => {
    const dir = await fixtureDir('miss', {
      'missed.yaml': caseYaml({
        id: 'missed-emergency',
        expected: 'emergency',
        answers: CALM,
        readingB: 'refer',
        note: the('readers disagree; the more urgent reading counts'),
      }),
    });
    const out = join(tmp, 'miss', 'report.md');
    const run = await runCli(['validate', '--cases', dir, '--out', out, '--format', 'json']);
    expect(run.code).toBe(1);
    const json = JSON.parse(run.stdout) as {
      goal: { met: boolean; emergencyMet: boolean };
      emergencySensitivity: { count: number; of: number };
      results: { id: string; outcome: string; explanation?: string }[];
    };
    expect(json.goal.met).toBe(false);
    expect(json.goal.emergencyMet).toBe(false);
    expect(json.emergencySensitivity).toEqual({ count: 0, of: 1 });
    expect(json.results[0]?.outcome).toBe('miss');
    expect(json.results[0]?.explanation).toMatch(
      /^Expected emergency; the engine gave (proceed|precautions)\./,
    );
    const report = await readFile(out, 'utf8');
    expect(report).toContain('**Goal NOT met.**');
    expect(report).toMatch(/## Misses\n\n- \*\*missed-emergency\*\*/);
    expect(report).toContain('The readings disagreed on missed-emergency');
  });

  it('names the file, the case id and the field of every problem in a bad case file (exit 2)', async () => {
    const bad = caseYaml({
      id: 'bad-case',
      expected: 'refer',
      answers: { ...CALM, age: 'forty', colour: 'blue' },
    })
      .replace('doi: 10.1000/fixture', 'pmid: abc')
      .replace('reading_b: { disposition: refer', 'reading_b: { disposition: urgent');
    const dir = await fixtureDir('bad', {
      'good.yaml': caseYaml({ id: 'good', expected: 'proceed', answers: CALM }),
      'bad.yaml': bad,
      'broken.yaml': 'id: [unclosed\n',
    });
    const out = join(tmp, 'bad', 'report.md');
    const run = await runCli(['validate', '--cases', dir, '--out', out]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/the validation cases in .* are invalid \(\d+ problems\):/);
    expect(run.stderr).toContain('bad.yaml: case bad-case: source.pmid: "abc" is not a PubMed id');
    expect(run.stderr).toContain('bad.yaml: case bad-case: reading_b.disposition: must be one of');
    expect(run.stderr).toContain('bad.yaml: case bad-case: answers.age:');
    expect(run.stderr).toContain('bad.yaml: case bad-case: answers.colour: there is no question "colour"');
    expect(run.stderr).toMatch(/broken\.yaml: not valid YAML/);
    await expect(readFile(out, 'utf8')).rejects.toThrow(); // no report from invalid cases
  });

  it('refuses an expected disposition that is not the more urgent reading, and disagreement without a note', async () => {
    const dir = await fixtureDir('readings', {
      'lenient.yaml': caseYaml({ id: 'lenient', expected: 'refer', answers: CALM, readingB: 'emergency' }),
    });
    const run = await runCli(['validate', '--cases', dir, '--out', join(tmp, 'readings.md')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      'lenient.yaml: case lenient: expected: must be the more urgent of the two readings (emergency)',
    );
    expect(run.stderr).toContain('lenient.yaml: case lenient: note: the readings disagree');
  });

  it('says so when the case folder cannot be read', async () => {
    const run = await runCli(['validate', '--cases', join(tmp, 'nowhere'), '--out', join(tmp, 'x.md')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/cannot read the case folder .*nowhere: no such file or folder/);
  });
});

describe('the shipped validation cases (validation/cases)', async () => {
  const kb = await loadKb();
  const dir = join(ROOT, 'validation', 'cases');
  const files = (await readdir(dir)).filter((f) => f.endsWith('.yaml')).sort();
  const parsed = await Promise.all(
    files.map(async (file) => ({
      file,
      result: parseCase(file, await readFile(join(dir, file), 'utf8'), kb),
    })),
  );

  it.each(parsed.map((p) => [p.file, p] as const))(
    '%s parses and its answers are valid',
    (_name, { file, result }) => {
      if (!result.ok)
        throw new Error(result.issues.map((i) => `${file}: ${i.field ?? ''}: ${i.message}`).join('\n'));
      expect(`${result.value.id}.yaml`).toBe(file);
    },
  );

  it('has at least 40 cases, at least 15 benign, each with a DOI or PMID', () => {
    const cases = parsed.flatMap((p) => (p.result.ok ? [p.result.value] : []));
    expect(cases.length).toBeGreaterThanOrEqual(40);
    expect(cases.filter((c) => classOf(c.expected) === 'benign').length).toBeGreaterThanOrEqual(15);
    for (const c of cases) expect(c.source.doi ?? c.source.pmid, c.id).toBeDefined();
    expect(new Set(cases.map((c) => c.id)).size).toBe(cases.length);
  });
});

/** Keeps a YAML scalar plain in the fixture. */
function the(text: string): string {
  return JSON.stringify(text);
}
