/** Clients (the people screened): list, create, read with their timeline, update, export and erase. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import Type from 'typebox';
import { StoreConstraintError } from '../../store/errors.js';
import type { EhrPatientRef } from '../../store/types.js';
import { can } from '../auth/context.js';
import type { AppDeps } from '../deps.js';
import { audit } from '../http/audit.js';
import { authOf } from '../http/authenticate.js';
import { problems } from '../http/problem.js';
import { IdParam, PageQuery, ProblemSchema, page, Timestamp } from '../schemas/common.js';
import {
  AdverseEventSchema,
  adverseEventView,
  ClientSchema,
  ConsentSchema,
  clientView,
  consentView,
  IntakeSchema,
  intakeView,
  ScreeningSummarySchema,
  screeningSummary,
  TreatmentSchema,
  treatmentView,
} from '../schemas/records.js';
import { clientExport } from '../services/export.js';

const ClientParams = Type.Object({ clientId: IdParam }, { additionalProperties: false });
const Nullable = <T extends Type.TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const ClientFields = {
  displayName: Type.String({
    minLength: 1,
    maxLength: 120,
    description: 'A name or pseudonym the clinic recognises',
  }),
  birthYear: Type.Optional(Nullable(Type.Integer({ minimum: 1900, maximum: 2100 }))),
  email: Type.Optional(Nullable(Type.String({ maxLength: 254, pattern: '^[^@\\s]+@[^@\\s]+$' }))),
  phone: Type.Optional(Nullable(Type.String({ maxLength: 40, pattern: '^[0-9+() .-]{3,40}$' }))),
  ehrPatient: Type.Optional(
    Nullable(
      Type.Object(
        {
          system: Type.String({ minLength: 1, maxLength: 200, pattern: '^\\S+$' }),
          patientId: Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9\\-.]{1,64}$' }),
        },
        {
          additionalProperties: false,
          description:
            'Links the client to a patient of an electronic health record, so that its CDS Hooks calls find ' +
            'their screenings; null removes the link.',
        },
      ),
    ),
  ),
};

type ClientBody = {
  displayName?: string;
  birthYear?: number | null;
  email?: string | null;
  phone?: string | null;
  ehrPatient?: EhrPatientRef | null;
};

/** One EHR patient is one client per clinic: the store's unique index says so, this says it clearly. */
async function linkingOnce<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof StoreConstraintError && error.kind === 'unique')
      throw problems.conflict('Another client of this clinic is already linked to this EHR patient.');
    throw error;
  }
}

/** Reception may keep a client's details, but only clinicians and admins link them to an EHR patient. */
async function refuseEhrLinkUnlessAllowed(
  deps: AppDeps,
  request: FastifyRequest,
  body: ClientBody,
): Promise<void> {
  if (body.ehrPatient === undefined || can(authOf(request), 'clients.link-ehr')) return;
  await audit(deps, request, { action: 'denied:clients.link-ehr', outcome: 'denied' });
  throw problems.forbidden('Only clinicians and admins may link a client to an EHR patient.');
}

const Records = Type.Array(Type.Object({ id: Type.String() }, { additionalProperties: true }));
const ClientExportSchema = Type.Object(
  {
    format: Type.Literal('neckcheck-client-export'),
    version: Type.Literal(1),
    exportedAt: Timestamp,
    client: Type.Object({ id: Type.String() }, { additionalProperties: true }),
    intakes: Records,
    screenings: Records,
    reviews: Records,
    consents: Records,
    treatments: Records,
    adverseEvents: Records,
  },
  { description: 'Everything stored about the client (sent as an attachment)' },
);

