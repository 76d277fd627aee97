/** Rows to records: snake_case columns to the camelCase types of types.ts, with every value checked. */
import type { Selectable } from 'kysely';
import type { Assessment, KnowledgeBase } from '../core/index.js';
import { DISPOSITIONS, expandOutcome } from '../core/index.js';
import {
  checked,
  fromFlag,
  fromJson,
  isAnswers,
  isAssessment,
  isDecision,
  isOutcome,
  isStringArray,
  isSubmitter,
  oneOf,
} from './codec.js';
import { StoreDataError } from './errors.js';
import type { ScreeningRef } from './port.js';
import type {
  AdverseEventsTable,
  ApiTokensTable,
  AuditLogTable,
  CdsFeedbackTable,
  ClientsTable,
  ClinicsTable,
  ConsentsTable,
  IntakesTable,
  LoginAttemptsTable,
  ReviewsTable,
  RuleSignoffsTable,
  ScreeningsTable,
  SessionsTable,
  TreatmentsTable,
  UsersTable,
} from './schema.js';
import type {
  AdverseEvent,
  ApiToken,
  AuditEntry,
  CdsFeedback,
  Client,
  Clinic,
  Consent,
  Intake,
  LoginAttempts,
  Review,
  RuleSignoff,
  Screening,
  Session,
  Treatment,
  User,
  UserWithSecret,
} from './types.js';
import {
  AUDIT_OUTCOMES,
  CDS_OUTCOMES,
  MOMENTS,
  OVERRIDE_REASONS,
  ROLES,
  SEVERITY_GRADES,
  SIGNOFF_VERDICTS,
} from './types.js';

const isRole = oneOf(ROLES);
const isMoment = oneOf(MOMENTS);

export const toClinic = (r: Pick<Selectable<ClinicsTable>, 'id' | 'name' | 'created_at'>): Clinic => ({
  id: r.id,
  name: r.name,
  createdAt: r.created_at,
});

/** The two-factor columns are read by the two-factor repository only. */
type UserRow = Omit<Selectable<UsersTable>, TwoFactorColumn>;
type TwoFactorColumn =
  | 'totp_secret'
  | 'totp_pending_secret'
  | 'totp_enabled_at'
  | 'totp_last_step'
  | 'two_factor_failures'
  | 'two_factor_blocked_until';

export const toUser = (r: UserRow): User => ({
  id: r.id,
  clinicId: r.clinic_id,
  email: r.email,
  name: r.name,
  role: checked(r.role, isRole, 'users.role'),
  profession: r.profession,
  disabled: fromFlag(r.disabled, 'users.disabled'),
  mustChangePassword: fromFlag(r.must_change_password, 'users.must_change_password'),
  clinicalLead: fromFlag(r.clinical_lead, 'users.clinical_lead'),
  createdAt: r.created_at,
});

export const toUserWithSecret = (r: UserRow): UserWithSecret => ({
  ...toUser(r),
  passwordHash: r.password_hash,
});

export const toLoginAttempts = (r: Selectable<LoginAttemptsTable>): LoginAttempts => ({
  email: r.email,
  failures: Number(r.failures),
  windowStartedAt: r.window_started_at,
  lockedUntil: r.locked_until,
  sinceLastLogin: Number(r.since_last_login),
});

export const toSession = (r: Selectable<SessionsTable>): Session => ({
  tokenHash: r.token_hash,
  userId: r.user_id,
  clinicId: r.clinic_id,
  createdAt: r.created_at,
  lastSeenAt: r.last_seen_at,
  expiresAt: r.expires_at,
});

export const toApiToken = (r: Selectable<ApiTokensTable>): ApiToken => ({
  id: r.id,
  clinicId: r.clinic_id,
  name: r.name,
  role: checked(r.role, isRole, 'api_tokens.role'),
  tokenHash: r.token_hash,
  createdBy: r.created_by,
  createdAt: r.created_at,
  revokedAt: r.revoked_at,
  // A row without an expiry (only possible when written by hand) counts as expired since its creation.
  expiresAt: r.expires_at ?? r.created_at,
  lastUsedAt: r.last_used_at,
});

