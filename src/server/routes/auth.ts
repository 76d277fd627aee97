/** Login with email and password, logout, and who am I. Sessions live in the database. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import Type from 'typebox';
import { decoyHash, digest, newToken, verifyPassword } from '../auth/secrets.js';
import type { AppDeps } from '../deps.js';
import { audit } from '../http/audit.js';
import { sessionCookieName } from '../http/authenticate.js';
import { ProblemError, problems } from '../http/problem.js';
import { ProblemSchema } from '../schemas/common.js';
import { UserSchema, userView } from '../schemas/records.js';

const LoginBody = Type.Object(
  {
    email: Type.String({ minLength: 3, maxLength: 254 }),
    password: Type.String({ minLength: 1, maxLength: 128 }),
  },
  { additionalProperties: false },
);

function setSessionCookie(deps: AppDeps, reply: FastifyReply, token: string): void {
  reply.setCookie(sessionCookieName(deps), token, {
    path: '/',
    httpOnly: true,
    secure: deps.config.secureCookies,
    sameSite: 'lax',
    maxAge: deps.config.sessionMaxHours * 3600,
  });
}

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
        if (reply.statusCode === 429)
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
        response: { 200: Type.Object({ user: UserSchema }), 401: ProblemSchema, 429: ProblemSchema },
      },
    },
    async (request, reply) => {
      if (crossSite(request)) throw problems.csrf();
      const { email, password } = request.body as { email: string; password: string };
      const user = await deps.store.users.findByEmailWithSecret(email.trim().toLowerCase());
      const valid = await verifyPassword(user?.passwordHash ?? (await decoyHash()), password);
      if (user === undefined || !valid || user.disabled) {
        await app.failureGuard.failed('login', request, {
          action: 'auth.login',
          outcome: 'failure',
          clinicId: user?.clinicId ?? null,
          actor: user === undefined ? 'anonymous' : `user:${user.id}`,
        });
        throw new ProblemError('unauthenticated', 'Wrong email or password.');
      }
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
      return { user: userView(publicUser) };
    },
  );

  app.post(
    '/api/v1/auth/logout',
    {
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
