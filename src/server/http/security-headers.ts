import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';

/** The API answers JSON only: nothing may be framed, scripted or cached. */
const API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
/** The browsable API docs need their own scripts and styles, and nothing else. */
const DOCS_CSP =
  "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

/** The web app: its own scripts, styles and API calls only; no inline script, no framing. */
const WEB_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

/** Vite's build output: /assets/<name>-<content hash>.<ext>; a new build gives new names. */
const FINGERPRINTED = /^\/assets\/[\w.-]+-[\w-]{8,}\.\w+(\?.*)?$/;

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Web app routes: an HTML page (no health data, revalidated) or a fingerprinted asset (cached for a year). */
    web?: 'page' | 'asset';
  }
}

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
    const web = FINGERPRINTED.test(request.url) ? 'asset' : request.routeOptions.config.web;
    // A route may set a policy of its own (the report allows its inline stylesheet by hash).
    if (!reply.hasHeader('content-security-policy'))
      reply.header('content-security-policy', docs ? DOCS_CSP : web !== undefined ? WEB_CSP : API_CSP);
    reply.header(
      'cache-control',
      web === 'asset' && reply.statusCode === 200
        ? 'public, max-age=31536000, immutable'
        : docs || web === 'page'
          ? 'no-cache'
          : 'no-store',
    );
    reply.header('x-request-id', request.id);
    return payload;
  });
}
