/** The options that say which database a command works on: SQLite in a folder, or PostgreSQL by URL. */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { openStore } from '../store/index.js';
import type { Store } from '../store/port.js';
import { CliError } from './errors.js';
import { EXIT_CODES } from './exit-codes.js';

export interface StoreOptions {
  data?: string;
  databaseUrl?: string;
}

export function withStoreOptions(command: Command): Command {
  return command
    .option('--data <dir>', 'folder of the SQLite database (NECKCHECK_DATA, default ./data)')
    .option('--database-url <url>', 'postgres://… (DATABASE_URL)');
}

/** Opens the store the options name (migrating it), runs `work` on it and closes it. */
export async function withStore<T>(options: StoreOptions, work: (store: Store) => Promise<T>): Promise<T> {
  const databaseUrl = options.databaseUrl ?? process.env.DATABASE_URL;
  const dataDir = resolve(options.data ?? process.env.NECKCHECK_DATA ?? 'data');
  const store = await openStore({ databaseUrl: databaseUrl === '' ? undefined : databaseUrl, dataDir }).catch(
    (error: unknown) => {
      throw new CliError(
        `cannot open the database: ${error instanceof Error ? error.message : String(error)}`,
        EXIT_CODES.internalError,
      );
    },
  );
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}
