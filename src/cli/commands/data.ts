/**
 * Data maintenance: `neckcheck audit verify`, `neckcheck backup <file>` and `neckcheck restore <file>` (SQLite;
 * for PostgreSQL use pg_dump / pg_restore, see the README).
 */

import { existsSync, readFileSync, renameSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { Command } from 'commander';
import type {
  AuditChainReport,
  AuditCheckpoint,
  AuditKeyring,
  AuditVerification,
  Store,
} from '../../store/index.js';
import {
  backupSqlite,
  checkCheckpoint,
  checkpointFileIn,
  DatabaseInUseError,
  exportAuditLog,
  loadAuditKeyring,
  openStore,
  readCheckpointFile,
  restoreSqlite,
  SQLITE_FILE_NAME,
  verifyAuditChain,
  verifyAuditExport,
} from '../../store/index.js';
import { CliError } from '../errors.js';
import type { ExitCode } from '../exit-codes.js';
import { EXIT_CODES } from '../exit-codes.js';
import type { CliIo } from '../io.js';

interface DataOptions {
  data?: string;
  databaseUrl?: string;
}

const dataDir = (options: DataOptions): string =>
  resolve(options.data ?? process.env.NECKCHECK_DATA ?? 'data');
const databaseUrl = (options: DataOptions): string | undefined =>
  options.databaseUrl ?? process.env.DATABASE_URL;
const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

function withDataOptions(command: Command): Command {
  return command
    .option('--data <dir>', 'folder of the SQLite database (NECKCHECK_DATA, default ./data)')
    .option('--database-url <url>', 'postgres://… (DATABASE_URL)');
}

interface AuditOptions extends DataOptions {
  auditDir?: string;
  checkpoint?: string;
  export?: string;
  since?: string;
  output?: string;
}

/** The audit folder: --audit-dir, NECKCHECK_AUDIT_DIR, or <data>/audit as the server uses. */
const auditDir = (options: AuditOptions): string =>
  resolve(options.auditDir ?? (process.env.NECKCHECK_AUDIT_DIR || join(dataDir(options), 'audit')));

/** The keys, without creating one: a verifying command must not invent the key it verifies with. */
function keyringOf(options: AuditOptions): AuditKeyring {
  try {
    return loadAuditKeyring({
      dir: auditDir(options),
      secret: process.env.NECKCHECK_AUDIT_KEY,
      create: false,
    });
  } catch (error) {
    throw new CliError(`cannot read the audit keys: ${message(error)}`);
  }
}

function withAuditOptions(command: Command): Command {
  return withDataOptions(command).option(
    '--audit-dir <dir>',
    'folder of audit.key, retired keys and checkpoint.json (NECKCHECK_AUDIT_DIR, default <data>/audit)',
  );
}

async function openWithKeys(options: AuditOptions): Promise<Store> {
  return openStore({
    databaseUrl: databaseUrl(options),
    dataDir: dataDir(options),
    auditKeyring: keyringOf(options),
  }).catch((error: unknown) => {
    throw new CliError(`cannot open the database: ${message(error)}`);
  });
}

/** What a good verification says, beyond "intact": the legacy segment, the checkpoint, the records. */
function describeIntact(result: AuditChainReport): string {
  const lines = [`audit log intact: ${result.entries} entries, head ${result.headHash}`];
  if (result.prunedThrough > 0) lines.push(`  entries 1 to ${result.prunedThrough} were pruned by retention`);
  const first = result.prunedThrough + 1;
  if (result.legacyEntries > 0)
    lines.push(
      `  entries ${first} to ${first + result.legacyEntries - 1} are a legacy unkeyed segment (written before audit keys): ` +
        'edits show, but a recomputed chain would not',
    );
  if (result.entries > result.legacyEntries)
    lines.push(`  keyed chain from entry ${first + result.legacyEntries} (key ${result.keyIds.join(', ')})`);
  lines.push(
    result.checkpoint === null
      ? '  no checkpoint to compare with: a removed tail cannot be ruled out (keep exports elsewhere)'
      : `  reaches the checkpoint of ${result.checkpoint.at} (entry ${result.checkpoint.seq})`,
  );
  lines.push(`  ${result.records} screenings and reviews match their entries`);
  return `${lines.join('\n')}\n`;
}

export function addDataCommands(program: Command, io: CliIo, done: (code: ExitCode) => void): void {
  const audit = program.command('audit').description('the tamper-evident audit log');
  const report = (result: AuditVerification): void => {
    if (result.ok) {
      io.out(describeIntact(result));
      done(EXIT_CODES.proceed);
    } else {
      io.err(`audit log TAMPERED at entry ${result.seq}: ${result.reason}\n`);
      done(EXIT_CODES.internalError);
    }
  };

  withAuditOptions(audit.command('verify'))
    .description(
      'check the keyed hash chain of the whole audit log, the screenings and reviews it recorded, and the ' +
        'checkpoint; exits 1 and names the first bad entry if anything was altered',
    )
    .option(
      '--checkpoint <file>',
      'a checkpoint or export kept elsewhere (default <audit dir>/checkpoint.json)',
    )
    .option('--export <file>', 'verify an export file offline instead of the database')
    .action(async (options: AuditOptions) => {
      const keys = keyringOf(options);
      if (options.export !== undefined) {
        const text = await readFile(resolve(options.export), 'utf8').catch((error: unknown) => {
          throw new CliError(`cannot read ${options.export}: ${message(error)}`);
        });
        report(
          await verifyAuditExport(text, keys).catch((error: unknown) => {
            throw new CliError(`cannot verify ${options.export}: ${message(error)}`);
          }),
        );
        return;
      }
      const checkpoint = readCheckpoint(options, keys);
      const store = await openWithKeys(options);
      try {
        report(await verifyAuditChain(store, { checkpoint }));
      } finally {
        await store.close();
      }
    });

  withAuditOptions(audit.command('export'))
    .description(
      'write the audit log as JSON lines with its chain data and a signed checkpoint, to keep elsewhere and ' +
        'verify offline (neckcheck audit verify --export FILE)',
    )
    .option('--since <date>', 'only entries from this date or time on (YYYY-MM-DD or ISO time)')
    .option('--output <file>', 'write to this file (mode 0600) instead of standard output')
    .action(async (options: AuditOptions) => {
      const since = options.since === undefined ? undefined : sinceTimestamp(options.since);
      const store = await openWithKeys(options);
      try {
        const lines: string[] = [];
        const result = await exportAuditLog(store, { since, at: new Date().toISOString() }, (line) => {
          lines.push(line);
        });
        if (options.output === undefined) io.out(lines.join(''));
        else {
          await writeFile(resolve(options.output), lines.join(''), { mode: 0o600, flag: 'wx' }).catch(
            (error: unknown) => {
              throw new CliError(`cannot write ${options.output}: ${message(error)}`);
            },
          );
          io.err(`exported ${result.entries} audit entries to ${options.output}\n`);
        }
        done(EXIT_CODES.proceed);
      } finally {
        await store.close();
      }
    });

  program
    .command('backup <file>')
    .description('copy the SQLite database while the server runs (online backup), then check the copy')
    .option('--data <dir>', 'folder of the SQLite database (NECKCHECK_DATA, default ./data)')
    .action(async (file: string, options: DataOptions) => {
      if (databaseUrl(options) !== undefined)
        throw new CliError('backup is for SQLite; for PostgreSQL use pg_dump (see the README)');
      const source = join(dataDir(options), SQLITE_FILE_NAME);
      const result = await backupSqlite(source, resolve(file)).catch((error: unknown) => {
        throw new CliError(`backup failed: ${message(error)}`);
      });
      io.out(`backed up ${source} to ${result.file} (${result.pages} pages)\n`);
      done(EXIT_CODES.proceed);
    });

  program
    .command('restore <file>')
    .description(
      'restore a backup as the SQLite database; refuses (exit 4) while a server uses it. Checks integrity and the audit chain first',
    )
    .option('--data <dir>', 'folder of the SQLite database (NECKCHECK_DATA, default ./data)')
    .option('--force', 'replace an existing database (its files are renamed aside, never deleted)')
    .option('--audit-dir <dir>', 'folder of the audit keys (NECKCHECK_AUDIT_DIR, default <data>/audit)')
    .action(async (file: string, options: AuditOptions & { force?: boolean }) => {
      const target = join(dataDir(options), SQLITE_FILE_NAME);
      await mkdir(dirname(target), { recursive: true });
      const result = await restoreSqlite(resolve(file), target, {
        force: options.force === true,
        auditKeyring: keyringOf(options),
      }).catch((error: unknown) => {
        if (error instanceof DatabaseInUseError)
          throw new CliError(`restore refused: ${error.message}`, EXIT_CODES.databaseInUse);
        throw new CliError(`restore failed: ${message(error)}`);
      });
      io.out(`restored ${file} to ${target}: audit chain verified (${result.auditEntries} entries)\n`);
      if (result.movedAside.length > 0) io.out(`previous files kept as: ${result.movedAside.join(', ')}\n`);
      // The checkpoint describes the chain that was replaced: kept aside as evidence, so that the restored
      // (shorter) chain does not read as truncated and the server starts a new checkpoint.
      const checkpoint = checkpointFileIn(auditDir(options));
      if (existsSync(checkpoint)) {
        const aside = `${checkpoint}.pre-restore-${new Date().toISOString().replace(/[:.]/g, '-')}`;
        renameSync(checkpoint, aside);
        io.out(`the audit checkpoint of the replaced database is kept as ${aside}\n`);
      }
      done(EXIT_CODES.proceed);
    });
}

/**
 * The checkpoint to verify against: --checkpoint (a checkpoint file, or an export whose first line carries
 * one), else the server's checkpoint.json, else none.
 */
function readCheckpoint(options: AuditOptions, keys: AuditKeyring): AuditCheckpoint | undefined {
  try {
    if (options.checkpoint === undefined)
      return readCheckpointFile(checkpointFileIn(auditDir(options)), keys);
    const text = readFileSync(resolve(options.checkpoint), 'utf8');
    const first: unknown = JSON.parse(text.split('\n', 1)[0] ?? '');
    const isExport = typeof first === 'object' && first !== null && 'checkpoint' in first;
    if (!isExport) return checkCheckpoint(JSON.parse(text), keys, options.checkpoint);
    const inside = (first as { checkpoint: unknown }).checkpoint;
    return inside === null ? undefined : checkCheckpoint(inside, keys, options.checkpoint);
  } catch (error) {
    throw new CliError(
      `audit log TAMPERED or checkpoint unusable: ${message(error)}`,
      EXIT_CODES.internalError,
    );
  }
}

function sinceTimestamp(raw: string): string {
  const time = /^\d{4}-\d{2}-\d{2}$/.test(raw) ? `${raw}T00:00:00.000Z` : raw;
  const parsed = new Date(time);
  if (Number.isNaN(parsed.getTime()) || !/^\d{4}-\d{2}-\d{2}/.test(raw))
    throw new CliError(`--since must be a date (YYYY-MM-DD) or an ISO time; got "${raw}"`);
  return parsed.toISOString();
}
