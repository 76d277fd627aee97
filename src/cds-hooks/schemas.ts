/**
 * CDS Hooks 2.0 payloads as TypeBox schemas, written from the specification's tables (no maintained JSON
 * Schema exists for 2.0): discovery, the request (with each hook's context), the response (cards and
 * systemActions) and feedback. The server validates requests with them and checks every response it sends.
 * TypeBox is pure data and functions, as in the core (test/architecture.test.ts allows it there).
 */
import Type from 'typebox';
import { SUMMARY_MAX_LENGTH } from './constants.js';

const UUID = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';
const strict = { additionalProperties: false } as const;
/** `extension`: a reserved name on requests and responses; its keys are reverse-domain names. */
const Extension = Type.Optional(Type.Record(Type.String(), Type.Unknown()));
const Id = Type.String({ minLength: 1, maxLength: 256 });

export const CodingSchema = Type.Object(
  {
    system: Type.Optional(Type.String({ maxLength: 1024 })),
    code: Type.Optional(Type.String({ maxLength: 256 })),
    display: Type.Optional(Type.String({ maxLength: 1024 })),
  },
  { additionalProperties: true, description: 'A FHIR Coding' },
);

// --- Discovery ---------------------------------------------------------------------------------------------

export const ServiceSchema = Type.Object(
  {
    hook: Type.String({ minLength: 1 }),
    title: Type.Optional(Type.String()),
    description: Type.String({ minLength: 1 }),
    id: Type.String({ minLength: 1 }),
    prefetch: Type.Optional(Type.Record(Type.String(), Type.String())),
    usageRequirements: Type.Optional(Type.String()),
    extension: Extension,
  },
  strict,
);
export type ServiceDefinition = Type.Static<typeof ServiceSchema>;

export const DiscoverySchema = Type.Object({ services: Type.Array(ServiceSchema) }, strict);

// --- Request -----------------------------------------------------------------------------------------------

export const FhirAuthorizationSchema = Type.Object(
  {
    access_token: Type.String({ minLength: 1 }),
    token_type: Type.Literal('Bearer'),
    expires_in: Type.Integer({ minimum: 0 }),
    scope: Type.String(),
    subject: Type.String(),
    patient: Type.Optional(Type.String()),
  },
  { additionalProperties: true },
);

/** Each hook's context is checked separately (see CONTEXT_SCHEMAS), once the hook is known. */
export const CdsRequestSchema = Type.Object(
  {
    hook: Type.String({ minLength: 1, maxLength: 64 }),
    hookInstance: Type.String({ pattern: UUID, description: 'A UUID for this invocation' }),
    fhirServer: Type.Optional(Type.String({ format: 'uri', maxLength: 2048 })),
    fhirAuthorization: Type.Optional(FhirAuthorizationSchema),
    context: Type.Record(Type.String(), Type.Unknown()),
    prefetch: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
    extension: Extension,
  },
  { ...strict, dependentRequired: { fhirAuthorization: ['fhirServer'] } },
);
export type CdsRequest = Type.Static<typeof CdsRequestSchema>;

const UserContext = {
  userId: Type.String({ minLength: 1, maxLength: 256 }),
  patientId: Id,
  encounterId: Type.Optional(Id),
};

/** patient-view (STU1 page): the chart of `patientId` was opened. */
export const PatientViewContextSchema = Type.Object(UserContext, { additionalProperties: true });

/**
 * appointment-book: `appointments` is a Bundle of the proposed Appointments (the hook page's own examples
 * send a plain array of Appointments, which is accepted too).
 */
export const AppointmentBookContextSchema = Type.Object(
  {
    ...UserContext,
    appointments: Type.Union([
      Type.Object(
        { resourceType: Type.Literal('Bundle'), entry: Type.Optional(Type.Array(Type.Unknown())) },
        { additionalProperties: true },
      ),
      Type.Array(Type.Record(Type.String(), Type.Unknown()), { maxItems: 100 }),
    ]),
  },
  { additionalProperties: true },
);

export const CONTEXT_SCHEMAS = {
  'patient-view': PatientViewContextSchema,
  'appointment-book': AppointmentBookContextSchema,
} as const;

