/**
 * The clinic's records, as the store keeps them and the server and web app read them. Every record except a clinic belongs to exactly
 * one clinic; every tenant-scoped operation takes the clinic id and never crosses it.
 */
import type { Answers, Assessment, Decision, Disposition } from '../core/browser.js';

export type Id = string;
/** ISO 8601 UTC timestamp, e.g. 2026-11-25T10:00:00.000Z. */
export type Timestamp = string;

export const ROLES = ['admin', 'practitioner', 'reception'] as const;
export type Role = (typeof ROLES)[number];

export const MOMENTS = ['first_treatment', 'later_treatment', 'after_event'] as const;
export type Moment = (typeof MOMENTS)[number];

export interface Clinic {
  readonly id: Id;
  readonly name: string;
  readonly createdAt: Timestamp;
}

export interface User {
  readonly id: Id;
  readonly clinicId: Id;
  readonly email: string;
  readonly name: string;
  readonly role: Role;
  /** Profession id from the knowledge base, for practitioners. */
  readonly profession: string | null;
  readonly disabled: boolean;
  /** The password is a one-time password: the user may do nothing but change it. */
  readonly mustChangePassword: boolean;
  /** Designated by an admin: this practitioner signs the knowledge base's rules for the clinic (ADR 0019). */
  readonly clinicalLead: boolean;
  readonly createdAt: Timestamp;
}

export interface UserWithSecret extends User {
  readonly passwordHash: string;
}

export const SIGNOFF_VERDICTS = ['approved', 'changes_requested'] as const;
export type SignoffVerdict = (typeof SIGNOFF_VERDICTS)[number];

/**
 * A clinic's clinical lead signing one version of a rule of one knowledge base (ADR 0019). Immutable: a later
 * sign-off of the same rule names the one it `supersedes`, so the clinic's current word on a rule is the one
 * nothing supersedes.
 */
export interface RuleSignoff {
  readonly id: Id;
  readonly clinicId: Id;
  readonly ruleId: string;
  readonly ruleVersion: number;
  /** The knowledge base the rule was read in. */
  readonly kbHash: string;
  readonly userId: Id;
  readonly verdict: SignoffVerdict;
  /** May be empty. */
  readonly comment: string;
  readonly signedAt: Timestamp;
  /** The clinic's previous sign-off of this rule (null for its first). */
  readonly supersedes: Id | null;
}

/** Failed logins with one e-mail address (lower-case), whether or not an account has it. */
export interface LoginAttempts {
  readonly email: string;
  /** Failures in the current window, which started at the first of them. */
  readonly failures: number;
  readonly windowStartedAt: Timestamp;
  /** Set when the failures reached the limit: every login with this address is refused until then. */
  readonly lockedUntil: Timestamp | null;
  /** Failed attempts since the last successful login, which the user is told about at the next one. */
  readonly sinceLastLogin: number;
}

/** An account locked after too many failed logins, as its clinic's admins see it. */
export interface LockedAccount {
  readonly userId: Id;
  readonly email: string;
  readonly name: string;
  readonly lockedUntil: Timestamp;
  readonly failures: number;
}

export interface Session {
  /** SHA-256 of the session token; the token itself is never stored. */
  readonly tokenHash: string;
  readonly userId: Id;
  readonly clinicId: Id;
  readonly createdAt: Timestamp;
  readonly lastSeenAt: Timestamp;
  readonly expiresAt: Timestamp;
}

export interface ApiToken {
  readonly id: Id;
  readonly clinicId: Id;
  readonly name: string;
  readonly role: Role;
  readonly tokenHash: string;
  /** The user the token acts as: it has at most their current role, and stops when they are disabled. */
  readonly createdBy: Id;
  readonly createdAt: Timestamp;
  readonly revokedAt: Timestamp | null;
  readonly expiresAt: Timestamp;
  readonly lastUsedAt: Timestamp | null;
}

