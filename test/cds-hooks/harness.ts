/**
 * A clinic server with CDS Hooks for tests: a temporary SQLite store, two clinics (A and B), and a fake EHR
 * per clinic that signs its JWTs with its own ES384 key, configured as a trusted CDS client.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { CryptoKey, JWK } from 'jose';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import type { Answers } from '../../src/core/index.js';
import { buildApp } from '../../src/server/app.js';
import { loadConfig } from '../../src/server/config.js';
import type { AppDeps } from '../../src/server/deps.js';
import { recordScreening } from '../../src/server/services/screenings.js';
import { openStore } from '../../src/store/index.js';
import type { Store } from '../../src/store/port.js';
import type { Client, Screening } from '../../src/store/types.js';
import { kb as loadKb } from '../helpers/kb.js';
import { createTestDatabase } from '../store/pg-helpers.js';

export const ORIGIN = 'https://neckcheck.test';
export const EHR_ORIGIN = 'https://ehr-a.example';

export interface Ehr {
  readonly iss: string;
  /** The system its patient ids are linked under (the issuer unless the harness shares one). */
  readonly ehrSystem: string;
  readonly kid: string;
  readonly clinicId: string;
  readonly userId: string;
  readonly privateKey: CryptoKey;
  readonly publicJwk: JWK;
}

export interface TokenOptions {
  readonly aud?: string;
  readonly iss?: string;
  readonly kid?: string | null;
  readonly typ?: string;
  readonly alg?: string;
  readonly jti?: string | null;
  readonly iat?: number;
  readonly exp?: number;
  readonly key?: CryptoKey | Uint8Array;
  readonly claims?: Record<string, unknown>;
  readonly header?: Record<string, unknown>;
}

export interface CdsHarness {
  readonly app: FastifyInstance;
  readonly deps: AppDeps;
  readonly store: Store;
  readonly clock: { now: Date };
  readonly a: Ehr;
  readonly b: Ehr;
  /** A JWT for a call to `path`, signed by `ehr` (the audience is the exact URL, a fresh jti each time). */
  token(ehr: Ehr, path: string, options?: TokenOptions): Promise<string>;
  /** An HTTP call; `token` undefined signs a valid one for `ehr`, null sends none. */
  call(
    method: 'GET' | 'POST' | 'OPTIONS',
    path: string,
    options?: {
      body?: unknown;
      ehr?: Ehr;
      token?: string | null;
      headers?: Record<string, string>;
      /** The caller's address (failures are counted per address); 127.0.0.1 by default. */
      remoteAddress?: string;
    },
  ): Promise<LightMyRequestResponse>;
  /** A client of `ehr`'s clinic, linked to the EHR patient `patientId`. */
  linkedClient(ehr: Ehr, patientId: string): Promise<Client>;
  /** A screening stored for a client now (per the clock). */
  screening(ehr: Ehr, clientId: string, answers: Answers): Promise<Screening>;
  close(): Promise<void>;
}

