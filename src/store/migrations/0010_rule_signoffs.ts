/**
 * Clinic sign-off of knowledge-base rules (ADR 0019): `users.clinical_lead` marks the practitioners an admin
 * designated to sign rules for the clinic, and `rule_signoffs` keeps every sign-off, immutable. A new
 * sign-off of a rule names the one it supersedes; the unique index on (clinic, rule, superseded sign-off)
 * lets only one sign-off supersede another, and only one be a rule's first, so two clinical leads signing at
 * once cannot both become the clinic's current word.
 */
import type { Kysely, Migration } from 'kysely';
import { sql } from 'kysely';
import type { StoreDialect } from '../schema.js';
import { index, rejectChanges, tenantTable } from './helpers.js';

export function ruleSignoffs(dialect: StoreDialect): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .alterTable('users')
        .addColumn('clinical_lead', 'integer', (c) =>
          c.notNull().defaultTo(0).check(sql`clinical_lead in (0, 1)`),
        )
        .execute();
      await tenantTable(db, 'rule_signoffs')
        .addColumn('rule_id', 'text', (c) => c.notNull())
        .addColumn('rule_version', 'integer', (c) => c.notNull().check(sql`rule_version >= 1`))
        .addColumn('kb_hash', 'text', (c) => c.notNull())
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addColumn('verdict', 'text', (c) =>
          c.notNull().check(sql`verdict in ('approved', 'changes_requested')`),
        )
        .addColumn('comment', 'text', (c) => c.notNull())
        .addColumn('signed_at', 'text', (c) => c.notNull())
        .addColumn('supersedes', 'text')
        .addUniqueConstraint('rule_signoffs_clinic_id_id_key', ['clinic_id', 'id'])
        .addForeignKeyConstraint('rule_signoffs_user_fk', ['clinic_id', 'user_id'], 'users', [
          'clinic_id',
          'id',
        ])
        .addForeignKeyConstraint(
          'rule_signoffs_supersedes_fk',
          ['clinic_id', 'supersedes'],
          'rule_signoffs',
          ['clinic_id', 'id'],
        )
        .execute();
      await sql`create unique index rule_signoffs_one_current_idx
        on rule_signoffs (clinic_id, rule_id, coalesce(supersedes, ''))`.execute(db);
      await index(db, 'rule_signoffs', ['clinic_id', 'signed_at']);
      await rejectChanges(db, dialect, 'rule_signoffs', ['update', 'delete'], 'rule sign-offs are immutable');
    },
  };
}