/** A user's TOTP two-factor settings, as stored; the secrets are encrypted by the server. */
export interface TwoFactorState {
  readonly enabled: boolean;
  readonly secret: string | null;
  /** An enrolment started and not yet confirmed by a first valid code. */
  readonly pendingSecret: string | null;
  readonly enabledAt: Timestamp | null;
  /** The last TOTP time step accepted: a code is accepted once (replay protection). */
  readonly lastStep: number | null;
  /** Wrong codes in a row, and until when codes are refused after too many. */
  readonly failures: number;
  readonly blockedUntil: Timestamp | null;
}

/** Between a correct password and a correct code at login; the token itself is never stored. */
export interface LoginChallenge {
  readonly tokenHash: string;
  readonly clinicId: Id;
  readonly userId: Id;
  readonly expiresAt: Timestamp;
  readonly attempts: number;
}

/**
 * A patient in an EHR, as that EHR's CDS client names them: the EHR (`system`, chosen in our CDS client
 * configuration, the issuer by default) and its own patient id. Unique per clinic.
 */
export interface EhrPatientRef {
  readonly system: string;
  readonly patientId: string;
}

/** A person screened. Contact details are kept minimal and optional. */
export interface Client {
  readonly id: Id;
  readonly clinicId: Id;
  readonly displayName: string;
  readonly birthYear: number | null;
  readonly email: string | null;
  readonly phone: string | null;
  readonly createdAt: Timestamp;
  /** The EHR patient this client is, when the clinic has linked them (CDS Hooks). */
  readonly ehrPatient: EhrPatientRef | null;
}

/** A client to create: the EHR link is optional (none when left out). */
export type NewClient = Omit<Client, 'id' | 'ehrPatient'> & { readonly ehrPatient?: EhrPatientRef | null };

export interface Intake {
  readonly id: Id;
  readonly clinicId: Id;
  readonly clientId: Id;
  readonly moment: Moment;
  readonly tokenHash: string;
  readonly createdBy: Id;
  readonly createdAt: Timestamp;
  readonly expiresAt: Timestamp;
  readonly usedAt: Timestamp | null;
  readonly screeningId: Id | null;
}

export type Submitter =
  | { readonly kind: 'client'; readonly intakeId: Id }
  | { readonly kind: 'user'; readonly userId: Id };

/** Immutable once stored. */
export interface Screening {
  readonly id: Id;
  readonly clinicId: Id;
  readonly clientId: Id;
  readonly moment: Moment;
  readonly answers: Answers;
  readonly assessment: Assessment;
  readonly disposition: Disposition;
  readonly kbVersion: string;
  readonly kbHash: string;
  readonly submittedBy: Submitter;
  readonly submittedAt: Timestamp;
  /** After this, a re-check is due. */
  readonly validUntil: Timestamp;
  /**
   * The screening this one completes: an in-room examination adds the therapist's confirmed findings to
   * a client's self-report, which stays stored as it was given. Null for a first step.
   */
  readonly basedOn: Id | null;
}

export const OVERRIDE_REASONS = [
  'clinical_judgement_lower_risk',
  'clinical_judgement_higher_risk',
  'medical_clearance_obtained',
  'information_incorrect',
  'client_declined',
  'other',
] as const;
export type OverrideReason = (typeof OVERRIDE_REASONS)[number];

/** A clinician's sign-off or override. Never alters the stored assessment. */
export type Review =
  | {
      readonly id: Id;
      readonly clinicId: Id;
      readonly screeningId: Id;
      readonly userId: Id;
      readonly kind: 'signoff';
      readonly note: string;
      readonly createdAt: Timestamp;
    }
  | {
      readonly id: Id;
      readonly clinicId: Id;
      readonly screeningId: Id;
      readonly userId: Id;
      readonly kind: 'override';
      readonly note: string;
      readonly techniqueId: string;
      readonly decision: Decision;
      readonly reasonCode: OverrideReason;
      readonly reasonText: string;
      readonly createdAt: Timestamp;
    };

