/**
 * CDS Hooks: clients may be linked to one EHR patient (unique per clinic), and feedback from CDS clients on
 * the cards they showed is kept, once per card, outcome and outcome timestamp. Frozen once released.
 *
 * Forward-only, and additive: two nullable columns on clients (existing rows stay unlinked) and a new
 * tenant-owned table. The feedback table is immutable like the other clinical records; deleting stays
 * possible for a future retention job.
 */
import type { Kysely, Migration } from 'kysely';
import { sql } from 'kysely';
import type { StoreDialect } from '../schema.js';
import { index, rejectChanges, tenantTable } from './helpers.js';

export function ehrLinksAndCdsFeedback(dialect: StoreDialect): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await linkClients(db);
      await createCdsFeedback(db);
      await rejectChanges(db, dialect, 'cds_feedback', ['update'], 'CDS feedback is immutable');
    },
  };
}

async function linkClients(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('clients').addColumn('ehr_system', 'text').execute();
  // A column CHECK may read the other column on both databases; ALTER TABLE cannot add a table CHECK on SQLite.
  await db.schema
    .alterTable('clients')
    .addColumn('ehr_patient_id', 'text', (c) => c.check(sql`(ehr_system is null) = (ehr_patient_id is null)`))
    .execute();
  // NULLs are distinct in a unique index on both databases: any number of unlinked clients.
  await db.schema
    .createIndex('clients_ehr_patient_key')
    .unique()
    .on('clients')
    .columns(['clinic_id', 'ehr_system', 'ehr_patient_id'])
    .execute();
}

async function createCdsFeedback(db: Kysely<unknown>): Promise<void> {
  await tenantTable(db, 'cds_feedback')
    .addColumn('service_id', 'text', (c) => c.notNull())
    .addColumn('card_uuid', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull().check(sql`outcome in ('accepted', 'overridden')`))
    .addColumn('accepted_suggestions', 'text', (c) => c.notNull())
    .addColumn('override_reason_system', 'text')
    .addColumn('override_reason_code', 'text')
    .addColumn('override_reason_display', 'text')
    .addColumn('override_comment', 'text')
    .addColumn('outcome_timestamp', 'text', (c) => c.notNull())
    .addColumn('received_at', 'text', (c) => c.notNull())
    .addColumn('issuer', 'text', (c) => c.notNull())
    .addUniqueConstraint('cds_feedback_once_key', [
      'clinic_id',
      'service_id',
      'card_uuid',
      'outcome',
      'outcome_timestamp',
    ])
    .execute();
  await index(db, 'cds_feedback', ['clinic_id', 'received_at']);
}
