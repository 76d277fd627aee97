/** Login with email and password, logout, and who am I. Sessions live in the database. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import Type from 'typebox';
import { decoyHash, digest, newToken, verifyPassword } from '../auth/secrets.js';
import { setSessionCookie } from '../auth/session.js';
import type { AppDeps } from '../deps.js';
import { audit } from '../http/audit.js';
import { sessionCookieName } from '../http/authenticate.js';
import { problems } from '../http/problem.js';
import { ProblemSchema } from '../schemas/common.js';
import { UserSchema, userView } from '../schemas/records.js';
import {
  failLogin,
  lockoutRefused,
  loginLocked,
  purgeExpired,
  succeedLogin,
} from '../services/login-attempts.js';
import { hasTwoFactor, SecondStepSchema, startSecondStep } from './two-factor.js';

const LoginBody = Type.Object(
  {
    email: Type.String({ minLength: 3, maxLength: 254 }),
    password: Type.String({ minLength: 1, maxLength: 128 }),
  },
  { additionalProperties: false },
);

function crossSite(request: FastifyRequest): boolean {
  const origin = request.headers.origin;
  if (typeof origin !== 'string' || request.headers.host === undefined) return false;
  try {
    return new URL(origin).host !== request.headers.host;
  } catch {
    return true;
  }
}

export function authRoutes(app: FastifyInstance, deps: AppDeps): void {
  app.post(
    '/api/v1/auth/login',
    {
      config: {
        access: 'public',
        rateLimit: {
          max: deps.config.loginAttemptsPerMinute,
          timeWindow: '1 minute',
        },
      },
      // The security event is written (or counted, in a flood) before the 429 leaves, so that nothing a
      // client was told is missing from the audit log (a write started from the rate limiter's synchronous
      // callback could be lost).
      onSend: async (request, reply, payload) => {
        if (reply.statusCode === 429 && !lockoutRefused(request))
          await app.failureGuard
            .refused('login', request, 'auth.login_rate_limited')
            .catch((error: unknown) =>
              request.log.error({ err: error }, 'audit of a rate-limited login failed'),
            );
        return payload;
      },
      schema: {
        tags: ['auth'],
        summary: 'Log in; sets a secure, HTTP-only session cookie',
        security: [],
        body: LoginBody,
        response: {
          200: Type.Union([
            Type.Object({
              user: UserSchema,
              /** Failed logins with this e-mail since the last successful one (the user should know). */
              failedLoginsSinceLastLogin: Type.Integer({ minimum: 0 }),
            }),
            SecondStepSchema,
          ]),
          401: ProblemSchema,
          403: ProblemSchema,
          429: ProblemSchema,
        },
      },
    },
    async (request, reply) => {
      if (crossSite(request)) throw problems.csrf();
      const { email: typed, password } = request.body as { email: string; password: string };
      const email = typed.trim().toLowerCase();
      const user = await deps.store.users.findByEmailWithSecret(email);
      const valid = await verifyPassword(user?.passwordHash ?? (await decoyHash()), password);
      if (user === undefined || !valid || user.disabled || (await loginLocked(deps, email)))
        return failLogin(deps, request, email, user);
      const failedLoginsSinceLastLogin = await succeedLogin(deps, email);
      await purgeExpired(deps);
      // Two-factor: no session before the code (see routes/two-factor.ts).
      if (await hasTwoFactor(deps, user)) return startSecondStep(deps, request, user);
      const token = newToken();
      const now = deps.now();
      const idle = now.getTime() + deps.config.sessionIdleMinutes * 60_000;
      await deps.store.sessions.create({
        tokenHash: digest(token),
        userId: user.id,
        clinicId: user.clinicId,
        createdAt: now.toISOString(),
        lastSeenAt: now.toISOString(),
        expiresAt: new Date(idle).toISOString(),
      });
      await audit(deps, request, { action: 'auth.login', clinicId: user.clinicId, actor: `user:${user.id}` });
      setSessionCookie(deps, reply, token);
      const { passwordHash: _secret, ...publicUser } = user;
      return { user: userView(publicUser), failedLoginsSinceLastLogin };
    },
  );

  app.post(
    '/api/v1/auth/logout',
    {
      config: { beforePasswordChange: true, beforeTwoFactor: true },
      schema: {
        tags: ['auth'],
        summary: 'Log out: the session is revoked on the server',
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      if (request.auth?.sessionTokenHash !== undefined)
        await deps.store.sessions.delete(request.auth.sessionTokenHash);
      await audit(deps, request, { action: 'auth.logout' });
      reply.clearCookie(sessionCookieName(deps), {
        path: '/',
        secure: deps.config.secureCookies,
        httpOnly: true,
        sameSite: 'lax',
      });
      return reply.status(204).send();
    },
  );

  app.get(
    '/api/v1/me',
    {
      config: { beforePasswordChange: true, beforeTwoFactor: true },
      schema: {
        tags: ['auth'],
        summary: 'The logged-in user, their clinic and what they may do',
        response: {
          200: Type.Object({
            user: UserSchema,
            clinic: Type.Object({ id: Type.String(), name: Type.String() }),
          }),
        },
      },
    },
    async (request) => {
      const auth = request.auth;
      if (auth === null) throw problems.unauthenticated();
      const [user, clinic] = await Promise.all([
        deps.store.users.get(auth.clinicId, auth.userId),
        deps.store.clinics.get(auth.clinicId),
      ]);
      if (user === undefined || clinic === undefined) throw problems.unauthenticated();
      return { user: userView(user), clinic: { id: clinic.id, name: clinic.name } };
    },
  );
}
