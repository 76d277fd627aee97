/** Response schemas of the clinic's records, and the functions that turn stored records into them. */
import Type from 'typebox';
import { DECISIONS, DISPOSITIONS } from '../../core/index.js';
import type {
  AdverseEvent,
  Client,
  Consent,
  Intake,
  Review,
  Screening,
  Treatment,
  User,
} from '../../store/types.js';
import { MOMENTS, OVERRIDE_REASONS, ROLES } from '../../store/types.js';
import { AnswersSchema, AssessmentSchema } from './assessment.js';

const Nullable = <T extends Type.TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

export const UserSchema = Type.Object({
  id: Type.String(),
  email: Type.String(),
  name: Type.String(),
  role: Type.Enum(ROLES),
  profession: Nullable(Type.String()),
  disabled: Type.Boolean(),
  createdAt: Type.String(),
});
export const userView = (u: User) => ({
  id: u.id,
  email: u.email,
  name: u.name,
  role: u.role,
  profession: u.profession,
  disabled: u.disabled,
  createdAt: u.createdAt,
});

export const ClientSchema = Type.Object({
  id: Type.String(),
  displayName: Type.String(),
  birthYear: Nullable(Type.Integer()),
  email: Nullable(Type.String()),
  phone: Nullable(Type.String()),
  createdAt: Type.String(),
  ehrPatient: Nullable(
    Type.Object({
      system: Type.String({ description: "The EHR's identifier (its CDS Hooks `ehrSystem`)" }),
      patientId: Type.String({ description: 'The patient id in that EHR' }),
    }),
  ),
});
export const clientView = (c: Client) => ({
  id: c.id,
  displayName: c.displayName,
  birthYear: c.birthYear,
  email: c.email,
  phone: c.phone,
  createdAt: c.createdAt,
  ehrPatient: c.ehrPatient,
});

export const IntakeSchema = Type.Object({
  id: Type.String(),
  clientId: Type.String(),
  moment: Type.Enum(MOMENTS),
  createdAt: Type.String(),
  expiresAt: Type.String(),
  usedAt: Nullable(Type.String()),
  screeningId: Nullable(Type.String()),
});
export const intakeView = (i: Intake) => ({
  id: i.id,
  clientId: i.clientId,
  moment: i.moment,
  createdAt: i.createdAt,
  expiresAt: i.expiresAt,
  usedAt: i.usedAt,
  screeningId: i.screeningId,
});

export const ScreeningSummarySchema = Type.Object({
  id: Type.String(),
  clientId: Type.String(),
  moment: Type.Enum(MOMENTS),
  disposition: Type.Enum(DISPOSITIONS),
  reviewNeeded: Type.Boolean(),
  kbVersion: Type.String(),
  submittedBy: Type.Object({ kind: Type.String() }, { additionalProperties: true }),
  submittedAt: Type.String(),
  validUntil: Type.String(),
});
export const screeningSummary = (s: Screening) => ({
  id: s.id,
  clientId: s.clientId,
  moment: s.moment,
  disposition: s.disposition,
  reviewNeeded: s.assessment.reviewNeeded,
  kbVersion: s.kbVersion,
  submittedBy: s.submittedBy,
  submittedAt: s.submittedAt,
  validUntil: s.validUntil,
});

export const ReviewSchema = Type.Object({
  id: Type.String(),
  screeningId: Type.String(),
  userId: Type.String(),
  kind: Type.Enum(['signoff', 'override']),
  note: Type.String(),
  techniqueId: Type.Optional(Type.String()),
  decision: Type.Optional(Type.Enum(DECISIONS)),
  reasonCode: Type.Optional(Type.Enum(OVERRIDE_REASONS)),
  reasonText: Type.Optional(Type.String()),
  createdAt: Type.String(),
});
export const reviewView = (r: Review) => {
  const { clinicId: _clinic, ...rest } = r;
  return rest;
};

export const ConsentSchema = Type.Object({
  id: Type.String(),
  clientId: Type.String(),
  screeningId: Type.String(),
  techniques: Type.Array(Type.String()),
  lang: Type.Enum(['en', 'fr']),
  textShown: Type.String(),
  signerName: Type.String(),
  signedAt: Type.String(),
  recordedBy: Nullable(Type.String()),
  signature: Nullable(Type.String({ description: 'The drawn signature (PNG data URL), when there is one' })),
});
export const consentView = (c: Consent) => {
  const { clinicId: _clinic, ...rest } = c;
  return rest;
};

export const TreatmentSchema = Type.Object({
  id: Type.String(),
  clientId: Type.String(),
  screeningId: Nullable(Type.String()),
  practitionerId: Type.String(),
  date: Type.String(),
  techniques: Type.Array(Type.String()),
  createdAt: Type.String(),
});
export const treatmentView = (t: Treatment) => {
  const { clinicId: _clinic, ...rest } = t;
  return rest;
};

export const AdverseEventSchema = Type.Object({
  id: Type.String(),
  clientId: Type.String(),
  treatmentId: Nullable(Type.String()),
  techniqueId: Nullable(Type.String()),
  onset: Type.String(),
  symptoms: Type.String(),
  severity: Type.Integer({ minimum: 1, maximum: 5 }),
  actionTaken: Type.String(),
  followUp: Type.String(),
  reportedBy: Type.String(),
  createdAt: Type.String(),
});
export const adverseEventView = (e: AdverseEvent) => {
  const { clinicId: _clinic, ...rest } = e;
  return rest;
};

export const ScreeningSchema = Type.Object({
  screening: Type.Intersect([
    ScreeningSummarySchema,
    Type.Object({ answers: AnswersSchema, assessment: AssessmentSchema, kbHash: Type.String() }),
  ]),
  reviews: Type.Array(ReviewSchema),
  consents: Type.Array(ConsentSchema),
});
