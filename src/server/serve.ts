/**
 * Starts the clinic server: knowledge base, storage, demo clinic on an empty database, HTTP, and a graceful
 * shutdown (in-flight requests finish; the database closes after them).
 */

import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { KnowledgeBase, KnowledgeBundle } from '../core/index.js';
import {
  acquireDatabaseLock,
  advanceCheckpoint,
  checkpointFileIn,
  loadAuditKeyring,
  openStore,
  SQLITE_FILE_NAME,
} from '../store/index.js';
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
  web: { bundle?: KnowledgeBundle; webDir?: string; releases?: readonly KnowledgeBundle[] } = {},
): Promise<RunningServer> {
  // The lock file tells `neckcheck restore` that this database is in use (see store/sqlite-lock.ts).
  const lock =
    config.databaseUrl === undefined
      ? acquireDatabaseLock(join(config.dataDir, SQLITE_FILE_NAME), 'neckcheck serve')
      : undefined;
  let store: Store;
  try {
    const auditKeyring = loadAuditKeyring({ dir: config.auditDir, secret: config.auditKey, create: true });
    store = await openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, auditKeyring });
  } catch (error) {
    lock?.release();
    throw error;
  }
  let background: { stop(): Promise<void> } | undefined;
  try {
    const deps = { kb, store, config, now: () => new Date(), ...web };
    const demo = config.demo ? await seedDemo(deps) : undefined;
    const app = await buildApp(deps);
    const checkpoint = checkpointEvery(store, config, app);
    const retention = pruneDaily(store, config, app);
    background = {
      async stop() {
        retention.stop();
        await checkpoint.stop();
      },
    };
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
        await background?.stop();
        await store.close();
        lock?.release();
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
    await background?.stop().catch(() => undefined);
    await store.close();
    lock?.release();
    throw error;
  }
}

/**
 * Moves the signed checkpoint of the audit chain (audit-checkpoint.ts) to the head now, every
 * `auditCheckpointMinutes` and when stopped. A refused move (the chain lost the checkpointed entry) is
 * logged as an error and leaves the old checkpoint in place as the evidence.
 */
function checkpointEvery(
  store: Store,
  config: ServerConfig,
  app: FastifyInstance,
): { stop(): Promise<void> } {
  const file = checkpointFileIn(config.auditDir);
  const write = (): Promise<void> =>
    advanceCheckpoint(store, file, new Date().toISOString()).then(
      () => undefined,
      (error: unknown) => app.log.error({ err: error }, 'audit checkpoint not written'),
    );
  let running = write();
  const timer = setInterval(() => {
    running = running.then(write);
  }, config.auditCheckpointMinutes * 60_000);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
      await write();
    },
  };
}

/** With NECKCHECK_AUDIT_RETENTION_DAYS, prunes older audit entries at start and then once a day. */
function pruneDaily(store: Store, config: ServerConfig, app: FastifyInstance): { stop(): void } {
  if (config.auditRetentionDays === 0) return { stop: () => undefined };
  const prune = (): void => {
    const now = new Date();
    const before = new Date(now.getTime() - config.auditRetentionDays * 86_400_000).toISOString();
    store.audit.prune(before, now.toISOString()).then(
      (count) => {
        if (count > 0) app.log.info({ count, before }, 'audit entries pruned by retention');
      },
      (error: unknown) => app.log.error({ err: error }, 'audit retention failed'),
    );
  };
  prune();
  const timer = setInterval(prune, 86_400_000);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
