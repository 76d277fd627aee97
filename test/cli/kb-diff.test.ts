import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT_CODES } from '../../src/cli/exit-codes.js';
import type { KbDiff } from '../../src/core/index.js';
import { bumpRuleVersion } from '../helpers/bump-rule.js';
import { ROOT, runCli } from './run-cli.js';

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'neckcheck-kb-diff-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

/** A copy of the shipped knowledge/ folder (releases included) with some files edited. */
async function copyWith(name: string, edits: Record<string, (text: string) => string>): Promise<string> {
  const dir = join(tmp, name);
  await cp(join(ROOT, 'knowledge'), dir, { recursive: true });
  for (const [file, edit] of Object.entries(edits)) {
    const path = join(dir, file);
    const before = await readFile(path, 'utf8');
    const after = edit(before);
    if (after === before) throw new Error(`the edit of ${file} changed nothing`);
    await writeFile(path, after);
  }
  return dir;
}

/** Edits the rule `id` in a rules file: its version line and/or anything after its id line. */
function editRule(id: string, change: (block: string) => string): (text: string) => string {
  return (text) => {
    const start = text.indexOf(`  - id: ${id}\n`);
    if (start < 0) throw new Error(`no rule ${id}`);
    const next = text.indexOf('\n  - id: ', start + 1);
    const end = next < 0 ? text.length : next;
    return text.slice(0, start) + change(text.slice(start, end)) + text.slice(end);
  };
}
const bump = bumpRuleVersion;
const softer = (block: string): string => block.replace('disposition: emergency', 'disposition: refer');

describe('neckcheck kb diff', () => {
  it('compares the shipped knowledge base with the 0.1.0 release: added rules, changed conditions, no governance problem', async () => {
    const run = await runCli(['kb', 'diff', '0.1.0']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(EXIT_CODES.proceed);
    expect(run.stdout).toMatch(/^Knowledge base 0\.1\.0 \([0-9a-f]{12}\) → 0\.2\.\d+/);
    expect(run.stdout).toMatch(/Rules: \d+ added, 0 removed, \d+ changed/);
    expect(run.stdout).toContain('+ QCAD v1 (refer)');
    expect(run.stdout).toMatch(/~ E1 v1 → v\d: condition/);
    expect(run.stdout).toMatch(/Governance problems[^\n]*\n {2}none/);
  });

  it('prints a change of disposition with the condition, in JSON too, and finds no change against itself', async () => {
    const dir = await copyWith('softer', { 'rules/emergency.yaml': editRule('E3', (b) => bump(softer(b))) });
    const text = await runCli(['kb', 'diff', join(ROOT, 'knowledge'), dir]);
    expect(text.code).toBe(EXIT_CODES.proceed);
    expect(text.stdout).toMatch(/Rules: 0 added, 0 removed, 1 changed/);
    expect(text.stdout).toMatch(/~ E3 v\d+ → v\d+: disposition/);
    expect(text.stdout).toContain('disposition: emergency → refer');

    const json = await runCli(['kb', 'diff', '--json', join(ROOT, 'knowledge'), dir]);
    const diff = JSON.parse(json.stdout) as KbDiff;
    expect(diff.rules.changed.map((c) => [c.id, c.aspects, c.versionBumped])).toEqual([
      ['E3', ['disposition'], true],
    ]);
    expect(diff.same).toBe(false);

    const itself = await runCli(['kb', 'diff', join(ROOT, 'knowledge'), join(ROOT, 'knowledge')]);
    expect(itself.stdout).toContain('No change of content');
  });

  it('explains a reference that is neither a folder, a snapshot nor a released version', async () => {
    const run = await runCli(['kb', 'diff', '9.9.9']);
    expect(run.code).toBe(EXIT_CODES.badInput);
    expect(run.stderr).toContain('cannot read the knowledge base "9.9.9"');
  });
});

describe('rule governance against the previous release', () => {
  it('refuses to load a knowledge base whose rule changed without a new rule version', async () => {
    // E7 is unchanged since 0.1.0; a rule already changed since the release may change again freely.
    const dir = await copyWith('no-bump', {
      'rules/emergency.yaml': editRule('E7', (b) =>
        b.replace(/(client:\n\s+en: >-\n\s+)/, '$1Please note. '),
      ),
    });
    const run = await runCli(['--kb', dir, 'kb', 'lint']);
    expect(run.code).toBe(EXIT_CODES.kbInvalid);
    expect(run.stderr).toMatch(
      /rules\/emergency\.yaml rule E7, field "version": changed \(texts\) since release 0\.1\.0/,
    );

    const bumped = await copyWith('bumped', {
      'rules/emergency.yaml': editRule('E7', (b) =>
        bump(b.replace(/(client:\n\s+en: >-\n\s+)/, '$1Please note. ')),
      ),
    });
    expect((await runCli(['--kb', bumped, 'kb', 'lint'])).code).toBe(EXIT_CODES.proceed);
  });

  it('refuses a knowledge base that changed after its own release snapshot without a new version', async () => {
    const dir = await copyWith('same-version', {});
    const snapshot = await runCli(['--kb', dir, 'kb', 'snapshot']);
    expect(snapshot.code).toBe(EXIT_CODES.proceed);
    expect(snapshot.stdout).toMatch(/written to .*releases\/0\.2\.\d+\.json/);
    expect((await runCli(['--kb', dir, 'kb', 'lint'])).code).toBe(EXIT_CODES.proceed);

    await writeFile(
      join(dir, 'rules/emergency.yaml'),
      editRule('E3', (b) => bump(softer(b)))(await readFile(join(dir, 'rules/emergency.yaml'), 'utf8')),
    );
    const run = await runCli(['--kb', dir, 'kb', 'lint']);
    expect(run.code).toBe(EXIT_CODES.kbInvalid);
    expect(run.stderr).toMatch(
      /kb\.yaml meta, field "version": the knowledge base changed since release 0\.2\.\d+/,
    );
  });
});
