/**
 * Starts the clinic server: knowledge base, storage, demo clinic on an empty database, HTTP, and a graceful
 * shutdown (in-flight requests finish; the database closes after them).
 */
import type { FastifyInstance } from 'fastify';
import type { KnowledgeBase, KnowledgeBundle } from '../core/index.js';
import { openStore } from '../store/index.js';
import type { Store } from '../store/port.js';
import { buildApp } from './app.js';
import type { ServerConfig } from './config.js';
import type { DemoCredentials } from './demo.js';
import { seedDemo } from './demo.js';
import { purgeExpired } from './services/login-attempts.js';

/** Expired sessions and stale failed-login counts are deleted this often (and at every login). */
const PURGE_EVERY_MS = 10 * 60_000;

export interface RunningServer {
  readonly app: FastifyInstance;
  readonly store: Store;
  readonly url: string;
  readonly demo: DemoCredentials | undefined;
  close(): Promise<void>;
}

export async function startServer(
  config: ServerConfig,
  kb: KnowledgeBase,
  web: { bundle?: KnowledgeBundle; webDir?: string } = {},
): Promise<RunningServer> {
  const store = await openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    const deps = { kb, store, config, now: () => new Date(), ...web };
    const demo = config.demo ? await seedDemo(deps) : undefined;
    const app = await buildApp(deps);
    await app.listen({ host: config.host, port: config.port });
    const purge = setInterval(() => {
      purgeExpired(deps).catch((error: unknown) =>
        app.log.warn({ err: error }, 'purging expired sessions failed'),
      );
    }, PURGE_EVERY_MS);
    purge.unref();
    const address = app.server.address();
    const port = typeof address === 'object' && address !== null ? address.port : config.port;
    let closing: Promise<void> | undefined;
    const close = (): Promise<void> => {
      closing ??= (async () => {
        clearInterval(purge);
        await app.close();
        await store.close();
      })();
      return closing;
    };
    return {
      app,
      store,
      url: `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`,
      demo,
      close,
    };
  } catch (error) {
    await store.close();
    throw error;
  }
}
