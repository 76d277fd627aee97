/**
 * What /readyz knows about the database beyond "it answers": a request that failed because the database
 * could not write or be reached (disk full, I/O error, connection lost) marks it failing, and from then on
 * readiness needs a probe write to succeed, which clears the mark. A plain SELECT would pass on a full disk.
 */
import type { Store } from '../../store/port.js';

export interface DatabaseHealth {
  /** Called by the error handler when a request failed for want of the database. */
  markFailing(): void;
  /** Throws the database's error when it cannot be reached, or cannot write after a failure. */
  check(): Promise<void>;
}

export function databaseHealth(store: Store): DatabaseHealth {
  let failing = false;
  return {
    markFailing() {
      failing = true;
    },
    async check() {
      await store.ping();
      if (!failing) return;
      await store.probeWrite();
      failing = false;
    },
  };
}
