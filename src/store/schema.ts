/**
 * The tables as Kysely sees them. Column names are snake_case; the repositories map rows to the camelCase
 * records of types.ts. The same types hold on both dialects: JSON is TEXT holding JSON, timestamps are ISO
 * strings, booleans are INTEGER 0/1, and PostgreSQL's int8 is parsed to a number by the pool.
 */
import type { ColumnType, Generated } from 'kysely';

export type StoreDialect = 'sqlite' | 'postgres';

export interface ClinicsTable {
  id: string;
  name: string;
  created_at: string;
  require_two_factor: Generated<number>;
}

export interface UsersTable {
  id: string;
  clinic_id: string;
  /** Always lower-cased, so that uniqueness is case-insensitive. */
  email: string;
  name: string;
  role: string;
  profession: string | null;
  disabled: number;
  password_hash: string;
  created_at: string;
  /** Migration 0005: 1 while the password is a one-time password the user must change. */
  must_change_password: Generated<number>;
  /** The TOTP secret, encrypted by the server (see src/server/auth/two-factor-secrets.ts). */
  totp_secret: string | null;
  totp_pending_secret: string | null;
  totp_enabled_at: string | null;
  totp_last_step: number | null;
  two_factor_failures: Generated<number>;
  two_factor_blocked_until: string | null;
  /** Migration 0010: 1 for a practitioner an admin designated clinical lead. */
  clinical_lead: Generated<number>;
}

export interface SessionsTable {
  token_hash: string;
  user_id: string;
  clinic_id: string;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
}

export interface ApiTokensTable {
  id: string;
  clinic_id: string;
  name: string;
  role: string;
  token_hash: string;
  created_by: string;
  created_at: string;
  revoked_at: string | null;
  /** Null only for a row written by hand after migration 0006: read as expired. */
  expires_at: string | null;
  last_used_at: string | null;
}

export interface RecoveryCodesTable {
  code_hash: string;
  clinic_id: string;
  user_id: string;
  created_at: string;
  used_at: string | null;
}

export interface LoginChallengesTable {
  token_hash: string;
  clinic_id: string;
  user_id: string;
  expires_at: string;
  attempts: Generated<number>;
}

export interface ClientsTable {
  id: string;
  clinic_id: string;
  display_name: string;
  birth_year: number | null;
  email: string | null;
  phone: string | null;
  /** Lower-cased, accent-free name, email and phone, computed by the repository for searching. */
  search_key: string;
  created_at: string;
  /** Migration 0002: the linked EHR patient; both null or both set, unique per clinic. */
  ehr_system: string | null;
  ehr_patient_id: string | null;
}

export interface IntakesTable {
  id: string;
  clinic_id: string;
  client_id: string;
  moment: string;
  token_hash: string;
  created_by: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
  screening_id: string | null;
}

export interface ScreeningsTable {
  id: string;
  clinic_id: string;
  client_id: string;
  moment: string;
  answers: string;
  /** The whole assessment: rows written before migration 0009, or of a knowledge base without a snapshot. */
  assessment: string | null;
  /** The compact outcome (src/core/engine/outcome.ts), expanded with the snapshot in kb_versions. */
  outcome: string | null;
  disposition: string;
  kb_version: string;
  kb_hash: string;
  submitted_by: string;
  submitted_at: string;
  valid_until: string;
  based_on: string | null;
}

export interface RuleSignoffsTable {
  id: string;
  clinic_id: string;
  rule_id: string;
  rule_version: number;
  kb_hash: string;
  user_id: string;
  verdict: string;
  comment: string;
  signed_at: string;
  supersedes: string | null;
}

export interface ReviewsTable {
  id: string;
  clinic_id: string;
  screening_id: string;
  user_id: string;
  kind: string;
  note: string;
  technique_id: string | null;
  decision: string | null;
  reason_code: string | null;
  reason_text: string | null;
  created_at: string;
}

export interface ConsentsTable {
  id: string;
  clinic_id: string;
  client_id: string;
  screening_id: string;
  techniques: string;
  lang: string;
  text_shown: string;
  signer_name: string;
  signed_at: string;
  recorded_by: string | null;
  /** Migration 0003: a drawn signature (PNG data URL), or null. */
  signature: string | null;
}

