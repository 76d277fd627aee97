/**
 * The EHRs allowed to open NeckCheck by a SMART on FHIR EHR launch, from NECKCHECK_SMART_CLIENTS: a JSON
 * array of `{iss, clinicId, clientId, clientSecretEnv?, ehrSystem?, scope?}`. A confidential client's
 * secret is never written in that JSON: `clientSecretEnv` names the environment variable that holds it.
 * Checked once at start; every problem names the entry and the field.
 */

/** The least NeckCheck needs: the launch context, who the EHR user is, and the patient's own record. */
export const DEFAULT_SMART_SCOPE = 'launch openid fhirUser patient/Patient.rs';

export interface SmartClientConfig {
  /** The FHIR base URL the EHR sends as `iss`, compared without a trailing slash. */
  readonly iss: string;
  readonly clinicId: string;
  /** The client_id the EHR registered NeckCheck under. */
  readonly clientId: string;
  /** Present for a confidential client (HTTP Basic at the token endpoint); never logged or shown. */
  readonly clientSecret?: string;
  /** The system EHR patient ids are linked under (clients.ehrPatient.system); the issuer by default. */
  readonly ehrSystem: string;
  readonly scope: string;
}

const FIELDS = new Set(['iss', 'clinicId', 'clientId', 'clientSecretEnv', 'ehrSystem', 'scope']);

type Entry = Readonly<Record<string, unknown>>;
type Env = Readonly<Record<string, string | undefined>>;

const isEntry = (value: unknown): value is Entry =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function text(entry: Entry, field: string, where: string): string | undefined {
  const value = entry[field];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.trim() === '' || value.length > 512)
    throw new Error(`${where}.${field} must be a non-empty string`);
  return value.trim();
}

function required(entry: Entry, field: string, where: string): string {
  const value = text(entry, field, where);
  if (value === undefined) throw new Error(`${where}.${field} is required`);
  return value;
}

/** An issuer without its trailing slashes, as launches are compared. */
export const normalIss = (iss: string): string => iss.replace(/\/+$/, '');

/** https, or http on this machine only (tests and a local EHR sandbox). */
export function secureUrl(value: string): URL | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return undefined;
  }
  const local = url.hostname === 'localhost' || url.hostname === '127.0.0.1' || url.hostname === '[::1]';
  if (url.protocol === 'https:' || (url.protocol === 'http:' && local)) return url;
  return undefined;
}

function clientOf(value: unknown, where: string, env: Env): SmartClientConfig {
  if (!isEntry(value)) throw new Error(`${where} must be an object`);
  if (value.clientSecret !== undefined)
    throw new Error(
      `${where}.clientSecret is not accepted: put the secret in an environment variable and name it in clientSecretEnv`,
    );
  const unknown = Object.keys(value).find((k) => !FIELDS.has(k));
  if (unknown !== undefined) throw new Error(`${where} has an unknown field "${unknown}"`);
  const iss = normalIss(required(value, 'iss', where));
  const url = secureUrl(iss);
  if (url === undefined || url.search !== '' || url.hash !== '')
    throw new Error(`${where}.iss must be an https URL without query (http only for localhost)`);
  const secretEnv = text(value, 'clientSecretEnv', where);
  let clientSecret: string | undefined;
  if (secretEnv !== undefined) {
    clientSecret = env[secretEnv];
    if (clientSecret === undefined || clientSecret === '')
      throw new Error(`${where}.clientSecretEnv names ${secretEnv}, which is not set`);
  }
  const scope = text(value, 'scope', where) ?? DEFAULT_SMART_SCOPE;
  const scopes = scope.split(/\s+/);
  for (const needed of ['launch', 'patient/Patient.rs'])
    if (
      !scopes.includes(needed) &&
      !(needed === 'patient/Patient.rs' && scopes.includes('patient/Patient.read'))
    )
      throw new Error(`${where}.scope must include "${needed}"`);
  return {
    iss,
    clinicId: required(value, 'clinicId', where),
    clientId: required(value, 'clientId', where),
    ...(clientSecret === undefined ? {} : { clientSecret }),
    ehrSystem: text(value, 'ehrSystem', where) ?? iss,
    scope,
  };
}

/** Parses and checks the setting; throws an Error whose message names the entry and the field. */
export function parseSmartClients(
  raw: string | undefined,
  env: Env = {},
  name = 'NECKCHECK_SMART_CLIENTS',
): SmartClientConfig[] {
  if (raw === undefined || raw.trim() === '') return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (error) {
    throw new Error(`${name} is not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  if (!Array.isArray(parsed)) throw new Error(`${name} must be a JSON array of SMART clients`);
  const clients = parsed.map((entry, i) => clientOf(entry, `${name}[${i}]`, env));
  const seen = new Set<string>();
  for (const [i, c] of clients.entries()) {
    if (seen.has(c.iss)) throw new Error(`${name}[${i}] repeats iss "${c.iss}": one issuer opens one clinic`);
    seen.add(c.iss);
  }
  return clients;
}

/** The allowlisted entry for a launch's `iss`, if any. */
export function smartClientFor(
  clients: readonly SmartClientConfig[],
  iss: string,
): SmartClientConfig | undefined {
  const wanted = normalIss(iss);
  return clients.find((c) => c.iss === wanted);
}
