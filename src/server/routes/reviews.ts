/**
 * Clinician review of a screening (sign-off, or override of a technique decision) and the client's
 * technique-specific consent. The clinic's rules (src/clinic) decide what is permitted; the stored
 * assessment is never altered.
 */
import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import type { ProposedOverride } from '../../clinic/index.js';
import {
  checkClearance,
  checkConsent,
  checkCurrent,
  checkOverride,
  effectiveTechniques,
} from '../../clinic/index.js';
import type { Decision } from '../../core/index.js';
import { DECISIONS, isLang } from '../../core/index.js';
import { consentText } from '../../report/index.js';
import type { OverrideReason } from '../../store/types.js';
import { OVERRIDE_REASONS } from '../../store/types.js';
import type { AppDeps } from '../deps.js';
import { audit, recorded } from '../http/audit.js';
import { authOf } from '../http/authenticate.js';
import { requestLang } from '../http/lang.js';
import { problems, refusalProblem } from '../http/problem.js';
import { IdParam, ProblemSchema } from '../schemas/common.js';
import { ConsentSchema, consentView, ReviewSchema, reviewView } from '../schemas/records.js';
import { isPngDataUrl, SIGNATURE_MAX_LENGTH, SIGNATURE_PATTERN } from '../services/signature.js';

const ScreeningParams = Type.Object({ screeningId: IdParam }, { additionalProperties: false });

type ReviewBody =
  | { kind: 'signoff'; note: string }
  | {
      kind: 'override';
      techniqueId: string;
      decision: Decision;
      reasonCode: OverrideReason;
      reasonText: string;
      note?: string;
      confirmed?: boolean;
    };

export function reviewRoutes(app: FastifyInstance, deps: AppDeps): void {
  const techniqueName = (id: string) => deps.kb.index.technique.get(id)?.name ?? { en: id, fr: id };

  app.post(
    '/api/v1/screenings/:screeningId/reviews',
    {
      config: { permission: 'reviews.create' },
      schema: {
        tags: ['screenings'],
        summary:
          'Sign off a screening, or override a technique decision with a coded reason (the assessment is never altered)',
        description:
          'An override never makes a technique more permissive than the engine decided on an emergency, referral or incomplete screening (422 override_refused). Elsewhere a more permissive override needs a reason that can justify it, an explanation of substance and `confirmed: true` (422 override_unjustified), and may not leave a more forceful technique more permissive than a gentler one. Refusals are worded in the Accept-Language of the request (English or French).',
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
              confirmed: Type.Optional(
                Type.Boolean({
                  description: 'The clinician confirmed a decision more permissive than the screening',
                }),
              ),
            },
            { additionalProperties: false },
          ),
        ]),
        response: { 201: ReviewSchema, 400: ProblemSchema, 404: ProblemSchema, 422: ProblemSchema },
      },
    },
    async (request, reply) => {
      const auth = authOf(request);
      const { screeningId } = request.params as { screeningId: string };
      const body = request.body as ReviewBody;
      if (body.kind === 'override' && !deps.kb.index.technique.has(body.techniqueId)) {
        throw problems.validation([
          { path: 'body.techniqueId', message: `unknown technique "${body.techniqueId}"` },
        ]);
      }
      const review = await deps.store.transaction(async (tx) => {
        const screening = await tx.screenings.get(auth.clinicId, screeningId);
        if (screening === undefined) throw problems.notFound('screening');
        const common = {
          clinicId: auth.clinicId,
          screeningId,
          userId: auth.userId,
          createdAt: deps.now().toISOString(),
        };
        if (body.kind === 'override') {
          const proposed: ProposedOverride = { ...body, confirmed: body.confirmed === true };
          const verdict = checkOverride(
            screening,
            await tx.reviews.listForScreening(auth.clinicId, screeningId),
            proposed,
          );
          if (!verdict.ok) {
            await audit(
              deps,
              request,
              {
                action: 'screening.override',
                resourceType: 'screening',
                resourceId: screeningId,
                outcome: 'denied',
              },
              tx,
            );
            return verdict.refusal;
          }
        }
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
          {
            action: `screening.${body.kind}`,
            resourceType: 'review',
            resourceId: created.id,
            record: recorded(created, screening.clientId),
          },
          tx,
        );
        return created;
      });
      if ('code' in review) throw refusalProblem(review, requestLang(request));
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
          "Record the client's consent to specific techniques; the risk text comes from the screening and its reviews and is stored exactly",
        description:
          "Only on the client's current screening (409 screening_not_current) and never to a technique whose decision after reviews is contraindicated (422 technique_contraindicated).",
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
        response: {
          201: ConsentSchema,
          400: ProblemSchema,
          404: ProblemSchema,
          409: ProblemSchema,
          422: ProblemSchema,
        },
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
        const [reviews, latest, history] = await Promise.all([
          tx.reviews.listForScreening(auth.clinicId, screeningId),
          tx.screenings.latestRefForClient(auth.clinicId, screening.clientId),
          tx.screenings.listForClient(auth.clinicId, screening.clientId),
        ]);
        const current = checkCurrent(screening, latest, deps.now().toISOString());
        if (!current.ok) return current.refusal;
        const cleared = checkClearance(screening, history, reviews);
        if (!cleared.ok) return cleared.refusal;
        const verdict = checkConsent(screening.assessment, reviews, body.techniques, techniqueName);
        if (!verdict.ok) return verdict.refusal;
        const created = await tx.consents.create({
          clinicId: auth.clinicId,
          clientId: screening.clientId,
          screeningId,
          techniques: body.techniques,
          lang,
          textShown: consentText(
            deps.kb,
            screening.assessment,
            body.techniques,
            lang,
            effectiveTechniques(screening.assessment, reviews),
          ),
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
      if ('code' in consent) throw refusalProblem(consent, requestLang(request));
      return reply.status(201).send(consentView(consent));
    },
  );
}
