/** Clinic administration: users and roles, API tokens, and the audit log. */
import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import { checkpointFileIn, verifyWithCheckpoint } from '../../store/index.js';
import type { ApiToken, Role } from '../../store/types.js';
import { ROLES } from '../../store/types.js';
import { passwordRejection } from '../auth/password-policy.js';
import { digest, hashPassword, newToken } from '../auth/secrets.js';
import type { AppDeps } from '../deps.js';
import { audit } from '../http/audit.js';
import { authOf } from '../http/authenticate.js';
import { requestLang } from '../http/lang.js';
import { passwordProblem, problems } from '../http/problem.js';
import { IdParam, PageQuery, ProblemSchema, page } from '../schemas/common.js';
import { UserSchema, userView } from '../schemas/records.js';

const TokenSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  role: Type.Enum(ROLES),
  /** The user the token acts as (with at most their current role). */
  ownerId: Type.String(),
  createdAt: Type.String(),
  expiresAt: Type.String(),
  lastUsedAt: Type.Union([Type.String(), Type.Null()]),
  revokedAt: Type.Union([Type.String(), Type.Null()]),
});

const tokenView = (t: ApiToken) => ({
  id: t.id,
  name: t.name,
  role: t.role,
  ownerId: t.createdBy,
  createdAt: t.createdAt,
  expiresAt: t.expiresAt,
  lastUsedAt: t.lastUsedAt,
  revokedAt: t.revokedAt,
});

const DAY_MS = 86_400_000;

