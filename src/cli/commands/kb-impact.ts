/**
 * `neckcheck kb impact`: re-assesses answer sets (a file, or every stored screening) under another knowledge
 * base and reports how many change disposition or technique decision, in which direction, and by rule.
 */
import type { Command } from 'commander';
import type { ImpactInput, ImpactTally, KnowledgeBundle, Lang } from '../../core/index.js';
import { compareVersions } from '../../core/index.js';
import { defaultWorkers, runImpact } from '../../node/impact/pool.js';
import { AnswersFileError, answersFileBatches, storeBatches } from '../../node/impact/sources.js';
import { readReleases } from '../../node/kb-files.js';
import type { Store } from '../../store/index.js';
import { openStore } from '../../store/index.js';
import { CliError } from '../errors.js';
import type { ExitCode } from '../exit-codes.js';
import { EXIT_CODES } from '../exit-codes.js';
import type { CliIo } from '../io.js';
import { loadKbWithBundle } from '../load-kb.js';
import { asLang, langOption } from '../options.js';
import { progressBar } from '../progress.js';
import { resolveBundle } from './kb-diff.js';

const BATCH = 500;

interface ImpactOptions {
  from?: string;
  to?: string;
  answers?: string;
  data?: string;
  databaseUrl?: string;
  clinic?: string;
  workers?: string;
  json?: boolean;
}

export interface ImpactReport {
  readonly from: { readonly version: string; readonly hash: string } | 'own';
  readonly to: { readonly version: string; readonly hash: string };
  readonly source: string;
  readonly workers: number;
  readonly seconds: number;
  readonly tally: ImpactTally;
}

export function addKbImpactCommand(kb: Command, io: CliIo, done: (code: ExitCode) => void): void {
  kb.command('impact')
    .description(
      'count the screenings (stored, or a file of answer sets) whose disposition or technique decisions change under another knowledge base',
    )
    .option('--to <kb>', 'the knowledge base to compare with: folder, snapshot or version (default: --kb)')
    .option(
      '--from <kb>',
      "the knowledge base to compare from (default: each stored screening's own version; for --answers, the previous release)",
    )
    .option('--answers <file>', 'answer sets to use instead of stored screenings (JSON lines)')
    .option('--data <dir>', 'folder of the SQLite database (NECKCHECK_DATA, default ./data)')
    .option('--database-url <url>', 'postgres://… (DATABASE_URL)')
    .option('--clinic <id>', 'only the screenings of this clinic')
    .option('--workers <n>', 'worker threads (default: one per core)')
    .option('--json', 'print the report as JSON')
    .addOption(langOption())
    .action(async (options: ImpactOptions, command: Command) => {
      const opts = command.optsWithGlobals();
      const report = await impact(options, String(opts.kb), io);
      io.out(
        `${options.json === true ? JSON.stringify(report, null, 2) : renderImpact(report, asLang(opts.lang))}\n`,
      );
      done(EXIT_CODES.proceed);
    });
}

const metaOf = (b: KnowledgeBundle): { version: string; hash: string } => ({
  version: b.files.find((f) => f.data.meta !== undefined)?.data.meta?.version ?? '?',
  hash: b.hash,
});

function workerCount(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 64)
    throw new CliError(`--workers must be a whole number from 1 to 64; got "${raw}"`);
  return n;
}

async function impact(options: ImpactOptions, kbDir: string, io: CliIo): Promise<ImpactReport> {
  const workers = workerCount(options.workers);
  const to =
    options.to === undefined
      ? (await loadKbWithBundle(kbDir)).bundle
      : await resolveBundle(options.to, kbDir);
  const releases = await readReleases(kbDir);
  const known = releases.ok ? releases.value : [];
  let from: KnowledgeBundle | undefined;
  if (options.from !== undefined) from = await resolveBundle(options.from, kbDir);
  else if (options.answers !== undefined) {
    const version = metaOf(to).version;
    from = known
      .filter((r) => compareVersions(metaOf(r).version, version) < 0)
      .sort((a, b) => compareVersions(metaOf(b).version, metaOf(a).version))[0];
    if (from === undefined) throw new CliError(`no release before ${version} to compare from: give --from`);
  }
  const started = Date.now();
  let store: Store | undefined;
  try {
    let total: number;
    let batches: AsyncIterable<readonly ImpactInput[]>;
    let source: string;
    if (options.answers !== undefined) {
      total = await countLines(options.answers);
      batches = answersFileBatches(options.answers, BATCH);
      source = options.answers;
    } else {
      const dataDir = options.data ?? process.env.NECKCHECK_DATA ?? 'data';
      const databaseUrl = options.databaseUrl ?? process.env.DATABASE_URL;
      store = await openStore({ databaseUrl, dataDir }).catch((error: unknown) => {
        throw new CliError(
          `cannot open the database: ${error instanceof Error ? error.message : String(error)}`,
        );
      });
      total = await store.screenings.countAnswers(options.clinic);
      batches = storeBatches(store, BATCH, options.clinic);
      source = databaseUrl === undefined || databaseUrl === '' ? `SQLite in ${dataDir}` : 'PostgreSQL';
    }
    const bar = progressBar(io, total, 'impact');
    // A stored screening is compared from its own version: the --kb folder's, a release's, or --to's.
    const fromBundles =
      from === undefined
        ? [to, ...(options.to === undefined ? [] : [(await loadKbWithBundle(kbDir)).bundle]), ...known]
        : [from];
    const tally = await runImpact({
      from: fromBundles,
      fixedFrom: from !== undefined,
      to,
      batches,
      workers,
      onProgress: (n) => bar.update(n),
    }).catch((error: unknown) => {
      if (error instanceof AnswersFileError) throw new CliError(error.message);
      throw error;
    });
    bar.update(tally.screenings);
    bar.end();
    return {
      from: from === undefined ? 'own' : metaOf(from),
      to: metaOf(to),
      source,
      workers: workers ?? defaultWorkers(),
      seconds: (Date.now() - started) / 1000,
      tally,
    };
  } finally {
    await store?.close();
  }
}

