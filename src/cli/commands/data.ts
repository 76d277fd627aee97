/**
 * Data maintenance: `neckcheck audit verify`, `neckcheck backup <file>` and `neckcheck restore <file>` (SQLite;
 * for PostgreSQL use pg_dump / pg_restore, see the README).
 */
import { mkdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { Command } from 'commander';
import {
  backupSqlite,
  DatabaseInUseError,
  openStore,
  restoreSqlite,
  SQLITE_FILE_NAME,
  verifyAuditChain,
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

export function addDataCommands(program: Command, io: CliIo, done: (code: ExitCode) => void): void {
  const audit = program.command('audit').description('the tamper-evident audit log');
  withDataOptions(audit.command('verify'))
    .description(
      'check the hash chain of the whole audit log; exits 1 and names the first bad entry if it was altered',
    )
    .action(async (options: DataOptions) => {
      const store = await openStore({ databaseUrl: databaseUrl(options), dataDir: dataDir(options) }).catch(
        (error: unknown) => {
          throw new CliError(`cannot open the database: ${message(error)}`);
        },
      );
      try {
        const result = await verifyAuditChain(store);
        if (result.ok) {
          io.out(`audit log intact: ${result.entries} entries, head ${result.headHash}\n`);
          done(EXIT_CODES.proceed);
        } else {
          io.err(`audit log TAMPERED at entry ${result.seq}: ${result.reason}\n`);
          done(EXIT_CODES.internalError);
        }
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
    .action(async (file: string, options: DataOptions & { force?: boolean }) => {
      const target = join(dataDir(options), SQLITE_FILE_NAME);
      await mkdir(dirname(target), { recursive: true });
      const result = await restoreSqlite(resolve(file), target, { force: options.force === true }).catch(
        (error: unknown) => {
          if (error instanceof DatabaseInUseError)
            throw new CliError(`restore refused: ${error.message}`, EXIT_CODES.databaseInUse);
          throw new CliError(`restore failed: ${message(error)}`);
        },
      );
      io.out(`restored ${file} to ${target}: audit chain verified (${result.auditEntries} entries)\n`);
      if (result.movedAside.length > 0) io.out(`previous files kept as: ${result.movedAside.join(', ')}\n`);
      done(EXIT_CODES.proceed);
    });
}
