/** What the storage contract runs against: a fresh store per test and a way around it for tamper tests. */
import type { Kysely } from 'kysely';
import type { Store } from '../../src/store/port.js';
import type { Database } from '../../src/store/schema.js';

export interface ContractTarget {
  readonly store: Store;
  /** A connection that bypasses the store, as someone with database access has (the store's own for :memory:). */
  readonly raw: Kysely<Database>;
  /**
   * Prepares a second writer on the same database, as a second server process would be (a real process for
   * SQLite; another connection pool for PostgreSQL); absent for :memory:. `go` makes it append `appends`
   * audit events concurrently and resolves when they are committed.
   */
  readonly otherWriter?: (appends: number) => Promise<{ go(): Promise<void> }>;
  /** Runs the migrations again on the same database and returns what they applied. */
  migrate(): Promise<string[]>;
  cleanup(): Promise<void>;
}

export type ContractFactory = () => Promise<ContractTarget>;

/** Gives each test the target its beforeEach opened. */
export type CurrentTarget = () => ContractTarget;
