/**
 * CDS Hooks: the `jti` of every accepted client JWT, kept until the token could no longer be accepted, so
 * that a token replayed against another server instance (several share one PostgreSQL) is refused too.
 * Not clinical data and not owned by a clinic: keyed by issuer and jti.
 *
 * Worklist: indexes for each client's latest screening and for screenings by the end of their validity
 * (re-checks due), which are read on every Today page and CDS Hooks call.
 *
 * Consent: the signature the client may draw besides typing their name (a PNG data URL; null for the
 * consents recorded before, and when none was drawn). Frozen once released.
 */
import type { Kysely, Migration } from 'kysely';
import { index } from './helpers.js';

export function jwtIdsIndexesSignatures(): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('cds_jwt_ids')
        .addColumn('iss', 'text', (c) => c.notNull())
        .addColumn('jti', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('cds_jwt_ids_pkey', ['iss', 'jti'])
        .execute();
      await index(db, 'cds_jwt_ids', ['expires_at']);
      await index(db, 'screenings', ['clinic_id', 'client_id', 'submitted_at']);
      await index(db, 'screenings', ['clinic_id', 'valid_until']);
      await db.schema.alterTable('consents').addColumn('signature', 'text').execute();
    },
  };
}
