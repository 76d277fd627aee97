/** Clinics, users, sessions and API tokens. */
import type { Updateable } from 'kysely';
import { timestamp, toFlag } from '../codec.js';
import { guarded } from '../errors.js';
import type { ApiTokenRepo, ClinicRepo, SessionRepo, UserRepo } from '../port.js';
import { toApiToken, toClinic, toSession, toUser, toUserWithSecret } from '../rows.js';
import type { UsersTable } from '../schema.js';
import type { RepoContext } from './context.js';
import { newId } from './context.js';

export function clinicRepo({ db }: RepoContext): ClinicRepo {
  return {
    async create(clinic) {
      const row = { id: newId(), name: clinic.name, created_at: timestamp(clinic.createdAt, 'createdAt') };
      await guarded('clinics.create', () => db.insertInto('clinics').values(row).execute());
      return toClinic(row);
    },
    async get(id) {
      const row = await db.selectFrom('clinics').selectAll().where('id', '=', id).executeTakeFirst();
      return row && toClinic(row);
    },
    async findByName(name) {
      // Compared here rather than in SQL, whose lower() folds only ASCII on SQLite; a server has few clinics.
      const wanted = name.trim().toLocaleLowerCase('und');
      const rows = await db.selectFrom('clinics').selectAll().orderBy('created_at').orderBy('id').execute();
      const row = rows.find((r) => r.name.trim().toLocaleLowerCase('und') === wanted);
      return row && toClinic(row);
    },
    async count() {
      const { n } = await db
        .selectFrom('clinics')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow();
      return Number(n);
    },
  };
}

export function userRepo({ db }: RepoContext): UserRepo {
  const get = async (clinicId: string, id: string) => {
    const row = await db
      .selectFrom('users')
      .selectAll()
      .where('clinic_id', '=', clinicId)
      .where('id', '=', id)
      .executeTakeFirst();
    return row && toUser(row);
  };
  return {
    async create(user) {
      const row = {
        id: newId(),
        clinic_id: user.clinicId,
        email: user.email.toLowerCase(),
        name: user.name,
        role: user.role,
        profession: user.profession,
        disabled: toFlag(user.disabled),
        password_hash: user.passwordHash,
        created_at: timestamp(user.createdAt, 'createdAt'),
        must_change_password: toFlag(user.mustChangePassword === true),
        clinical_lead: toFlag(user.clinicalLead === true),
      };
      await guarded('users.create', () => db.insertInto('users').values(row).execute());
      return toUser(row);
    },
    get,
    async findByEmailWithSecret(email) {
      const row = await db
        .selectFrom('users')
        .selectAll()
        .where('email', '=', email.toLowerCase())
        .executeTakeFirst();
      return row && toUserWithSecret(row);
    },
    async list(clinicId) {
      const rows = await db
        .selectFrom('users')
        .selectAll()
        .where('clinic_id', '=', clinicId)
        .orderBy('created_at')
        .orderBy('id')
        .execute();
      return rows.map(toUser);
    },
    async update(clinicId, id, patch) {
      const values: Updateable<UsersTable> = {};
      if (patch.name !== undefined) values.name = patch.name;
      if (patch.role !== undefined) values.role = patch.role;
      if (patch.profession !== undefined) values.profession = patch.profession;
      if (patch.disabled !== undefined) values.disabled = toFlag(patch.disabled);
      if (patch.passwordHash !== undefined) values.password_hash = patch.passwordHash;
      if (patch.mustChangePassword !== undefined)
        values.must_change_password = toFlag(patch.mustChangePassword);
      if (patch.clinicalLead !== undefined) values.clinical_lead = toFlag(patch.clinicalLead);
      if (Object.keys(values).length === 0) return get(clinicId, id);
      const row = await guarded('users.update', () =>
        db
          .updateTable('users')
          .set(values)
          .where('clinic_id', '=', clinicId)
          .where('id', '=', id)
          .returningAll()
          .executeTakeFirst(),
      );
      return row && toUser(row);
    },
  };
}

export function sessionRepo({ db }: RepoContext): SessionRepo {
  return {
    async create(session) {
      const row = {
        token_hash: session.tokenHash,
        user_id: session.userId,
        clinic_id: session.clinicId,
        created_at: timestamp(session.createdAt, 'createdAt'),
        last_seen_at: timestamp(session.lastSeenAt, 'lastSeenAt'),
        expires_at: timestamp(session.expiresAt, 'expiresAt'),
      };
      await guarded('sessions.create', () => db.insertInto('sessions').values(row).execute());
    },
    async get(tokenHash) {
      const row = await db
        .selectFrom('sessions')
        .selectAll()
        .where('token_hash', '=', tokenHash)
        .executeTakeFirst();
      return row && toSession(row);
    },
    async touch(tokenHash, lastSeenAt, expiresAt) {
      await db
        .updateTable('sessions')
        .set({
          last_seen_at: timestamp(lastSeenAt, 'lastSeenAt'),
          expires_at: timestamp(expiresAt, 'expiresAt'),
        })
        .where('token_hash', '=', tokenHash)
        .execute();
    },
    async delete(tokenHash) {
      await db.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute();
    },
    async deleteForUser(userId, except) {
      let query = db.deleteFrom('sessions').where('user_id', '=', userId);
      if (except !== undefined) query = query.where('token_hash', '!=', except);
      const result = await query.executeTakeFirst();
      return Number(result.numDeletedRows);
    },
    async deleteExpired(now) {
      const result = await db
        .deleteFrom('sessions')
        .where('expires_at', '<=', timestamp(now, 'now'))
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}

export function apiTokenRepo({ db }: RepoContext): ApiTokenRepo {
  return {
    async create(token) {
      const row = {
        id: newId(),
        clinic_id: token.clinicId,
        name: token.name,
        role: token.role,
        token_hash: token.tokenHash,
        created_by: token.createdBy,
        created_at: timestamp(token.createdAt, 'createdAt'),
        revoked_at: timestamp(token.revokedAt, 'revokedAt'),
        expires_at: timestamp(token.expiresAt, 'expiresAt'),
        last_used_at: null,
      };
      await guarded('api_tokens.create', () => db.insertInto('api_tokens').values(row).execute());
      return toApiToken(row);
    },
    async findByHash(tokenHash) {
      const row = await db
        .selectFrom('api_tokens')
        .selectAll()
        .where('token_hash', '=', tokenHash)
        .executeTakeFirst();
      return row && toApiToken(row);
    },
    async list(clinicId) {
      const rows = await db
        .selectFrom('api_tokens')
        .selectAll()
        .where('clinic_id', '=', clinicId)
        .orderBy('created_at')
        .orderBy('id')
        .execute();
      return rows.map(toApiToken);
    },
    async revoke(clinicId, id, at) {
      const result = await db
        .updateTable('api_tokens')
        .set({ revoked_at: timestamp(at, 'at') })
        .where('clinic_id', '=', clinicId)
        .where('id', '=', id)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      return result.numUpdatedRows === 1n;
    },
    async revokeForUser(clinicId, userId, at) {
      const result = await db
        .updateTable('api_tokens')
        .set({ revoked_at: timestamp(at, 'at') })
        .where('clinic_id', '=', clinicId)
        .where('created_by', '=', userId)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows);
    },
    async recordUse(clinicId, id, at) {
      await db
        .updateTable('api_tokens')
        .set({ last_used_at: timestamp(at, 'at') })
        .where('clinic_id', '=', clinicId)
        .where('id', '=', id)
        .execute();
    },
  };
}
