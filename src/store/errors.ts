/** Errors the store throws on purpose, so that callers can tell them from outages and bugs. */

export type ConstraintKind = 'unique' | 'reference' | 'check' | 'immutable';

/**
 * A write the database refused: a duplicate (email, token hash), a reference to a record that does not
 * exist in this clinic (or for this client), a value out of range, or a change to an immutable record.
 * The message never contains the values written.
 */
export class StoreConstraintError extends Error {
  readonly kind: ConstraintKind;

  constructor(kind: ConstraintKind, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'StoreConstraintError';
    this.kind = kind;
  }
}

/**
 * A value the store cannot keep or look up identically on both databases: a timestamp not in
 * Date#toISOString form, text containing NUL (U+0000, which PostgreSQL refuses), a number JSON cannot hold,
 * a negative page size. Nothing was written. The server should have refused such input already (400).
 */
export class StoreInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StoreInputError';
  }
}

/** A stored row that does not have the shape its record type requires (damaged or hand-edited data). */
export class StoreDataError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StoreDataError';
  }
}

/** The store cannot start: a bad URL, an unwritable folder, unsafe durability settings. One line for people. */
export class StoreConfigError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'StoreConfigError';
  }
}

const SQLITE_KINDS: Readonly<Record<string, ConstraintKind>> = {
  SQLITE_CONSTRAINT_UNIQUE: 'unique',
  SQLITE_CONSTRAINT_PRIMARYKEY: 'unique',
  SQLITE_CONSTRAINT_FOREIGNKEY: 'reference',
  SQLITE_CONSTRAINT_CHECK: 'check',
  SQLITE_CONSTRAINT_NOTNULL: 'check',
  SQLITE_CONSTRAINT_TRIGGER: 'immutable',
};

const POSTGRES_KINDS: Readonly<Record<string, ConstraintKind>> = {
  '23505': 'unique',
  '23503': 'reference',
  '23514': 'check',
  '23502': 'check',
  P0001: 'immutable',
};

/** The constraint a driver error reports, if it is one (better-sqlite3 and pg both set `code`). */
export function constraintKindOf(error: unknown): ConstraintKind | undefined {
  if (!(error instanceof Error) || !('code' in error) || typeof error.code !== 'string') return undefined;
  return SQLITE_KINDS[error.code] ?? POSTGRES_KINDS[error.code];
}

/** Runs a write and turns a constraint violation into a StoreConstraintError; other errors pass through. */
export async function guarded<T>(what: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    const kind = constraintKindOf(error);
    if (kind === undefined || !(error instanceof Error)) throw error;
    throw new StoreConstraintError(kind, `${what}: ${error.message}`, { cause: error });
  }
}

/** SQLite result codes (better-sqlite3's `code`) meaning the disk, not the request, is at fault. */
const SQLITE_UNAVAILABLE = /^SQLITE_(FULL|IOERR|CANTOPEN|READONLY|BUSY|LOCKED|PROTOCOL|NOLFS)(_|$)/;

/**
 * PostgreSQL SQLSTATEs of an unreachable or unwilling server: class 08 (connection exception), 53
 * (insufficient resources: disk full, out of memory, too many connections), 57P01–57P03 (shut down,
 * crashed, starting up) and 58030 (I/O error).
 */
const POSTGRES_UNAVAILABLE = /^(08...|53...|57P0[1-3]|58030)$/;

/** Node's socket errors, and pg's own messages for a connection that ends or cannot be made in time. */
const SOCKET_UNAVAILABLE = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
const PG_CONNECTION_MESSAGES = [
  'Connection terminated',
  'timeout exceeded when trying to connect',
  'Client has encountered a connection error and is not queryable',
  'Postgres connection has been discarded',
];

/**
 * Whether an error says the database cannot be reached or cannot write at the moment (disk full, I/O
 * error, server down or restarting, connection dropped) rather than that the request or the code is
 * wrong: the server answers 503 and the request may be retried. Looks through `cause` chains.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let current = error, depth = 0; current instanceof Error && depth < 5; depth++) {
    const code = 'code' in current && typeof current.code === 'string' ? current.code : undefined;
    if (code !== undefined) {
      if (SQLITE_UNAVAILABLE.test(code) || POSTGRES_UNAVAILABLE.test(code) || SOCKET_UNAVAILABLE.has(code))
        return true;
    }
    if (
      PG_CONNECTION_MESSAGES.some(
        (message) => current instanceof Error && current.message.startsWith(message),
      )
    )
      return true;
    current = current.cause;
  }
  return false;
}