export const toClient = (r: Selectable<ClientsTable>): Client => ({
  id: r.id,
  clinicId: r.clinic_id,
  displayName: r.display_name,
  birthYear: r.birth_year,
  email: r.email,
  phone: r.phone,
  createdAt: r.created_at,
  ehrPatient:
    r.ehr_system === null || r.ehr_patient_id === null
      ? null
      : { system: r.ehr_system, patientId: r.ehr_patient_id },
});

export const toIntake = (r: Selectable<IntakesTable>): Intake => ({
  id: r.id,
  clinicId: r.clinic_id,
  clientId: r.client_id,
  moment: checked(r.moment, isMoment, 'intakes.moment'),
  tokenHash: r.token_hash,
  createdBy: r.created_by,
  createdAt: r.created_at,
  expiresAt: r.expires_at,
  usedAt: r.used_at,
  screeningId: r.screening_id,
});

/**
 * A screening row with its assessment: the stored one (rows before migration 0009, or of a knowledge
 * base without a snapshot), or its outcome expanded with the knowledge base in `kbs` under its hash.
 */
export const toScreening = (
  r: Selectable<ScreeningsTable>,
  kbs: ReadonlyMap<string, KnowledgeBase>,
): Screening => ({
  id: r.id,
  clinicId: r.clinic_id,
  clientId: r.client_id,
  moment: checked(r.moment, isMoment, 'screenings.moment'),
  answers: fromJson(r.answers, isAnswers, 'screenings.answers'),
  assessment: assessmentOf(r, kbs),
  disposition: checked(r.disposition, oneOf(DISPOSITIONS), 'screenings.disposition'),
  kbVersion: r.kb_version,
  kbHash: r.kb_hash,
  submittedBy: fromJson(r.submitted_by, isSubmitter, 'screenings.submitted_by'),
  submittedAt: r.submitted_at,
  validUntil: r.valid_until,
  basedOn: r.based_on,
});

function assessmentOf(r: Selectable<ScreeningsTable>, kbs: ReadonlyMap<string, KnowledgeBase>): Assessment {
  if (r.assessment !== null) return fromJson(r.assessment, isAssessment, 'screenings.assessment');
  if (r.outcome === null) throw new StoreDataError('stored screening has neither assessment nor outcome');
  const outcome = fromJson(r.outcome, isOutcome, 'screenings.outcome');
  const kb = kbs.get(r.kb_hash);
  if (kb === undefined || outcome.kb.hash !== r.kb_hash)
    throw new StoreDataError(`stored screening outcome has no snapshot of knowledge base ${r.kb_hash}`);
  try {
    return expandOutcome(outcome, kb);
  } catch (error) {
    throw new StoreDataError(
      `stored screening outcome does not fit its knowledge base: ${(error as Error).message}`,
    );
  }
}

export const toScreeningRef = (
  r: Pick<Selectable<ScreeningsTable>, 'id' | 'moment' | 'disposition' | 'submitted_at' | 'valid_until'>,
): ScreeningRef => ({
  id: r.id,
  moment: checked(r.moment, isMoment, 'screenings.moment'),
  disposition: checked(r.disposition, oneOf(DISPOSITIONS), 'screenings.disposition'),
  submittedAt: r.submitted_at,
  validUntil: r.valid_until,
});

export function toReview(r: Selectable<ReviewsTable>): Review {
  const common = {
    id: r.id,
    clinicId: r.clinic_id,
    screeningId: r.screening_id,
    userId: r.user_id,
    note: r.note,
    createdAt: r.created_at,
  };
  if (r.kind === 'signoff') return { ...common, kind: 'signoff' };
  if (r.kind !== 'override' || r.technique_id === null || r.reason_text === null)
    throw new StoreDataError('stored review is neither a complete sign-off nor a complete override');
  return {
    ...common,
    kind: 'override',
    techniqueId: r.technique_id,
    decision: checked(r.decision, isDecision, 'reviews.decision'),
    reasonCode: checked(r.reason_code, oneOf(OVERRIDE_REASONS), 'reviews.reason_code'),
    reasonText: r.reason_text,
  };
}

