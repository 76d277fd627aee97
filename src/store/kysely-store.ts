/** The one implementation of the storage port, over Kysely, for SQLite and PostgreSQL alike. */
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes, randomUUID } from 'node:crypto';
import type { Kysely, KyselyPlugin } from 'kysely';
import { sql } from 'kysely';
import type { AuditKeyring } from './audit-key.js';
import { DEVELOPMENT_KEYRING } from './audit-key.js';
import { groupCommit } from './group-commit.js';
import type { Repos, Store } from './port.js';
import { apiTokenRepo, clinicRepo, sessionRepo, userRepo } from './repos/accounts.js';
import { auditRepo } from './repos/audit.js';
import { cdsFeedbackRepo } from './repos/cds-feedback.js';
import { cdsIssuedCardRepo } from './repos/cds-issued-cards.js';
import { cdsJwtIdRepo } from './repos/cds-jwt-ids.js';
import { clientRepo, intakeRepo } from './repos/clients.js';
import { adverseEventRepo, consentRepo, reviewRepo, screeningRepo, treatmentRepo } from './repos/clinical.js';
import type { RepoContext } from './repos/context.js';
import { KbSnapshots, KbVersionScope } from './repos/kb-versions.js';
import { loginAttemptRepo } from './repos/login-attempts.js';
import { ruleSignoffRepo } from './repos/rule-signoffs.js';
import { twoFactorRepo } from './repos/two-factor.js';
import type { Database, StoreDialect } from './schema.js';
import { refuseNulInText } from './text-guard.js';

type Atomic = RepoContext['atomic'];

/** At least a stored screening: ~6 KB since 0009 (answers and outcome), ~25 KB with a whole assessment. */
const PROBE_BYTES = 24 * 1024;
interface Transaction {
  open: boolean;
}

const MISUSE =
  'inside store.transaction(fn), use the repositories passed to fn, not the store (transactions do not nest)';

export function reposFor(context: RepoContext): Repos {
  const kbVersions = new KbVersionScope(context.db, context.kbSnapshots);
  return {
    clinics: clinicRepo(context),
    users: userRepo(context),
    sessions: sessionRepo(context),
    loginAttempts: loginAttemptRepo(context),
    apiTokens: apiTokenRepo(context),
    twoFactor: twoFactorRepo(context),
    clients: clientRepo(context),
    intakes: intakeRepo(context),
    screenings: screeningRepo(context, kbVersions),
    kbVersions: kbVersions.repo,
    reviews: reviewRepo(context),
    ruleSignoffs: ruleSignoffRepo(context),
    consents: consentRepo(context),
    treatments: treatmentRepo(context),
    adverseEvents: adverseEventRepo(context),
    audit: auditRepo(context),
    cdsFeedback: cdsFeedbackRepo(context),
    cdsJwtIds: cdsJwtIdRepo(context),
    cdsIssuedCards: cdsIssuedCardRepo(context),
  };
}

/**
 * SQLite transactions start with BEGIN IMMEDIATE: a deferred transaction that reads and then writes fails
 * at once with SQLITE_BUSY if another connection wrote in between (busy_timeout cannot help it), whereas an
 * immediate one waits for the write lock. Kysely's own transaction() only issues a plain BEGIN.
 */
function sqliteTransaction(db: Kysely<Database>): Atomic {
  return (fn) =>
    db.connection().execute(async (conn) => {
      await sql`begin immediate`.execute(conn);
      try {
        const result = await fn(conn);
        await sql`commit`.execute(conn);
        return result;
      } catch (error) {
        // SQLite rolls back by itself after some errors; a failing ROLLBACK then says nothing new.
        await sql`rollback`.execute(conn).catch(() => undefined);
        throw error;
      }
    });
}

/**
 * Using the store's own repositories inside `transaction` instead of the ones passed to the callback would
 * run outside the transaction on PostgreSQL and wait forever on SQLite's single connection; this makes it
 * fail at once instead, with a message that says what to do.
 */
function outsideTransactionOnly(inTransaction: AsyncLocalStorage<Transaction>): KyselyPlugin {
  return {
    transformQuery: (args) => {
      if (inTransaction.getStore()?.open) throw new Error(MISUSE);
      return args.node;
    },
    transformResult: async (args) => args.result,
  };
}

export interface KyselyStoreOptions {
  /**
   * SQLite only: whether the connection is inside a transaction. Given, transactions are group-committed
   * (see group-commit.ts); otherwise each transaction commits on its own.
   */
  readonly sqliteInTransaction?: () => boolean;
  /** The audit keys; default the public development key (tests, embedded use). */
  readonly auditKeyring?: AuditKeyring | undefined;
}

/** How a store is opened with the audit keys. */
export interface AuditOptions {
  readonly auditKeyring?: AuditKeyring | undefined;
}

export function createKyselyStore(
  base: Kysely<Database>,
  dialect: StoreDialect,
  options: KyselyStoreOptions = {},
): Store {
  const db = base.withPlugin(refuseNulInText());
  const inTransaction = new AsyncLocalStorage<Transaction>();
  const sqliteInTransaction = options.sqliteInTransaction;
  const auditKeyring = options.auditKeyring ?? DEVELOPMENT_KEYRING;
  const auditKey = auditKeyring.current;
  const begin: Atomic =
    dialect === 'postgres'
      ? (fn) => db.transaction().execute(fn)
      : sqliteInTransaction === undefined
        ? sqliteTransaction(db)
        : groupCommit(db, {
            inTransaction: sqliteInTransaction,
            around: async (run) => {
              const transaction = { open: true };
              try {
                return await inTransaction.run(transaction, run);
              } finally {
                transaction.open = false;
              }
            },
          });
  const atomic: Atomic = async (fn) => {
    if (inTransaction.getStore()?.open) throw new Error(MISUSE);
    const transaction = { open: true };
    try {
      return await inTransaction.run(transaction, () => begin(fn));
    } finally {
      // Callbacks scheduled inside the transaction keep this context; once it has ended they may use the store.
      transaction.open = false;
    }
  };
  const kbSnapshots = new KbSnapshots();
  const outside = db.withPlugin(outsideTransactionOnly(inTransaction));
  const root = reposFor({ db: outside, atomic, auditKey, kbSnapshots });
  return {
    dialect,
    auditKeyring,
    ...root,
    transaction: (fn) =>
      atomic((tx) => fn(reposFor({ db: tx, atomic: (inner) => inner(tx), auditKey, kbSnapshots }))),
    async ping() {
      await sql`select 1`.execute(db);
    },
    async probeWrite() {
      const id = randomUUID();
      // Random text, so PostgreSQL cannot compress it away: the probe needs new pages as a screening does.
      const pad = randomBytes(PROBE_BYTES / 2).toString('hex');
      await atomic(async (tx) => {
        await tx.insertInto('write_probe').values({ id, pad }).execute();
        await tx.deleteFrom('write_probe').where('id', '=', id).execute();
      });
    },
    async flushErasures() {
      if (dialect !== 'sqlite') return;
      const { rows } = await sql<{ busy: number }>`pragma wal_checkpoint(TRUNCATE)`.execute(db);
      if (rows[0]?.busy !== 0)
        throw new Error('the WAL checkpoint was blocked by a reader; it runs again later');
    },
    async close() {
      await db.destroy();
    },
  };
}
