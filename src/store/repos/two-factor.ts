/** TOTP two-factor: each user's secret and replay guard, recovery codes, login challenges, clinic policy. */
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { fromFlag, timestamp, toFlag } from '../codec.js';
import { guarded } from '../errors.js';
import type { TwoFactorRepo } from '../port.js';
import type { Database } from '../schema.js';
import type { RepoContext } from './context.js';

async function deleteCodes(db: Kysely<Database>, clinicId: string, userId: string): Promise<void> {
  await db
    .deleteFrom('recovery_codes')
    .where('clinic_id', '=', clinicId)
    .where('user_id', '=', userId)
    .execute();
}

async function insertCodes(
  db: Kysely<Database>,
  clinicId: string,
  userId: string,
  hashes: readonly string[],
  at: string,
): Promise<void> {
  if (hashes.length === 0) return;
  const rows = hashes.map((code_hash) => ({
    code_hash,
    clinic_id: clinicId,
    user_id: userId,
    created_at: timestamp(at, 'at'),
    used_at: null,
  }));
  await guarded('recovery_codes.create', () => db.insertInto('recovery_codes').values(rows).execute());
}

export function twoFactorRepo({ db, atomic }: RepoContext): TwoFactorRepo {
  const users = (clinicId: string, userId: string) =>
    db.updateTable('users').where('clinic_id', '=', clinicId).where('id', '=', userId);
  return {
    async state(clinicId, userId) {
      const row = await db
        .selectFrom('users')
        .select([
          'totp_secret',
          'totp_pending_secret',
          'totp_enabled_at',
          'totp_last_step',
          'two_factor_failures',
          'two_factor_blocked_until',
        ])
        .where('clinic_id', '=', clinicId)
        .where('id', '=', userId)
        .executeTakeFirst();
      return (
        row && {
          enabled: row.totp_secret !== null,
          secret: row.totp_secret,
          pendingSecret: row.totp_pending_secret,
          enabledAt: row.totp_enabled_at,
          lastStep: row.totp_last_step === null ? null : Number(row.totp_last_step),
          failures: Number(row.two_factor_failures),
          blockedUntil: row.two_factor_blocked_until,
        }
      );
    },
    async enabledUsers(clinicId) {
      const rows = await db
        .selectFrom('users')
        .select('id')
        .where('clinic_id', '=', clinicId)
        .where('totp_secret', 'is not', null)
        .execute();
      return rows.map((r) => r.id);
    },
    async setPending(clinicId, userId, secret) {
      await users(clinicId, userId).set({ totp_pending_secret: secret }).execute();
    },
    async enable(clinicId, userId, change) {
      await atomic(async (tx) => {
        await tx
          .updateTable('users')
          .set({
            totp_secret: change.secret,
            totp_pending_secret: null,
            totp_enabled_at: timestamp(change.at, 'at'),
            totp_last_step: change.step,
            two_factor_failures: 0,
            two_factor_blocked_until: null,
          })
          .where('clinic_id', '=', clinicId)
          .where('id', '=', userId)
          .execute();
        await deleteCodes(tx, clinicId, userId);
        await insertCodes(tx, clinicId, userId, change.recoveryCodeHashes, change.at);
      });
    },
    async disable(clinicId, userId) {
      await atomic(async (tx) => {
        await tx
          .updateTable('users')
          .set({
            totp_secret: null,
            totp_pending_secret: null,
            totp_enabled_at: null,
            totp_last_step: null,
            two_factor_failures: 0,
            two_factor_blocked_until: null,
          })
          .where('clinic_id', '=', clinicId)
          .where('id', '=', userId)
          .execute();
        await deleteCodes(tx, clinicId, userId);
        await tx
          .deleteFrom('login_challenges')
          .where('clinic_id', '=', clinicId)
          .where('user_id', '=', userId)
          .execute();
      });
    },
    async claimStep(clinicId, userId, step) {
      const result = await users(clinicId, userId)
        .set({ totp_last_step: step })
        .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)]))
        .executeTakeFirst();
      return result.numUpdatedRows === 1n;
    },
    async recordFailure(clinicId, userId, limit, blockUntil) {
      return atomic(async (tx) => {
        const row = await tx
          .updateTable('users')
          .set({ two_factor_failures: sql`two_factor_failures + 1` })
          .where('clinic_id', '=', clinicId)
          .where('id', '=', userId)
          .returning('two_factor_failures')
          .executeTakeFirst();
        if (row === undefined || Number(row.two_factor_failures) < limit) return false;
        await tx
          .updateTable('users')
          .set({ two_factor_failures: 0, two_factor_blocked_until: timestamp(blockUntil, 'blockUntil') })
          .where('clinic_id', '=', clinicId)
          .where('id', '=', userId)
          .execute();
        return true;
      });
    },
    async clearFailures(clinicId, userId) {
      await users(clinicId, userId).set({ two_factor_failures: 0, two_factor_blocked_until: null }).execute();
    },
    async replaceRecoveryCodes(clinicId, userId, hashes, at) {
      await atomic(async (tx) => {
        await deleteCodes(tx, clinicId, userId);
        await insertCodes(tx, clinicId, userId, hashes, at);
      });
    },
    async useRecoveryCode(clinicId, userId, hash, at) {
      const result = await db
        .updateTable('recovery_codes')
        .set({ used_at: timestamp(at, 'at') })
        .where('clinic_id', '=', clinicId)
        .where('user_id', '=', userId)
        .where('code_hash', '=', hash)
        .where('used_at', 'is', null)
        .executeTakeFirst();
      return result.numUpdatedRows === 1n;
    },
    async unusedRecoveryCodes(clinicId, userId) {
      const { n } = await db
        .selectFrom('recovery_codes')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('clinic_id', '=', clinicId)
        .where('user_id', '=', userId)
        .where('used_at', 'is', null)
        .executeTakeFirstOrThrow();
      return Number(n);
    },
    async clinicRequires(clinicId) {
      const row = await db
        .selectFrom('clinics')
        .select('require_two_factor')
        .where('id', '=', clinicId)
        .executeTakeFirst();
      return row !== undefined && fromFlag(row.require_two_factor, 'clinics.require_two_factor');
    },
    async setClinicRequires(clinicId, required) {
      await db
        .updateTable('clinics')
        .set({ require_two_factor: toFlag(required) })
        .where('id', '=', clinicId)
        .execute();
    },
    async createChallenge(challenge) {
      const row = {
        token_hash: challenge.tokenHash,
        clinic_id: challenge.clinicId,
        user_id: challenge.userId,
        expires_at: timestamp(challenge.expiresAt, 'expiresAt'),
      };
      await guarded('login_challenges.create', () => db.insertInto('login_challenges').values(row).execute());
    },
    async getChallenge(tokenHash) {
      const row = await db
        .selectFrom('login_challenges')
        .selectAll()
        .where('token_hash', '=', tokenHash)
        .executeTakeFirst();
      return (
        row && {
          tokenHash: row.token_hash,
          clinicId: row.clinic_id,
          userId: row.user_id,
          expiresAt: row.expires_at,
          attempts: Number(row.attempts),
        }
      );
    },
    async countAttempt(tokenHash) {
      const row = await db
        .updateTable('login_challenges')
        .set({ attempts: sql`attempts + 1` })
        .where('token_hash', '=', tokenHash)
        .returning('attempts')
        .executeTakeFirst();
      return row === undefined ? Number.POSITIVE_INFINITY : Number(row.attempts);
    },
    async deleteChallenge(tokenHash) {
      await db.deleteFrom('login_challenges').where('token_hash', '=', tokenHash).execute();
    },
  };
}
