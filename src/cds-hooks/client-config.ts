/**
 * The trusted CDS clients (EHRs), from NECKCHECK_CDS_CLIENTS: a JSON array of
 * `{iss, jwks | jwksUrl | jwksUrls, clinicId, tenant?, algorithms?, ehrSystem?}`. Checked once at start; every problem
 * is reported with the entry and field it concerns, and a private key is refused outright.
 */

export const CDS_ALGORITHMS = ['ES384', 'RS384', 'ES256', 'RS256'] as const;
export type CdsAlgorithm = (typeof CDS_ALGORITHMS)[number];
/** What the 2.0 specification recommends; ES256 and RS256 only when an entry lists them. */
export const DEFAULT_ALGORITHMS: readonly CdsAlgorithm[] = ['ES384', 'RS384'];

/** A public JWK as configured (EC or RSA, with a kid). */
export interface PublicJwk {
  readonly kty: 'EC' | 'RSA';
  readonly kid: string;
  readonly [member: string]: unknown;
}

export interface CdsClientConfig {
  /** The JWT `iss` this EHR uses. */
  readonly iss: string;
  /** When set, the JWT must carry this `tenant`; one issuer can then serve several clinics. */
  readonly tenant?: string;
  readonly clinicId: string;
  /** Inline keys (exchanged out of band), or a JWK Set URL: the keys of a token without `jku`. */
  readonly jwks?: { readonly keys: readonly PublicJwk[] };
  readonly jwksUrl?: string;
  /**
   * Every JWK Set URL a token's `jku` may name (jwksUrl and jwksUrls together); a token naming another is
   * refused. Without jwks or jwksUrl, the first is also the keys of a token without `jku`.
   */
  readonly jkuAllowlist: readonly string[];
  readonly algorithms: readonly CdsAlgorithm[];
  /** The system EHR patient ids are linked under (clients.ehrPatient.system); the issuer by default. */
  readonly ehrSystem: string;
}

const FIELDS = new Set([
  'iss',
  'tenant',
  'clinicId',
  'jwks',
  'jwksUrl',
  'jwksUrls',
  'algorithms',
  'ehrSystem',
]);
const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'];

type Entry = Readonly<Record<string, unknown>>;

const isEntry = (value: unknown): value is Entry =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function nonEmpty(entry: Entry, field: string, where: string, optional = false): string | undefined {
  const value = entry[field];
  if (value === undefined && optional) return undefined;
  if (typeof value !== 'string' || value.trim() === '' || value.length > 512)
    throw new Error(`${where}.${field} must be a non-empty string`);
  return value;
}

function keysOf(value: unknown, where: string): readonly PublicJwk[] {
  if (!isEntry(value) || !Array.isArray(value.keys) || value.keys.length === 0)
    throw new Error(`${where}.jwks must be a JWK Set: {"keys": [ ... ]} with at least one key`);
  return value.keys.map((key: unknown, i): PublicJwk => {
    const at = `${where}.jwks.keys[${i}]`;
    if (!isEntry(key)) throw new Error(`${at} must be an object`);
    if (key.kty !== 'EC' && key.kty !== 'RSA') throw new Error(`${at}.kty must be "EC" or "RSA"`);
    if (typeof key.kid !== 'string' || key.kid === '') throw new Error(`${at}.kid is required`);
    const secret = PRIVATE_MEMBERS.find((m) => key[m] !== undefined);
    if (secret !== undefined)
      throw new Error(`${at} contains private key material ("${secret}"): configure the public key only`);
    if (key.use !== undefined && key.use !== 'sig') throw new Error(`${at}.use must be "sig" when set`);
    if (key.alg !== undefined && !(CDS_ALGORITHMS as readonly unknown[]).includes(key.alg))
      throw new Error(`${at}.alg must be one of ${CDS_ALGORITHMS.join(', ')}`);
    return { ...key, kty: key.kty, kid: key.kid };
  });
}

function jwksUrlOf(value: string, where: string, field = 'jwksUrl'): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`${where}.${field} is not a URL`);
  }
  const local = url.hostname === 'localhost' || url.hostname === '127.0.0.1' || url.hostname === '[::1]';
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && local))
    throw new Error(`${where}.${field} must use https (http only for localhost)`);
  return value;
}