// --- Response ----------------------------------------------------------------------------------------------

export const ActionSchema = Type.Object(
  {
    type: Type.Enum(['create', 'update', 'delete']),
    description: Type.String({ minLength: 1 }),
    resource: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
    resourceId: Type.Optional(Type.String()),
    extension: Extension,
  },
  strict,
);
export type CdsAction = Type.Static<typeof ActionSchema>;

export const SuggestionSchema = Type.Object(
  {
    label: Type.String({ minLength: 1 }),
    uuid: Type.Optional(Type.String({ pattern: UUID })),
    isRecommended: Type.Optional(Type.Boolean()),
    actions: Type.Optional(Type.Array(ActionSchema)),
    extension: Extension,
  },
  strict,
);
export type Suggestion = Type.Static<typeof SuggestionSchema>;

export const LinkSchema = Type.Object(
  {
    label: Type.String({ minLength: 1 }),
    url: Type.String({ format: 'uri' }),
    type: Type.Enum(['absolute', 'smart']),
    appContext: Type.Optional(Type.String()),
    extension: Extension,
  },
  strict,
);
export type CdsLink = Type.Static<typeof LinkSchema>;

/** An override reason: a Coding whose display the CDS client shows, so all three parts are required. */
export const OverrideReasonSchema = Type.Object(
  {
    system: Type.String({ minLength: 1 }),
    code: Type.String({ minLength: 1 }),
    display: Type.String({ minLength: 1 }),
  },
  strict,
);

export const INDICATORS = ['info', 'warning', 'critical'] as const;
export type Indicator = (typeof INDICATORS)[number];

export const CardSchema = Type.Object(
  {
    uuid: Type.Optional(Type.String({ pattern: UUID })),
    summary: Type.String({ minLength: 1, maxLength: SUMMARY_MAX_LENGTH }),
    detail: Type.Optional(Type.String({ description: 'GitHub-flavoured Markdown' })),
    indicator: Type.Enum(INDICATORS),
    source: Type.Object(
      {
        label: Type.String({ minLength: 1 }),
        url: Type.Optional(Type.String({ format: 'uri' })),
        icon: Type.Optional(Type.String({ format: 'uri' })),
        topic: Type.Optional(CodingSchema),
      },
      strict,
    ),
    suggestions: Type.Optional(Type.Array(SuggestionSchema, { minItems: 1 })),
    selectionBehavior: Type.Optional(Type.Enum(['at-most-one', 'any'])),
    overrideReasons: Type.Optional(Type.Array(OverrideReasonSchema)),
    links: Type.Optional(Type.Array(LinkSchema)),
    extension: Extension,
  },
  { ...strict, dependentRequired: { suggestions: ['selectionBehavior'] } },
);
export type Card = Type.Static<typeof CardSchema>;

export const CdsResponseSchema = Type.Object(
  {
    cards: Type.Array(CardSchema),
    systemActions: Type.Optional(Type.Array(ActionSchema)),
    extension: Extension,
  },
  strict,
);
export type CdsResponse = Type.Static<typeof CdsResponseSchema>;

// --- Feedback ----------------------------------------------------------------------------------------------

export const FeedbackEntrySchema = Type.Object(
  {
    card: Type.String({ pattern: UUID, description: "The card's uuid" }),
    outcome: Type.Enum(['accepted', 'overridden']),
    acceptedSuggestions: Type.Optional(
      Type.Array(Type.Object({ id: Type.String({ minLength: 1, maxLength: 256 }) }, strict), {
        maxItems: 100,
      }),
    ),
    overrideReason: Type.Optional(
      Type.Object(
        {
          reason: Type.Optional(CodingSchema),
          userComment: Type.Optional(Type.String({ maxLength: 4000 })),
        },
        strict,
      ),
    ),
    outcomeTimestamp: Type.String({ format: 'date-time' }),
    extension: Extension,
  },
  strict,
);
export type FeedbackEntry = Type.Static<typeof FeedbackEntrySchema>;

export const FeedbackSchema = Type.Object(
  { feedback: Type.Array(FeedbackEntrySchema, { minItems: 1, maxItems: 100 }) },
  strict,
);
export type Feedback = Type.Static<typeof FeedbackSchema>;