export const toConsent = (r: Selectable<ConsentsTable>): Consent => ({
  id: r.id,
  clinicId: r.clinic_id,
  clientId: r.client_id,
  screeningId: r.screening_id,
  techniques: fromJson(r.techniques, isStringArray, 'consents.techniques'),
  lang: checked(r.lang, oneOf(['en', 'fr'] as const), 'consents.lang'),
  textShown: r.text_shown,
  signerName: r.signer_name,
  signedAt: r.signed_at,
  recordedBy: r.recorded_by,
  signature: r.signature,
});

export const toTreatment = (r: Selectable<TreatmentsTable>): Treatment => ({
  id: r.id,
  clinicId: r.clinic_id,
  clientId: r.client_id,
  screeningId: r.screening_id,
  practitionerId: r.practitioner_id,
  date: r.date,
  techniques: fromJson(r.techniques, isStringArray, 'treatments.techniques'),
  createdAt: r.created_at,
});

export const toAdverseEvent = (r: Selectable<AdverseEventsTable>): AdverseEvent => ({
  id: r.id,
  clinicId: r.clinic_id,
  clientId: r.client_id,
  treatmentId: r.treatment_id,
  techniqueId: r.technique_id,
  onset: r.onset,
  symptoms: r.symptoms,
  severity: checked(r.severity, oneOf(SEVERITY_GRADES), 'adverse_events.severity'),
  actionTaken: r.action_taken,
  followUp: r.follow_up,
  reportedBy: r.reported_by,
  createdAt: r.created_at,
  triageScreeningId: r.triage_screening_id,
});

export const toAuditEntry = (r: Selectable<AuditLogTable>): AuditEntry => ({
  seq: Number(r.seq),
  at: r.at,
  clinicId: r.clinic_id,
  actor: r.actor,
  action: r.action,
  resourceType: r.resource_type,
  resourceId: r.resource_id,
  outcome: checked(r.outcome, oneOf(AUDIT_OUTCOMES), 'audit_log.outcome'),
  requestId: r.request_id,
  ip: r.ip,
  record:
    r.record_hash === null || r.record_client_id === null
      ? null
      : { hash: r.record_hash, clientId: r.record_client_id },
  keyId: r.key_id,
  prevHash: r.prev_hash,
  hash: r.hash,
});

export const toCdsFeedback = (r: Selectable<CdsFeedbackTable>): CdsFeedback => ({
  id: r.id,
  clinicId: r.clinic_id,
  serviceId: r.service_id,
  cardUuid: r.card_uuid,
  outcome: checked(r.outcome, oneOf(CDS_OUTCOMES), 'cds_feedback.outcome'),
  acceptedSuggestions: fromJson(r.accepted_suggestions, isStringArray, 'cds_feedback.accepted_suggestions'),
  overrideReason:
    r.override_reason_system === null && r.override_reason_code === null && r.override_reason_display === null
      ? null
      : {
          system: r.override_reason_system,
          code: r.override_reason_code,
          display: r.override_reason_display,
        },
  overrideComment: r.override_comment,
  outcomeTimestamp: r.outcome_timestamp,
  receivedAt: r.received_at,
  issuer: r.issuer,
});

export const toRuleSignoff = (r: Selectable<RuleSignoffsTable>): RuleSignoff => ({
  id: r.id,
  clinicId: r.clinic_id,
  ruleId: r.rule_id,
  ruleVersion: Number(r.rule_version),
  kbHash: r.kb_hash,
  userId: r.user_id,
  verdict: checked(r.verdict, oneOf(SIGNOFF_VERDICTS), 'rule_signoffs.verdict'),
  comment: r.comment,
  signedAt: r.signed_at,
  supersedes: r.supersedes,
});