function jwksUrlsOf(value: unknown, where: string): readonly string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.length === 0 || value.length > 10)
    throw new Error(`${where}.jwksUrls must be a list of 1 to 10 JWK Set URLs`);
  return value.map((url: unknown, i) => {
    if (typeof url !== 'string' || url.length > 512)
      throw new Error(`${where}.jwksUrls[${i}] must be a URL string`);
    return jwksUrlOf(url, where, `jwksUrls[${i}]`);
  });
}

function algorithmsOf(value: unknown, where: string): readonly CdsAlgorithm[] {
  if (value === undefined) return DEFAULT_ALGORITHMS;
  const valid = (a: unknown): a is CdsAlgorithm => (CDS_ALGORITHMS as readonly unknown[]).includes(a);
  if (!Array.isArray(value) || value.length === 0 || !value.every(valid))
    throw new Error(`${where}.algorithms must be a non-empty list of ${CDS_ALGORITHMS.join(', ')}`);
  return value;
}

function clientOf(value: unknown, where: string): CdsClientConfig {
  if (!isEntry(value)) throw new Error(`${where} must be an object`);
  const unknown = Object.keys(value).find((k) => !FIELDS.has(k));
  if (unknown !== undefined) throw new Error(`${where} has an unknown field "${unknown}"`);
  const iss = nonEmpty(value, 'iss', where) as string;
  const clinicId = nonEmpty(value, 'clinicId', where) as string;
  const tenant = nonEmpty(value, 'tenant', where, true);
  const ehrSystem = nonEmpty(value, 'ehrSystem', where, true) ?? iss;
  if (value.jwks !== undefined && value.jwksUrl !== undefined)
    throw new Error(`${where} needs one of jwks (inline JWK Set) and jwksUrl, not both`);
  const jwksUrls = jwksUrlsOf(value.jwksUrls, where);
  if (value.jwks === undefined && value.jwksUrl === undefined && jwksUrls.length === 0)
    throw new Error(`${where} needs jwks (inline JWK Set), jwksUrl or jwksUrls`);
  const jwksUrl = value.jwksUrl === undefined ? undefined : nonEmpty(value, 'jwksUrl', where);
  const jkuAllowlist = [
    ...new Set([...(jwksUrl === undefined ? [] : [jwksUrlOf(jwksUrl, where)]), ...jwksUrls]),
  ];
  return {
    iss,
    clinicId,
    ...(tenant === undefined ? {} : { tenant }),
    ...(value.jwks === undefined ? {} : { jwks: { keys: keysOf(value.jwks, where) } }),
    ...(jwksUrl === undefined ? {} : { jwksUrl }),
    jkuAllowlist,
    algorithms: algorithmsOf(value.algorithms, where),
    ehrSystem,
  };
}

/** Parses and checks the setting; throws an Error whose message names the entry and the field. */
export function parseCdsClients(raw: string | undefined, name = 'NECKCHECK_CDS_CLIENTS'): CdsClientConfig[] {
  if (raw === undefined || raw.trim() === '') return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (error) {
    throw new Error(`${name} is not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  if (!Array.isArray(parsed)) throw new Error(`${name} must be a JSON array of trusted CDS clients`);
  const clients = parsed.map((entry, i) => clientOf(entry, `${name}[${i}]`));
  const seen = new Set<string>();
  for (const [i, c] of clients.entries()) {
    const key = `${c.iss}\n${c.tenant ?? ''}`;
    if (seen.has(key))
      throw new Error(
        `${name}[${i}] repeats iss "${c.iss}"${c.tenant === undefined ? '' : ` with tenant "${c.tenant}"`}`,
      );
    seen.add(key);
  }
  return clients;
}

/** NECKCHECK_CDS_ALLOWED_ORIGINS: comma-separated origins (scheme://host[:port]), or `*` (testing only). */
export function parseAllowedOrigins(
  raw: string | undefined,
  name = 'NECKCHECK_CDS_ALLOWED_ORIGINS',
): string[] {
  if (raw === undefined || raw.trim() === '') return [];
  return raw
    .split(',')
    .map((o) => o.trim())
    .filter((o) => o !== '')
    .map((origin) => {
      if (origin === '*') return origin;
      let url: URL;
      try {
        url = new URL(origin);
      } catch {
        throw new Error(`${name}: "${origin}" is not an origin such as https://ehr.example.org`);
      }
      if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.origin !== origin)
        throw new Error(
          `${name}: "${origin}" must be exactly scheme://host[:port], e.g. https://ehr.example.org`,
        );
      return origin;
    });
}
