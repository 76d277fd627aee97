/**
 * CDS Hooks feedback (POST /cds-services/:id/feedback): what a CDS client says it did with the cards,
 * accepted only for cards this service issued to that clinic, with an override reason the card offered.
 */
import type { FastifyRequest } from 'fastify';
import type { Feedback } from '../cds-hooks/index.js';
import { serviceById } from '../cds-hooks/index.js';
import type { CdsCaller } from './cds-auth.js';
import type { AppDeps } from './deps.js';
import { audit } from './http/audit.js';
import { requireRealDate } from './http/dates.js';
import type { FieldError } from './http/problem.js';
import { ProblemError, problems } from './http/problem.js';

function isoOf(timestamp: string, index: number): string {
  requireRealDate(timestamp, `body.feedback.${index}.outcomeTimestamp`, 'time');
  const ms = Date.parse(timestamp);
  const year = Number.isNaN(ms) ? Number.NaN : new Date(ms).getUTCFullYear();
  if (!(year >= 1970 && year <= 9999))
    throw problems.validation([
      { path: `body.feedback.${index}.outcomeTimestamp`, message: 'is not a usable date' },
    ]);
  return new Date(ms).toISOString();
}

/**
 * Feedback only on cards this service issued to this clinic (and still remembers), and an override reason
 * only among those the card offered: anything else is a 422 naming the card or the reason.
 */
async function checkIssued(
  deps: AppDeps,
  caller: CdsCaller,
  serviceId: string,
  entries: Feedback['feedback'],
  now: string,
): Promise<void> {
  const issued = new Map(
    (
      await deps.store.cdsIssuedCards.find(
        caller.clinicId,
        serviceId,
        entries.map((e) => e.card),
        now,
      )
    ).map((card) => [card.cardUuid, card]),
  );
  const errors: FieldError[] = entries.flatMap((e, i): FieldError[] => {
    const card = issued.get(e.card.toLowerCase());
    if (card === undefined)
      return [
        {
          path: `body.feedback.${i}.card`,
          message: `card ${e.card} was not issued by ${serviceId} to this clinic (or is older than the retention)`,
          code: 'card_not_issued',
        },
      ];
    const reason = e.overrideReason?.reason;
    if (reason === undefined) return [];
    const offered = card.overrideReasons.some((r) => r.system === reason.system && r.code === reason.code);
    return offered
      ? []
      : [
          {
            path: `body.feedback.${i}.overrideReason.reason`,
            message: `reason ${reason.system ?? ''}|${reason.code ?? ''} is not one card ${e.card} offered`,
            code: 'reason_not_offered',
          },
        ];
  });
  if (errors.length > 0)
    throw new ProblemError(
      'cds_feedback_rejected',
      'Feedback is accepted for cards this service issued, with an override reason the card offered.',
      errors,
    );
}

/** Stores a CDS client's feedback on cards this service issued; duplicates (same card and outcome) are counted, not stored. */
export async function recordFeedback(
  deps: AppDeps,
  caller: CdsCaller,
  request: FastifyRequest,
): Promise<{ stored: number; duplicates: number }> {
  const service = serviceById((request.params as { id: string }).id);
  if (service === undefined) throw problems.notFound('CDS service');
  const { feedback: entries } = request.body as Feedback;
  const missing = entries.flatMap((e, i) =>
    e.outcome === 'accepted' && e.acceptedSuggestions === undefined
      ? [
          {
            path: `body.feedback.${i}.acceptedSuggestions`,
            message: 'is required when the outcome is accepted',
          },
        ]
      : [],
  );
  if (missing.length > 0) throw problems.validation(missing);
  const receivedAt = deps.now().toISOString();
  const rows = entries.map((e, i) => ({
    clinicId: caller.clinicId,
    serviceId: service.id,
    cardUuid: e.card.toLowerCase(),
    outcome: e.outcome,
    acceptedSuggestions: (e.acceptedSuggestions ?? []).map((s) => s.id),
    overrideReason:
      e.overrideReason?.reason === undefined
        ? null
        : {
            system: e.overrideReason.reason.system ?? null,
            code: e.overrideReason.reason.code ?? null,
            display: e.overrideReason.reason.display ?? null,
          },
    overrideComment: e.overrideReason?.userComment ?? null,
    outcomeTimestamp: isoOf(e.outcomeTimestamp, i),
    receivedAt,
    issuer: caller.iss,
  }));
  await checkIssued(deps, caller, service.id, entries, receivedAt);
  const created = await deps.store.transaction(async (tx) => {
    let count = 0;
    for (const row of rows) {
      const result = await tx.cdsFeedback.record(row);
      if (!result.created) continue;
      count++;
      await audit(
        deps,
        request,
        {
          action: `cds.feedback.${row.outcome}`,
          resourceType: 'cds_feedback',
          resourceId: result.feedback.id,
          clinicId: caller.clinicId,
          actor: caller.actor,
        },
        tx,
      );
    }
    return count;
  });
  return { stored: created, duplicates: rows.length - created };
}
