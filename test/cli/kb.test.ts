import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT_CODES } from '../../src/cli/exit-codes.js';
import { ROOT, runCli } from './run-cli.js';

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'neckcheck-kb-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

/** A copy of the shipped knowledge/ folder with one file edited. */
async function brokenCopy(name: string, file: string, edit: (text: string) => string): Promise<string> {
  const dir = join(tmp, name);
  await cp(join(ROOT, 'knowledge'), dir, { recursive: true });
  const path = join(dir, file);
  const before = await readFile(path, 'utf8');
  const after = edit(before);
  if (after === before) throw new Error(`the edit of ${file} changed nothing`);
  await writeFile(path, after);
  return dir;
}

describe('neckcheck kb lint', () => {
  it('passes on the shipped knowledge base and summarises it', async () => {
    const run = await runCli(['kb', 'lint']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Knowledge base neckcheck \d+\.\d+\.\d+/);
    expect(run.stdout).toMatch(/hash: +sha256:[0-9a-f]{64}/);
    expect(run.stdout).toMatch(/questions: +\d+/);
    expect(run.stdout).toMatch(/rules: +\d+/);
    expect(run.stdout).toMatch(/citations: +\d+/);
    const vectors = /vectors: +(\d+)\/(\d+) passed/.exec(run.stdout);
    expect(vectors?.[1]).toBe(vectors?.[2]);
  });

  it('summarises the EHR record mapping and refuses a dangling option in it, naming file and entry', async () => {
    const ok = await runCli(['kb', 'lint']);
    expect(ok.stdout).toMatch(/EHR record: +\d+ condition and \d+ medicine mappings/);
    expect(ok.stdout).toMatch(/terminology: \d+ question, \d+ unit, \d+ option and \d+ technique codes/);
    const dir = await brokenCopy('ehr-option', 'ehr/record-mapping.yaml', (t) =>
      t.replace(
        'answer: { question: conditions, option: stroke_tia }',
        'answer: { question: conditions, option: stroke }',
      ),
    );
    const run = await runCli(['kb', 'lint', '--kb', dir]);
    expect(run.code).toBe(EXIT_CODES.kbInvalid);
    expect(run.stderr).toMatch(
      /ehr\/record-mapping\.yaml:\d+ condition mapping stroke_tia, field "answer\.option": question "conditions" has no option "stroke"/,
    );
  });

  it('names the file, the rule and the field of an unknown question in a condition', async () => {
    const dir = await brokenCopy('question-ref', 'rules/emergency.yaml', (t) =>
      t.replace(
        'when: { q: headache_thunderclap, is: true }',
        'when: { q: headache_thunderclapp, is: true }',
      ),
    );
    const run = await runCli(['kb', 'lint', '--kb', dir]);
    expect(run.code).toBe(EXIT_CODES.kbInvalid);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(
      /rules\/emergency\.yaml:\d+ rule E3, field "when\.q": .*headache_thunderclapp/,
    );
  });

  it('names the file, the rule and the field of an unknown citation', async () => {
    const dir = await brokenCopy('citation-ref', 'rules/precautions.yaml', (t) =>
      t.replace('citations: [liu-2021, cohen-2016]', 'citations: [liu-2021, nobody-1999]'),
    );
    const run = await runCli(['--kb', dir, 'kb', 'lint']);
    expect(run.code).toBe(EXIT_CODES.kbInvalid);
    expect(run.stderr).toMatch(/rules\/precautions\.yaml:\d+ rule P1, field "citations\[1\]": .*nobody-1999/);
  });

  it('names the file and line of a YAML syntax error', async () => {
    const dir = await brokenCopy('yaml-syntax', 'techniques.yaml', (t) => `${t}  - id: [unclosed\n`);
    const run = await runCli(['kb', 'lint', '--kb', dir]);
    expect(run.code).toBe(EXIT_CODES.kbInvalid);
    expect(run.stderr).toMatch(/techniques\.yaml:\d+: YAML/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('refuses to screen with an invalid knowledge base (exit 3)', async () => {
    const dir = await brokenCopy('screen-refused', 'rules/precautions.yaml', (t) =>
      t.replace('citations: [liu-2021, cohen-2016]', 'citations: [liu-2021, nobody-1999]'),
    );
    const run = await runCli(['screen', '--kb', dir, '--answers', 'examples/benign-desk-worker.json']);
    expect(run.code).toBe(EXIT_CODES.kbInvalid);
    expect(run.stdout).toBe('');
  });

  it('reports a knowledge base folder that does not exist as bad usage', async () => {
    const run = await runCli(['kb', 'lint', '--kb', join(tmp, 'nowhere')]);
    expect(run.code).toBe(EXIT_CODES.badInput);
    expect(run.stderr).toContain('nowhere');
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('neckcheck kb show', () => {
  it('prints a rule in full: condition, effects, citations and vectors', async () => {
    const run = await runCli(['kb', 'show', 'P1']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^P1 v2: Blood thinners or a bleeding tendency/);
    expect(run.stdout).toContain('Relevant medicines [medications] includes any of');
    expect(run.stdout).toContain(
      'Deep tissue, trigger-point and instrument or percussion-device work: Contraindicated',
    );
    expect(run.stdout).toContain('https://doi.org/');
    expect(run.stdout).toContain('takes apixaban: expects true');
    expect(run.stdout).toContain('medicines unknown: expects unknown');
  });

  it('prints it in French with --lang fr', async () => {
    const run = await runCli(['kb', 'show', 'E3', '--lang', 'fr']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Céphalée en coup de tonnerre');
    expect(run.stdout).toContain('Conduite: Urgence');
  });

  it('lists the EHR record mapping with "ehr": codes and words for each answer, thresholds, in both languages', async () => {
    const run = await runCli(['kb', 'show', 'ehr']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^EHR record mapping/);
    expect(run.stdout).toContain('[conditions] = Thin or fragile bones');
    expect(run.stdout).toContain('ICD-10 M80…, M81…');
    expect(run.stdout).toContain('began within 183 days: also');
    expect(run.stdout).toMatch(/100 mg or less: Relevant medicines \[medications\] = /);
    expect(run.stdout).toContain('only when taken for at least 90 days');
    expect(run.stdout).toContain('HL7 service-type 17, 25, 27, 52, 63, 563, 584');
    const fr = await runCli(['kb', 'show', 'ehr', '--lang', 'fr']);
    expect(fr.code).toBe(0);
    expect(fr.stdout).toMatch(/^Correspondance avec le dossier patient informatisé/);
    expect(fr.stdout).toContain('seulement si pris depuis au moins 90 jours');
    expect(fr.stdout).toContain('Antécédents médicaux [conditions] = Os fragiles');
  });

  it('suggests close matches for an unknown rule and exits 2', async () => {
    const run = await runCli(['kb', 'show', 'P8POSTPARTUM']);
    expect(run.code).toBe(EXIT_CODES.badInput);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('P8-POSTPARTUM');
  });
});

describe('neckcheck questions', () => {
  it('lists sections and questions with options, branching and red flags', async () => {
    const run = await runCli(['questions']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('== Warning signs [urgent] ==');
    expect(run.stdout).toMatch(/headache_thunderclap \(yes\/no, asked to the client, ⚑ RED FLAG\)/);
    expect(run.stdout).toContain('Headache within 4 weeks [headache] = Yes');
  });

  it('lists them as JSON in French', async () => {
    const run = await runCli(['questions', '--lang', 'fr', '--format', 'json']);
    expect(run.code).toBe(0);
    const data = JSON.parse(run.stdout) as {
      lang: string;
      sections: {
        id: string;
        questions: { id: string; text: string; redFlag: boolean; enableWhen?: { text: string } }[];
      }[];
    };
    expect(data.lang).toBe('fr');
    const questions = data.sections.flatMap((s) => s.questions);
    const thunderclap = questions.find((q) => q.id === 'headache_thunderclap');
    expect(thunderclap?.redFlag).toBe(true);
    expect(thunderclap?.text).toMatch(/mal de tête/);
    expect(thunderclap?.enableWhen?.text).toContain('[headache] = Oui');
  });
});
