import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { AuditKey } from '../audit-key.js';
import type { Database } from '../schema.js';
import type { KbSnapshots } from './kb-versions.js';

/** What a repository runs on: a connection (or transaction), and a way to make several statements atomic. */
export interface RepoContext {
  readonly db: Kysely<Database>;
  /** Runs `fn` in a new transaction at the top level, or directly when the context is already one. */
  atomic<T>(fn: (db: Kysely<Database>) => Promise<T>): Promise<T>;
  /** The key that chains new audit entries (undefined: appends are refused). */
  readonly auditKey: AuditKey | undefined;
  /** The stored knowledge-base versions, shared by every repository of the store. */
  readonly kbSnapshots: KbSnapshots;
}

export const newId = (): string => randomUUID();
