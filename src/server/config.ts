/**
 * Server configuration from environment variables and command-line flags (flags win), validated once at
 * start with messages that name the setting.
 */
import { isIP } from 'node:net';
import { isAbsolute, join, resolve } from 'node:path';
import type { CdsClientConfig } from '../cds-hooks/index.js';
import { parseAllowedOrigins, parseCdsClients } from '../cds-hooks/index.js';
import type { LockoutPolicy } from './auth/lockout.js';
import type { SmartClientConfig } from './smart/config.js';
import { parseSmartClients } from './smart/config.js';

export interface ServerConfig {
  readonly host: string;
  readonly port: number;
  readonly dataDir: string;
  /**
   * The audit key (audit.key, created when missing; retired keys audit-<id>.key) and the signed checkpoint
   * of the chain's head (NECKCHECK_AUDIT_DIR, default <dataDir>/audit). Best on another disk or account than
   * the database: see docs/operations.md.
   */
  readonly auditDir: string;
  /** NECKCHECK_AUDIT_KEY: the audit key itself (64 hex digits), instead of audit.key. */
  readonly auditKey: string | undefined;
  /** How often the checkpoint file moves to the chain's head (it also does at shutdown). */
  readonly auditCheckpointMinutes: number;
  /** Audit entries older than this many days are pruned (0: kept forever). */
  readonly auditRetentionDays: number;
  /** postgres://… switches to PostgreSQL; otherwise SQLite in dataDir. */
  readonly databaseUrl: string | undefined;
  /** The public origin, used for intake links and CSRF checks, e.g. http://127.0.0.1:3000. */
  readonly publicUrl: string;
  readonly sessionIdleMinutes: number;
  readonly sessionMaxHours: number;
  readonly screeningValidityDays: number;
  readonly intakeValidityHours: number;
  /**
   * Secure, __Host- prefixed cookies (default). Browsers accept them on https and on http://localhost or
   * 127.0.0.1; turn off only behind a plain-http proxy on another host (never in production).
   */
  readonly secureCookies: boolean;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'silent';
  readonly demo: boolean;
  readonly loginAttemptsPerMinute: number;
  /** Account lockout: this many failed logins with one e-mail within the window lock it for lockMinutes. */
  readonly lockout: LockoutPolicy;
  /**
   * Failures per minute and address on each unauthenticated path (login, invalid API tokens and session
   * cookies, CDS Hooks JWTs, intake links) before 429; later failures are counted into one audit row.
   */
  readonly failuresPerMinute: number;
  /**
   * Seconds a client has to send a whole request, headers and body (a slow body is cut off with 408), and
   * an idle connection may stay open (also while a response is prepared), keep-alive between requests
   * (longer than a reverse proxy's, so the proxy closes first). Defaults 30, 120 and 72.
   */
  readonly requestTimeoutSeconds: number;
  readonly connectionTimeoutSeconds: number;
  readonly keepAliveTimeoutSeconds: number;
  /**
   * Which proxies' X-Forwarded-For to believe for the client address (rate limits, audit): false (default,
   * the socket's address), a number of proxy hops, or proxy addresses and CIDRs.
   */
  readonly trustProxy: TrustProxy;
  /** Stateless assessments per minute and address on the public /assess route. */
  readonly assessPerMinute: number;
  /**
   * CDS Hooks: the EHRs trusted to call /cds-services (NECKCHECK_CDS_CLIENTS, a JSON array of
   * {iss, jwks | jwksUrl | jwksUrls, clinicId, tenant?, algorithms?, ehrSystem?}); none by default.
   */
  readonly cdsClients: readonly CdsClientConfig[];
  /** CDS Hooks: browser origins allowed by CORS on /cds-services (NECKCHECK_CDS_ALLOWED_ORIGINS); none by default. */
  readonly cdsAllowedOrigins: readonly string[];
  /**
   * SMART on FHIR EHR launch: the issuers allowed to open NeckCheck (NECKCHECK_SMART_CLIENTS, a JSON array of
   * {iss, clinicId, clientId, clientSecretEnv?, ehrSystem?, scope?}); none by default.
   */
  readonly smartClients: readonly SmartClientConfig[];
  /**
   * CDS Hooks: how missing prefetch is fetched from the request's fhirServer — the whole fetch's time limit
   * (NECKCHECK_CDS_FHIR_TIMEOUT_MS), the largest response (NECKCHECK_CDS_FHIR_MAX_BYTES), the search pages
   * followed per key (NECKCHECK_CDS_FHIR_MAX_PAGES), and whether http to a loopback address is allowed
   * (NECKCHECK_CDS_FHIR_ALLOW_HTTP_LOOPBACK, for tests and local sandboxes; https only otherwise).
   */
  readonly cdsFhirFetch: {
    readonly timeoutMs: number;
    readonly maxBytes: number;
    readonly maxPages: number;
    readonly allowHttpLoopback: boolean;
  };
  /** CDS Hooks: how long issued cards are remembered for feedback (NECKCHECK_CDS_CARD_RETENTION_DAYS, 30). */
  readonly cdsCardRetentionDays: number;
  /** API tokens: the lifetime given when the creator names none, and the longest one may ask for. */
  readonly apiTokenDefaultDays: number;
  readonly apiTokenMaxDays: number;
  /**
   * The key that encrypts TOTP secrets (NECKCHECK_SECRET_KEY: 32 bytes as 64 hex digits or base64); when
   * unset, a key file created in the data folder (0600). Servers sharing one PostgreSQL need the same key.
   */
  readonly secretKey: string | undefined;
}

