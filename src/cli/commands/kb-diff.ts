/**
 * `neckcheck kb diff OLD [NEW]`: what changed between two knowledge bases (rules added, removed and changed,
 * with their conditions and dispositions before and after), and `neckcheck kb snapshot`, which writes the
 * release snapshot that later versions are compared with.
 */
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Command } from 'commander';
import type { KbDiff, KnowledgeBase, KnowledgeBundle, Lang, RuleChange } from '../../core/index.js';
import { diffKnowledgeBundles, loadKnowledgeBundle, versionBumpProblems } from '../../core/index.js';
import { RELEASES_FOLDER } from '../../node/kb-files.js';
import { conditionLines, conditionText } from '../../report/index.js';
import { CliError, fsReason } from '../errors.js';
import type { ExitCode } from '../exit-codes.js';
import { EXIT_CODES } from '../exit-codes.js';
import type { CliIo } from '../io.js';
import { loadKbWithBundle } from '../load-kb.js';
import { asLang, langOption } from '../options.js';

const WORDS = {
  en: {
    title: (from: string, to: string) => `Knowledge base ${from} → ${to}`,
    rules: 'Rules',
    questions: 'Questions',
    techniques: 'Techniques',
    citations: 'Citations',
    counts: (a: number, r: number, c: number) => `${a} added, ${r} removed, ${c} changed`,
    before: 'before',
    after: 'after',
    disposition: 'disposition',
    same: 'No change of content (formatting, test vectors and review records aside).',
    governance: 'Governance problems (a changed rule must carry a new version):',
    none: 'none',
  },
  fr: {
    title: (from: string, to: string) => `Base de connaissances ${from} → ${to}`,
    rules: 'Règles',
    questions: 'Questions',
    techniques: 'Techniques',
    citations: 'Références',
    counts: (a: number, r: number, c: number) => `${a} ajoutée(s), ${r} retirée(s), ${c} modifiée(s)`,
    before: 'avant',
    after: 'après',
    disposition: 'orientation',
    same: 'Aucun changement de contenu (hors mise en forme, vecteurs de test et relectures).',
    governance: 'Problèmes de gouvernance (une règle modifiée doit changer de version) :',
    none: 'aucune',
  },
} as const;

export function addKbDiffCommands(kb: Command, io: CliIo, done: (code: ExitCode) => void): void {
  kb.command('diff')
    .description(
      'compare two knowledge bases: OLD and NEW are folders, snapshot files (.json) or released versions (e.g. 0.1.0); NEW defaults to --kb',
    )
    .argument('<old>', 'the earlier knowledge base')
    .argument('[new]', 'the later knowledge base (default: the --kb folder)')
    .option('--json', 'print the comparison as JSON')
    .addOption(langOption())
    .action(async (oldRef: string, newRef: string | undefined, _options: unknown, command: Command) => {
      const opts = command.optsWithGlobals();
      const kbDir = String(opts.kb);
      const [from, to] = await Promise.all([
        resolveBundle(oldRef, kbDir),
        resolveBundle(newRef ?? kbDir, kbDir),
      ]);
      const diff = diffKnowledgeBundles(from, to);
      if (opts.json === true) io.out(`${JSON.stringify(diff, null, 2)}\n`);
      else
        io.out(
          `${renderDiff(diff, loadKnowledgeBundle(from), loadKnowledgeBundle(to), asLang(opts.lang))}\n`,
        );
      done(EXIT_CODES.proceed);
    });

  kb.command('snapshot')
    .description(
      `write the release snapshot of the --kb folder (default: <kb>/${RELEASES_FOLDER}/<version>.json)`,
    )
    .option('--output <file>', 'where to write the snapshot')
    .action(async (options: { output?: string }, command: Command) => {
      const kbDir = String(command.optsWithGlobals().kb);
      const { kb: base, bundle } = await loadKbWithBundle(kbDir);
      const file = options.output ?? join(kbDir, RELEASES_FOLDER, `${base.meta.version}.json`);
      try {
        await mkdir(dirname(file), { recursive: true });
        await writeFile(file, `${JSON.stringify(bundle)}\n`);
      } catch (error) {
        throw new CliError(`cannot write the snapshot ${file}: ${fsReason(error)}`);
      }
      io.out(`Knowledge base ${base.meta.version} (${base.hash}) written to ${file}\n`);
      done(EXIT_CODES.proceed);
    });
}

