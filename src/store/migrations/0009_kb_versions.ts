/**
 * Knowledge-base versions stored once (`kb_versions`: the bundle of each content hash, immutable), and
 * screenings that keep a compact `outcome` (ids and decisions, no texts) instead of a copy of their whole
 * assessment. `assessment` becomes nullable and holds only the rows written before (legacy, kept exactly
 * as they were) or of a knowledge base without a snapshot; a row holds exactly one of the two, and an
 * outcome only with the snapshot of its `kb_hash`.
 *
 * SQLite cannot drop NOT NULL in place, and rebuilding `screenings` inside the migration's transaction
 * would cascade-delete the reviews, consents and treatments that reference it (foreign keys cannot be
 * switched off in a transaction). So the column is renamed, a nullable one added, the text copied as it
 * is (the immutability trigger lifted for that one statement), and the old column dropped.
 */
import type { Kysely, Migration } from 'kysely';
import { sql } from 'kysely';
import type { StoreDialect } from '../schema.js';
import { rejectChanges } from './helpers.js';

const ONE_OF = 'a screening holds either its assessment or its outcome';
const NO_SNAPSHOT = 'a screening outcome needs the snapshot of its knowledge base in kb_versions';

export function kbVersions(dialect: StoreDialect): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('kb_versions')
        .addColumn('hash', 'text', (c) => c.primaryKey())
        .addColumn('kb_id', 'text', (c) => c.notNull())
        .addColumn('version', 'text', (c) => c.notNull())
        .addColumn('bundle', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await rejectChanges(
        db,
        dialect,
        'kb_versions',
        ['update', 'delete'],
        'knowledge-base versions are immutable',
      );
      await (dialect === 'sqlite' ? sqliteScreenings(db) : postgresScreenings(db));
    },
  };
}

async function postgresScreenings(db: Kysely<unknown>): Promise<void> {
  await sql`alter table screenings alter column assessment drop not null`.execute(db);
  await sql`alter table screenings add column outcome text`.execute(db);
  await sql`alter table screenings add constraint screenings_assessment_or_outcome
    check ((assessment is null) <> (outcome is null))`.execute(db);
  await sql`create or replace function neckcheck_outcome_needs_snapshot() returns trigger language plpgsql as $$
    begin
      if new.outcome is not null and not exists (select 1 from kb_versions where hash = new.kb_hash) then
        raise exception using message = ${sql.lit(NO_SNAPSHOT)};
      end if;
      return new;
    end $$`.execute(db);
  await sql`create trigger screenings_outcome_snapshot before insert on screenings
    for each row execute function neckcheck_outcome_needs_snapshot()`.execute(db);
}

async function sqliteScreenings(db: Kysely<unknown>): Promise<void> {
  await sql`alter table screenings rename column assessment to assessment_0008`.execute(db);
  await sql`alter table screenings add column assessment text`.execute(db);
  await sql`alter table screenings add column outcome text`.execute(db);
  await sql`drop trigger screenings_no_update`.execute(db);
  await sql`update screenings set assessment = assessment_0008`.execute(db);
  await sql`alter table screenings drop column assessment_0008`.execute(db);
  // As 0001 made it: the same trigger, the same message.
  await rejectChanges(db, 'sqlite', 'screenings', ['update'], 'screenings are immutable');
  await sql`create trigger screenings_assessment_or_outcome before insert on screenings
    when (new.assessment is null) = (new.outcome is null)
    begin select raise(abort, ${sql.lit(ONE_OF)}); end`.execute(db);
  await sql`create trigger screenings_outcome_snapshot before insert on screenings
    when new.outcome is not null and not exists (select 1 from kb_versions where hash = new.kb_hash)
    begin select raise(abort, ${sql.lit(NO_SNAPSHOT)}); end`.execute(db);
}
