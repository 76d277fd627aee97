/**
 * Passwords and lockouts: a user changes their own password (the only thing a one-time password allows), and
 * a clinic's admins see the accounts locked after too many failed logins and unlock them.
 */
import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import { MAX_PASSWORD_LENGTH, passwordRejection } from '../auth/password-policy.js';
import { hashPassword, verifyPassword } from '../auth/secrets.js';
import type { AppDeps } from '../deps.js';
import { audit } from '../http/audit.js';
import { authOf } from '../http/authenticate.js';
import { requestLang } from '../http/lang.js';
import { ProblemError, passwordProblem, problems } from '../http/problem.js';
import { IdParam, ProblemSchema } from '../schemas/common.js';

const PasswordChangeBody = Type.Object(
  {
    currentPassword: Type.String({ minLength: 1, maxLength: MAX_PASSWORD_LENGTH }),
    // Longer passwords reach the policy, which words the refusal; this bound only caps the work.
    newPassword: Type.String({ minLength: 1, maxLength: 1024 }),
  },
  { additionalProperties: false },
);

const LockedAccountSchema = Type.Object({
  userId: Type.String(),
  email: Type.String(),
  name: Type.String(),
  lockedUntil: Type.String(),
  failures: Type.Integer(),
});

export function accountSecurityRoutes(app: FastifyInstance, deps: AppDeps): void {
  app.post(
    '/api/v1/auth/password',
    {
      config: {
        beforePasswordChange: true,
        rateLimit: { max: deps.config.loginAttemptsPerMinute, timeWindow: '1 minute' },
      },
      schema: {
        tags: ['auth'],
        summary: 'Change your password (current one required); your other sessions end',
        body: PasswordChangeBody,
        response: { 204: Type.Null(), 403: ProblemSchema, 422: ProblemSchema },
      },
    },
    async (request, reply) => {
      const auth = authOf(request);
      if (auth.kind !== 'session')
        throw problems.forbidden('Log in to change your password; an API token cannot.');
      const { currentPassword, newPassword } = request.body as {
        currentPassword: string;
        newPassword: string;
      };
      const [user, clinic] = await Promise.all([
        deps.store.users.get(auth.clinicId, auth.userId),
        deps.store.clinics.get(auth.clinicId),
      ]);
      if (user === undefined || clinic === undefined) throw problems.unauthenticated();
      const secret = await deps.store.users.findByEmailWithSecret(user.email);
      if (secret === undefined || !(await verifyPassword(secret.passwordHash, currentPassword))) {
        await audit(deps, request, { action: 'auth.password_change', outcome: 'failure' });
        throw new ProblemError('forbidden', 'The current password is wrong.');
      }
      const lang = requestLang(request);
      const rejection =
        newPassword === currentPassword
          ? {
              code: 'password_unchanged',
              message: {
                en: 'The new password must differ from the current one.',
                fr: 'Le nouveau mot de passe doit être différent de l’actuel.',
              },
            }
          : await passwordRejection(newPassword, {
              email: user.email,
              name: user.name,
              clinicName: clinic.name,
            });
      if (rejection !== undefined) throw passwordProblem(rejection, lang, 'body.newPassword');
      const passwordHash = await hashPassword(newPassword);
      await deps.store.transaction(async (tx) => {
        await tx.users.update(auth.clinicId, auth.userId, { passwordHash, mustChangePassword: false });
        await tx.sessions.deleteForUser(auth.userId, auth.sessionTokenHash);
        await audit(
          deps,
          request,
          { action: 'auth.password_change', resourceType: 'user', resourceId: auth.userId },
          tx,
        );
      });
      return reply.status(204).send();
    },
  );

  app.get(
    '/api/v1/users/locked',
    {
      config: { permission: 'users.manage' },
      schema: {
        tags: ['admin'],
        summary: "The clinic's accounts locked after too many failed logins",
        response: { 200: Type.Object({ accounts: Type.Array(LockedAccountSchema) }) },
      },
    },
    async (request) => ({
      accounts: await deps.store.loginAttempts.listLocked(authOf(request).clinicId, deps.now().toISOString()),
    }),
  );

  app.post(
    '/api/v1/users/:userId/unlock',
    {
      config: { permission: 'users.manage' },
      schema: {
        tags: ['admin'],
        summary: 'Unlock an account locked after too many failed logins',
        params: Type.Object({ userId: IdParam }, { additionalProperties: false }),
        response: { 204: Type.Null(), 404: ProblemSchema },
      },
    },
    async (request, reply) => {
      const auth = authOf(request);
      const { userId } = request.params as { userId: string };
      const user = await deps.store.users.get(auth.clinicId, userId);
      if (user === undefined) throw problems.notFound('user');
      await deps.store.transaction(async (tx) => {
        // The count since the last login stays, so that the user still hears of the failed attempts.
        const attempts = await tx.loginAttempts.get(user.email);
        if (attempts !== undefined)
          await tx.loginAttempts.put({ ...attempts, failures: 0, lockedUntil: null });
        await audit(deps, request, { action: 'user.unlock', resourceType: 'user', resourceId: userId }, tx);
      });
      return reply.status(204).send();
    },
  );
}
