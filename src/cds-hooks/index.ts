/**
 * NeckCheck's CDS Hooks 2.0 services, as pure functions over the core: the discovery document, reading
 * prefetch, mapping the EHR record to answers, and the cards. No I/O, no clock, no randomness (the caller
 * passes the time and a UUID source); the HTTP adapter is src/server/routes/cds-hooks.ts.
 */
export type { NeckAppointment } from './appointment.js';
export { neckAppointments } from './appointment.js';
export type { CardDetail, CardEnv } from './card-parts.js';
export type { CdsAlgorithm, CdsClientConfig, PublicJwk } from './client-config.js';
export { CDS_ALGORITHMS, DEFAULT_ALGORITHMS, parseAllowedOrigins, parseCdsClients } from './client-config.js';
export type { CdsHook, PrefetchKey } from './constants.js';
export {
  CDS_HOOKS,
  OVERRIDE_REASON_SYSTEM,
  PREFETCH_KEYS,
  QUESTIONNAIRE_CANONICAL,
  REQUIRED_PREFETCH,
  SERVICE_IDS,
  SUMMARY_MAX_LENGTH,
} from './constants.js';
export { isoDate } from './dates.js';
export { langFromAcceptLanguage } from './lang.js';
export type { PrefetchedRecord, PrefetchState } from './prefetch.js';
export { missingPrefetch, notProvided, readPrefetch } from './prefetch.js';
export type { EhrScreening } from './questionnaire-response.js';
export { answersOfResponse, latestEhrScreening } from './questionnaire-response.js';
export type { Provenance, RecordAnswers, RecordOptions } from './record-answers.js';
export { ageAt, answersFromPrefetched, answersFromRecord } from './record-answers.js';
export type { ReplayVerdict } from './replay-cache.js';
export { ReplayCache } from './replay-cache.js';
export type { ScreeningReviews } from './review-card.js';
export * from './schemas.js';
export type { ServiceCall, StoredScreening } from './service.js';
export { cardsForCall } from './service.js';
export { PREFETCH_TEMPLATES, SERVICES, serviceById } from './services.js';
export type { SummarySpec } from './summaries.js';
export { everySummary, summaryOf, summaryText } from './summaries.js';
