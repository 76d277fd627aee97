/** After treatment: the techniques used, adverse-event reports, and adverse-event rates per technique. */
import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import { checkClearance, checkCurrent, checkTreatment } from '../../clinic/index.js';
import { DISPOSITIONS } from '../../core/index.js';
import type { SeverityGrade } from '../../store/types.js';
import type { AppDeps } from '../deps.js';
import { audit } from '../http/audit.js';
import { authOf } from '../http/authenticate.js';
import { requireRealDate } from '../http/dates.js';
import { requestLang } from '../http/lang.js';
import { problems, refusalProblem } from '../http/problem.js';
import { IdParam, ProblemSchema, Timestamp } from '../schemas/common.js';
import { AdverseEventSchema, adverseEventView, TreatmentSchema, treatmentView } from '../schemas/records.js';
import { adverseEventRates } from '../services/adverse-event-rates.js';
import { checkTreatmentDate, triageAnswersOf } from '../services/care-input.js';
import { recordScreening } from '../services/screenings.js';

const ClientParams = Type.Object({ clientId: IdParam }, { additionalProperties: false });
const Technique = Type.String({ minLength: 1, maxLength: 64 });
const TechniqueRateSchema = Type.Object({
  techniqueId: Type.String(),
  treatments: Type.Integer(),
  adverseEvents: Type.Integer(),
  ratePer1000: Type.Number(),
});

interface AdverseEventBody {
  treatmentId?: string;
  techniqueId?: string;
  onset: string;
  symptoms: string;
  severity: SeverityGrade;
  actionTaken: string;
  followUp: string;
  triage: unknown;
}

