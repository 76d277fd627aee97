/**
 * Accounts a clinic can run on: a one-time password must be changed at first login
 * (`users.must_change_password`, 0 for the users created before), and failed logins are counted per e-mail
 * address (`login_attempts`) to lock an account for a while after too many. The table is keyed by the
 * address typed, not by a user, so that an address with no account is throttled exactly like one with an
 * account and the answers do not tell them apart.
 */
import type { Kysely, Migration } from 'kysely';
import { sql } from 'kysely';
import { index } from './helpers.js';

export function accountsPasswords(): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .alterTable('users')
        .addColumn('must_change_password', 'integer', (c) =>
          c.notNull().defaultTo(0).check(sql`must_change_password in (0, 1)`),
        )
        .execute();
      await db.schema
        .createTable('login_attempts')
        .addColumn('email', 'text', (c) => c.primaryKey())
        .addColumn('failures', 'integer', (c) => c.notNull())
        .addColumn('window_started_at', 'text', (c) => c.notNull())
        .addColumn('locked_until', 'text')
        .addColumn('since_last_login', 'integer', (c) => c.notNull())
        .execute();
      await index(db, 'login_attempts', ['window_started_at']);
    },
  };
}
