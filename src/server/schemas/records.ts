/** Response schemas of the clinic's records, and the functions that turn stored records into them. */
import Type from 'typebox';
import type { ScreeningRecord } from '../../clinic/index.js';
import type { Assessment } from '../../core/index.js';
import { DECISIONS, DISPOSITIONS } from '../../core/index.js';
import type { CompactAssessment } from '../../report/index.js';
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
import { AnswersSchema, AssessmentViewSchema } from './assessment.js';

const Nullable = <T extends Type.TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

export const UserSchema = Type.Object({
  id: Type.String(),
  email: Type.String(),
  name: Type.String(),
  role: Type.Enum(ROLES),
  profession: Nullable(Type.String()),
  disabled: Type.Boolean(),
  mustChangePassword: Type.Boolean(),
  /** Signs the knowledge base's rules for the clinic (a practitioner an admin designated; ADR 0019). */
  clinicalLead: Type.Boolean(),
  createdAt: Type.String(),
});
export const userView = (u: User) => ({
  id: u.id,
  email: u.email,
  name: u.name,
  role: u.role,
  profession: u.profession,
  disabled: u.disabled,
  mustChangePassword: u.mustChangePassword,
  clinicalLead: u.clinicalLead,
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
  basedOn: Nullable(
    Type.String({ description: 'The self-report this screening completed with the examination, if any' }),
  ),
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
  basedOn: s.basedOn,
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
  triageScreeningId: Nullable(
    Type.String({ description: 'The after-event screening that triaged the symptoms through the engine' }),
  ),
});
export const adverseEventView = (e: AdverseEvent) => {
  const { clinicId: _clinic, ...rest } = e;
  return rest;
};

export const ScreeningSchema = Type.Object({
  screening: Type.Intersect([
    ScreeningSummarySchema,
    Type.Object({ answers: AnswersSchema, assessment: AssessmentViewSchema, kbHash: Type.String() }),
  ]),
  reviews: Type.Array(ReviewSchema),
  consents: Type.Array(ConsentSchema),
  record: Type.Object(
    {
      client: Type.Object({
        id: Type.String(),
        displayName: Type.String(),
        birthYear: Nullable(Type.Integer()),
      }),
      clinic: Type.Object({ id: Type.String(), name: Type.String() }),
      people: Type.Array(
        Type.Object({
          id: Type.String(),
          name: Type.String(),
          role: Type.Enum(ROLES),
          profession: Nullable(Type.String()),
        }),
      ),
      effective: Type.Array(
        Type.Object({
          techniqueId: Type.String(),
          force: Type.Integer(),
          assessed: Type.Enum(DECISIONS),
          decision: Type.Enum(DECISIONS, { description: 'The decision that counts after reviews' }),
          override: Nullable(ReviewSchema),
          raisedBy: Nullable(
            Type.String({ description: 'The gentler technique whose stricter decision carried upwards' }),
          ),
        }),
      ),
      steps: Type.Array(
        Type.Object({
          kind: Type.Enum(['self_report', 'screening', 'examination', 'signoff']),
          at: Type.String(),
          by: Type.Object({ kind: Type.String() }, { additionalProperties: true }),
          screeningId: Type.String(),
          note: Type.Optional(Type.String()),
        }),
      ),
      changes: Type.Array(
        Type.Object({ questionId: Type.String(), before: Type.Unknown(), after: Type.Unknown() }),
        { description: 'What the examination changed or added to the self-report' },
      ),
      currency: Type.Enum(['current', 'none', 'superseded', 'expired', 'after_event']),
      clearanceRequired: Type.Boolean({
        description:
          'It follows an emergency or referral screening and awaits a sign-off noting the clearance before consent or treatment',
      }),
    },
    { description: 'Whose screening it is, who did each step, and the decisions that count after reviews' },
  ),
});

/**
 * The screening page's data: the stored screening with its assessment in the form asked for, its reviews
 * and consents, and the clinic's view of it.
 */
export const screeningDetail = (r: ScreeningRecord, assessment: Assessment | CompactAssessment) => ({
  screening: {
    ...screeningSummary(r.screening),
    answers: r.screening.answers,
    assessment,
    kbHash: r.screening.kbHash,
  },
  reviews: r.reviews.map(reviewView),
  consents: r.consents.map(consentView),
  record: {
    client: r.client,
    clinic: r.clinic,
    people: r.people,
    effective: r.effective.map((e) => ({
      ...e,
      override: e.override === null ? null : reviewView(e.override),
    })),
    steps: r.steps,
    changes: r.changes,
    currency: r.currency,
    clearanceRequired: r.clearanceRequired,
  },
});