export function careRoutes(app: FastifyInstance, deps: AppDeps): void {
  const checkTechniques = (ids: readonly string[], path: string): void => {
    const unknown = ids.filter((t) => !deps.kb.index.technique.has(t));
    if (unknown.length > 0)
      throw problems.validation([{ path, message: `unknown technique(s): ${unknown.join(', ')}` }]);
  };
  const techniqueName = (id: string) => deps.kb.index.technique.get(id)?.name ?? { en: id, fr: id };

  app.post(
    '/api/v1/clients/:clientId/treatments',
    {
      config: { permission: 'treatments.write' },
      schema: {
        tags: ['care'],
        summary: 'Record a treatment: date, practitioner and techniques used',
        description:
          "Only on the client's current screening (the latest, still valid, not an after-event triage; by default the one used): 409 screening_not_current. Never with a technique whose decision after reviews is contraindicated (422 technique_contraindicated), nor without the client's consent on that screening where it is needed (409 consent_required). Refusals are worded in the request's Accept-Language.",
        params: ClientParams,
        body: Type.Object(
          {
            date: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }),
            techniques: Type.Array(Technique, { minItems: 1, maxItems: 10, uniqueItems: true }),
            screeningId: Type.Optional(IdParam),
          },
          { additionalProperties: false },
        ),
        response: {
          201: TreatmentSchema,
          400: ProblemSchema,
          404: ProblemSchema,
          409: ProblemSchema,
          422: ProblemSchema,
        },
      },
    },
    async (request, reply) => {
      const auth = authOf(request);
      const { clientId } = request.params as { clientId: string };
      const body = request.body as { date: string; techniques: string[]; screeningId?: string };
      checkTechniques(body.techniques, 'body.techniques');
      checkTreatmentDate(body.date, deps.now());
      const treatment = await deps.store.transaction(async (tx) => {
        if ((await tx.clients.get(auth.clinicId, clientId)) === undefined) throw problems.notFound('client');
        const latest = await tx.screenings.latestForClient(auth.clinicId, clientId);
        const screening =
          body.screeningId === undefined ? latest : await tx.screenings.get(auth.clinicId, body.screeningId);
        if (body.screeningId !== undefined && screening?.clientId !== clientId)
          throw problems.notFound('screening');
        const current = checkCurrent(screening, latest, deps.now().toISOString());
        if (!current.ok) return current.refusal;
        if (screening === undefined) throw problems.notFound('screening');
        const [reviews, consents, history] = await Promise.all([
          tx.reviews.listForScreening(auth.clinicId, screening.id),
          tx.consents.listForClient(auth.clinicId, clientId),
          tx.screenings.listForClient(auth.clinicId, clientId),
        ]);
        const cleared = checkClearance(screening, history, reviews);
        const verdict = !cleared.ok
          ? cleared
          : checkTreatment({
              screeningId: screening.id,
              assessment: screening.assessment,
              reviews,
              consents,
              techniqueIds: body.techniques,
              name: techniqueName,
            });
        if (!verdict.ok) {
          await audit(
            deps,
            request,
            { action: 'treatment.create', resourceType: 'client', resourceId: clientId, outcome: 'denied' },
            tx,
          );
          return verdict.refusal;
        }
        const created = await tx.treatments.create({
          clinicId: auth.clinicId,
          clientId,
          screeningId: screening.id,
          practitionerId: auth.userId,
          date: body.date,
          techniques: body.techniques,
          createdAt: deps.now().toISOString(),
        });
        await audit(
          deps,
          request,
          { action: 'treatment.create', resourceType: 'treatment', resourceId: created.id },
          tx,
        );
        return created;
      });
      if ('code' in treatment) throw refusalProblem(treatment, requestLang(request));
      return reply.status(201).send(treatmentView(treatment));
    },
  );

  app.post(
    '/api/v1/clients/:clientId/adverse-events',
    {
      config: { permission: 'adverse-events.write' },
      schema: {
        tags: ['care'],
        summary:
          'Report an adverse event after a treatment; its symptoms are triaged through the after-event questions and stored as an after-event screening',
        params: ClientParams,
        body: Type.Object(
          {
            treatmentId: Type.Optional(IdParam),
            techniqueId: Type.Optional(Technique),
            onset: Timestamp,
            symptoms: Type.String({
              maxLength: 4000,
              description: "What happened, in the reporter's words (besides the structured triage)",
            }),
            severity: Type.Integer({
              minimum: 1,
              maximum: 5,
              description: '1 mild … 5 death (CTCAE-like grade)',
            }),
            actionTaken: Type.String({ maxLength: 4000 }),
            followUp: Type.String({ maxLength: 4000 }),
            triage: Type.Record(Type.String({ maxLength: 64 }), Type.Unknown(), {
              maxProperties: 20,
              description:
                'Answers to the knowledge base\'s after-event questions (event_type, event_symptoms, ...), as in a screening; every one that applies must be answered, if only with "unknown"',
            }),
          },
          { additionalProperties: false },
        ),
        response: {
          201: Type.Intersect([
            AdverseEventSchema,
            Type.Object({
              triage: Type.Object({
                screeningId: Type.String(),
                disposition: Type.Enum(DISPOSITIONS),
                emergency: Type.Boolean({ description: 'Show the emergency instructions now' }),
              }),
            }),
          ]),
          400: ProblemSchema,
          404: ProblemSchema,
        },
      },
    },
    async (request, reply) => {
      const auth = authOf(request);
      const { clientId } = request.params as { clientId: string };
      const body = request.body as AdverseEventBody;
      requireRealDate(body.onset, 'body.onset', 'time');
      if (body.techniqueId !== undefined) checkTechniques([body.techniqueId], 'body.techniqueId');
      const answers = triageAnswersOf(deps, body.triage);
      const result = await deps.store.transaction(async (tx) => {
        if ((await tx.clients.get(auth.clinicId, clientId)) === undefined) throw problems.notFound('client');
        if (body.treatmentId !== undefined) {
          const treatment = await tx.treatments.get(auth.clinicId, body.treatmentId);
          if (treatment === undefined || treatment.clientId !== clientId)
            throw problems.notFound('treatment');
        }
        const triage = await recordScreening(deps, tx, {
          clinicId: auth.clinicId,
          clientId,
          moment: 'after_event',
          answers,
          submittedBy: { kind: 'user', userId: auth.userId },
        });
        const created = await tx.adverseEvents.create({
          clinicId: auth.clinicId,
          clientId,
          treatmentId: body.treatmentId ?? null,
          techniqueId: body.techniqueId ?? null,
          onset: new Date(body.onset).toISOString(),
          symptoms: body.symptoms,
          severity: body.severity,
          actionTaken: body.actionTaken,
          followUp: body.followUp,
          reportedBy: auth.userId,
          createdAt: deps.now().toISOString(),
          triageScreeningId: triage.id,
        });
        await audit(
          deps,
          request,
          { action: 'adverse_event.create', resourceType: 'adverse_event', resourceId: created.id },
          tx,
        );
        return { event: created, triage };
      });
      return reply.status(201).send({
        ...adverseEventView(result.event),
        triage: {
          screeningId: result.triage.id,
          disposition: result.triage.disposition,
          emergency: result.triage.disposition === 'emergency',
        },
      });
    },
  );

  app.get(
    '/api/v1/adverse-events/rates',
    {
      config: { permission: 'adverse-events.read' },
      schema: {
        tags: ['care'],
        summary:
          'Adverse events per technique for the clinic since a date (default: a year ago): events, treatments using the technique, rate per 1,000, overall and per calendar quarter',
        querystring: Type.Object(
          { since: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' })) },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            since: Type.String(),
            techniques: Type.Array(TechniqueRateSchema),
            byQuarter: Type.Array(
              Type.Object({ quarter: Type.String(), techniques: Type.Array(TechniqueRateSchema) }),
            ),
          }),
          422: ProblemSchema,
        },
      },
    },
    async (request) => {
      const auth = authOf(request);
      const since =
        (request.query as { since?: string }).since ??
        new Date(deps.now().getTime() - 365 * 86_400_000).toISOString().slice(0, 10);
      requireRealDate(since, 'querystring.since', 'day');
      const from = `${since}T00:00:00.000Z`;
      const today = deps.now().toISOString().slice(0, 10);
      if (since > today || since < '2000-01-01') {
        throw problems.validation([
          { path: 'querystring.since', message: 'must be between 2000-01-01 and today' },
        ]);
      }
      const [treatments, events] = await Promise.all([
        deps.store.treatments.listForClinic(auth.clinicId, from),
        deps.store.adverseEvents.listForClinic(auth.clinicId, from),
      ]);
      await audit(deps, request, { action: 'adverse_event.rates', resourceType: 'adverse_event' });
      return {
        since,
        ...adverseEventRates({
          techniqueIds: deps.kb.techniques.map((t) => t.id),
          treatments,
          events,
          since,
          until: today,
        }),
      };
    },
  );
}
