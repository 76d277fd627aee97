/**
 * SMART on FHIR EHR launch (App Launch 2.x): the EHR opens /smart/launch?iss=…&launch=…, NeckCheck asks the
 * EHR's authorization server for a code (PKCE S256), /smart/callback exchanges it, reads the patient and
 * keeps that patient (never the token) for the workspace, which finds or creates the client and opens the
 * screening. The two browser routes redirect or answer with a page, so they are hidden from the OpenAPI
 * document; the JSON routes under /api/v1/smart are documented. See docs/adr/0023-smart-ehr-launch.md.
 */
import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import Type from 'typebox';
import type { Lang } from '../../core/index.js';
import { StoreConstraintError } from '../../store/errors.js';
import { secretBox } from '../auth/secret-box.js';
import { digest } from '../auth/secrets.js';
import type { AppDeps } from '../deps.js';
import { audit } from '../http/audit.js';
import { authOf } from '../http/authenticate.js';
import { requestLang } from '../http/lang.js';
import { ProblemError, problems } from '../http/problem.js';
import { ProblemSchema } from '../schemas/common.js';
import { ClientSchema, clientView } from '../schemas/records.js';
import { smartClientFor } from '../smart/config.js';
import type { PatientContext } from '../smart/cookies.js';
import {
  CONTEXT_MINUTES,
  clearSealed,
  launchStateOf,
  patientContextOf,
  STATE_MINUTES,
  setSealed,
} from '../smart/cookies.js';
import type { SmartFailure } from '../smart/oauth.js';
import {
  authorizationRequest,
  discover,
  exchangeCode,
  oauthCode,
  readPatient,
  SmartError,
} from '../smart/oauth.js';
import { sendFailure } from '../smart/pages.js';

/** Where the workspace continues the launch (web/src/workspace/SmartLaunch.tsx). */
export const SMART_PAGE = '/app/smart';