export type TrustProxy = false | number | readonly string[];

export type ConfigSource = Readonly<Record<string, string | undefined>>;

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'silent'] as const;

function integer(name: string, raw: string | undefined, fallback: number, min: number, max: number): number {
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max}; got "${raw}"`);
  }
  return value;
}

function bool(name: string, raw: string | undefined, fallback: boolean): boolean {
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw.toLowerCase())) return true;
  if (['0', 'false', 'no', 'off'].includes(raw.toLowerCase())) return false;
  throw new ConfigError(`${name} must be true or false; got "${raw}"`);
}

/**
 * @param env environment variables (NECKCHECK_HOST, NECKCHECK_PORT, NECKCHECK_DATA, DATABASE_URL, …)
 * @param flags command-line flags with the same meaning (host, port, data, …)
 */
export function loadConfig(env: ConfigSource, flags: ConfigSource = {}, cwd = '.'): ServerConfig {
  const pick = (flag: string, variable: string): string | undefined => flags[flag] ?? env[variable];
  const host = pick('host', 'NECKCHECK_HOST') ?? '127.0.0.1';
  if (!/^[\w.:-]+$/.test(host))
    throw new ConfigError(`--host / NECKCHECK_HOST is not a valid host: "${host}"`);
  const port = integer('--port / NECKCHECK_PORT', pick('port', 'NECKCHECK_PORT') ?? env.PORT, 3000, 0, 65535);
  const dataRaw = pick('data', 'NECKCHECK_DATA') ?? 'data';
  const databaseUrl = pick('database-url', 'DATABASE_URL');
  if (databaseUrl !== undefined && databaseUrl !== '' && !/^(postgres|postgresql):\/\/.+/.test(databaseUrl)) {
    throw new ConfigError(
      'DATABASE_URL must start with postgres:// or postgresql:// (leave it unset for SQLite)',
    );
  }
  const displayHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  const publicUrl = (
    pick('public-url', 'NECKCHECK_PUBLIC_URL') ??
    `http://${displayHost.includes(':') ? `[${displayHost}]` : displayHost}:${port}`
  ).replace(/\/$/, '');
  try {
    new URL(publicUrl);
  } catch {
    throw new ConfigError(`NECKCHECK_PUBLIC_URL is not a URL: "${publicUrl}"`);
  }
  const logLevel = (pick('log-level', 'NECKCHECK_LOG_LEVEL') ?? 'info') as ServerConfig['logLevel'];
  if (!LOG_LEVELS.includes(logLevel))
    throw new ConfigError(`NECKCHECK_LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}`);
  const dataDir = isAbsolute(dataRaw) ? dataRaw : resolve(cwd, dataRaw);
  const auditRaw = pick('audit-dir', 'NECKCHECK_AUDIT_DIR');
  return {
    host,
    port,
    dataDir,
    auditDir: auditRaw === undefined || auditRaw === '' ? join(dataDir, 'audit') : resolve(cwd, auditRaw),
    auditKey: env.NECKCHECK_AUDIT_KEY === '' ? undefined : env.NECKCHECK_AUDIT_KEY,
    auditCheckpointMinutes: integer(
      'NECKCHECK_AUDIT_CHECKPOINT_MINUTES',
      env.NECKCHECK_AUDIT_CHECKPOINT_MINUTES,
      5,
      1,
      24 * 60,
    ),
    auditRetentionDays: integer(
      'NECKCHECK_AUDIT_RETENTION_DAYS',
      env.NECKCHECK_AUDIT_RETENTION_DAYS,
      0,
      0,
      36_500,
    ),
    databaseUrl: databaseUrl === '' ? undefined : databaseUrl,
    publicUrl,
    sessionIdleMinutes: integer(
      'NECKCHECK_SESSION_IDLE_MINUTES',
      env.NECKCHECK_SESSION_IDLE_MINUTES,
      30,
      1,
      24 * 60,
    ),
    sessionMaxHours: integer('NECKCHECK_SESSION_MAX_HOURS', env.NECKCHECK_SESSION_MAX_HOURS, 12, 1, 24 * 30),
    screeningValidityDays: integer(
      'NECKCHECK_SCREENING_VALIDITY_DAYS',
      env.NECKCHECK_SCREENING_VALIDITY_DAYS,
      30,
      1,
      365,
    ),
    intakeValidityHours: integer(
      'NECKCHECK_INTAKE_VALIDITY_HOURS',
      env.NECKCHECK_INTAKE_VALIDITY_HOURS,
      72,
      1,
      24 * 30,
    ),
    secureCookies: bool('NECKCHECK_SECURE_COOKIES', env.NECKCHECK_SECURE_COOKIES, true),
    logLevel,
    demo: bool('NECKCHECK_DEMO', env.NECKCHECK_DEMO, true),
    loginAttemptsPerMinute: integer(
      'NECKCHECK_LOGIN_ATTEMPTS_PER_MINUTE',
      env.NECKCHECK_LOGIN_ATTEMPTS_PER_MINUTE,
      10,
      1,
      1000,
    ),
    lockout: {
      maxFailures: integer('NECKCHECK_LOCKOUT_FAILURES', env.NECKCHECK_LOCKOUT_FAILURES, 5, 1, 1000),
      windowMinutes: integer(
        'NECKCHECK_LOCKOUT_WINDOW_MINUTES',
        env.NECKCHECK_LOCKOUT_WINDOW_MINUTES,
        15,
        1,
        24 * 60,
      ),
      lockMinutes: integer('NECKCHECK_LOCKOUT_MINUTES', env.NECKCHECK_LOCKOUT_MINUTES, 15, 1, 24 * 60),
    },
    failuresPerMinute: integer(
      'NECKCHECK_FAILURES_PER_MINUTE',
      env.NECKCHECK_FAILURES_PER_MINUTE,
      30,
      1,
      100_000_000,
    ),
    assessPerMinute: integer(
      'NECKCHECK_ASSESS_PER_MINUTE',
      env.NECKCHECK_ASSESS_PER_MINUTE,
      600,
      1,
      100_000_000,
    ),
    requestTimeoutSeconds: integer(
      'NECKCHECK_REQUEST_TIMEOUT_SECONDS',
      env.NECKCHECK_REQUEST_TIMEOUT_SECONDS,
      30,
      1,
      3600,
    ),
    connectionTimeoutSeconds: integer(
      'NECKCHECK_CONNECTION_TIMEOUT_SECONDS',
      env.NECKCHECK_CONNECTION_TIMEOUT_SECONDS,
      120,
      1,
      3600,
    ),
    keepAliveTimeoutSeconds: integer(
      'NECKCHECK_KEEP_ALIVE_TIMEOUT_SECONDS',
      env.NECKCHECK_KEEP_ALIVE_TIMEOUT_SECONDS,
      72,
      1,
      3600,
    ),
    trustProxy: parseTrustProxy(env.NECKCHECK_TRUST_PROXY),
    ...cdsSettings(env),
    smartClients: smartSettings(env),
    ...tokenLifetimes(env),
    secretKey: secretKey(env.NECKCHECK_SECRET_KEY),
  };
}

