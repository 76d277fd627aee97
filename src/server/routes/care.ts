/** After treatment: the techniques used, adverse-event reports, and adverse-event rates per technique. */
import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import type { SeverityGrade } from '../../store/types.js';
import type { AppDeps } from '../deps.js';
import { audit } from '../http/audit.js';
import { authOf } from '../http/authenticate.js';
import { problems } from '../http/problem.js';
import { IdParam, ProblemSchema, Timestamp } from '../schemas/common.js';
import { AdverseEventSchema, adverseEventView, TreatmentSchema, treatmentView } from '../schemas/records.js';
import { adverseEventRates } from '../services/adverse-event-rates.js';

const ClientParams = Type.Object({ clientId: IdParam }, { additionalProperties: false });
const Technique = Type.String({ minLength: 1, maxLength: 64 });
const TechniqueRateSchema = Type.Object({
  techniqueId: Type.String(),
  treatments: Type.Integer(),
  adverseEvents: Type.Integer(),
  ratePer1000: Type.Number(),
});

export function careRoutes(app: FastifyInstance, deps: AppDeps): void {
  const checkTechniques = (ids: readonly string[], path: string): void => {
    const unknown = ids.filter((t) => !deps.kb.index.technique.has(t));
    if (unknown.length > 0)
      throw problems.validation([{ path, message: `unknown technique(s): ${unknown.join(', ')}` }]);
  };

  app.post(
    '/api/v1/clients/:clientId/treatments',
    {
      config: { permission: 'treatments.write' },
      schema: {
        tags: ['care'],
        summary: 'Record a treatment: date, practitioner and techniques used',
        params: ClientParams,
        body: Type.Object(
          {
            date: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }),
            techniques: Type.Array(Technique, { minItems: 1, maxItems: 10, uniqueItems: true }),
            screeningId: Type.Optional(IdParam),
          },
          { additionalProperties: false },
        ),
        response: { 201: TreatmentSchema, 400: ProblemSchema, 404: ProblemSchema },
      },
    },
    async (request, reply) => {
      const auth = authOf(request);
      const { clientId } = request.params as { clientId: string };
      const body = request.body as { date: string; techniques: string[]; screeningId?: string };
      checkTechniques(body.techniques, 'body.techniques');
      const treatment = await deps.store.transaction(async (tx) => {
        if ((await tx.clients.get(auth.clinicId, clientId)) === undefined) throw problems.notFound('client');
        if (body.screeningId !== undefined) {
          const screening = await tx.screenings.get(auth.clinicId, body.screeningId);
          if (screening === undefined || screening.clientId !== clientId)
            throw problems.notFound('screening');
        }
        const created = await tx.treatments.create({
          clinicId: auth.clinicId,
          clientId,
          screeningId: body.screeningId ?? null,
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
      return reply.status(201).send(treatmentView(treatment));
    },
  );

  app.post(
    '/api/v1/clients/:clientId/adverse-events',
    {
      config: { permission: 'adverse-events.write' },
      schema: {
        tags: ['care'],
        summary: 'Report an adverse event after a treatment',
        params: ClientParams,
        body: Type.Object(
          {
            treatmentId: Type.Optional(IdParam),
            techniqueId: Type.Optional(Technique),
            onset: Timestamp,
            symptoms: Type.String({ minLength: 2, maxLength: 4000 }),
            severity: Type.Integer({
              minimum: 1,
              maximum: 5,
              description: '1 mild … 5 death (CTCAE-like grade)',
            }),
            actionTaken: Type.String({ maxLength: 4000 }),
            followUp: Type.String({ maxLength: 4000 }),
          },
          { additionalProperties: false },
        ),
        response: { 201: AdverseEventSchema, 400: ProblemSchema, 404: ProblemSchema },
      },
    },
    async (request, reply) => {
      const auth = authOf(request);
      const { clientId } = request.params as { clientId: string };
      const body = request.body as {
        treatmentId?: string;
        techniqueId?: string;
        onset: string;
        symptoms: string;
        severity: SeverityGrade;
        actionTaken: string;
        followUp: string;
      };
      if (Number.isNaN(Date.parse(body.onset)))
        throw problems.validation([{ path: 'body.onset', message: 'is not a date-time' }]);
      if (body.techniqueId !== undefined) checkTechniques([body.techniqueId], 'body.techniqueId');
      const event = await deps.store.transaction(async (tx) => {
        if ((await tx.clients.get(auth.clinicId, clientId)) === undefined) throw problems.notFound('client');
        if (body.treatmentId !== undefined) {
          const treatment = await tx.treatments.get(auth.clinicId, body.treatmentId);
          if (treatment === undefined || treatment.clientId !== clientId)
            throw problems.notFound('treatment');
        }
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
          triageScreeningId: null,
        });
        await audit(
          deps,
          request,
          { action: 'adverse_event.create', resourceType: 'adverse_event', resourceId: created.id },
          tx,
        );
        return created;
      });
      return reply.status(201).send(adverseEventView(event));
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
        },
      },
    },
    async (request) => {
      const auth = authOf(request);
      const since =
        (request.query as { since?: string }).since ??
        new Date(deps.now().getTime() - 365 * 86_400_000).toISOString().slice(0, 10);
      const from = `${since}T00:00:00.000Z`;
      if (Number.isNaN(Date.parse(from)) || new Date(from).toISOString() !== from) {
        throw problems.validation([{ path: 'querystring.since', message: 'is not a calendar date' }]);
      }
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
