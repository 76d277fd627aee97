/** `neckcheck serve`: the clinic server, on SQLite under ./data by default or PostgreSQL with DATABASE_URL. */
import type { Command } from 'commander';
import { DEFAULT_WEB_DIR, readReleases } from '../../node/kb-files.js';
import { ConfigError, loadConfig } from '../../server/config.js';
import { startServer } from '../../server/serve.js';
import { CliError } from '../errors.js';
import type { ExitCode } from '../exit-codes.js';
import { EXIT_CODES } from '../exit-codes.js';
import type { CliIo } from '../io.js';
import { loadKbWithBundle } from '../load-kb.js';

interface ServeOptions {
  host?: string;
  port?: string;
  data?: string;
  databaseUrl?: string;
  publicUrl?: string;
  auditDir?: string;
  demo: boolean;
}

/** The database options that name the server's database, for a command to show the operator. */
function databaseArgs(config: ReturnType<typeof loadConfig>): string {
  return config.databaseUrl === undefined
    ? `--data ${JSON.stringify(config.dataDir)}`
    : '--database-url "$DATABASE_URL"';
}

export function addServeCommand(program: Command, io: CliIo, done: (code: ExitCode) => void): void {
  program
    .command('serve')
    .description('run the clinic server (API, intake links, records); stops cleanly on SIGTERM or Ctrl+C')
    .option('--host <host>', 'address to bind (NECKCHECK_HOST)', undefined)
    .option('--port <port>', 'port (NECKCHECK_PORT; 0 = any free port)', undefined)
    .option('--data <dir>', 'folder of the SQLite database and demo credentials (NECKCHECK_DATA)', undefined)
    .option(
      '--database-url <url>',
      'postgres://… to use PostgreSQL instead of SQLite (DATABASE_URL)',
      undefined,
    )
    .option('--public-url <url>', 'public address used in intake links (NECKCHECK_PUBLIC_URL)', undefined)
    .option(
      '--audit-dir <dir>',
      'folder of the audit key and checkpoint (NECKCHECK_AUDIT_DIR, default <data>/audit)',
      undefined,
    )
    .option('--no-demo', 'do not create the demo clinic on an empty database (NECKCHECK_DEMO=false)')
    .addHelpText(
      'after',
      '\nEnvironment: NECKCHECK_SESSION_IDLE_MINUTES (30), NECKCHECK_SESSION_MAX_HOURS (12),\n' +
        'NECKCHECK_SCREENING_VALIDITY_DAYS (30), NECKCHECK_INTAKE_VALIDITY_HOURS (72), NECKCHECK_SECURE_COOKIES (true),\n' +
        'NECKCHECK_LOG_LEVEL (info), NECKCHECK_LOGIN_ATTEMPTS_PER_MINUTE (10),\n' +
        'NECKCHECK_LOCKOUT_FAILURES (5), NECKCHECK_LOCKOUT_WINDOW_MINUTES (15), NECKCHECK_LOCKOUT_MINUTES (15),\n' +
        'NECKCHECK_AUDIT_KEY (64 hex digits, instead of <audit dir>/audit.key), NECKCHECK_AUDIT_CHECKPOINT_MINUTES (5),\n' +
        'NECKCHECK_AUDIT_RETENTION_DAYS (0: keep). Deployment: docs/operations.md.',
    )
    .action(async (options: ServeOptions, command: Command) => {
      const flags: Record<string, string | undefined> = {
        host: options.host,
        port: options.port,
        data: options.data,
        'database-url': options.databaseUrl,
        'public-url': options.publicUrl,
        'audit-dir': options.auditDir,
      };
      const env = { ...process.env, ...(options.demo ? {} : { NECKCHECK_DEMO: 'false' }) };
      let config: ReturnType<typeof loadConfig>;
      try {
        config = loadConfig(env, flags, process.cwd());
      } catch (error) {
        if (error instanceof ConfigError) throw new CliError(error.message);
        throw error;
      }
      const kbDir = String(command.optsWithGlobals().kb);
      const { kb, bundle } = await loadKbWithBundle(kbDir);
      // Loading the knowledge base checked the snapshots already; unreadable ones only leave impact analysis without them.
      const releases = await readReleases(kbDir);
      const server = await startServer(config, kb, {
        bundle,
        webDir: DEFAULT_WEB_DIR,
        releases: releases.ok ? releases.value : [],
      }).catch((error: unknown) => {
        throw new CliError(
          `cannot start the server: ${error instanceof Error ? error.message : String(error)}`,
        );
      });
      // Handlers first: a SIGTERM that arrives as soon as "listening" is printed must still shut down cleanly.
      const stopped = new Promise<void>((resolve) => {
        const stop = (signal: string) => {
          io.err(`${signal} received: finishing in-flight requests…\n`);
          void server.close().then(resolve, resolve);
        };
        process.once('SIGTERM', () => stop('SIGTERM'));
        process.once('SIGINT', () => stop('SIGINT'));
      });
      io.err(
        `NeckCheck ${kb.meta.version} listening on ${server.url} (${config.databaseUrl === undefined ? `SQLite in ${config.dataDir}` : 'PostgreSQL'})\n`,
      );
      io.err(
        `  Self-check: ${server.url}/check   Therapists: ${server.url}/login   API docs: ${server.url}/api/docs\n`,
      );
      if (server.demo !== undefined) {
        // Passwords go to a person at a terminal, never to a log: output redirected to a file or a journal
        // gets only the path of the credentials file (readable by its owner only).
        if (io.stderrIsTTY === true) {
          io.err(`  Demo clinic created. Log in with one of these (also saved in ${server.demo.file}):\n`);
          for (const user of server.demo.users)
            io.err(`    ${user.role.padEnd(12)} ${user.email}  ${user.password}\n`);
        } else {
          io.err(
            `  Demo clinic created. Its logins and passwords are in ${server.demo.file} (owner only).\n`,
          );
        }
      } else if ((await server.store.clinics.count()) === 0) {
        io.err(
          '  No clinic yet, so nobody can log in. Create yours and its first admin with:\n' +
            `    neckcheck clinic create --name "My Clinic" --admin-email you@example.org ${databaseArgs(config)}\n`,
        );
      }
      await stopped;
      done(EXIT_CODES.proceed);
    });
}
