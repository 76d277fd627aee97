/**
 * The HL7 FHIR R4 endpoint: the CapabilityStatement, the Questionnaire (public), a stateless $assess of a
 * QuestionnaireResponse (public, like POST /api/v1/assess) and one client's record as Patient/$everything
 * (authenticated, clients.export, audited). Every answer is application/fhir+json; every error an
 * OperationOutcome with a 4xx status. The routes live in their own plugin so that the fhir+json body parser
 * and the OperationOutcome error handler apply to them only.
 */
import { randomUUID } from 'node:crypto';
import type { Patient, QuestionnaireResponse, Reference } from '@medplum/fhirtypes';
import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import { effectiveTechniques } from '../../clinic/index.js';
import type { Lang } from '../../core/index.js';
import { assess } from '../../core/index.js';
import {
  answersFromResponse,
  assessInput,
  assessmentBundle,
  capabilityStatement,
  clientBundle,
  issue,
  QUESTIONNAIRE_ID,
  responseFromAnswers,
  toQuestionnaire,
} from '../../fhir/index.js';
import type { AppDeps } from '../deps.js';
import { audit } from '../http/audit.js';
import { authOf } from '../http/authenticate.js';
import { fhirContext, send, sendIssues } from '../http/fhir-reply.js';
import { problems } from '../http/problem.js';
import { IdParam, Lang as LangSchema } from '../schemas/common.js';

const PUBLIC = { access: 'public' } as const;
/** Other parameters FHIR clients add (_format, _pretty…) are ignored. */
const LangQuery = Type.Object({ lang: Type.Optional(LangSchema) }, { additionalProperties: true });
/** A 200 with a FHIR resource of this type (the fhir module builds them; see test/fhir for their profiles). */
const resource = (resourceType: string, description: string) => ({
  200: {
    description,
    content: {
      'application/fhir+json': {
        schema: Type.Object({ resourceType: Type.Literal(resourceType) }, { additionalProperties: true }),
      },
    },
  },
});

/** The response's subject, when it is a plain reference (anything else is not echoed back). */
function subjectOf(response: Record<string, unknown>): Reference<Patient> | undefined {
  const subject = response.subject;
  if (typeof subject !== 'object' || subject === null) return undefined;
  const { reference, display } = subject as Record<string, unknown>;
  const ok = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '' && v.length <= 512;
  if (!ok(reference) && !ok(display)) return undefined;
  return { ...(ok(reference) ? { reference } : {}), ...(ok(display) ? { display } : {}) };
}

/** Registers the FHIR routes under /fhir. */
export function fhirRoutes(app: FastifyInstance, deps: AppDeps): void {
  const base = `${deps.config.publicUrl}/fhir`;
  const questionnaires = { en: toQuestionnaire(deps.kb, 'en'), fr: toQuestionnaire(deps.kb, 'fr') };
  const metadata = capabilityStatement(base, deps.kb);

  void app.register(
    async (fhir) => {
      fhirContext(fhir);
      fhir.setNotFoundHandler((_request, reply) =>
        sendIssues(reply, [issue('not-found', 'No such FHIR resource or operation.')], 404),
      );

      fhir.get(
        '/metadata',
        {
          config: PUBLIC,
          schema: {
            tags: ['fhir'],
            summary: 'The FHIR CapabilityStatement',
            response: resource('CapabilityStatement', 'What this FHIR endpoint supports'),
          },
        },
        async (_request, reply) => send(reply, 200, metadata),
      );

      fhir.get(
        `/Questionnaire/${QUESTIONNAIRE_ID}`,
        {
          config: PUBLIC,
          schema: {
            tags: ['fhir'],
            summary: 'The questionnaire as a FHIR R4 Questionnaire, in English or French',
            querystring: LangQuery,
            response: resource('Questionnaire', 'The NeckCheck questionnaire'),
          },
        },
        async (request, reply) =>
          send(reply, 200, questionnaires[(request.query as { lang?: Lang }).lang ?? 'en']),
      );

      fhir.post(
        `/Questionnaire/${QUESTIONNAIRE_ID}/$assess`,
        {
          config: { ...PUBLIC, rateLimit: { max: deps.config.assessPerMinute, timeWindow: '1 minute' } },
          schema: {
            tags: ['fhir'],
            summary:
              'Assess a QuestionnaireResponse (or Parameters with a "response" part); nothing is stored',
            description:
              'Answers 422 with an OperationOutcome when the response does not fit the questionnaire.',
            response: {
              ...resource('Bundle', 'The response, the assessment and its decisions as a Bundle'),
              422: { description: 'The QuestionnaireResponse does not fit the questionnaire' },
            },
          },
        },
        async (request, reply) => {
          const input = assessInput(request.body);
          if (!input.ok) return sendIssues(reply, input.errors);
          const answers = answersFromResponse(deps.kb, input.value.response, {
            version: deps.kb.meta.version,
          });
          if (!answers.ok) return sendIssues(reply, answers.errors);
          const lang = input.value.lang ?? 'en';
          const assessedAt = deps.now().toISOString();
          const subject = subjectOf(input.value.response);
          const response: QuestionnaireResponse = responseFromAnswers(deps.kb, answers.value, {
            lang,
            authored: assessedAt,
            ...(subject === undefined ? {} : { subject }),
          });
          const assessment = assess(deps.kb, answers.value, { assessedAt });
          const bundle = assessmentBundle(deps.kb, assessment, {
            response,
            lang,
            newId: randomUUID,
            ...(subject === undefined ? {} : { subject }),
          });
          return send(reply, 200, bundle);
        },
      );

      fhir.get(
        '/Patient/:clientId/$everything',
        {
          config: { permission: 'clients.export' },
          schema: {
            tags: ['fhir'],
            summary: "One client's record as a FHIR Bundle (right of access and portability)",
            params: Type.Object({ clientId: IdParam }, { additionalProperties: false }),
            querystring: LangQuery,
            response: resource('Bundle', "The client's record as a Bundle"),
          },
        },
        async (request, reply) => {
          const auth = authOf(request);
          const { clientId } = request.params as { clientId: string };
          const client = await deps.store.clients.get(auth.clinicId, clientId);
          if (client === undefined) throw problems.notFound('client');
          const [stored, consents, treatments, adverseEvents, users] = await Promise.all([
            deps.store.screenings.listForClient(auth.clinicId, clientId),
            deps.store.consents.listForClient(auth.clinicId, clientId),
            deps.store.treatments.listForClient(auth.clinicId, clientId),
            deps.store.adverseEvents.listForClient(auth.clinicId, clientId),
            deps.store.users.list(auth.clinicId),
          ]);
          // Overrides never alter a stored assessment: the export states the decisions in force beside it.
          const screenings = await Promise.all(
            stored.map(async (s) => ({
              ...s,
              effective: effectiveTechniques(
                s.assessment,
                await deps.store.reviews.listForScreening(auth.clinicId, s.id),
              ),
            })),
          );
          const staff = users.map((u) => ({ id: u.id, name: u.name }));
          await audit(deps, request, {
            action: 'client.export.fhir',
            resourceType: 'client',
            resourceId: clientId,
          });
          const bundle = clientBundle(
            deps.kb,
            { client, screenings, consents, treatments, adverseEvents, staff },
            {
              baseUrl: base,
              lang: (request.query as { lang?: Lang }).lang ?? 'en',
              timestamp: deps.now().toISOString(),
            },
          );
          return send(reply, 200, bundle);
        },
      );
    },
    { prefix: '/fhir' },
  );
}