export function adminRoutes(app: FastifyInstance, deps: AppDeps): void {
  app.get(
    '/api/v1/users',
    {
      config: { permission: 'users.manage' },
      schema: {
        tags: ['admin'],
        summary: "The clinic's users",
        response: { 200: Type.Object({ users: Type.Array(UserSchema) }) },
      },
    },
    async (request) => ({ users: (await deps.store.users.list(authOf(request).clinicId)).map(userView) }),
  );

  app.post(
    '/api/v1/users',
    {
      config: { permission: 'users.manage' },
      schema: {
        tags: ['admin'],
        summary: 'Add a user to the clinic',
        body: Type.Object(
          {
            email: Type.String({ maxLength: 254, pattern: '^[^@\\s]+@[^@\\s]+$' }),
            name: Type.String({ minLength: 1, maxLength: 120 }),
            role: Type.Enum(ROLES),
            profession: Type.Optional(Type.String({ maxLength: 64 })),
            password: Type.String({ minLength: 1, maxLength: 128 }),
          },
          { additionalProperties: false },
        ),
        response: { 201: UserSchema, 400: ProblemSchema, 409: ProblemSchema, 422: ProblemSchema },
      },
    },
    async (request, reply) => {
      const auth = authOf(request);
      const body = request.body as {
        email: string;
        name: string;
        role: Role;
        profession?: string;
        password: string;
      };
      if (body.profession !== undefined && !deps.kb.index.profession.has(body.profession)) {
        throw problems.validation([
          { path: 'body.profession', message: `unknown profession "${body.profession}"` },
        ]);
      }
      const email = body.email.trim().toLowerCase();
      const clinic = await deps.store.clinics.get(auth.clinicId);
      const rejection = await passwordRejection(body.password, {
        email,
        name: body.name,
        clinicName: clinic?.name ?? '',
      });
      if (rejection !== undefined) throw passwordProblem(rejection, requestLang(request), 'body.password');
      // E-mails are unique across clinics (they log in without naming one); the refusal is worded the same
      // whichever clinic has the address, so that it tells nothing about other clinics.
      if ((await deps.store.users.findByEmailWithSecret(email)) !== undefined)
        throw problems.conflict('This e-mail address cannot be used for a new user; choose another one.');
      const passwordHash = await hashPassword(body.password);
      const user = await deps.store.transaction(async (tx) => {
        const created = await tx.users.create({
          clinicId: auth.clinicId,
          email,
          name: body.name,
          role: body.role,
          profession: body.profession ?? null,
          disabled: false,
          passwordHash,
          // The admin chose it: the new user changes it at their first login.
          mustChangePassword: true,
          createdAt: deps.now().toISOString(),
        });
        await audit(
          deps,
          request,
          { action: 'user.create', resourceType: 'user', resourceId: created.id },
          tx,
        );
        return created;
      });
      return reply.status(201).send(userView(user));
    },
  );

  app.patch(
    '/api/v1/users/:userId',
    {
      config: { permission: 'users.manage' },
      schema: {
        tags: ['admin'],
        summary:
          "Change a user's role or name, make a practitioner the clinic's clinical lead (who signs rules) or not, or disable them (their sessions end and their API tokens are revoked at once)",
        params: Type.Object({ userId: IdParam }, { additionalProperties: false }),
        body: Type.Object(
          {
            name: Type.Optional(Type.String({ minLength: 1, maxLength: 120 })),
            role: Type.Optional(Type.Enum(ROLES)),
            disabled: Type.Optional(Type.Boolean()),
            clinicalLead: Type.Optional(
              Type.Boolean({ description: 'Only a practitioner can be a clinical lead (409 otherwise)' }),
            ),
          },
          { additionalProperties: false, minProperties: 1 },
        ),
        response: {
          200: UserSchema,
          400: ProblemSchema,
          401: ProblemSchema,
          403: ProblemSchema,
          404: ProblemSchema,
          409: ProblemSchema,
        },
      },
    },
    async (request) => {
      const auth = authOf(request);
      const { userId } = request.params as { userId: string };
      const body = request.body as { name?: string; role?: Role; disabled?: boolean; clinicalLead?: boolean };
      if (
        userId === auth.userId &&
        (body.disabled === true || (body.role !== undefined && body.role !== 'admin'))
      ) {
        throw problems.conflict('You cannot disable yourself or remove your own admin role.');
      }
      const user = await deps.store.transaction(async (tx) => {
        const before = await tx.users.get(auth.clinicId, userId);
        if (before === undefined) return undefined;
        const role = body.role ?? before.role;
        if (body.clinicalLead === true && role !== 'practitioner')
          throw problems.conflict('Only a practitioner can be the clinical lead who signs rules.');
        // A clinical lead who stops being a practitioner stops signing rules.
        const patch =
          role !== 'practitioner' && before.clinicalLead ? { ...body, clinicalLead: false } : body;
        const updated = await tx.users.update(auth.clinicId, userId, patch);
        if (updated === undefined) return undefined;
        if (body.disabled === true || body.role !== undefined) await tx.sessions.deleteForUser(userId);
        if (body.disabled === true)
          await tx.apiTokens.revokeForUser(auth.clinicId, userId, deps.now().toISOString());
        await audit(deps, request, { action: 'user.update', resourceType: 'user', resourceId: userId }, tx);
        if (updated.clinicalLead !== before.clinicalLead)
          await audit(
            deps,
            request,
            {
              action: updated.clinicalLead ? 'user.clinical_lead.grant' : 'user.clinical_lead.revoke',
              resourceType: 'user',
              resourceId: userId,
            },
            tx,
          );
        return updated;
      });
      if (user === undefined) throw problems.notFound('user');
      return userView(user);
    },
  );

  app.get(
    '/api/v1/api-tokens',
    {
      config: { permission: 'tokens.manage' },
      schema: {
        tags: ['admin'],
        summary: 'API tokens for integrations',
        response: { 200: Type.Object({ tokens: Type.Array(TokenSchema) }) },
      },
    },
    async (request) => ({
      tokens: (await deps.store.apiTokens.list(authOf(request).clinicId)).map(tokenView),
    }),
  );

  app.post(
    '/api/v1/api-tokens',
    {
      config: { permission: 'tokens.manage' },
      schema: {
        tags: ['admin'],
        summary:
          'Create an API token acting as you, with at most your role, until it expires; the secret is shown once',
        body: Type.Object(
          {
            name: Type.String({ minLength: 1, maxLength: 80 }),
            role: Type.Enum(ROLES),
            expiresInDays: Type.Optional(Type.Integer({ minimum: 1 })),
          },
          { additionalProperties: false },
        ),
        response: {
          201: Type.Object({ token: TokenSchema, secret: Type.String() }),
          400: ProblemSchema,
        },
      },
    },
    async (request, reply) => {
      const auth = authOf(request);
      // A token may not mint tokens: a leaked one must not be able to outlive its own expiry.
      if (auth.kind === 'token') throw problems.forbidden();
      const body = request.body as { name: string; role: Role; expiresInDays?: number };
      const days = body.expiresInDays ?? deps.config.apiTokenDefaultDays;
      if (days > deps.config.apiTokenMaxDays)
        throw problems.validation([
          {
            path: 'body.expiresInDays',
            message: `must be at most ${deps.config.apiTokenMaxDays} days`,
          },
        ]);
      const now = deps.now();
      const secret = newToken('nck_');
      const token = await deps.store.transaction(async (tx) => {
        const created = await tx.apiTokens.create({
          clinicId: auth.clinicId,
          name: body.name,
          role: body.role,
          tokenHash: digest(secret),
          createdBy: auth.userId,
          createdAt: now.toISOString(),
          revokedAt: null,
          expiresAt: new Date(now.getTime() + days * DAY_MS).toISOString(),
        });
        await audit(
          deps,
          request,
          { action: 'api_token.create', resourceType: 'api_token', resourceId: created.id },
          tx,
        );
        return created;
      });
      return reply.status(201).send({ token: tokenView(token), secret });
    },
  );

  app.delete(
    '/api/v1/api-tokens/:tokenId',
    {
      config: { permission: 'tokens.manage' },
      schema: {
        tags: ['admin'],
        summary: 'Revoke an API token',
        params: Type.Object({ tokenId: IdParam }, { additionalProperties: false }),
        response: { 204: Type.Null(), 404: ProblemSchema },
      },
    },
    async (request, reply) => {
      const auth = authOf(request);
      const { tokenId } = request.params as { tokenId: string };
      const revoked = await deps.store.transaction(async (tx) => {
        const done = await tx.apiTokens.revoke(auth.clinicId, tokenId, deps.now().toISOString());
        if (done)
          await audit(
            deps,
            request,
            { action: 'api_token.revoke', resourceType: 'api_token', resourceId: tokenId },
            tx,
          );
        return done;
      });
      if (!revoked) throw problems.notFound('API token');
      return reply.status(204).send();
    },
  );

  app.get(
    '/api/v1/audit',
    {
      config: { permission: 'audit.read' },
      schema: {
        tags: ['admin'],
        summary: "The clinic's audit log, newest first",
        querystring: Type.Object(PageQuery, { additionalProperties: false }),
        response: {
          200: Type.Object({
            entries: Type.Array(
              Type.Object({
                seq: Type.Integer(),
                at: Type.String(),
                actor: Type.String(),
                action: Type.String(),
                resourceType: Type.Union([Type.String(), Type.Null()]),
                resourceId: Type.Union([Type.String(), Type.Null()]),
                outcome: Type.String(),
                requestId: Type.Union([Type.String(), Type.Null()]),
                ip: Type.Union([Type.String(), Type.Null()]),
                hash: Type.String(),
              }),
            ),
          }),
        },
      },
    },
    async (request) => {
      const auth = authOf(request);
      const entries = await deps.store.audit.listForClinic(
        auth.clinicId,
        page(request.query as { limit?: string; offset?: string }),
      );
      await audit(deps, request, { action: 'audit.read', resourceType: 'audit' });
      return { entries };
    },
  );

  app.get(
    '/api/v1/audit/verify',
    {
      config: { permission: 'audit.read' },
      schema: {
        tags: ['admin'],
        summary:
          "Verify the keyed hash chain of the whole audit log against the server's checkpoint; counts only this clinic's entries",
        response: {
          200: Type.Object({
            ok: Type.Boolean(),
            entries: Type.Optional(Type.Integer({ description: "This clinic's entries" })),
            records: Type.Optional(
              Type.Integer({ description: 'Screenings and reviews checked, all clinics' }),
            ),
            legacy: Type.Optional(
              Type.Boolean({
                description: 'The chain starts with unkeyed entries written before keys existed',
              }),
            ),
            checkpoint: Type.Optional(
              Type.Union([Type.Object({ seq: Type.Integer(), at: Type.String() }), Type.Null()]),
            ),
            seq: Type.Optional(Type.Integer()),
            reason: Type.Optional(Type.String()),
          }),
        },
      },
    },
    async (request) => {
      const auth = authOf(request);
      const result = await verifyWithCheckpoint(deps.store, checkpointFileIn(deps.config.auditDir));
      await audit(deps, request, {
        action: 'audit.verify',
        resourceType: 'audit',
        outcome: result.ok ? 'success' : 'failure',
      });
      if (!result.ok)
        return result.clinicId === auth.clinicId
          ? { ok: false, seq: result.seq, reason: result.reason }
          : {
              ok: false,
              reason:
                'the chain is broken outside this clinic’s entries: ask the operator to run neckcheck audit verify',
            };
      return {
        ok: true,
        entries: result.entriesByClinic[auth.clinicId] ?? 0,
        records: result.records,
        legacy: result.legacyEntries > 0,
        checkpoint: result.checkpoint,
      };
    },
  );
}
