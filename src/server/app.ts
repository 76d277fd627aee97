/**
 * Builds the HTTP application: one Fastify instance with JSON-schema validation on every route, problem+json
 * errors, security headers, authentication and the OpenAPI document generated from the route schemas.
 */
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Ajv, Vocabulary } from 'ajv';
import type { FastifyInstance, FastifyRequest, FastifyServerOptions } from 'fastify';
import Fastify from 'fastify';
import Type from 'typebox';
import { ENGINE_VERSION } from '../core/index.js';
import type { ServerConfig, TrustProxy } from './config.js';
import type { AppDeps } from './deps.js';
import type { RouteAccess } from './http/authenticate.js';
import { registerAuthentication, sessionCookieName } from './http/authenticate.js';
import { registerCompression } from './http/compression.js';
import type { DatabaseHealth } from './http/database-health.js';
import { databaseHealth } from './http/database-health.js';
import { registerErrorHandling } from './http/error-handler.js';
import type { FailureGuard } from './http/failure-guard.js';
import { FAILURE_WINDOW_MS, failureGuard } from './http/failure-guard.js';
import { documentRoute, SECURITY_SCHEMES, SHARED_SCHEMAS, TAGS } from './http/openapi.js';
import { registerSecurityHeaders } from './http/security-headers.js';
import { registerRoutes } from './routes/index.js';

export const BODY_LIMIT = 256 * 1024;

/**
 * dependentRequired and the other JSON Schema 2019-09 keywords that OpenAPI 3.1 uses, for Fastify's Ajv
 * (draft-07 otherwise). Required rather than imported: a CommonJS default export reads the same everywhere.
 */
const nextVocabulary = (
  createRequire(import.meta.url)('ajv/dist/vocabularies/next.js') as { default: Vocabulary }
).default;

/** Route families that are public without saying so route by route (the docs are a plugin's routes). */
const PUBLIC_PREFIXES = ['/api/docs', '/assets/'];

export interface RouteEntry {
  readonly method: string;
  readonly url: string;
  readonly access: RouteAccess;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route with its access, for the generated security tests and the OpenAPI check. */
    routeTable: RouteEntry[];
    /** Whether the database can be reached and written, for /readyz. */
    databaseHealth: DatabaseHealth;
    /** Rate limits and flood-proof audit of unauthenticated failures. */
    failureGuard: FailureGuard;
  }
}

export interface BuildOptions {
  /** A pino logger configuration, or false for no logs (tests). */
  readonly logger?: FastifyServerOptions['logger'];
}

/** Only the route pattern is logged, never the concrete URL: intake links carry credentials. */
function requestSerializer(request: FastifyRequest): { id: string; method: string; route: string } {
  return { id: request.id, method: request.method, route: request.routeOptions.url ?? 'unmatched' };
}

/**
 * Node checks the request timeout every `connectionsCheckingInterval` (30 s by default), which would let a
 * slow body last up to 30 s beyond a short limit; a quarter of the limit keeps the overrun small.
 */
function timeouts(config: ServerConfig) {
  const requestTimeout = config.requestTimeoutSeconds * 1000;
  return {
    requestTimeout,
    connectionTimeout: config.connectionTimeoutSeconds * 1000,
    keepAliveTimeout: config.keepAliveTimeoutSeconds * 1000,
    http: {
      headersTimeout: requestTimeout,
      connectionsCheckingInterval: Math.min(30_000, Math.max(250, requestTimeout / 4)),
    },
  };
}

/** A hop count as proxy-addr reads it (hop 0 is the socket's peer); Fastify's types omit the number form. */
function trustProxyOption(
  trust: TrustProxy,
): boolean | string[] | ((address: string, hop: number) => boolean) {
  if (typeof trust === 'number') return (_address, hop) => hop < trust;
  return trust === false ? false : [...trust];
}