export interface Consent {
  readonly id: Id;
  readonly clinicId: Id;
  readonly clientId: Id;
  readonly screeningId: Id;
  readonly techniques: readonly string[];
  readonly lang: 'en' | 'fr';
  /** Exactly the text shown to the client when they signed. */
  readonly textShown: string;
  readonly signerName: string;
  readonly signedAt: Timestamp;
  readonly recordedBy: Id | null;
  /** The signature the client drew besides typing their name, as a PNG data URL; null when none. */
  readonly signature: string | null;
}

export interface Treatment {
  readonly id: Id;
  readonly clinicId: Id;
  readonly clientId: Id;
  readonly screeningId: Id | null;
  readonly practitionerId: Id;
  readonly date: string;
  readonly techniques: readonly string[];
  readonly createdAt: Timestamp;
}

export const SEVERITY_GRADES = [1, 2, 3, 4, 5] as const;
export type SeverityGrade = (typeof SEVERITY_GRADES)[number];

export interface AdverseEvent {
  readonly id: Id;
  readonly clinicId: Id;
  readonly clientId: Id;
  readonly treatmentId: Id | null;
  readonly techniqueId: string | null;
  readonly onset: Timestamp;
  readonly symptoms: string;
  readonly severity: SeverityGrade;
  readonly actionTaken: string;
  readonly followUp: string;
  readonly reportedBy: Id;
  readonly createdAt: Timestamp;
  /**
   * The after-event screening that triaged the reported symptoms through the engine; null only for
   * events reported before structured triage existed.
   */
  readonly triageScreeningId: Id | null;
}

export const AUDIT_OUTCOMES = ['success', 'failure', 'denied'] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

/** What the caller records; the store adds the sequence number and the hash chain. */
export interface AuditEvent {
  readonly at: Timestamp;
  readonly clinicId: Id | null;
  /** `user:<id>`, `token:<id>`, `intake:<id>`, `cds:<issuer>` or `anonymous`. */
  readonly actor: string;
  /** e.g. `screening.read`, `auth.login`, `client.erase`. */
  readonly action: string;
  readonly resourceType: string | null;
  readonly resourceId: Id | null;
  readonly outcome: AuditOutcome;
  readonly requestId: string | null;
  readonly ip: string | null;
  /** The screening or review this entry records (resourceType and resourceId name it), hashed into the chain. */
  readonly record?: AuditedRecord | null;
}

/** A record's content hash at the time it was written, and the client it belongs to (erasure removes it). */
export interface AuditedRecord {
  readonly hash: string;
  readonly clientId: Id;
}

export interface AuditEntry extends Omit<AuditEvent, 'record'> {
  readonly seq: number;
  readonly record: AuditedRecord | null;
  /** The key that chained the entry; null for the unkeyed entries written before keys existed. */
  readonly keyId: string | null;
  readonly prevHash: string;
  readonly hash: string;
}

export const CDS_OUTCOMES = ['accepted', 'overridden'] as const;
export type CdsOutcome = (typeof CDS_OUTCOMES)[number];

/** A FHIR Coding as a CDS client sends it: every part optional. */
export interface CodingRef {
  readonly system: string | null;
  readonly code: string | null;
  readonly display: string | null;
}

/**
 * What a CDS client (EHR) reported about one card it showed: accepted (with the suggestions taken) or
 * overridden (with a reason). Immutable; stored once per card, outcome and outcome timestamp.
 */
export interface CdsFeedback {
  readonly id: Id;
  readonly clinicId: Id;
  readonly serviceId: string;
  readonly cardUuid: string;
  readonly outcome: CdsOutcome;
  /** Ids (uuids) of the suggestions the user accepted; empty when overridden. */
  readonly acceptedSuggestions: readonly string[];
  readonly overrideReason: CodingRef | null;
  readonly overrideComment: string | null;
  /** When the user acted, as the client reported it (normalised to UTC). */
  readonly outcomeTimestamp: Timestamp;
  /** When we received it. */
  readonly receivedAt: Timestamp;
  /** The `iss` of the CDS client's JWT. */
  readonly issuer: string;
}
