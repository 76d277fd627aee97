/**
 * API tokens: an expiry (tokens made before this release get one: 90 days from the upgrade, the default
 * lifetime, so that integrations keep working but no token lives for ever) and the time of last use.
 *
 * Two-factor (TOTP): per user, the secret (encrypted by the server with a key kept outside the database),
 * the secret of an enrolment not yet confirmed, when it was enabled, the last time step accepted (replay
 * protection) and a count of failed codes with a block time; per clinic, whether staff must use it. Hashed
 * single-use recovery codes, and the short-lived challenges between the password and the code at login.
 */
import type { Kysely, Migration } from 'kysely';
import { sql } from 'kysely';
import { index } from './helpers.js';

const UPGRADED_TOKEN_DAYS = 90;

export function twoFactorTokens(): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('api_tokens').addColumn('expires_at', 'text').execute();
      await db.schema.alterTable('api_tokens').addColumn('last_used_at', 'text').execute();
      const expiry = new Date(Date.now() + UPGRADED_TOKEN_DAYS * 86_400_000).toISOString();
      await sql`update api_tokens set expires_at = ${expiry} where expires_at is null`.execute(db);
      await index(db, 'api_tokens', ['clinic_id', 'created_by']);

      for (const column of ['totp_secret', 'totp_pending_secret', 'totp_enabled_at']) {
        await db.schema.alterTable('users').addColumn(column, 'text').execute();
      }
      await db.schema.alterTable('users').addColumn('totp_last_step', 'bigint').execute();
      await db.schema
        .alterTable('users')
        .addColumn('two_factor_failures', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      await db.schema.alterTable('users').addColumn('two_factor_blocked_until', 'text').execute();
      await db.schema
        .alterTable('clinics')
        .addColumn('require_two_factor', 'integer', (c) =>
          c.notNull().defaultTo(0).check(sql`require_two_factor in (0, 1)`),
        )
        .execute();

      await db.schema
        .createTable('recovery_codes')
        .addColumn('code_hash', 'text', (c) => c.primaryKey())
        .addColumn('clinic_id', 'text', (c) => c.notNull())
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('used_at', 'text')
        .addForeignKeyConstraint(
          'recovery_codes_user_fk',
          ['clinic_id', 'user_id'],
          'users',
          ['clinic_id', 'id'],
          (f) => f.onDelete('cascade'),
        )
        .execute();
      await index(db, 'recovery_codes', ['user_id']);

      await db.schema
        .createTable('login_challenges')
        .addColumn('token_hash', 'text', (c) => c.primaryKey())
        .addColumn('clinic_id', 'text', (c) => c.notNull())
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addForeignKeyConstraint(
          'login_challenges_user_fk',
          ['clinic_id', 'user_id'],
          'users',
          ['clinic_id', 'id'],
          (f) => f.onDelete('cascade'),
        )
        .execute();
      await index(db, 'login_challenges', ['user_id']);
      await index(db, 'login_challenges', ['expires_at']);
    },
  };
}
