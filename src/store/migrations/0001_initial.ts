/**
 * The initial schema. Frozen once released: change the schema with a new migration, never by editing this.
 *
 * Tenancy is enforced by the database as well as by the repositories: every reference from one tenant-owned
 * row to another is a composite foreign key that includes clinic_id (and client_id for records about one
 * client), so a row can never point at another clinic's (or another client's) record.
 */
import type { Kysely, Migration } from 'kysely';
import { sql } from 'kysely';
import type { StoreDialect } from '../schema.js';
import { index, rejectChanges, tenantTable } from './helpers.js';

const ZERO_HASH = '0'.repeat(64);

export function initial(dialect: StoreDialect): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await createAccounts(db);
      await createClinical(db);
      await createAudit(db);
      await rejectChanges(db, dialect, 'audit_log', ['update', 'delete'], 'audit log is append-only');
      await rejectChanges(db, dialect, 'screenings', ['update'], 'screenings are immutable');
      await rejectChanges(db, dialect, 'reviews', ['update'], 'reviews are immutable');
      await rejectChanges(db, dialect, 'consents', ['update'], 'consents are immutable');
    },
  };
}

async function createAccounts(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('clinics')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await tenantTable(db, 'users')
    .addColumn('email', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('admin', 'practitioner', 'reception')`))
    .addColumn('profession', 'text')
    .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0).check(sql`disabled in (0, 1)`))
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('users_clinic_id_id_key', ['clinic_id', 'id'])
    .execute();

  await db.schema
    .createTable('sessions')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('clinic_id', 'text', (c) => c.notNull().references('clinics.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_seen_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addForeignKeyConstraint(
      'sessions_user_fk',
      ['clinic_id', 'user_id'],
      'users',
      ['clinic_id', 'id'],
      (f) => f.onDelete('cascade'),
    )
    .execute();
  await index(db, 'sessions', ['clinic_id', 'user_id']);
  await index(db, 'sessions', ['user_id']);
  await index(db, 'sessions', ['expires_at']);

  await tenantTable(db, 'api_tokens')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('admin', 'practitioner', 'reception')`))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'text')
    .addForeignKeyConstraint('api_tokens_creator_fk', ['clinic_id', 'created_by'], 'users', [
      'clinic_id',
      'id',
    ])
    .execute();
  await index(db, 'api_tokens', ['clinic_id', 'created_at']);

  await tenantTable(db, 'clients')
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('birth_year', 'integer')
    .addColumn('email', 'text')
    .addColumn('phone', 'text')
    .addColumn('search_key', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('clients_clinic_id_id_key', ['clinic_id', 'id'])
    .execute();
  await index(db, 'clients', ['clinic_id', 'created_at']);
}