export function clientRoutes(app: FastifyInstance, deps: AppDeps): void {
  app.get(
    '/api/v1/clients',
    {
      config: { permission: 'clients.read' },
      schema: {
        tags: ['clients'],
        summary: "The clinic's clients",
        querystring: Type.Object(
          { ...PageQuery, search: Type.Optional(Type.String({ maxLength: 80 })) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ clients: Type.Array(ClientSchema) }) },
      },
    },
    async (request) => {
      const auth = authOf(request);
      const query = request.query as { limit?: string; offset?: string; search?: string };
      const clients = await deps.store.clients.list(auth.clinicId, {
        ...page(query),
        ...(query.search ? { search: query.search } : {}),
      });
      await audit(deps, request, { action: 'client.list', resourceType: 'client' });
      return { clients: clients.map(clientView) };
    },
  );

  app.post(
    '/api/v1/clients',
    {
      config: { permission: 'clients.write' },
      schema: {
        tags: ['clients'],
        summary: 'Add a client',
        body: Type.Object(ClientFields, { additionalProperties: false }),
        response: { 201: ClientSchema, 400: ProblemSchema, 409: ProblemSchema },
      },
    },
    async (request, reply) => {
      const auth = authOf(request);
      const body = request.body as ClientBody & { displayName: string };
      await refuseEhrLinkUnlessAllowed(deps, request, body);
      const client = await linkingOnce(() =>
        deps.store.transaction(async (tx) => {
          const created = await tx.clients.create({
            clinicId: auth.clinicId,
            displayName: body.displayName.trim(),
            birthYear: body.birthYear ?? null,
            email: body.email ?? null,
            phone: body.phone ?? null,
            createdAt: deps.now().toISOString(),
            ehrPatient: body.ehrPatient ?? null,
          });
          await audit(
            deps,
            request,
            { action: 'client.create', resourceType: 'client', resourceId: created.id },
            tx,
          );
          return created;
        }),
      );
      return reply.status(201).send(clientView(client));
    },
  );

  app.get(
    '/api/v1/clients/:clientId',
    {
      config: { permission: 'clients.read' },
      schema: {
        tags: ['clients'],
        summary: 'A client and their timeline: intakes, screenings, consents, treatments and adverse events',
        params: ClientParams,
        response: {
          200: Type.Object({
            client: ClientSchema,
            intakes: Type.Array(IntakeSchema),
            screenings: Type.Array(ScreeningSummarySchema),
            consents: Type.Array(ConsentSchema),
            treatments: Type.Array(TreatmentSchema),
            adverseEvents: Type.Array(AdverseEventSchema),
          }),
          404: ProblemSchema,
        },
      },
    },
    async (request) => {
      const auth = authOf(request);
      const { clientId } = request.params as { clientId: string };
      const client = await deps.store.clients.get(auth.clinicId, clientId);
      if (client === undefined) throw problems.notFound('client');
      const clinicalAccess = auth.role !== 'reception';
      const [intakes, screenings, consents, treatments, adverseEvents] = await Promise.all([
        deps.store.intakes.listForClient(auth.clinicId, clientId),
        clinicalAccess ? deps.store.screenings.listForClient(auth.clinicId, clientId) : [],
        clinicalAccess ? deps.store.consents.listForClient(auth.clinicId, clientId) : [],
        clinicalAccess ? deps.store.treatments.listForClient(auth.clinicId, clientId) : [],
        clinicalAccess ? deps.store.adverseEvents.listForClient(auth.clinicId, clientId) : [],
      ]);
      await audit(deps, request, { action: 'client.read', resourceType: 'client', resourceId: clientId });
      return {
        client: clientView(client),
        intakes: intakes.map(intakeView),
        screenings: screenings.map(screeningSummary),
        consents: consents.map(consentView),
        treatments: treatments.map(treatmentView),
        adverseEvents: adverseEvents.map(adverseEventView),
      };
    },
  );

  app.patch(
    '/api/v1/clients/:clientId',
    {
      config: { permission: 'clients.write' },
      schema: {
        tags: ['clients'],
        summary: "Update a client's details",
        params: ClientParams,
        body: Type.Object(
          { ...ClientFields, displayName: Type.Optional(ClientFields.displayName) },
          { additionalProperties: false, minProperties: 1 },
        ),
        response: { 200: ClientSchema, 403: ProblemSchema, 404: ProblemSchema, 409: ProblemSchema },
      },
    },
    async (request) => {
      const auth = authOf(request);
      const { clientId } = request.params as { clientId: string };
      const patch = request.body as ClientBody;
      await refuseEhrLinkUnlessAllowed(deps, request, patch);
      const updated = await linkingOnce(() =>
        deps.store.transaction(async (tx) => {
          const client = await tx.clients.update(auth.clinicId, clientId, patch);
          if (client !== undefined)
            await audit(
              deps,
              request,
              { action: 'client.update', resourceType: 'client', resourceId: clientId },
              tx,
            );
          return client;
        }),
      );
      if (updated === undefined) throw problems.notFound('client');
      return clientView(updated);
    },
  );

  app.get(
    '/api/v1/clients/:clientId/export',
    {
      config: { permission: 'clients.export' },
      schema: {
        tags: ['clients'],
        summary: 'Everything stored about one client, as JSON (right of access and portability)',
        params: ClientParams,
        response: { 200: ClientExportSchema, 404: ProblemSchema },
      },
      // The export is every stored record as the store keeps it; the schema names the envelope only.
      serializerCompiler: () => (data: unknown) => JSON.stringify(data),
    },
    async (request, reply) => {
      const auth = authOf(request);
      const { clientId } = request.params as { clientId: string };
      const data = await clientExport(deps, auth.clinicId, clientId);
      if (data === undefined) throw problems.notFound('client');
      await audit(deps, request, { action: 'client.export', resourceType: 'client', resourceId: clientId });
      return reply.header('content-disposition', `attachment; filename="client-${clientId}.json"`).send(data);
    },
  );

  app.delete(
    '/api/v1/clients/:clientId',
    {
      config: { permission: 'clients.erase' },
      schema: {
        tags: ['clients'],
        summary:
          'Erase a client and every record about them (right to erasure); the audit log keeps the event',
        params: ClientParams,
        response: { 204: Type.Null(), 404: ProblemSchema },
      },
    },
    async (request, reply) => {
      const auth = authOf(request);
      const { clientId } = request.params as { clientId: string };
      const erased = await deps.store.transaction(async (tx) => {
        const done = await tx.clients.erase(auth.clinicId, clientId);
        if (done)
          await audit(
            deps,
            request,
            { action: 'client.erase', resourceType: 'client', resourceId: clientId },
            tx,
          );
        return done;
      });
      if (!erased) throw problems.notFound('client');
      // The erasure has committed; the erased rows' old versions may still sit in SQLite's WAL until it is
      // checkpointed. A failed flush leaves them until the next automatic checkpoint, so it is only logged.
      await deps.store
        .flushErasures()
        .catch((error: unknown) => request.log.error({ err: error }, 'checkpoint after an erasure failed'));
      return reply.status(204).send();
    },
  );
}
