/**
 * Intake links: a practitioner creates a single-use, expiring link for a client; the client opens it and
 * submits the questionnaire without an account. The token in the link is the only credential; only its
 * digest is stored, and it is never logged.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import Type from 'typebox';
import type { Intake } from '../../store/types.js';
import { MOMENTS } from '../../store/types.js';
import { digest, newToken } from '../auth/secrets.js';
import type { AppDeps } from '../deps.js';
import { AssessmentQuery, assessmentForm, assessmentView } from '../http/assessment-form.js';
import { audit, recorded } from '../http/audit.js';
import { authOf } from '../http/authenticate.js';
import type { ProblemError } from '../http/problem.js';
import { problems } from '../http/problem.js';
import { AnswersSchema, AssessmentViewSchema } from '../schemas/assessment.js';
import { IdParam, ProblemSchema } from '../schemas/common.js';
import { IntakeSchema, intakeView } from '../schemas/records.js';
import { prepareAnswers, recordScreening } from '../services/screenings.js';

const TokenParams = Type.Object(
  { token: Type.String({ minLength: 20, maxLength: 100, pattern: '^[A-Za-z0-9_-]+$' }) },
  { additionalProperties: false },
);

function refusedIntake(deps: AppDeps, intake: Intake | undefined): ProblemError | undefined {
  if (intake === undefined) return problems.notFound('intake link');
  if (intake.usedAt !== null) return problems.intakeUsed();
  if (Date.parse(intake.expiresAt) <= deps.now().getTime()) return problems.intakeExpired();
  return undefined;
}

/** The intake of a link, or a refusal; guesses are rate-limited per address and audited flood-proof. */
async function openIntake(
  deps: AppDeps,
  request: FastifyRequest,
  reply: FastifyReply,
  token: string,
): Promise<Intake> {
  const guard = request.server.failureGuard;
  await guard.check('intake', request, reply);
  const intake = await deps.store.intakes.findByTokenHash(digest(token));
  const refusal = refusedIntake(deps, intake);
  if (intake !== undefined && refusal === undefined) return intake;
  await guard.failed('intake', request, {
    action: `intake.refused:${refusal?.code ?? 'not_found'}`,
    outcome: 'denied',
    clinicId: intake?.clinicId ?? null,
  });
  throw refusal;
}

export function intakeRoutes(app: FastifyInstance, deps: AppDeps): void {
  app.post(
    '/api/v1/clients/:clientId/intakes',
    {
      config: { permission: 'intakes.create' },
      schema: {
        tags: ['intakes'],
        summary: 'Create a single-use, expiring intake link for a client',
        params: Type.Object({ clientId: IdParam }, { additionalProperties: false }),
        body: Type.Object(
          {
            moment: Type.Enum(MOMENTS),
            expiresInHours: Type.Optional(Type.Integer({ minimum: 1, maximum: 720 })),
          },
          { additionalProperties: false },
        ),
        response: {
          201: Type.Object({ intake: IntakeSchema, url: Type.String(), token: Type.String() }),
          404: ProblemSchema,
        },
      },
    },
    async (request, reply) => {
      const auth = authOf(request);
      const { clientId } = request.params as { clientId: string };
      const body = request.body as { moment: Intake['moment']; expiresInHours?: number };
      const token = newToken();
      const now = deps.now();
      const intake = await deps.store.transaction(async (tx) => {
        if ((await tx.clients.get(auth.clinicId, clientId)) === undefined) throw problems.notFound('client');
        const created = await tx.intakes.create({
          clinicId: auth.clinicId,
          clientId,
          moment: body.moment,
          tokenHash: digest(token),
          createdBy: auth.userId,
          createdAt: now.toISOString(),
          expiresAt: new Date(
            now.getTime() + (body.expiresInHours ?? deps.config.intakeValidityHours) * 3_600_000,
          ).toISOString(),
          usedAt: null,
          screeningId: null,
        });
        await audit(
          deps,
          request,
          { action: 'intake.create', resourceType: 'intake', resourceId: created.id },
          tx,
        );
        return created;
      });
      return reply
        .status(201)
        .send({ intake: intakeView(intake), url: `${deps.config.publicUrl}/intake/${token}`, token });
    },
  );

  app.get(
    '/api/v1/intake/:token',
    {
      config: { access: 'public', rateLimit: { max: 60, timeWindow: '1 minute' } },
      schema: {
        tags: ['intakes'],
        summary: 'Open an intake link: the clinic and the screening moment (no health data)',
        security: [],
        params: TokenParams,
        response: {
          200: Type.Object({ clinic: Type.String(), moment: Type.Enum(MOMENTS), expiresAt: Type.String() }),
          404: ProblemSchema,
          410: ProblemSchema,
        },
      },
    },
    async (request, reply) => {
      const intake = await openIntake(deps, request, reply, (request.params as { token: string }).token);
      const clinic = await deps.store.clinics.get(intake.clinicId);
      return { clinic: clinic?.name ?? '', moment: intake.moment, expiresAt: intake.expiresAt };
    },
  );

  app.post(
    '/api/v1/intake/:token',
    {
      config: { access: 'public', rateLimit: { max: 30, timeWindow: '1 minute' } },
      schema: {
        tags: ['intakes'],
        summary: 'Submit the questionnaire of an intake link; stores an immutable screening',
        description:
          "Returns the assessment compact, in one language (`lang`, else Accept-Language), with the client's words; the link is single-use, so ask with `detail=full` for the full assessment.",
        security: [],
        params: TokenParams,
        querystring: Type.Object(AssessmentQuery, { additionalProperties: false }),
        body: Type.Object({ answers: AnswersSchema }, { additionalProperties: false }),
        response: {
          201: Type.Object({ screeningId: Type.String(), assessment: AssessmentViewSchema }),
          400: ProblemSchema,
          404: ProblemSchema,
          410: ProblemSchema,
        },
      },
    },
    async (request, reply) => {
      const form = assessmentForm(request, reply);
      const intake = await openIntake(deps, request, reply, (request.params as { token: string }).token);
      const answers = prepareAnswers(
        deps,
        (request.body as { answers: unknown }).answers,
        intake.moment,
        'client',
      );
      const screening = await deps.store.transaction(async (tx) => {
        const created = await recordScreening(deps, tx, {
          clinicId: intake.clinicId,
          clientId: intake.clientId,
          moment: intake.moment,
          answers,
          submittedBy: { kind: 'client', intakeId: intake.id },
        });
        if (!(await tx.intakes.markUsed(intake.clinicId, intake.id, deps.now().toISOString(), created.id))) {
          throw problems.intakeUsed();
        }
        await audit(
          deps,
          request,
          {
            action: 'screening.submit',
            resourceType: 'screening',
            resourceId: created.id,
            record: recorded(created, created.clientId),
            clinicId: intake.clinicId,
            actor: `intake:${intake.id}`,
          },
          tx,
        );
        return created;
      });
      const assessment = assessmentView(reply, deps.kb, screening.assessment, form, {
        audience: 'client',
        full: null,
      });
      return reply.status(201).send({ screeningId: screening.id, assessment });
    },
  );
}