export interface TreatmentsTable {
  id: string;
  clinic_id: string;
  client_id: string;
  screening_id: string | null;
  practitioner_id: string;
  date: string;
  techniques: string;
  created_at: string;
}

export interface AdverseEventsTable {
  id: string;
  clinic_id: string;
  client_id: string;
  treatment_id: string | null;
  technique_id: string | null;
  onset: string;
  symptoms: string;
  severity: number;
  action_taken: string;
  follow_up: string;
  reported_by: string;
  created_at: string;
  triage_screening_id: string | null;
}

export interface AuditLogTable {
  seq: number;
  at: string;
  clinic_id: string | null;
  actor: string;
  action: string;
  resource_type: string | null;
  resource_id: string | null;
  outcome: string;
  request_id: string | null;
  ip: string | null;
  /** 0008: null on the unkeyed entries written before. */
  key_id: Nullable;
  record_hash: Nullable;
  record_client_id: Nullable;
  prev_hash: string;
  hash: string;
}

/** A nullable column added later: optional on insert, so older inserts stay valid. */
type Nullable = ColumnType<string | null, string | null | undefined, string | null>;

/** Migration 0002: feedback from CDS clients on the cards they showed. */
export interface CdsFeedbackTable {
  id: string;
  clinic_id: string;
  service_id: string;
  card_uuid: string;
  outcome: string;
  /** JSON array of suggestion ids. */
  accepted_suggestions: string;
  override_reason_system: string | null;
  override_reason_code: string | null;
  override_reason_display: string | null;
  override_comment: string | null;
  outcome_timestamp: string;
  received_at: string;
  issuer: string;
}

/** Migration 0003: the jti of each accepted CDS client JWT, until the token expires. */
export interface CdsJwtIdsTable {
  iss: string;
  jti: string;
  expires_at: string;
}

/** Migration 0011: the cards the CDS services issued, until their retention ends. */
export interface CdsIssuedCardsTable {
  card_uuid: string;
  clinic_id: string;
  service_id: string;
  /** JSON array of {system, code}: the override reasons the card offered. */
  override_reasons: string;
  issued_at: string;
  expires_at: string;
}

/** One row (id = 1): the last sequence number and hash of the audit chain. Appends lock it. */
export interface AuditHeadTable {
  id: number;
  seq: number;
  hash: string;
  /** 0008: the last entry removed by retention (0 and 64 zeros when none): the chain starts after it. */
  pruned_seq: ColumnType<number, number | undefined, number>;
  pruned_hash: ColumnType<string, string | undefined, string>;
}

/** Migration 0005: failed logins per e-mail address typed (whether or not an account has it). */
export interface LoginAttemptsTable {
  email: string;
  failures: number;
  window_started_at: string;
  locked_until: string | null;
  since_last_login: number;
}

/** One row per knowledge-base content hash, written once, never changed (migration 0009). */
export interface KbVersionsTable {
  hash: string;
  kb_id: string;
  version: string;
  /** The knowledge bundle (src/core/kb/bundle.ts) as JSON. */
  bundle: string;
  created_at: string;
}

/** Always empty: the readiness probe's scratch row (migration 0007). */
export interface WriteProbeTable {
  id: string;
  pad: string;
}

export interface Database {
  clinics: ClinicsTable;
  users: UsersTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  recovery_codes: RecoveryCodesTable;
  login_challenges: LoginChallengesTable;
  clients: ClientsTable;
  intakes: IntakesTable;
  screenings: ScreeningsTable;
  reviews: ReviewsTable;
  rule_signoffs: RuleSignoffsTable;
  consents: ConsentsTable;
  treatments: TreatmentsTable;
  adverse_events: AdverseEventsTable;
  audit_log: AuditLogTable;
  audit_head: AuditHeadTable;
  cds_feedback: CdsFeedbackTable;
  cds_jwt_ids: CdsJwtIdsTable;
  cds_issued_cards: CdsIssuedCardsTable;
  login_attempts: LoginAttemptsTable;
  write_probe: WriteProbeTable;
  kb_versions: KbVersionsTable;
}
