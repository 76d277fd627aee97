/** Failed logins per e-mail address, for the account lockout (migration 0005). */
import { timestamp } from '../codec.js';
import type { LoginAttemptRepo } from '../port.js';
import { toLoginAttempts } from '../rows.js';
import type { RepoContext } from './context.js';

export function loginAttemptRepo({ db }: RepoContext): LoginAttemptRepo {
  return {
    async get(email) {
      const row = await db
        .selectFrom('login_attempts')
        .selectAll()
        .where('email', '=', email.toLowerCase())
        .executeTakeFirst();
      return row && toLoginAttempts(row);
    },
    async put(attempts) {
      const row = {
        email: attempts.email.toLowerCase(),
        failures: attempts.failures,
        window_started_at: timestamp(attempts.windowStartedAt, 'windowStartedAt'),
        locked_until: timestamp(attempts.lockedUntil, 'lockedUntil'),
        since_last_login: attempts.sinceLastLogin,
      };
      await db
        .insertInto('login_attempts')
        .values(row)
        .onConflict((conflict) =>
          conflict.column('email').doUpdateSet({
            failures: row.failures,
            window_started_at: row.window_started_at,
            locked_until: row.locked_until,
            since_last_login: row.since_last_login,
          }),
        )
        .execute();
    },
    async clear(email) {
      await db.deleteFrom('login_attempts').where('email', '=', email.toLowerCase()).execute();
    },
    async listLocked(clinicId, now) {
      const rows = await db
        .selectFrom('login_attempts')
        .innerJoin('users', 'users.email', 'login_attempts.email')
        .select([
          'users.id as user_id',
          'users.email as email',
          'users.name as name',
          'login_attempts.locked_until as locked_until',
          'login_attempts.failures as failures',
        ])
        .where('users.clinic_id', '=', clinicId)
        .where('login_attempts.locked_until', '>', timestamp(now, 'now'))
        .orderBy('users.email')
        .execute();
      return rows.map((r) => ({
        userId: r.user_id,
        email: r.email,
        name: r.name,
        lockedUntil: r.locked_until ?? '',
        failures: Number(r.failures),
      }));
    },
    async sweep(windowStartedBefore, now) {
      const result = await db
        .deleteFrom('login_attempts')
        .where('window_started_at', '<=', timestamp(windowStartedBefore, 'windowStartedBefore'))
        .where((eb) =>
          eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', timestamp(now, 'now'))]),
        )
        .where((eb) =>
          eb.not(
            eb.exists(
              eb.selectFrom('users').select('users.id').whereRef('users.email', '=', 'login_attempts.email'),
            ),
          ),
        )
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
