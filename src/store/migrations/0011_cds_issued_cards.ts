/**
 * CDS Hooks: the cards this service issued, so that feedback is accepted only for them and an override
 * reason only from those the card offered. One row per card (its uuid is random, unique on its own), with
 * the clinic and service it was issued to and for, the override reasons offered (JSON array of
 * {system, code}), and when it may be forgotten (retention); several server instances share it.
 */
import type { Kysely, Migration } from 'kysely';
import { index } from './helpers.js';

export function cdsIssuedCards(): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('cds_issued_cards')
        .addColumn('card_uuid', 'text', (c) => c.primaryKey())
        .addColumn('clinic_id', 'text', (c) => c.notNull().references('clinics.id'))
        .addColumn('service_id', 'text', (c) => c.notNull())
        .addColumn('override_reasons', 'text', (c) => c.notNull())
        .addColumn('issued_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .execute();
      await index(db, 'cds_issued_cards', ['expires_at']);
    },
  };
}
