/**
 * The clinic server in-process with the FHIR routes: buildApp on a fresh SQLite store in a temporary folder
 * (as test/server/harness.ts does), two clinics, and API tokens for an admin and a receptionist of clinic A
 * and an admin of clinic B.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../../src/server/app.js';
import { digest } from '../../../src/server/auth/secrets.js';
import { loadConfig } from '../../../src/server/config.js';
import type { AppDeps } from '../../../src/server/deps.js';
import { openStore } from '../../../src/store/index.js';
import type { Role } from '../../../src/store/types.js';
import { kb as loadKb } from '../../helpers/kb.js';

export const ORIGIN = 'http://neckcheck.test';

export interface FhirApp {
  readonly app: FastifyInstance;
  readonly deps: AppDeps;
  readonly clinicA: string;
  readonly clinicB: string;
  /** Authorization headers, by actor. */
  readonly tokens: { readonly adminA: string; readonly receptionA: string; readonly adminB: string };
  close(): Promise<void>;
}

export async function startFhirApp(): Promise<FhirApp> {
  const dir = await mkdtemp(join(tmpdir(), 'neckcheck-fhir-'));
  const store = await openStore({ dataDir: dir });
  const config = loadConfig({ NECKCHECK_LOG_LEVEL: 'silent', NECKCHECK_PUBLIC_URL: ORIGIN }, {}, dir);
  const now = new Date('2026-11-25T09:00:00.000Z');
  const deps: AppDeps = { kb: await loadKb(), store, config, now: () => now };
  const app = await buildApp(deps, { logger: false });
  await app.ready();

  const at = now.toISOString();
  const clinic = async (name: string) => (await store.clinics.create({ name, createdAt: at })).id;
  const token = async (clinicId: string, role: Role, secret: string): Promise<string> => {
    const user = await store.users.create({
      clinicId,
      email: `${role}-${secret}@fhir.test`,
      name: role,
      role,
      profession: null,
      disabled: false,
      passwordHash: 'unused',
      createdAt: at,
    });
    await store.apiTokens.create({
      clinicId,
      name: `${role} token`,
      role,
      tokenHash: digest(secret),
      createdBy: user.id,
      createdAt: at,
      revokedAt: null,
      expiresAt: '2100-01-01T00:00:00.000Z',
    });
    return `Bearer ${secret}`;
  };
  const clinicA = await clinic('Clinic A');
  const clinicB = await clinic('Clinic B');
  const tokens = {
    adminA: await token(clinicA, 'admin', 'a'.repeat(43)),
    receptionA: await token(clinicA, 'reception', 'r'.repeat(43)),
    adminB: await token(clinicB, 'admin', 'b'.repeat(43)),
  };
  return {
    app,
    deps,
    clinicA,
    clinicB,
    tokens,
    close: async () => {
      await app.close();
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
