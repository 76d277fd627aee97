/** The cards the CDS services issued, until their retention ends: feedback is checked against them. */
import { fromJson, timestamp } from '../codec.js';
import type { CdsIssuedCard, CdsIssuedCardRepo } from '../port.js';
import type { RepoContext } from './context.js';

/** Expired cards are swept at most this often (ms). */
const SWEEP_EVERY_MS = 60_000;
/** Rows per INSERT: well under SQLite's and PostgreSQL's bound-parameter limits. */
const CHUNK = 100;

type Reasons = CdsIssuedCard['overrideReasons'];
const isReasons = (value: unknown): value is Reasons =>
  Array.isArray(value) &&
  value.every(
    (r: unknown) =>
      typeof r === 'object' &&
      r !== null &&
      typeof (r as { system?: unknown }).system === 'string' &&
      typeof (r as { code?: unknown }).code === 'string',
  );

export function cdsIssuedCardRepo({ db }: RepoContext): CdsIssuedCardRepo {
  let lastSweep = Number.NEGATIVE_INFINITY;
  return {
    async record(cards, now) {
      timestamp(now, 'now');
      for (let start = 0; start < cards.length; start += CHUNK) {
        const rows = cards.slice(start, start + CHUNK).map((card) => ({
          card_uuid: card.cardUuid.toLowerCase(),
          clinic_id: card.clinicId,
          service_id: card.serviceId,
          override_reasons: JSON.stringify(
            card.overrideReasons.map(({ system, code }) => ({ system, code })),
          ),
          issued_at: timestamp(card.issuedAt, 'issuedAt'),
          expires_at: timestamp(card.expiresAt, 'expiresAt'),
        }));
        await db
          .insertInto('cds_issued_cards')
          .values(rows)
          .onConflict((conflict) => conflict.column('card_uuid').doNothing())
          .execute();
      }
      if (Date.parse(now) - lastSweep >= SWEEP_EVERY_MS) {
        lastSweep = Date.parse(now);
        await db.deleteFrom('cds_issued_cards').where('expires_at', '<=', now).execute();
      }
    },
    async find(clinicId, serviceId, cardUuids, now) {
      timestamp(now, 'now');
      if (cardUuids.length === 0) return [];
      const rows = await db
        .selectFrom('cds_issued_cards')
        .selectAll()
        .where('clinic_id', '=', clinicId)
        .where('service_id', '=', serviceId)
        .where('expires_at', '>', now)
        .where('card_uuid', 'in', [...new Set(cardUuids.map((u) => u.toLowerCase()))])
        .execute();
      return rows.map((r) => ({
        cardUuid: r.card_uuid,
        clinicId: r.clinic_id,
        serviceId: r.service_id,
        overrideReasons: fromJson(r.override_reasons, isReasons, 'cds_issued_cards.override_reasons'),
        issuedAt: r.issued_at,
        expiresAt: r.expires_at,
      }));
    },
  };
}