/** Ended windows are summarised by a timer (which never keeps the process alive), and all on close. */
function registerFailureGuard(app: FastifyInstance, deps: AppDeps): void {
  const guard = failureGuard(deps, { limit: deps.config.failuresPerMinute });
  app.decorate('failureGuard', guard);
  const timer = setInterval(() => {
    guard
      .flush()
      .catch((error: unknown) => app.log.error({ err: error }, 'audit summary of failures failed'));
  }, FAILURE_WINDOW_MS);
  timer.unref();
  app.addHook('onClose', async () => {
    clearInterval(timer);
    await guard
      .flush(true)
      .catch((error: unknown) => app.log.error({ err: error }, 'audit summary of failures failed'));
  });
}

export async function buildApp(deps: AppDeps, options: BuildOptions = {}): Promise<FastifyInstance> {
  const serializers = { req: requestSerializer };
  const logger: FastifyServerOptions['logger'] =
    options.logger === undefined
      ? { level: deps.config.logLevel, serializers }
      : typeof options.logger === 'object'
        ? { ...options.logger, serializers }
        : options.logger;
  const app = Fastify({
    logger,
    genReqId: () => randomUUID(),
    bodyLimit: BODY_LIMIT,
    return503OnClosing: true,
    ...timeouts(deps.config),
    trustProxy: trustProxyOption(deps.config.trustProxy),
    ajv: {
      // verbose: a validation error carries the value, so that a date that does not exist is told apart.
      customOptions: {
        removeAdditional: false,
        coerceTypes: false,
        allErrors: true,
        useDefaults: false,
        verbose: true,
      },
      plugins: [(ajv: Ajv) => ajv.addVocabulary(nextVocabulary)],
    },
  }).withTypeProvider<TypeBoxTypeProvider>();

  // The API takes JSON only: without Fastify's default text/plain parser, any other body is a 415 problem.
  app.removeContentTypeParser('text/plain');

  const routeTable: RouteEntry[] = [];
  const operationIds = new Set<string>();
  app.decorate('routeTable', routeTable);
  for (const schema of SHARED_SCHEMAS) app.addSchema(schema);
  app.addHook('onRoute', (route) => {
    if (PUBLIC_PREFIXES.some((prefix) => route.url.startsWith(prefix)))
      route.config = { ...route.config, access: 'public' };
    documentRoute(route, route.config?.access ?? 'authenticated', operationIds);
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) {
      if (method === 'HEAD') continue;
      routeTable.push({
        method,
        url: route.url,
        access: route.config?.access ?? 'authenticated',
      });
    }
  });
  const health = databaseHealth(deps.store);
  app.decorate('databaseHealth', health);
  registerErrorHandling(app, health);
  await registerSecurityHeaders(app);
  await registerCompression(app);
  await app.register(cookie);
  await app.register(rateLimit, { global: false, hook: 'onRequest' });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'NeckCheck API',
        version: ENGINE_VERSION,
        license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
        description:
          'Safety screening and decision support before neck massage and manual therapy. Not a medical device. ' +
          `Knowledge base ${deps.kb.meta.version} (${deps.kb.hash}).`,
      },
      servers: [{ url: deps.config.publicUrl, description: 'This server (NECKCHECK_PUBLIC_URL)' }],
      tags: TAGS,
      components: {
        securitySchemes: {
          ...SECURITY_SCHEMES,
          session: { ...SECURITY_SCHEMES.session, name: sessionCookieName(deps) },
        },
      },
      security: [{ session: [] }, { apiToken: [] }],
    },
    refResolver: {
      buildLocalReference: (json, _base, _fragment, i) =>
        typeof json.$id === 'string' ? json.$id : `def-${i}`,
    },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: false });
  registerFailureGuard(app, deps);
  registerAuthentication(app, deps);
  app.get(
    '/api/openapi.json',
    {
      config: { access: 'public' },
      serializerCompiler: () => (data: unknown) => JSON.stringify(data),
      schema: {
        tags: ['operations'],
        summary: 'This OpenAPI 3.1 document (the interactive view is at /api/docs)',
        response: {
          200: Type.Object(
            { openapi: Type.String(), paths: Type.Object({}) },
            { additionalProperties: true },
          ),
        },
      },
    },
    async () => app.swagger() as { openapi: string; paths: object },
  );
  await registerRoutes(app, deps);
  return app;
}
