/**
 * When a screening is current, that is, good enough to treat on: it is the client's latest screening,
 * it has not expired, and it is not an after-event triage (something happened: the client needs a
 * re-check screening before the next treatment).
 */
import type { Screening, Timestamp } from './records.js';
import type { Verdict } from './refusal.js';
import { ALLOWED, refuse } from './refusal.js';

export type Currency = 'current' | 'none' | 'superseded' | 'expired' | 'after_event';

type Dated = Pick<Screening, 'id' | 'moment' | 'submittedAt' | 'validUntil'>;

export function currencyOf(
  screening: Dated | undefined,
  latest: Dated | undefined,
  now: Timestamp,
): Currency {
  if (screening === undefined || latest === undefined) return 'none';
  if (screening.id !== latest.id) return 'superseded';
  if (screening.moment === 'after_event') return 'after_event';
  if (Date.parse(screening.validUntil) <= Date.parse(now)) return 'expired';
  return 'current';
}

const WHY = {
  none: {
    en: 'This client has no screening yet: screen them before any treatment or consent.',
    fr: "Ce client n'a pas encore de dépistage : faites-le avant tout traitement ou consentement.",
  },
  superseded: {
    en: 'A newer screening of this client exists: use the latest one.',
    fr: 'Un dépistage plus récent de ce client existe : utilisez le plus récent.',
  },
  expired: {
    en: "This client's screening has expired: do a re-check screening first.",
    fr: 'Le dépistage de ce client a expiré : faites d’abord un nouveau dépistage de contrôle.',
  },
  after_event: {
    en: 'Something happened after the last treatment: do a re-check screening before treating again.',
    fr: 'Un événement a suivi le dernier traitement : faites un nouveau dépistage avant de traiter à nouveau.',
  },
} as const;

export function checkCurrent(
  screening: Dated | undefined,
  latest: Dated | undefined,
  now: Timestamp,
): Verdict {
  const currency = currencyOf(screening, latest, now);
  return currency === 'current' ? ALLOWED : refuse('screening_not_current', WHY[currency]);
}