/** A 32-byte key written as 64 hex digits or in base64 (`openssl rand -hex 32`). */
export function parseKey(raw: string, origin: string): Buffer {
  const text = raw.trim();
  const key = /^[0-9a-f]{64}$/i.test(text) ? Buffer.from(text, 'hex') : Buffer.from(text, 'base64');
  if (key.length !== 32) throw new ConfigError(`${origin} must hold 32 bytes as 64 hex digits or base64`);
  return key;
}

function secretKey(raw: string | undefined): string | undefined {
  if (raw === undefined || raw === '') return undefined;
  parseKey(raw, 'NECKCHECK_SECRET_KEY');
  return raw;
}

function tokenLifetimes(env: ConfigSource): Pick<ServerConfig, 'apiTokenDefaultDays' | 'apiTokenMaxDays'> {
  const apiTokenMaxDays = integer(
    'NECKCHECK_API_TOKEN_MAX_DAYS',
    env.NECKCHECK_API_TOKEN_MAX_DAYS,
    365,
    1,
    3650,
  );
  const apiTokenDefaultDays = integer(
    'NECKCHECK_API_TOKEN_DEFAULT_DAYS',
    env.NECKCHECK_API_TOKEN_DEFAULT_DAYS,
    Math.min(90, apiTokenMaxDays),
    1,
    apiTokenMaxDays,
  );
  return { apiTokenDefaultDays, apiTokenMaxDays };
}

