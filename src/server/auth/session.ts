/** Opening a login session: a random token, stored only as its digest, in a secure HTTP-only cookie. */
import type { FastifyReply } from 'fastify';
import type { User } from '../../store/types.js';
import type { AppDeps } from '../deps.js';
import { sessionCookieName } from '../http/authenticate.js';
import { digest, newToken } from './secrets.js';

export function setSessionCookie(deps: AppDeps, reply: FastifyReply, token: string): void {
  reply.setCookie(sessionCookieName(deps), token, {
    path: '/',
    httpOnly: true,
    secure: deps.config.secureCookies,
    sameSite: 'lax',
    maxAge: deps.config.sessionMaxHours * 3600,
  });
}

export async function openSession(
  deps: AppDeps,
  reply: FastifyReply,
  user: Pick<User, 'id' | 'clinicId'>,
): Promise<void> {
  const token = newToken();
  const now = deps.now();
  await deps.store.sessions.create({
    tokenHash: digest(token),
    userId: user.id,
    clinicId: user.clinicId,
    createdAt: now.toISOString(),
    lastSeenAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + deps.config.sessionIdleMinutes * 60_000).toISOString(),
  });
  setSessionCookie(deps, reply, token);
}
