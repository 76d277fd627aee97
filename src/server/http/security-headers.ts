import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';

/** The API answers JSON only: nothing may be framed, scripted or cached. */
const API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
/** The browsable API docs need their own scripts and styles, and nothing else. */
const DOCS_CSP =
  "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

/** Security headers on every response (OWASP ASVS 3.4): HSTS ≥ 1 year, CSP, nosniff, no framing, no-store. */
export async function registerSecurityHeaders(app: FastifyInstance): Promise<void> {
  await app.register(helmet, {
    contentSecurityPolicy: false,
    hsts: { maxAge: 31_536_000, includeSubDomains: true },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    crossOriginResourcePolicy: { policy: 'same-origin' },
    crossOriginOpenerPolicy: { policy: 'same-origin' },
  });
  app.addHook('onSend', async (request, reply, payload) => {
    const docs = request.url.startsWith('/api/docs');
    reply.header('content-security-policy', docs ? DOCS_CSP : API_CSP);
    reply.header('cache-control', docs ? 'no-cache' : 'no-store');
    reply.header('x-request-id', request.id);
    return payload;
  });
}
