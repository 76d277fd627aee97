/** The jti of every accepted CDS client JWT, until it expires: replays are refused across instances. */
import { timestamp } from '../codec.js';
import type { CdsJwtIdRepo } from '../port.js';
import type { RepoContext } from './context.js';

/** Expired entries are swept at most this often (ms); a claim only ever looks at its own key. */
const SWEEP_EVERY_MS = 60_000;

export function cdsJwtIdRepo({ db, atomic }: RepoContext): CdsJwtIdRepo {
  let lastSweep = Number.NEGATIVE_INFINITY;
  return {
    async claim(iss, jti, expiresAt, now) {
      timestamp(expiresAt, 'expiresAt');
      timestamp(now, 'now');
      // One statement: a new jti is inserted, an expired one with the same key is taken over, and a live
      // one is left alone (no row changed: a replay).
      const fresh = await atomic(async (tx) => {
        const claimed = await tx
          .insertInto('cds_jwt_ids')
          .values({ iss, jti, expires_at: expiresAt })
          .onConflict((conflict) =>
            conflict
              .columns(['iss', 'jti'])
              .doUpdateSet({ expires_at: (eb) => eb.ref('excluded.expires_at') })
              .where('cds_jwt_ids.expires_at', '<=', now),
          )
          .executeTakeFirst();
        return Number(claimed.numInsertedOrUpdatedRows ?? 0n) === 1;
      });
      // Outside the claim's transaction, so that concurrent claims never wait on each other's sweep.
      if (Date.parse(now) - lastSweep >= SWEEP_EVERY_MS) {
        lastSweep = Date.parse(now);
        await db.deleteFrom('cds_jwt_ids').where('expires_at', '<=', now).execute();
      }
      return fresh;
    },
  };
}