/** A folder is loaded and checked; a .json file or a released version is read as a snapshot. */
export async function resolveBundle(ref: string, kbDir: string): Promise<KnowledgeBundle> {
  const isDir = await stat(ref).then(
    (s) => s.isDirectory(),
    () => false,
  );
  if (isDir) return (await loadKbWithBundle(ref, { checkReleases: false })).bundle;
  const file = /^\d+\.\d+\.\d+$/.test(ref) ? join(kbDir, RELEASES_FOLDER, `${ref}.json`) : ref;
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new CliError(`cannot read the knowledge base "${ref}" (${file}): ${fsReason(error)}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new CliError(`${file} is not JSON: expected a snapshot written by \`neckcheck kb snapshot\``);
  }
  const bundle = data as Partial<KnowledgeBundle>;
  if (bundle.format !== 'neckcheck-knowledge-bundle' || !Array.isArray(bundle.files)) {
    throw new CliError(`${file} is not a knowledge-base snapshot (written by \`neckcheck kb snapshot\`)`);
  }
  return data as KnowledgeBundle;
}

export function renderDiff(diff: KbDiff, from: KnowledgeBase, to: KnowledgeBase, lang: Lang): string {
  const w = WORDS[lang];
  const lines = [
    w.title(`${diff.from.version} (${short(diff.from.hash)})`, `${diff.to.version} (${short(diff.to.hash)})`),
  ];
  if (diff.same) return [...lines, '', w.same].join('\n');
  const { rules } = diff;
  lines.push('', `${w.rules}: ${w.counts(rules.added.length, rules.removed.length, rules.changed.length)}`);
  for (const r of rules.added)
    lines.push(`  + ${r.id} v${r.version} (${r.disposition}) ${title(to, r.id, lang)}`);
  for (const r of rules.removed)
    lines.push(`  - ${r.id} v${r.version} (${r.disposition}) ${title(from, r.id, lang)}`);
  for (const c of rules.changed) lines.push(...changeLines(c, from, to, lang));
  for (const [name, changes] of [
    [w.questions, diff.questions],
    [w.techniques, diff.techniques],
    [w.citations, diff.citations],
  ] as const) {
    lines.push(
      '',
      `${name}: ${w.counts(changes.added.length, changes.removed.length, changes.changed.length)}`,
    );
    if (changes.added.length > 0) lines.push(`  + ${changes.added.join(', ')}`);
    if (changes.removed.length > 0) lines.push(`  - ${changes.removed.join(', ')}`);
    if (changes.changed.length > 0) lines.push(`  ~ ${changes.changed.join(', ')}`);
  }
  const problems = versionBumpProblems(diff);
  lines.push('', w.governance);
  lines.push(
    ...(problems.length === 0 ? [`  ${w.none}`] : problems.map((p) => `  ${p.ruleId ?? 'kb'}: ${p.message}`)),
  );
  return lines.join('\n');
}

function changeLines(c: RuleChange, from: KnowledgeBase, to: KnowledgeBase, lang: Lang): string[] {
  const w = WORDS[lang];
  const out = [`  ~ ${c.id} v${c.fromVersion} → v${c.toVersion}: ${c.aspects.join(', ')}`];
  if (c.aspects.includes('disposition'))
    out.push(`      ${w.disposition}: ${c.from.disposition} → ${c.to.disposition}`);
  if (c.aspects.includes('condition')) {
    const text = (kb: KnowledgeBase): string => {
      const rule = kb.index.rule.get(c.id);
      return rule === undefined ? '' : conditionText(conditionLines(kb, rule.when, lang), '        ');
    };
    out.push(`      ${w.before}:`, text(from), `      ${w.after}:`, text(to));
  }
  return out;
}

const title = (kb: KnowledgeBase, id: string, lang: Lang): string => kb.index.rule.get(id)?.title[lang] ?? '';
const short = (hash: string): string => hash.replace(/^sha256:/, '').slice(0, 12);
