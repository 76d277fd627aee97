/**
 * CDS Hooks: the `jti` of every accepted client JWT, kept until the token could no longer be accepted, so
 * that a token replayed against another server instance (several share one PostgreSQL) is refused too.
 * Not clinical data and not owned by a clinic: keyed by issuer and jti. Frozen once released.
 */
import type { Kysely, Migration } from 'kysely';

export function cdsJwtIds(): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('cds_jwt_ids')
        .addColumn('iss', 'text', (c) => c.notNull())
        .addColumn('jti', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('cds_jwt_ids_pkey', ['iss', 'jti'])
        .execute();
      await db.schema.createIndex('cds_jwt_ids_expires_at').on('cds_jwt_ids').column('expires_at').execute();
    },
  };
}
