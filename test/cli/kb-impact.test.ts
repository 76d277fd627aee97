import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImpactReport } from '../../src/cli/commands/kb-impact.js';
import { EXIT_CODES } from '../../src/cli/exit-codes.js';
import type { Answers } from '../../src/core/index.js';
import { assess } from '../../src/core/index.js';
import { loadKbFromDir } from '../../src/node/kb-files.js';
import { openStore } from '../../src/store/index.js';
import { bumpRuleVersion } from '../helpers/bump-rule.js';
import { newScreening, seedClinic } from '../store/fixtures.js';
import { ROOT, runCli } from './run-cli.js';

let tmp: string;
let softer: string;
const examples: Answers[] = [];

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'neckcheck-impact-'));
  // The shipped knowledge base with one emergency rule (thunderclap headache, E3) softened to a referral.
  softer = join(tmp, 'softer');
  await cp(join(ROOT, 'knowledge'), softer, { recursive: true });
  const rules = join(softer, 'rules/emergency.yaml');
  const text = await readFile(rules, 'utf8');
  const start = text.indexOf('  - id: E3\n');
  const end = text.indexOf('\n  - id: ', start + 1);
  const block = bumpRuleVersion(
    text.slice(start, end).replace('disposition: emergency', 'disposition: refer'),
  );
  await writeFile(rules, text.slice(0, start) + block + text.slice(end));
  const meta = join(softer, 'kb.yaml');
  await writeFile(meta, (await readFile(meta, 'utf8')).replace(/^ {2}version: (\S+)/m, '  version: 9.0.0'));
  for (const name of [
    'benign-desk-worker',
    'thunderclap-headache',
    'post-trauma',
    'anticoagulated-older-client',
  ]) {
    const data = JSON.parse(await readFile(join(ROOT, 'examples', `${name}.json`), 'utf8'));
    examples.push((data.answers ?? data) as Answers);
  }
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

describe('neckcheck kb impact', () => {
  it('counts the answer sets of a file whose disposition changes, by direction and by rule', async () => {
    const file = join(tmp, 'answers.jsonl');
    const lines = examples.map((answers, i) => JSON.stringify({ id: `case-${i}`, answers }));
    await writeFile(file, `# four examples\n${lines.join('\n')}\n`);
    const run = await runCli([
      'kb',
      'impact',
      '--answers',
      file,
      '--from',
      join(ROOT, 'knowledge'),
      '--to',
      softer,
      '--json',
      '--workers',
      '2',
    ]);
    expect(run.stderr).toContain('100% 4/4');
    expect(run.code).toBe(EXIT_CODES.proceed);
    const report = JSON.parse(run.stdout) as ImpactReport;
    expect(report.to).toMatchObject({ version: '9.0.0' });
    expect(report.tally).toMatchObject({ screenings: 4, changed: 1, dispositionChanged: 1, invalid: 0 });
    expect(report.tally.dispositions).toEqual({ 'emergency→refer': 1 });
    expect(report.tally.directions).toEqual({ stricter: 0, more_permissive: 1 });
    // One changed answer set, so the rule accounts for exactly the tally's changes.
    expect(report.tally.rules.E3).toEqual({
      added: 0,
      removed: 0,
      changed: 1,
      dispositionChanged: 1,
      techniqueChanged: report.tally.techniqueChanged,
      dispositions: { 'emergency→refer': 1 },
    });
    expect(report.tally.examples).toEqual(['case-1']);

    const table = await runCli([
      'kb',
      'impact',
      '--answers',
      file,
      '--from',
      join(ROOT, 'knowledge'),
      '--to',
      softer,
    ]);
    expect(table.stdout).toMatch(/changed +1 \(25\.0 %\)/);
    expect(table.stdout).toMatch(/more permissive \(review these first\) +1/);
    expect(table.stdout).toMatch(/emergency→refer +1/);
    expect(table.stdout).toMatch(/E3 +0 \/ 0 \/ 1 +emergency→refer 1/);
  });

  it('re-assesses every stored screening under its own version, and counts those it cannot', async () => {
    const dataDir = join(tmp, 'data');
    const store = await openStore({ dataDir });
    const loaded = await loadKbFromDir(join(ROOT, 'knowledge'));
    if (!loaded.ok) throw new Error('the shipped knowledge base does not load');
    const { kb } = loaded.value;
    const w = await seedClinic(store, 'Impact clinic');
    for (let i = 0; i < 30; i++) {
      const answers = examples[i % examples.length] as Answers;
      const assessment = assess(kb, answers);
      await store.screenings.create({
        ...newScreening(w.clinic.id, w.client.id, w.admin.id),
        answers,
        assessment,
        disposition: assessment.disposition,
        kbVersion: kb.meta.version,
        // Every tenth screening names a knowledge base that is not available.
        kbHash: i % 10 === 9 ? `sha256:${'0'.repeat(64)}` : kb.hash,
      });
    }
    await store.close();
    const run = await runCli(['kb', 'impact', '--data', dataDir, '--to', softer, '--json', '--workers', '1']);
    expect(run.code).toBe(EXIT_CODES.proceed);
    const report = JSON.parse(run.stdout) as ImpactReport;
    expect(report.from).toBe('own');
    // Thunderclap headaches: screenings 1, 5, 9, 13, 17, 21, 25, 29; of those, 9 and 29 name an unknown version.
    expect(report.tally).toMatchObject({ screenings: 30, unavailable: 3, changed: 6 });
    expect(report.tally.dispositions).toEqual({ 'emergency→refer': 6 });
  });

  it('names the line of an answers file that is not JSON', async () => {
    const file = join(tmp, 'bad.jsonl');
    await writeFile(file, `${JSON.stringify(examples[0])}\n{not json\n`);
    const run = await runCli(['kb', 'impact', '--answers', file, '--from', join(ROOT, 'knowledge')]);
    expect(run.code).toBe(EXIT_CODES.badInput);
    expect(run.stderr).toContain('bad.jsonl:2: not JSON');
  });
});