async function countLines(file: string): Promise<number> {
  let n = 0;
  try {
    for await (const batch of answersFileBatches(file, 10_000)) n += batch.length;
  } catch (error) {
    if (error instanceof AnswersFileError) throw new CliError(error.message);
    throw new CliError(`cannot read ${file}: ${(error as Error).message}`);
  }
  return n;
}

const WORDS = {
  en: {
    title: (to: string, n: number) =>
      `Impact of knowledge base ${to} on ${n.toLocaleString('en')} answer sets`,
    from: 'compared from',
    own: "each screening's own knowledge-base version",
    source: 'source',
    changed: 'changed',
    disposition: 'disposition changed',
    techniques: 'technique decisions changed',
    stricter: 'stricter',
    permissive: 'more permissive (review these first)',
    invalid: 'not comparable (answers not valid under one version)',
    narrowed: 'compared on the questions both versions ask',
    unavailable: 'own knowledge-base version not available',
    time: (s: number, w: number) => `${s.toFixed(1)} s on ${w} worker thread(s)`,
    dispositions: 'Dispositions (from → to)',
    techniqueTable: 'Technique decisions (from → to)',
    rules:
      'Rules in the changed answer sets (now applies / no longer applies / applies in another version; disposition changes)',
    examples: 'Examples',
    none: 'No disposition or technique decision changes.',
  },
  fr: {
    title: (to: string, n: number) =>
      `Impact de la base de connaissances ${to} sur ${n.toLocaleString('fr')} jeux de réponses`,
    from: 'comparé à',
    own: 'la version de la base utilisée par chaque dépistage',
    source: 'source',
    changed: 'modifiés',
    disposition: 'orientation modifiée',
    techniques: 'décisions sur les techniques modifiées',
    stricter: 'plus stricts',
    permissive: 'plus permissifs (à relire en premier)',
    invalid: 'non comparables (réponses non valides pour une version)',
    narrowed: 'comparés sur les questions des deux versions',
    unavailable: 'version de la base d’origine indisponible',
    time: (s: number, w: number) => `${s.toFixed(1)} s sur ${w} fil(s) de calcul`,
    dispositions: 'Orientations (avant → après)',
    techniqueTable: 'Décisions sur les techniques (avant → après)',
    rules:
      'Règles dans les jeux modifiés (s’applique désormais / ne s’applique plus / dans une autre version ; orientations modifiées)',
    examples: 'Exemples',
    none: 'Aucune orientation ni décision sur une technique ne change.',
  },
} as const;

export function renderImpact(report: ImpactReport, lang: Lang): string {
  const w = WORDS[lang];
  const t = report.tally;
  const pct = (n: number): string =>
    t.screenings === 0 ? '' : ` (${((n / t.screenings) * 100).toFixed(1)} %)`;
  const edition = (e: { version: string; hash: string }): string =>
    `${e.version} (${e.hash.replace(/^sha256:/, '').slice(0, 12)})`;
  const row = (label: string, value: string): string => `  ${label.padEnd(54)} ${value}`;
  const lines = [
    w.title(edition(report.to), t.screenings),
    row(w.from, report.from === 'own' ? w.own : edition(report.from)),
    row(w.source, report.source),
    row(w.changed, `${t.changed}${pct(t.changed)}`),
    row(`  ${w.disposition}`, String(t.dispositionChanged)),
    row(`  ${w.techniques}`, String(t.techniqueChanged)),
    row(`  ${w.stricter}`, String(t.directions.stricter)),
    row(`  ${w.permissive}`, String(t.directions.more_permissive)),
    row(w.invalid, String(t.invalid)),
    row(w.narrowed, String(t.narrowed)),
    row(w.unavailable, String(t.unavailable)),
    `  ${w.time(report.seconds, report.workers)}`,
  ];
  if (t.changed === 0) return [...lines, '', w.none].join('\n');
  const table = (entries: [string, string][]): string[] => {
    const width = Math.max(...entries.map(([k]) => k.length));
    return entries.map(([k, v]) => `  ${k.padEnd(width)}  ${v.padStart(8)}`);
  };
  const byCount = (r: Readonly<Record<string, number>>): [string, string][] =>
    Object.entries(r)
      .sort(([, a], [, b]) => b - a)
      .map(([k, v]) => [k, String(v)]);
  const section = (title: string, entries: [string, string][]): void => {
    if (entries.length > 0) lines.push('', title, ...table(entries));
  };
  section(w.dispositions, byCount(t.dispositions));
  const techniques = Object.entries(t.techniques).flatMap(([id, changes]) =>
    byCount(changes).map(([k, v]): [string, string] => [`${id}: ${k}`, v]),
  );
  section(w.techniqueTable, techniques);
  const rules = Object.entries(t.rules)
    .sort(([, a], [, b]) => b.added + b.removed + b.changed - (a.added + a.removed + a.changed))
    .map(([id, r]): [string, string] => {
      const changes = Object.entries(r.dispositions)
        .sort(([, a], [, b]) => b - a)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ');
      return [id, `${r.added} / ${r.removed} / ${r.changed}${changes === '' ? '' : `   ${changes}`}`];
    });
  section(w.rules, rules);
  lines.push('', `${w.examples}: ${t.examples.join(', ')}`);
  return lines.join('\n');
}
