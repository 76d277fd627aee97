import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { AuditKey } from '../audit-key.js';
import type { Database } from '../schema.js';

/** What a repository runs on: a connection (or transaction), and a way to make several statements atomic. */
export interface RepoContext {
  readonly db: Kysely<Database>;
  /** Runs `fn` in a new transaction at the top level, or directly when the context is already one. */
  atomic<T>(fn: (db: Kysely<Database>) => Promise<T>): Promise<T>;
  /** The key that chains new audit entries (undefined: appends are refused). */
  readonly auditKey: AuditKey | undefined;
}

export const newId = (): string => randomUUID();
