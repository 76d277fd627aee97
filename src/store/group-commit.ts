/**
 * Group commit for SQLite. With synchronous=FULL every COMMIT waits for the disk; SQLite has one writer,
 * so transactions that arrive while a batch is running are queued and then run together: BEGIN IMMEDIATE,
 * each transaction inside its own SAVEPOINT, one COMMIT. A transaction that throws is rolled back to its
 * savepoint and rejected alone; the others commit. Nobody's promise resolves before the shared COMMIT has
 * reached the disk, so nothing acknowledged can be lost, and the disk is synced once per batch instead of
 * once per transaction.
 *
 * better-sqlite3 is synchronous, so a batch runs from start to COMMIT without giving the event loop a turn.
 * Started at once, the first transaction would always run alone while the requests behind it wait unread;
 * the drain therefore starts on the next turn of the event loop (setImmediate, after the pending I/O has
 * been read), so that every transaction started by the requests that arrived together shares one COMMIT.
 */
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { Database } from './schema.js';

type Work<T> = (db: Kysely<Database>) => Promise<T>;

interface Pending {
  readonly fn: Work<unknown>;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * The largest batch: bounds how long one COMMIT keeps the others waiting. 64 covers the 50 concurrent
 * writers of the HTTP benchmark in one batch; each transaction of a stored screening takes well under 1 ms.
 */
export const MAX_BATCH = 64;

export interface GroupCommitOptions {
  /** Whether the connection is still inside a transaction (SQLite aborts it by itself after some errors). */
  readonly inTransaction: () => boolean;
  /** Runs each transaction's work in its own context (used to detect misuse of the store inside it). */
  readonly around: <T>(run: () => Promise<T>) => Promise<T>;
  /** Called after each COMMIT with the number of transactions it carried (for metrics and tests). */
  readonly onCommit?: (transactions: number) => void;
}

export function groupCommit(
  db: Kysely<Database>,
  options: GroupCommitOptions,
): <T>(fn: Work<T>) => Promise<T> {
  const queue: Pending[] = [];
  let draining = false;
  let scheduled = false;

  const runBatch = async (batch: Pending[]): Promise<void> => {
    await db.connection().execute(async (conn) => {
      await sql`begin immediate`.execute(conn);
      const done: { item: Pending; value: unknown }[] = [];
      for (const [index, item] of batch.entries()) {
        await sql`savepoint neckcheck_tx`.execute(conn);
        try {
          const value = await options.around(() => item.fn(conn));
          await sql`release neckcheck_tx`.execute(conn);
          done.push({ item, value });
        } catch (error) {
          if (!options.inTransaction()) {
            // SQLite rolled the whole transaction back: the earlier work is gone too. Retry the rest later.
            for (const earlier of done) earlier.item.reject(error);
            item.reject(error);
            queue.unshift(...batch.slice(index + 1));
            return;
          }
          await sql`rollback to neckcheck_tx`.execute(conn);
          await sql`release neckcheck_tx`.execute(conn);
          item.reject(error);
        }
      }
      try {
        await sql`commit`.execute(conn);
      } catch (error) {
        if (options.inTransaction()) await sql`rollback`.execute(conn).catch(() => undefined);
        for (const { item } of done) item.reject(error);
        return;
      }
      options.onCommit?.(done.length);
      for (const { item, value } of done) item.resolve(value);
    });
  };

  const drain = async (): Promise<void> => {
    draining = true;
    try {
      while (queue.length > 0) {
        const batch = queue.splice(0, MAX_BATCH);
        await runBatch(batch).catch((error: unknown) => {
          for (const item of batch) item.reject(error);
        });
      }
    } finally {
      draining = false;
    }
  };

  return <T>(fn: Work<T>): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      queue.push({ fn: fn as Work<unknown>, resolve: resolve as (value: unknown) => void, reject });
      if (!draining && !scheduled) {
        scheduled = true;
        setImmediate(() => {
          scheduled = false;
          if (!draining) void drain();
        });
      }
    });
}