const param = (query: unknown, name: string, max = 2048): string | undefined => {
  const value = (query as Record<string, unknown> | null)?.[name];
  return typeof value === 'string' && value.length > 0 && value.length <= max && !/[\s<>"]/.test(value)
    ? value
    : undefined;
};

const sameText = (a: string, b: string): boolean =>
  timingSafeEqual(Buffer.from(digest(a), 'hex'), Buffer.from(digest(b), 'hex'));

/** Words of the JSON routes' refusals, in the staff member's language. */
const REFUSALS: Readonly<Record<'none' | 'otherClinic', Readonly<Record<Lang, string>>>> = {
  none: {
    en: 'No EHR launch is in progress in this browser, or it has expired: open NeckCheck again from the EHR.',
    fr: "Aucun lancement depuis le DPI n'est en cours dans ce navigateur, ou il a expiré : rouvrez NeckCheck depuis le DPI.",
  },
  otherClinic: {
    en: 'This EHR launch is for another clinic: log in with an account of that clinic.',
    fr: 'Ce lancement depuis le DPI concerne une autre clinique : connectez-vous avec un compte de cette clinique.',
  },
};

const PatientView = Type.Object({
  system: Type.String({
    description: 'The EHR system the patient id belongs to (clients.ehrPatient.system)',
  }),
  patientId: Type.String(),
  name: Type.Union([Type.String(), Type.Null()]),
  birthDate: Type.Union([Type.String(), Type.Null()]),
  birthYear: Type.Union([Type.Integer(), Type.Null()]),
});
const LaunchView = Type.Object({
  patient: PatientView,
  ehrUser: Type.Union([Type.String(), Type.Null()], {
    description: 'fhirUser from the EHR, when it named one',
  }),
  client: Type.Union([ClientSchema, Type.Null()], {
    description: 'The client linked to this patient, if any',
  }),
});

const birthYearOf = (birthDate: string | undefined): number | null => {
  const year = birthDate === undefined ? Number.NaN : Number(birthDate.slice(0, 4));
  return Number.isInteger(year) && year >= 1900 && year <= 2100 ? year : null;
};

export function smartRoutes(app: FastifyInstance, deps: AppDeps): void {
  const redirectUri = `${deps.config.publicUrl}/smart/callback`;

  /**
   * A refused launch, told to the person at the EHR and audited: in full when it belongs to a launch this
   * server started for a clinic (its sealed cookie says which), otherwise as an anonymous failure that a
   * flood only counts.
   */
  const refuse = async (
    request: FastifyRequest,
    reply: FastifyReply,
    failure: SmartFailure,
    clinicId: string | null,
    ehrCode?: string,
  ): Promise<FastifyReply> => {
    const input = { action: `smart.${failure}`, outcome: 'denied', clinicId, actor: 'anonymous' } as const;
    if (clinicId === null) await app.failureGuard.failed('smart', request, input);
    else await audit(deps, request, input);
    return sendFailure(request, reply, failure, ehrCode);
  };
  // Each launch costs a request to the EHR: an address may start only so many a minute.
  const rateLimit = { max: deps.config.failuresPerMinute, timeWindow: '1 minute' };

  app.get(
    '/smart/launch',
    // Hidden: a browser navigation that redirects to the EHR or shows a page, not a JSON API.
    { config: { access: 'public', rateLimit }, schema: { hide: true } },
    async (request, reply) => {
      await app.failureGuard.check('smart', request, reply);
      const iss = param(request.query, 'iss');
      const launch = param(request.query, 'launch');
      if (iss === undefined || launch === undefined) return refuse(request, reply, 'launch_invalid', null);
      const client = smartClientFor(deps.config.smartClients, iss);
      if (client === undefined) return refuse(request, reply, 'iss_not_allowed', null);
      let endpoints: Awaited<ReturnType<typeof discover>>;
      try {
        endpoints = await discover(client.iss);
      } catch (error) {
        if (error instanceof SmartError) return refuse(request, reply, error.failure, client.clinicId);
        throw error;
      }
      const authorization = authorizationRequest(client, endpoints, launch, redirectUri);
      const expiresAt = new Date(deps.now().getTime() + STATE_MINUTES * 60_000).toISOString();
      setSealed(deps, await secretBox(deps.config), reply, 'state', {
        state: authorization.state,
        codeVerifier: authorization.codeVerifier,
        iss: client.iss,
        tokenEndpoint: endpoints.tokenEndpoint,
        expiresAt,
      });
      return reply.redirect(authorization.url, 302);
    },
  );

  app.get(
    '/smart/callback',
    // Hidden: the EHR's authorization server sends the browser here; it redirects into the workspace.
    { config: { access: 'public', rateLimit }, schema: { hide: true } },
    async (request, reply) => {
      await app.failureGuard.check('smart', request, reply);
      const box = await secretBox(deps.config);
      const saved = launchStateOf(deps, box, request);
      clearSealed(deps, reply, 'state');
      const state = param(request.query, 'state');
      if (saved === undefined || state === undefined || !sameText(state, saved.state))
        return refuse(
          request,
          reply,
          'state_invalid',
          saved === undefined
            ? null
            : (smartClientFor(deps.config.smartClients, saved.iss)?.clinicId ?? null),
        );
      const client = smartClientFor(deps.config.smartClients, saved.iss);
      if (client === undefined) return refuse(request, reply, 'iss_not_allowed', null);
      // Single use across every instance: the shared table of used one-time ids refuses a second claim.
      const fresh = await deps.store.cdsJwtIds.claim(
        `smart-state:${client.iss}`,
        digest(state),
        saved.expiresAt,
        deps.now().toISOString(),
      );
      if (!fresh) return refuse(request, reply, 'state_invalid', client.clinicId);
      const ehrError = (request.query as Record<string, unknown>).error;
      const code = param(request.query, 'code');
      if (ehrError !== undefined || code === undefined)
        return refuse(request, reply, 'authorization_refused', client.clinicId, oauthCode(ehrError));
      let context: PatientContext;
      try {
        const granted = await exchangeCode(
          client,
          saved.tokenEndpoint,
          code,
          saved.codeVerifier,
          redirectUri,
        );
        const patient = await readPatient(client.iss, granted);
        context = {
          clinicId: client.clinicId,
          iss: client.iss,
          system: client.ehrSystem,
          patientId: granted.patientId,
          name: patient.name,
          birthDate: patient.birthDate,
          fhirUser: granted.fhirUser,
          expiresAt: new Date(deps.now().getTime() + CONTEXT_MINUTES * 60_000).toISOString(),
        };
      } catch (error) {
        if (error instanceof SmartError)
          return refuse(request, reply, error.failure, client.clinicId, error.ehrCode);
        throw error;
      }
      setSealed(deps, box, reply, 'context', context);
      await audit(deps, request, {
        action: 'smart.launch',
        clinicId: client.clinicId,
        actor: `smart:${client.iss}${context.fhirUser === undefined ? '' : `#${context.fhirUser}`}`,
        resourceType: 'ehr_patient',
        resourceId: context.patientId,
      });
      return reply.redirect(SMART_PAGE, 303);
    },
  );

  /** The launch of this browser (undefined when there is none), for the caller's clinic only. */
  const launchOf = async (request: FastifyRequest): Promise<PatientContext | undefined> => {
    const auth = authOf(request);
    const context = patientContextOf(deps, await secretBox(deps.config), request);
    if (context === undefined) return undefined;
    if (context.clinicId !== auth.clinicId) {
      await audit(deps, request, {
        action: 'smart.launch_other_clinic',
        outcome: 'denied',
        resourceType: 'ehr_patient',
        resourceId: context.patientId,
      });
      throw problems.forbidden(REFUSALS.otherClinic[requestLang(request)]);
    }
    return context;
  };
  const launchFor = async (request: FastifyRequest): Promise<PatientContext> => {
    const context = await launchOf(request);
    if (context === undefined) throw new ProblemError('not_found', REFUSALS.none[requestLang(request)]);
    return context;
  };

  app.get(
    '/api/v1/smart/launch',
    {
      config: { permission: 'clients.link-ehr' },
      schema: {
        tags: ['smart'],
        summary:
          'The EHR patient this browser was launched on (null when none is), and the client linked to it if there is one',
        response: {
          200: Type.Object({ launch: Type.Union([LaunchView, Type.Null()]) }),
          401: ProblemSchema,
          403: ProblemSchema,
        },
      },
    },
    async (request) => {
      const auth = authOf(request);
      const context = await launchOf(request);
      if (context === undefined) return { launch: null };
      const client = await deps.store.clients.findByEhrPatient(
        auth.clinicId,
        context.system,
        context.patientId,
      );
      await audit(deps, request, {
        action: 'smart.launch_opened',
        resourceType: 'ehr_patient',
        resourceId: context.patientId,
      });
      const launch = {
        patient: {
          system: context.system,
          patientId: context.patientId,
          name: context.name ?? null,
          birthDate: context.birthDate ?? null,
          birthYear: birthYearOf(context.birthDate),
        },
        ehrUser: context.fhirUser ?? null,
        client: client === undefined ? null : clientView(client),
      };
      return { launch };
    },
  );

  app.post(
    '/api/v1/smart/launch/client',
    {
      config: { permission: 'clients.link-ehr' },
      schema: {
        tags: ['smart'],
        summary:
          "Add the launch's patient as a client linked to the EHR patient (after the practitioner confirms)",
        body: Type.Object(
          {
            displayName: Type.String({ minLength: 1, maxLength: 120 }),
            birthYear: Type.Optional(
              Type.Union([Type.Integer({ minimum: 1900, maximum: 2100 }), Type.Null()]),
            ),
          },
          { additionalProperties: false },
        ),
        response: {
          201: ClientSchema,
          400: ProblemSchema,
          401: ProblemSchema,
          403: ProblemSchema,
          404: ProblemSchema,
          409: ProblemSchema,
        },
      },
    },
    async (request, reply) => {
      const auth = authOf(request);
      const context = await launchFor(request);
      const body = request.body as { displayName: string; birthYear?: number | null };
      const displayName = body.displayName.trim();
      if (displayName === '')
        throw problems.validation([{ path: '/displayName', message: 'must not be blank' }]);
      let created: Awaited<ReturnType<typeof deps.store.clients.create>>;
      try {
        created = await deps.store.transaction(async (tx) => {
          const client = await tx.clients.create({
            clinicId: auth.clinicId,
            displayName,
            birthYear: body.birthYear ?? null,
            email: null,
            phone: null,
            createdAt: deps.now().toISOString(),
            ehrPatient: { system: context.system, patientId: context.patientId },
          });
          await audit(
            deps,
            request,
            { action: 'client.create', resourceType: 'client', resourceId: client.id },
            tx,
          );
          await audit(
            deps,
            request,
            { action: 'smart.client_linked', resourceType: 'ehr_patient', resourceId: context.patientId },
            tx,
          );
          return client;
        });
      } catch (error) {
        if (error instanceof StoreConstraintError && error.kind === 'unique')
          throw problems.conflict('Another client of this clinic is already linked to this EHR patient.');
        throw error;
      }
      clearSealed(deps, reply, 'context');
      return reply.status(201).send(clientView(created));
    },
  );

  app.delete(
    '/api/v1/smart/launch',
    {
      schema: {
        tags: ['smart'],
        summary: "Ends this browser's EHR launch (the workspace does once it has opened the client)",
        response: { 204: Type.Null(), 401: ProblemSchema, 403: ProblemSchema },
      },
    },
    async (_request, reply) => {
      clearSealed(deps, reply, 'context');
      return reply.status(204).send();
    },
  );
}