async function createClinical(db: Kysely<unknown>): Promise<void> {
  const moment = sql`moment in ('first_treatment', 'later_treatment', 'after_event')`;

  await tenantTable(db, 'screenings')
    .addColumn('client_id', 'text', (c) => c.notNull())
    .addColumn('moment', 'text', (c) => c.notNull().check(moment))
    .addColumn('answers', 'text', (c) => c.notNull())
    .addColumn('assessment', 'text', (c) => c.notNull())
    .addColumn('disposition', 'text', (c) => c.notNull())
    .addColumn('kb_version', 'text', (c) => c.notNull())
    .addColumn('kb_hash', 'text', (c) => c.notNull())
    .addColumn('submitted_by', 'text', (c) => c.notNull())
    .addColumn('submitted_at', 'text', (c) => c.notNull())
    .addColumn('valid_until', 'text', (c) => c.notNull())
    .addUniqueConstraint('screenings_clinic_id_id_key', ['clinic_id', 'id'])
    .addUniqueConstraint('screenings_client_key', ['clinic_id', 'client_id', 'id'])
    .addForeignKeyConstraint(
      'screenings_client_fk',
      ['clinic_id', 'client_id'],
      'clients',
      ['clinic_id', 'id'],
      (f) => f.onDelete('cascade'),
    )
    .execute();
  await index(db, 'screenings', ['clinic_id', 'submitted_at']);

  await tenantTable(db, 'intakes')
    .addColumn('client_id', 'text', (c) => c.notNull())
    .addColumn('moment', 'text', (c) => c.notNull().check(moment))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .addColumn('screening_id', 'text')
    .addForeignKeyConstraint(
      'intakes_client_fk',
      ['clinic_id', 'client_id'],
      'clients',
      ['clinic_id', 'id'],
      (f) => f.onDelete('cascade'),
    )
    .addForeignKeyConstraint('intakes_creator_fk', ['clinic_id', 'created_by'], 'users', ['clinic_id', 'id'])
    .addForeignKeyConstraint(
      'intakes_screening_fk',
      ['clinic_id', 'client_id', 'screening_id'],
      'screenings',
      ['clinic_id', 'client_id', 'id'],
    )
    .execute();
  await index(db, 'intakes', ['clinic_id', 'client_id', 'created_at']);

  await tenantTable(db, 'reviews')
    .addColumn('screening_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull())
    .addColumn('technique_id', 'text')
    .addColumn('decision', 'text')
    .addColumn('reason_code', 'text')
    .addColumn('reason_text', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addCheckConstraint(
      'reviews_kind_check',
      sql`(kind = 'signoff' and technique_id is null and decision is null and reason_code is null
        and reason_text is null)
      or (kind = 'override' and technique_id is not null and reason_text is not null
        and decision in ('allowed', 'precautions', 'relative', 'contraindicated')
        and reason_code in ('clinical_judgement_lower_risk', 'clinical_judgement_higher_risk',
          'medical_clearance_obtained', 'information_incorrect', 'client_declined', 'other'))`,
    )
    .addForeignKeyConstraint(
      'reviews_screening_fk',
      ['clinic_id', 'screening_id'],
      'screenings',
      ['clinic_id', 'id'],
      (f) => f.onDelete('cascade'),
    )
    .addForeignKeyConstraint('reviews_user_fk', ['clinic_id', 'user_id'], 'users', ['clinic_id', 'id'])
    .execute();
  await index(db, 'reviews', ['clinic_id', 'screening_id', 'created_at']);

  await tenantTable(db, 'consents')
    .addColumn('client_id', 'text', (c) => c.notNull())
    .addColumn('screening_id', 'text', (c) => c.notNull())
    .addColumn('techniques', 'text', (c) => c.notNull())
    .addColumn('lang', 'text', (c) => c.notNull().check(sql`lang in ('en', 'fr')`))
    .addColumn('text_shown', 'text', (c) => c.notNull())
    .addColumn('signer_name', 'text', (c) => c.notNull())
    .addColumn('signed_at', 'text', (c) => c.notNull())
    .addColumn('recorded_by', 'text')
    .addForeignKeyConstraint(
      'consents_client_fk',
      ['clinic_id', 'client_id'],
      'clients',
      ['clinic_id', 'id'],
      (f) => f.onDelete('cascade'),
    )
    .addForeignKeyConstraint(
      'consents_screening_fk',
      ['clinic_id', 'client_id', 'screening_id'],
      'screenings',
      ['clinic_id', 'client_id', 'id'],
      (f) => f.onDelete('cascade'),
    )
    .addForeignKeyConstraint('consents_recorder_fk', ['clinic_id', 'recorded_by'], 'users', [
      'clinic_id',
      'id',
    ])
    .execute();
  await index(db, 'consents', ['clinic_id', 'client_id', 'signed_at']);

  await tenantTable(db, 'treatments')
    .addColumn('client_id', 'text', (c) => c.notNull())
    .addColumn('screening_id', 'text')
    .addColumn('practitioner_id', 'text', (c) => c.notNull())
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('techniques', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('treatments_client_key', ['clinic_id', 'client_id', 'id'])
    .addForeignKeyConstraint(
      'treatments_client_fk',
      ['clinic_id', 'client_id'],
      'clients',
      ['clinic_id', 'id'],
      (f) => f.onDelete('cascade'),
    )
    .addForeignKeyConstraint(
      'treatments_screening_fk',
      ['clinic_id', 'client_id', 'screening_id'],
      'screenings',
      ['clinic_id', 'client_id', 'id'],
    )
    .addForeignKeyConstraint('treatments_practitioner_fk', ['clinic_id', 'practitioner_id'], 'users', [
      'clinic_id',
      'id',
    ])
    .execute();
  await index(db, 'treatments', ['clinic_id', 'created_at']);

  await tenantTable(db, 'adverse_events')
    .addColumn('client_id', 'text', (c) => c.notNull())
    .addColumn('treatment_id', 'text')
    .addColumn('technique_id', 'text')
    .addColumn('onset', 'text', (c) => c.notNull())
    .addColumn('symptoms', 'text', (c) => c.notNull())
    .addColumn('severity', 'integer', (c) => c.notNull().check(sql`severity between 1 and 5`))
    .addColumn('action_taken', 'text', (c) => c.notNull())
    .addColumn('follow_up', 'text', (c) => c.notNull())
    .addColumn('reported_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addForeignKeyConstraint(
      'adverse_events_client_fk',
      ['clinic_id', 'client_id'],
      'clients',
      ['clinic_id', 'id'],
      (f) => f.onDelete('cascade'),
    )
    .addForeignKeyConstraint(
      'adverse_events_treatment_fk',
      ['clinic_id', 'client_id', 'treatment_id'],
      'treatments',
      ['clinic_id', 'client_id', 'id'],
    )
    .addForeignKeyConstraint('adverse_events_reporter_fk', ['clinic_id', 'reported_by'], 'users', [
      'clinic_id',
      'id',
    ])
    .execute();
  await index(db, 'adverse_events', ['clinic_id', 'client_id', 'created_at']);
  await index(db, 'adverse_events', ['clinic_id', 'created_at']);
}

/**
 * audit_log.clinic_id has no foreign key on purpose: recording an event must never fail (and roll back
 * the change it records) because of the id it mentions, and clinics are never deleted.
 */
async function createAudit(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('audit_log')
    .addColumn('seq', 'bigint', (c) => c.primaryKey())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('clinic_id', 'text')
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('resource_type', 'text')
    .addColumn('resource_id', 'text')
    .addColumn('outcome', 'text', (c) => c.notNull().check(sql`outcome in ('success', 'failure', 'denied')`))
    .addColumn('request_id', 'text')
    .addColumn('ip', 'text')
    .addColumn('prev_hash', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .execute();
  await index(db, 'audit_log', ['clinic_id', 'seq']);

  await db.schema
    .createTable('audit_head')
    .addColumn('id', 'integer', (c) => c.primaryKey().check(sql`id = 1`))
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .execute();
  await sql`insert into audit_head (id, seq, hash) values (1, 0, ${ZERO_HASH})`.execute(db);
}
