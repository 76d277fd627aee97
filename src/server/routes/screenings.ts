/** Screenings (immutable), clinician review (sign-off or override) and technique-specific consent. */
import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import type { Decision } from '../../core/index.js';
import { DECISIONS, isLang } from '../../core/index.js';
import { consentText } from '../../report/index.js';
import type { Moment, OverrideReason, Screening } from '../../store/types.js';
import { MOMENTS, OVERRIDE_REASONS } from '../../store/types.js';
import type { AppDeps } from '../deps.js';
import { audit } from '../http/audit.js';
import { authOf } from '../http/authenticate.js';
import { problems } from '../http/problem.js';
import { AnswersSchema } from '../schemas/assessment.js';
import { IdParam, PageQuery, ProblemSchema, page } from '../schemas/common.js';
import {
  ConsentSchema,
  consentView,
  ReviewSchema,
  reviewView,
  ScreeningSchema,
  ScreeningSummarySchema,
  screeningSummary,
} from '../schemas/records.js';
import { prepareAnswers, recordScreening } from '../services/screenings.js';
import { isPngDataUrl, SIGNATURE_MAX_LENGTH, SIGNATURE_PATTERN } from '../services/signature.js';

/** How many rows each list of the worklist shows at most. */
const WORKLIST_LIMIT = 200;
/** A re-check shows as due this many days before the screening stops being valid. */
const RECHECK_NOTICE_DAYS = 3;

const ScreeningParams = Type.Object({ screeningId: IdParam }, { additionalProperties: false });

