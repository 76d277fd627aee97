/** Feedback from CDS clients on the cards they showed: stored once per card, outcome and outcome time. */
import { page, timestamp, toJson } from '../codec.js';
import { guarded } from '../errors.js';
import type { CdsFeedbackRepo } from '../port.js';
import { toCdsFeedback } from '../rows.js';
import type { RepoContext } from './context.js';
import { newId } from './context.js';

export function cdsFeedbackRepo({ db, atomic }: RepoContext): CdsFeedbackRepo {
  return {
    async record(feedback) {
      const row = {
        id: newId(),
        clinic_id: feedback.clinicId,
        service_id: feedback.serviceId,
        card_uuid: feedback.cardUuid,
        outcome: feedback.outcome,
        accepted_suggestions: toJson(feedback.acceptedSuggestions, 'acceptedSuggestions'),
        override_reason_system: feedback.overrideReason?.system ?? null,
        override_reason_code: feedback.overrideReason?.code ?? null,
        override_reason_display: feedback.overrideReason?.display ?? null,
        override_comment: feedback.overrideComment,
        outcome_timestamp: timestamp(feedback.outcomeTimestamp, 'outcomeTimestamp'),
        received_at: timestamp(feedback.receivedAt, 'receivedAt'),
        issuer: feedback.issuer,
      };
      return atomic(async (tx) => {
        // ON CONFLICT DO NOTHING leaves a PostgreSQL transaction usable, unlike a caught unique violation.
        const inserted = await guarded('cds_feedback.record', () =>
          tx
            .insertInto('cds_feedback')
            .values(row)
            .onConflict((oc) =>
              oc
                .columns(['clinic_id', 'service_id', 'card_uuid', 'outcome', 'outcome_timestamp'])
                .doNothing(),
            )
            .executeTakeFirst(),
        );
        if (inserted.numInsertedOrUpdatedRows === 1n) return { feedback: toCdsFeedback(row), created: true };
        const stored = await tx
          .selectFrom('cds_feedback')
          .selectAll()
          .where('clinic_id', '=', row.clinic_id)
          .where('service_id', '=', row.service_id)
          .where('card_uuid', '=', row.card_uuid)
          .where('outcome', '=', row.outcome)
          .where('outcome_timestamp', '=', row.outcome_timestamp)
          .executeTakeFirstOrThrow();
        return { feedback: toCdsFeedback(stored), created: false };
      });
    },
    async list(clinicId, { cardUuid, outcome, ...paging }) {
      const { limit, offset } = page(paging);
      let query = db.selectFrom('cds_feedback').selectAll().where('clinic_id', '=', clinicId);
      if (cardUuid !== undefined) query = query.where('card_uuid', '=', cardUuid);
      if (outcome !== undefined) query = query.where('outcome', '=', outcome);
      const rows = await query.orderBy('received_at').orderBy('id').limit(limit).offset(offset).execute();
      return rows.map(toCdsFeedback);
    },
  };
}
