/**
 * In-room screening: a screening may complete an earlier one (`based_on`, the self-report that an
 * examination confirmed), and an adverse event points at the after-event screening that triaged its
 * symptoms (`triage_screening_id`). Both are null for the rows recorded before; both stay within the
 * client's clinic, which the server checks and erasure removes with the client.
 */
import type { Kysely, Migration } from 'kysely';

export function inRoomAndTriage(): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('screenings').addColumn('based_on', 'text').execute();
      await db.schema.alterTable('adverse_events').addColumn('triage_screening_id', 'text').execute();
    },
  };
}