export function screeningRoutes(app: FastifyInstance, deps: AppDeps): void {
  app.post(
    '/api/v1/clients/:clientId/screenings',
    {
      config: { permission: 'screenings.create' },
      schema: {
        tags: ['screenings'],
        summary: 'Record a screening completed with the practitioner (answers are assessed and stored)',
        params: Type.Object({ clientId: IdParam }, { additionalProperties: false }),
        body: Type.Object(
          {
            moment: Type.Enum(MOMENTS),
            respondent: Type.Optional(Type.Enum(['client', 'clinician'])),
            answers: AnswersSchema,
          },
          { additionalProperties: false },
        ),
        response: { 201: ScreeningSummarySchema, 400: ProblemSchema, 404: ProblemSchema },
      },
    },
    async (request, reply) => {
      const auth = authOf(request);
      const { clientId } = request.params as { clientId: string };
      const body = request.body as { moment: Moment; respondent?: 'client' | 'clinician'; answers: unknown };
      const answers = prepareAnswers(deps, body.answers, body.moment, body.respondent ?? 'clinician');
      const screening = await deps.store.transaction(async (tx) => {
        if ((await tx.clients.get(auth.clinicId, clientId)) === undefined) throw problems.notFound('client');
        const created = await recordScreening(deps, tx, {
          clinicId: auth.clinicId,
          clientId,
          moment: body.moment,
          answers,
          submittedBy: { kind: 'user', userId: auth.userId },
        });
        await audit(
          deps,
          request,
          { action: 'screening.create', resourceType: 'screening', resourceId: created.id },
          tx,
        );
        return created;
      });
      return reply.status(201).send(screeningSummary(screening));
    },
  );

  app.get(
    '/api/v1/screenings',
    {
      config: { permission: 'screenings.read' },
      schema: {
        tags: ['screenings'],
        summary: "The clinic's most recent screenings",
        querystring: Type.Object(PageQuery, { additionalProperties: false }),
        response: { 200: Type.Object({ screenings: Type.Array(ScreeningSummarySchema) }) },
      },
    },
    async (request) => {
      const auth = authOf(request);
      const screenings = await deps.store.screenings.listRecent(
        auth.clinicId,
        page(request.query as { limit?: string; offset?: string }),
      );
      await audit(deps, request, { action: 'screening.list', resourceType: 'screening' });
      return { screenings: screenings.map(screeningSummary) };
    },
  );

  app.get(
    '/api/v1/worklist',
    {
      config: { permission: 'screenings.read' },
      schema: {
        tags: ['screenings'],
        summary:
          "Today's work: screenings not yet reviewed (most urgent first) and clients whose screening is due for a re-check",
        response: {
          200: Type.Object({
            toReview: Type.Array(
              Type.Intersect([ScreeningSummarySchema, Type.Object({ clientName: Type.String() })]),
            ),
            rechecksDue: Type.Array(
              Type.Intersect([ScreeningSummarySchema, Type.Object({ clientName: Type.String() })]),
            ),
          }),
        },
      },
    },
    async (request) => {
      const auth = authOf(request);
      const soon = new Date(deps.now().getTime() + RECHECK_NOTICE_DAYS * 86_400_000).toISOString();
      const [toReview, rechecksDue] = await Promise.all([
        deps.store.screenings.listUnreviewed(auth.clinicId, { limit: WORKLIST_LIMIT }),
        deps.store.screenings.listRecheckDue(auth.clinicId, soon, { limit: WORKLIST_LIMIT }),
      ]);
      const clientIds = [...toReview, ...rechecksDue].map((s) => s.clientId);
      const names = new Map(
        (await deps.store.clients.listByIds(auth.clinicId, clientIds)).map((c) => [c.id, c.displayName]),
      );
      await audit(deps, request, { action: 'screening.worklist', resourceType: 'screening' });
      const withName = (s: Screening) => ({
        ...screeningSummary(s),
        clientName: names.get(s.clientId) ?? '',
      });
      return { toReview: toReview.map(withName), rechecksDue: rechecksDue.map(withName) };
    },
  );

  app.get(
    '/api/v1/screenings/:screeningId',
    {
      config: { permission: 'screenings.read' },
      schema: {
        tags: ['screenings'],
        summary: 'A screening: answers, the stored assessment, reviews and consents',
        params: ScreeningParams,
        response: { 200: ScreeningSchema, 404: ProblemSchema },
      },
    },
    async (request) => {
      const auth = authOf(request);
      const { screeningId } = request.params as { screeningId: string };
      const screening = await deps.store.screenings.get(auth.clinicId, screeningId);
      if (screening === undefined) throw problems.notFound('screening');
      const [reviews, consents] = await Promise.all([
        deps.store.reviews.listForScreening(auth.clinicId, screeningId),
        deps.store.consents.listForClient(auth.clinicId, screening.clientId),
      ]);
      await audit(deps, request, {
        action: 'screening.read',
        resourceType: 'screening',
        resourceId: screeningId,
      });
      return {
        screening: {
          ...screeningSummary(screening),
          answers: screening.answers,
          assessment: screening.assessment,
          kbHash: screening.kbHash,
        },
        reviews: reviews.map(reviewView),
        consents: consents.filter((c) => c.screeningId === screeningId).map(consentView),
      };
    },
  );

  app.post(
    '/api/v1/screenings/:screeningId/reviews',
    {
      config: { permission: 'reviews.create' },
      schema: {
        tags: ['screenings'],
        summary:
          'Sign off a screening, or override a technique decision with a coded reason (the assessment is never altered)',
        params: ScreeningParams,
        body: Type.Union([
          Type.Object(
            { kind: Type.Literal('signoff'), note: Type.String({ maxLength: 4000 }) },
            { additionalProperties: false },
          ),
          Type.Object(
            {
              kind: Type.Literal('override'),
              techniqueId: Type.String({ maxLength: 64 }),
              decision: Type.Enum(DECISIONS),
              reasonCode: Type.Enum(OVERRIDE_REASONS),
              reasonText: Type.String({ minLength: 3, maxLength: 4000 }),
              note: Type.Optional(Type.String({ maxLength: 4000 })),
            },
            { additionalProperties: false },
          ),
        ]),
        response: { 201: ReviewSchema, 400: ProblemSchema, 404: ProblemSchema },
      },
    },
    async (request, reply) => {
      const auth = authOf(request);
      const { screeningId } = request.params as { screeningId: string };
      type Body =
        | { kind: 'signoff'; note: string }
        | {
            kind: 'override';
            techniqueId: string;
            decision: Decision;
            reasonCode: OverrideReason;
            reasonText: string;
            note?: string;
          };
      const body = request.body as Body;
      if (body.kind === 'override' && !deps.kb.index.technique.has(body.techniqueId)) {
        throw problems.validation([
          { path: 'body.techniqueId', message: `unknown technique "${body.techniqueId}"` },
        ]);
      }
      const review = await deps.store.transaction(async (tx) => {
        if ((await tx.screenings.get(auth.clinicId, screeningId)) === undefined)
          throw problems.notFound('screening');
        const common = {
          clinicId: auth.clinicId,
          screeningId,
          userId: auth.userId,
          createdAt: deps.now().toISOString(),
        };
        const created = await tx.reviews.create(
          body.kind === 'signoff'
            ? { ...common, kind: 'signoff', note: body.note }
            : {
                ...common,
                kind: 'override',
                note: body.note ?? '',
                techniqueId: body.techniqueId,
                decision: body.decision,
                reasonCode: body.reasonCode,
                reasonText: body.reasonText,
              },
        );
        await audit(
          deps,
          request,
          { action: `screening.${body.kind}`, resourceType: 'review', resourceId: created.id },
          tx,
        );
        return created;
      });
      return reply.status(201).send(reviewView(review));
    },
  );

  app.post(
    '/api/v1/screenings/:screeningId/consents',
    {
      config: { permission: 'consents.create' },
      schema: {
        tags: ['screenings'],
        summary:
          "Record the client's consent to specific techniques; the risk text comes from the screening and is stored exactly",
        params: ScreeningParams,
        body: Type.Object(
          {
            techniques: Type.Array(Type.String({ maxLength: 64 }), {
              minItems: 1,
              maxItems: 10,
              uniqueItems: true,
            }),
            lang: Type.Enum(['en', 'fr']),
            signerName: Type.String({ minLength: 2, maxLength: 120 }),
            signature: Type.Optional(
              Type.String({
                maxLength: SIGNATURE_MAX_LENGTH,
                pattern: SIGNATURE_PATTERN,
                description:
                  'A signature the client drew besides typing their name: a PNG image as a data URL',
              }),
            ),
          },
          { additionalProperties: false },
        ),
        response: { 201: ConsentSchema, 400: ProblemSchema, 404: ProblemSchema, 409: ProblemSchema },
      },
    },
    async (request, reply) => {
      const auth = authOf(request);
      const { screeningId } = request.params as { screeningId: string };
      const body = request.body as {
        techniques: string[];
        lang: string;
        signerName: string;
        signature?: string;
      };
      if (body.signature !== undefined && !isPngDataUrl(body.signature))
        throw problems.validation([{ path: 'body.signature', message: 'is not a PNG image' }]);
      const unknown = body.techniques.filter((t) => !deps.kb.index.technique.has(t));
      if (unknown.length > 0)
        throw problems.validation([
          { path: 'body.techniques', message: `unknown technique(s): ${unknown.join(', ')}` },
        ]);
      const lang = isLang(body.lang) ? body.lang : 'en';
      const consent = await deps.store.transaction(async (tx) => {
        const screening = await tx.screenings.get(auth.clinicId, screeningId);
        if (screening === undefined) throw problems.notFound('screening');
        const overrides = (await tx.reviews.listForScreening(auth.clinicId, screeningId)).filter(
          (r) => r.kind === 'override',
        );
        const effective = (techniqueId: string, decision: Decision): Decision => {
          const latest = overrides.filter((r) => r.techniqueId === techniqueId).at(-1);
          return latest?.kind === 'override' ? latest.decision : decision;
        };
        const blocked = screening.assessment.techniques.filter(
          (t) =>
            body.techniques.includes(t.techniqueId) &&
            effective(t.techniqueId, t.decision) === 'contraindicated',
        );
        if (blocked.length > 0) {
          throw problems.conflict(
            `Contraindicated by the screening: ${blocked.map((t) => t.techniqueId).join(', ')}. Record a clinician override first.`,
          );
        }
        const created = await tx.consents.create({
          clinicId: auth.clinicId,
          clientId: screening.clientId,
          screeningId,
          techniques: body.techniques,
          lang,
          textShown: consentText(deps.kb, screening.assessment, body.techniques, lang),
          signerName: body.signerName.trim(),
          signedAt: deps.now().toISOString(),
          recordedBy: auth.userId,
          signature: body.signature ?? null,
        });
        await audit(
          deps,
          request,
          { action: 'consent.create', resourceType: 'consent', resourceId: created.id },
          tx,
        );
        return created;
      });
      return reply.status(201).send(consentView(consent));
    },
  );
}