const PROXY_RANGE_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

function isAddressOrCidr(entry: string): boolean {
  if (PROXY_RANGE_NAMES.has(entry)) return true;
  const [address = '', prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  const bits = Number(prefix);
  return /^\d{1,3}$/.test(prefix) && bits <= (family === 4 ? 32 : 128);
}

/**
 * NECKCHECK_TRUST_PROXY: unset, empty, off or false (the default: X-Forwarded-For is ignored); a number of
 * proxy hops (1 for one reverse proxy in front); or a comma-separated list of proxy addresses and CIDRs
 * (and loopback, linklocal, uniquelocal). "true" is refused: trusting any sender lets every client choose
 * its own address, and so escape the rate limits.
 */
export function parseTrustProxy(raw: string | undefined): TrustProxy {
  const value = raw?.trim() ?? '';
  if (value === '' || ['off', 'false', 'no', '0'].includes(value.toLowerCase())) return false;
  if (/^\d+$/.test(value)) {
    const hops = Number(value);
    if (hops > 10) throw new ConfigError(`NECKCHECK_TRUST_PROXY: ${value} proxy hops is more than 10`);
    return hops;
  }
  const entries = value.split(',').map((entry) => entry.trim());
  const wrong = entries.filter((entry) => !isAddressOrCidr(entry));
  if (wrong.length > 0)
    throw new ConfigError(
      `NECKCHECK_TRUST_PROXY must be off, a number of proxy hops, or proxy addresses and CIDRs separated by ` +
        `commas (e.g. 127.0.0.1,10.0.0.0/8); "${wrong.join('", "')}" is none of these`,
    );
  return entries;
}

function cdsSettings(
  env: ConfigSource,
): Pick<ServerConfig, 'cdsClients' | 'cdsAllowedOrigins' | 'cdsFhirFetch' | 'cdsCardRetentionDays'> {
  const cdsFhirFetch = {
    timeoutMs: integer('NECKCHECK_CDS_FHIR_TIMEOUT_MS', env.NECKCHECK_CDS_FHIR_TIMEOUT_MS, 3000, 100, 30_000),
    maxBytes: integer(
      'NECKCHECK_CDS_FHIR_MAX_BYTES',
      env.NECKCHECK_CDS_FHIR_MAX_BYTES,
      2 * 1024 * 1024,
      1024,
      64 * 1024 * 1024,
    ),
    maxPages: integer('NECKCHECK_CDS_FHIR_MAX_PAGES', env.NECKCHECK_CDS_FHIR_MAX_PAGES, 5, 1, 50),
    allowHttpLoopback: bool(
      'NECKCHECK_CDS_FHIR_ALLOW_HTTP_LOOPBACK',
      env.NECKCHECK_CDS_FHIR_ALLOW_HTTP_LOOPBACK,
      false,
    ),
  };
  try {
    return {
      cdsClients: parseCdsClients(env.NECKCHECK_CDS_CLIENTS),
      cdsAllowedOrigins: parseAllowedOrigins(env.NECKCHECK_CDS_ALLOWED_ORIGINS),
      cdsFhirFetch,
      cdsCardRetentionDays: integer(
        'NECKCHECK_CDS_CARD_RETENTION_DAYS',
        env.NECKCHECK_CDS_CARD_RETENTION_DAYS,
        30,
        1,
        365,
      ),
    };
  } catch (error) {
    throw new ConfigError(error instanceof Error ? error.message : String(error));
  }
}

function smartSettings(env: ConfigSource): readonly SmartClientConfig[] {
  try {
    return parseSmartClients(env.NECKCHECK_SMART_CLIENTS, env);
  } catch (error) {
    throw new ConfigError(error instanceof Error ? error.message : String(error));
  }
}
