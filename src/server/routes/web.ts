/**
 * The web app: the same HTML shell for every page of the app (the pages render in the browser),
 * fingerprinted assets cached for a year, and the knowledge bundle the self-check runs on.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../deps.js';
import type { Precompressed } from '../http/compression.js';
import { precompress, sendPrecompressed } from '../http/compression.js';
import { problems } from '../http/problem.js';

/** Paths of the app's pages; each serves the shell, which holds no data. */
export const WEB_PAGES = [
  '/',
  '/check',
  '/intake/:token',
  '/info/:techniqueId',
  '/login',
  '/kb',
  '/kb/*',
  '/app',
  '/app/*',
] as const;

export async function webRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const dir = deps.webDir;
  const index =
    dir !== undefined && existsSync(join(dir, 'index.html'))
      ? readFileSync(join(dir, 'index.html'), 'utf8')
      : undefined;

  for (const url of WEB_PAGES) {
    app.get(
      url,
      { config: { access: 'public', web: 'page' }, schema: { hide: true } },
      async (_request, reply) => {
        if (index === undefined) throw problems.unavailable('The web app is not built: run `npm run build`.');
        return reply.type('text/html; charset=utf-8').send(index);
      },
    );
  }

  // Serialised and compressed once, on first use; revalidated by its content hash (304 when unchanged).
  let bundleBody: Precompressed | undefined;
  app.get(
    '/knowledge-bundle.json',
    { config: { access: 'public', web: 'page' }, schema: { hide: true } },
    async (request, reply) => {
      if (deps.bundle === undefined) throw problems.unavailable('The knowledge bundle is not available.');
      const etag = `"${deps.bundle.hash}"`;
      reply.header('etag', etag).header('cache-control', 'no-cache').type('application/json; charset=utf-8');
      if (request.headers['if-none-match'] === etag) return reply.code(304).send();
      bundleBody ??= precompress(JSON.stringify(deps.bundle));
      return sendPrecompressed(request, reply, bundleBody);
    },
  );

  if (dir !== undefined && existsSync(join(dir, 'assets'))) {
    await app.register(fastifyStatic, {
      root: join(dir, 'assets'),
      prefix: '/assets/',
      decorateReply: false,
      index: false,
      cacheControl: false,
      etag: true,
      // The build writes .br and .gz next to each asset (web/vite.config.ts).
      preCompressed: true,
    });
  }
}