export async function ehrKeys(iss: string, alg: 'ES384' | 'RS384' = 'ES384') {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const kid = `${new URL(iss).hostname}-key-1`;
  const publicJwk: JWK = { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' };
  return { iss, kid, privateKey, publicJwk };
}

export interface HarnessOptions {
  readonly env?: Record<string, string>;
  /** Link both EHRs' patients under one system, to show that clinics stay apart even then. */
  readonly sharedEhrSystem?: string;
  /** More trusted-client entries, given the two clinics' ids. */
  readonly extraClients?: (clinics: { a: string; b: string }) => readonly Record<string, unknown>[];
  /** A PostgreSQL server to create a fresh database on (scripts/with-postgres.sh); SQLite otherwise. */
  readonly postgresUrl?: string;
}

export async function startCdsHarness({
  env = {},
  sharedEhrSystem,
  extraClients,
  postgresUrl,
}: HarnessOptions = {}): Promise<CdsHarness> {
  const dir = await mkdtemp(join(tmpdir(), 'neckcheck-cds-'));
  const database = postgresUrl === undefined ? undefined : await createTestDatabase(postgresUrl);
  const store = await openStore({
    dataDir: dir,
    ...(database === undefined ? {} : { databaseUrl: database.url }),
  });
  const clock = { now: new Date('2026-11-25T09:00:00.000Z') };
  const at = clock.now.toISOString();
  const clinic = async (name: string) => {
    const created = await store.clinics.create({ name, createdAt: at });
    const user = await store.users.create({
      clinicId: created.id,
      email: `practitioner@${name.toLowerCase().replaceAll(' ', '-')}.test`,
      name: `Practitioner of ${name}`,
      role: 'practitioner',
      profession: 'physiotherapist',
      disabled: false,
      passwordHash: 'unused',
      createdAt: at,
    });
    return { clinicId: created.id, userId: user.id };
  };
  const ehr = async (iss: string, name: string): Promise<Ehr> => ({
    ...(await ehrKeys(iss)),
    ...(await clinic(name)),
    ehrSystem: sharedEhrSystem ?? iss,
  });
  const a = await ehr(EHR_ORIGIN, 'Clinic A');
  const b = await ehr('https://ehr-b.example', 'Clinic B');
  const clients = [a, b].map((e) => ({
    iss: e.iss,
    jwks: { keys: [e.publicJwk] },
    clinicId: e.clinicId,
    ...(sharedEhrSystem === undefined ? {} : { ehrSystem: sharedEhrSystem }),
  }));
  const config = loadConfig(
    {
      NECKCHECK_LOG_LEVEL: 'silent',
      NECKCHECK_PUBLIC_URL: ORIGIN,
      NECKCHECK_CDS_CLIENTS: JSON.stringify([
        ...clients,
        ...(extraClients?.({ a: a.clinicId, b: b.clinicId }) ?? []),
      ]),
      NECKCHECK_CDS_ALLOWED_ORIGINS: EHR_ORIGIN,
      ...env,
    },
    {},
    dir,
  );
  const deps: AppDeps = { kb: await loadKb(), store, config, now: () => clock.now };
  const app = await buildApp(deps, { logger: false });
  await app.ready();

  const token: CdsHarness['token'] = async (ehr, path, options = {}) => {
    const now = Math.floor(clock.now.getTime() / 1000);
    const header: Record<string, unknown> = {
      alg: options.alg ?? 'ES384',
      typ: options.typ ?? 'JWT',
      ...(options.kid === null ? {} : { kid: options.kid ?? ehr.kid }),
      ...options.header,
    };
    const jwt = new SignJWT({
      ...(options.jti === null ? {} : { jti: options.jti ?? randomUUID() }),
      ...options.claims,
    })
      .setProtectedHeader(header as { alg: string })
      .setIssuer(options.iss ?? ehr.iss)
      .setAudience(options.aud ?? `${ORIGIN}${path}`)
      .setIssuedAt(options.iat ?? now)
      .setExpirationTime(options.exp ?? now + 300);
    return jwt.sign(options.key ?? ehr.privateKey);
  };

  const call: CdsHarness['call'] = async (method, path, options = {}) => {
    const caller = options.ehr ?? a;
    const bearer =
      options.token === undefined ? await token(caller, path.split('?')[0] ?? path) : options.token;
    return app.inject({
      method,
      url: path,
      headers: {
        host: 'neckcheck.test',
        ...(bearer === null ? {} : { authorization: `Bearer ${bearer}` }),
        ...options.headers,
      },
      ...(options.body === undefined ? {} : { payload: options.body as Record<string, unknown> }),
      ...(options.remoteAddress === undefined ? {} : { remoteAddress: options.remoteAddress }),
    });
  };

  return {
    app,
    deps,
    store,
    clock,
    a,
    b,
    token,
    call,
    linkedClient: (owner, patientId) =>
      store.clients.create({
        clinicId: owner.clinicId,
        displayName: `EHR patient ${patientId}`,
        birthYear: null,
        email: null,
        phone: null,
        createdAt: clock.now.toISOString(),
        ehrPatient: { system: owner.ehrSystem, patientId },
      }),
    screening: (owner, clientId, answers) =>
      recordScreening(deps, store, {
        clinicId: owner.clinicId,
        clientId,
        moment: 'first_treatment',
        answers,
        submittedBy: { kind: 'user', userId: owner.userId },
      }),
    close: async () => {
      await app.close();
      await store.close();
      await database?.drop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
