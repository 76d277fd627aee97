/** Clients (with erasure) and intake links. */
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { containsPattern, integerOrNull, page, searchKey, timestamp } from '../codec.js';
import { guarded, StoreInputError } from '../errors.js';
import type { ClientRepo, IntakeRepo } from '../port.js';
import { toClient, toIntake } from '../rows.js';
import type { Database } from '../schema.js';
import type { Client, EhrPatientRef } from '../types.js';
import type { RepoContext } from './context.js';
import { newId } from './context.js';

async function getClient(db: Kysely<Database>, clinicId: string, id: string): Promise<Client | undefined> {
  const row = await db
    .selectFrom('clients')
    .selectAll()
    .where('clinic_id', '=', clinicId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row && toClient(row);
}

/** The two columns of an EHR link; a link with an empty part is refused rather than stored half-made. */
function ehrColumns(link: EhrPatientRef | null | undefined): {
  ehr_system: string | null;
  ehr_patient_id: string | null;
} {
  if (link === undefined || link === null) return { ehr_system: null, ehr_patient_id: null };
  if (link.system === '' || link.patientId === '')
    throw new StoreInputError('an EHR link needs both a system and a patient id');
  return { ehr_system: link.system, ehr_patient_id: link.patientId };
}

export function clientRepo({ db, atomic }: RepoContext): ClientRepo {
  return {
    async create(client) {
      const row = {
        id: newId(),
        clinic_id: client.clinicId,
        display_name: client.displayName,
        birth_year: integerOrNull(client.birthYear, 'birthYear'),
        email: client.email,
        phone: client.phone,
        search_key: searchKey(client.displayName, client.email, client.phone),
        created_at: timestamp(client.createdAt, 'createdAt'),
        ...ehrColumns(client.ehrPatient),
      };
      await guarded('clients.create', () => db.insertInto('clients').values(row).execute());
      return toClient(row);
    },
    get: (clinicId, id) => getClient(db, clinicId, id),
    async findByEhrPatient(clinicId, system, patientId) {
      const row = await db
        .selectFrom('clients')
        .selectAll()
        .where('clinic_id', '=', clinicId)
        .where('ehr_system', '=', system)
        .where('ehr_patient_id', '=', patientId)
        .executeTakeFirst();
      return row && toClient(row);
    },
    async list(clinicId, { search, ...paging }) {
      const { limit, offset } = page(paging);
      let query = db.selectFrom('clients').selectAll().where('clinic_id', '=', clinicId);
      const text = search?.trim() ?? '';
      if (text !== '')
        query = query.where(sql<boolean>`search_key like ${containsPattern(text)} escape '\\'`);
      const rows = await query
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .limit(limit)
        .offset(offset)
        .execute();
      return rows.map(toClient);
    },
    async listByIds(clinicId, ids) {
      if (ids.length === 0) return [];
      const rows = await db
        .selectFrom('clients')
        .selectAll()
        .where('clinic_id', '=', clinicId)
        .where('id', 'in', [...new Set(ids)])
        .execute();
      return rows.map(toClient);
    },
    async update(clinicId, id, patch) {
      return atomic(async (tx) => {
        const current = await getClient(tx, clinicId, id);
        if (current === undefined) return undefined;
        const next = { ...current, ...patch };
        const row = await guarded('clients.update', () =>
          tx
            .updateTable('clients')
            .set({
              display_name: next.displayName,
              birth_year: integerOrNull(next.birthYear, 'birthYear'),
              email: next.email,
              phone: next.phone,
              search_key: searchKey(next.displayName, next.email, next.phone),
              ...ehrColumns(next.ehrPatient),
            })
            .where('clinic_id', '=', clinicId)
            .where('id', '=', id)
            .returningAll()
            .executeTakeFirstOrThrow(),
        );
        return toClient(row);
      });
    },
    erase: (clinicId, id) => atomic((tx) => eraseClient(tx, clinicId, id)),
  };
}

/**
 * Deletes a client and every record about them, children first. The foreign keys cascade from the client
 * as well, as a backstop for tables added later; the audit log keeps its entries (they hold ids, not PHI).
 */
async function eraseClient(db: Kysely<Database>, clinicId: string, id: string): Promise<boolean> {
  const client = await db
    .selectFrom('clients')
    .select('id')
    .where('clinic_id', '=', clinicId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (client === undefined) return false;
  const screeningIds = db
    .selectFrom('screenings')
    .select('id')
    .where('clinic_id', '=', clinicId)
    .where('client_id', '=', id);
  await db
    .deleteFrom('reviews')
    .where('clinic_id', '=', clinicId)
    .where('screening_id', 'in', screeningIds)
    .execute();
  for (const table of ['consents', 'adverse_events', 'intakes', 'treatments', 'screenings'] as const)
    await db.deleteFrom(table).where('clinic_id', '=', clinicId).where('client_id', '=', id).execute();
  const result = await db
    .deleteFrom('clients')
    .where('clinic_id', '=', clinicId)
    .where('id', '=', id)
    .executeTakeFirst();
  return result.numDeletedRows === 1n;
}

export function intakeRepo({ db }: RepoContext): IntakeRepo {
  return {
    async create(intake) {
      const row = {
        id: newId(),
        clinic_id: intake.clinicId,
        client_id: intake.clientId,
        moment: intake.moment,
        token_hash: intake.tokenHash,
        created_by: intake.createdBy,
        created_at: timestamp(intake.createdAt, 'createdAt'),
        expires_at: timestamp(intake.expiresAt, 'expiresAt'),
        used_at: timestamp(intake.usedAt, 'usedAt'),
        screening_id: intake.screeningId,
      };
      await guarded('intakes.create', () => db.insertInto('intakes').values(row).execute());
      return toIntake(row);
    },
    async get(clinicId, id) {
      const row = await db
        .selectFrom('intakes')
        .selectAll()
        .where('clinic_id', '=', clinicId)
        .where('id', '=', id)
        .executeTakeFirst();
      return row && toIntake(row);
    },
    async findByTokenHash(tokenHash) {
      const row = await db
        .selectFrom('intakes')
        .selectAll()
        .where('token_hash', '=', tokenHash)
        .executeTakeFirst();
      return row && toIntake(row);
    },
    async listForClient(clinicId, clientId) {
      const rows = await db
        .selectFrom('intakes')
        .selectAll()
        .where('clinic_id', '=', clinicId)
        .where('client_id', '=', clientId)
        .orderBy('created_at')
        .orderBy('id')
        .execute();
      return rows.map(toIntake);
    },
    async markUsed(clinicId, id, usedAt, screeningId) {
      // One conditional UPDATE: the database decides which of several concurrent calls wins.
      const result = await guarded('intakes.markUsed', () =>
        db
          .updateTable('intakes')
          .set({ used_at: timestamp(usedAt, 'usedAt'), screening_id: screeningId })
          .where('clinic_id', '=', clinicId)
          .where('id', '=', id)
          .where('used_at', 'is', null)
          .executeTakeFirst(),
      );
      return result.numUpdatedRows === 1n;
    },
  };
}
