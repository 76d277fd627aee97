/** Screenings (immutable): recorded with the practitioner, completed by an examination, listed, read. */
import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import { checkCurrent, examinationAnswers } from '../../clinic/index.js';
import type { Answers } from '../../core/index.js';
import type { Moment, Screening } from '../../store/types.js';
import { MOMENTS } from '../../store/types.js';
import type { AppDeps } from '../deps.js';
import { AssessmentQuery, assessmentForm, assessmentView, fullDetailLink } from '../http/assessment-form.js';
import { audit, recorded } from '../http/audit.js';
import { authOf } from '../http/authenticate.js';
import { requestLang } from '../http/lang.js';
import { problems, refusalProblem } from '../http/problem.js';
import { AnswersSchema } from '../schemas/assessment.js';
import { IdParam, PageQuery, ProblemSchema, page } from '../schemas/common.js';
import {
  ScreeningSchema,
  ScreeningSummarySchema,
  screeningDetail,
  screeningSummary,
} from '../schemas/records.js';
import { knowledgeOf } from '../services/knowledge-versions.js';
import { loadScreeningRecord } from '../services/screening-record.js';
import { prepareAnswers, recordScreening } from '../services/screenings.js';

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
          {
            action: 'screening.create',
            resourceType: 'screening',
            resourceId: created.id,
            record: recorded(created, created.clientId),
          },
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
        summary:
          'A screening: answers, the stored assessment, reviews and consents, whose it is, its steps and the decisions that count after reviews',
        description:
          "The assessment is compact by default, in one language (`lang`, else Accept-Language), with the clinician's words; `detail=full` returns it as stored, every text in English and French.",
        params: ScreeningParams,
        querystring: Type.Object(AssessmentQuery, { additionalProperties: false }),
        response: { 200: ScreeningSchema, 404: ProblemSchema },
      },
    },
    async (request, reply) => {
      const auth = authOf(request);
      const form = assessmentForm(request, reply);
      const { screeningId } = request.params as { screeningId: string };
      const record = await loadScreeningRecord(deps, deps.store, auth.clinicId, screeningId);
      if (record === undefined) throw problems.notFound('screening');
      await audit(deps, request, {
        action: 'screening.read',
        resourceType: 'screening',
        resourceId: screeningId,
      });
      return screeningDetail(
        record,
        // Names and headline from the knowledge base the screening used, so it reads as it first did.
        assessmentView(reply, await knowledgeOf(deps, record.screening), record.screening.assessment, form, {
          audience: 'clinician',
          full: fullDetailLink(request),
        }),
      );
    },
  );

  app.post(
    '/api/v1/screenings/:screeningId/examination',
    {
      config: { permission: 'screenings.create' },
      schema: {
        tags: ['screenings'],
        summary:
          "Complete a client's self-report with the practitioner's examination: confirmed or corrected answers and examination findings, stored as a new screening based on it",
        description:
          "The self-report stays stored as given; the new screening holds its answers with the practitioner's changes and additions (respondent: clinician). Only the client's current screening can be examined: the latest, still valid, not an after-event triage (409 screening_not_current).",
        params: ScreeningParams,
        body: Type.Object({ answers: AnswersSchema }, { additionalProperties: false }),
        response: { 201: ScreeningSummarySchema, 400: ProblemSchema, 404: ProblemSchema, 409: ProblemSchema },
      },
    },
    async (request, reply) => {
      const auth = authOf(request);
      const { screeningId } = request.params as { screeningId: string };
      const body = request.body as { answers: Answers };
      const created = await deps.store.transaction(async (tx) => {
        const base = await tx.screenings.get(auth.clinicId, screeningId);
        if (base === undefined) throw problems.notFound('screening');
        const latest = await tx.screenings.latestRefForClient(auth.clinicId, base.clientId);
        const current = checkCurrent(base, latest, deps.now().toISOString());
        if (!current.ok) return current.refusal;
        const answers = prepareAnswers(
          deps,
          examinationAnswers(base.answers, { ...body.answers, respondent: 'clinician' }),
          base.moment,
          'clinician',
        );
        const screening = await recordScreening(deps, tx, {
          clinicId: auth.clinicId,
          clientId: base.clientId,
          moment: base.moment,
          answers,
          submittedBy: { kind: 'user', userId: auth.userId },
          basedOn: base.id,
        });
        await audit(
          deps,
          request,
          {
            action: 'screening.examination',
            resourceType: 'screening',
            resourceId: screening.id,
            record: recorded(screening, screening.clientId),
          },
          tx,
        );
        return screening;
      });
      if ('code' in created) throw refusalProblem(created, requestLang(request));
      return reply.status(201).send(screeningSummary(created));
    },
  );
}
