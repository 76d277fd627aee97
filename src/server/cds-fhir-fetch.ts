/**
 * Fetches the prefetch a CDS client did not send from the request's `fhirServer`, with the access token of
 * its `fhirAuthorization` (never a credential of ours), through fhir-kit-client: the discovery templates with
 * the patient filled in, searchset pages followed through `next` links of the same origin up to a bound.
 * Guards, because the URL comes from the request: https only (http only to a loopback address behind
 * NECKCHECK_CDS_FHIR_ALLOW_HTTP_LOOPBACK), no link-local, unspecified or multicast address (cloud metadata
 * endpoints) — checked on every connection, after DNS — no redirects, one time limit for the whole fetch and
 * a cap on each response's size.
 */

import type { LookupAddress } from 'node:dns';
import { lookup } from 'node:dns';
import { BlockList, isIP } from 'node:net';
import { Client } from 'fhir-kit-client';
import type { PrefetchKey } from '../cds-hooks/index.js';
import { PREFETCH_TEMPLATES } from '../cds-hooks/index.js';

export interface FhirFetchSettings {
  readonly timeoutMs: number;
  readonly maxBytes: number;
  readonly maxPages: number;
  readonly allowHttpLoopback: boolean;
}

/** Why a key could not be fetched: told to the CDS client in the 412 problem. */
export type FetchFailure =
  | 'no_fhir_server'
  | 'insecure_url'
  | 'blocked_address'
  | 'unauthorized'
  | 'timeout'
  | 'too_large'
  | 'not_found'
  | 'unreachable'
  | 'failed';

export const FETCH_FAILURES: Readonly<Record<FetchFailure, string>> = {
  no_fhir_server: 'not sent as prefetch, and the request has no fhirServer to fetch it from',
  insecure_url: 'the fhirServer (or a next link) is not an https URL this service may call',
  blocked_address: 'the fhirServer resolves to an address this service does not call',
  unauthorized: 'the FHIR server refused the fhirAuthorization access token (401/403)',
  timeout: 'the FHIR server did not answer in time',
  too_large: 'the FHIR server sent more data than this service reads',
  not_found: 'the FHIR server does not have it (404)',
  unreachable: 'the fhirServer could not be reached (unknown host, connection refused or reset)',
  failed: 'the FHIR server did not answer with FHIR JSON',
};

export interface FetchOutcome {
  readonly values: Partial<Record<PrefetchKey, unknown>>;
  readonly failures: Partial<Record<PrefetchKey, FetchFailure>>;
  /** For the log: how many requests were made, and how long it took. */
  readonly requests: number;
  readonly ms: number;
}

export interface FhirFetcher {
  fetch(input: {
    readonly fhirServer: string | undefined;
    readonly accessToken: string | undefined;
    readonly patientId: string;
    readonly keys: readonly PrefetchKey[];
  }): Promise<FetchOutcome>;
  close(): Promise<void>;
}

class FetchError extends Error {
  readonly failure: FetchFailure;

  constructor(failure: FetchFailure) {
    super(FETCH_FAILURES[failure]);
    this.failure = failure;
  }
}

const BLOCKED = new BlockList();
BLOCKED.addSubnet('0.0.0.0', 8, 'ipv4');
BLOCKED.addSubnet('169.254.0.0', 16, 'ipv4'); // link-local: cloud metadata (169.254.169.254)
BLOCKED.addSubnet('224.0.0.0', 4, 'ipv4');
BLOCKED.addSubnet('240.0.0.0', 4, 'ipv4');
BLOCKED.addAddress('::', 'ipv6');
BLOCKED.addSubnet('fe80::', 10, 'ipv6');
BLOCKED.addSubnet('ff00::', 8, 'ipv6');
BLOCKED.addAddress('fd00:ec2::254', 'ipv6'); // AWS metadata over IPv6
const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');

const family = (address: string) => (isIP(address) === 6 ? 'ipv6' : 'ipv4');
const mapped = (address: string) => address.replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/i, '$1');

function allowedAddress(raw: string, settings: FhirFetchSettings): boolean {
  const address = mapped(raw);
  if (BLOCKED.check(address, family(address))) return false;
  return settings.allowHttpLoopback || !LOOPBACK.check(address, family(address));
}

const hostOf = (url: URL) => url.hostname.replace(/^\[|\]$/g, '');

/** The URL may be called: https (or http to loopback when allowed), no credentials, no blocked literal. */
function checkedUrl(raw: string, settings: FhirFetchSettings): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new FetchError('insecure_url');
  }
  const host = hostOf(url);
  const loopbackName =
    host === 'localhost' || (isIP(host) !== 0 && LOOPBACK.check(mapped(host), family(host)));
  const secure =
    url.protocol === 'https:' || (url.protocol === 'http:' && settings.allowHttpLoopback && loopbackName);
  if (!secure || url.username !== '' || url.password !== '') throw new FetchError('insecure_url');
  if (isIP(host) !== 0 && !allowedAddress(host, settings)) throw new FetchError('blocked_address');
  return url;
}

/**
 * Node's fetch is undici; its Agent (reached through the global dispatcher, the only way without the
 * undici package) takes a DNS lookup run on every connection and a response size limit.
 */
function guardedAgent(settings: FhirFetchSettings) {
  void new Request('http://localhost/'); // loads Node's undici, which installs the global dispatcher
  const global = (globalThis as Record<symbol, unknown>)[Symbol.for('undici.globalDispatcher.1')];
  const Agent = (global as { constructor: new (options: object) => { close(): Promise<void> } } | undefined)
    ?.constructor;
  // Another global dispatcher (a proxy agent, a mock) would not take these options: refuse to start.
  if (Agent?.name !== 'Agent')
    throw new Error(
      "CDS FHIR fetch: Node's undici Agent is not the global dispatcher; cannot guard requests",
    );
  const guardedLookup = (
    hostname: string,
    options: object,
    callback: (error: Error | null, addresses: LookupAddress[] | string, family?: number) => void,
  ) => {
    lookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error !== null) return callback(error, []);
      if (addresses.length === 0 || !addresses.every((a) => allowedAddress(a.address, settings)))
        return callback(Object.assign(new Error('blocked address'), { code: 'NECKCHECK_BLOCKED' }), []);
      callback(null, addresses);
    });
  };
  return new Agent({
    connect: { lookup: guardedLookup, timeout: settings.timeoutMs },
    maxResponseSize: settings.maxBytes,
    headersTimeout: settings.timeoutMs,
    bodyTimeout: settings.timeoutMs,
  });
}

const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT']);
const UNREACHABLE_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'ECONNREFUSED', 'ECONNRESET', 'EHOSTUNREACH']);

function failureOf(error: unknown, signal: AbortSignal): FetchFailure {
  if (error instanceof FetchError) return error.failure;
  if (signal.aborted) return 'timeout';
  const status = (error as { response?: { status?: unknown } }).response?.status;
  if (status === 401 || status === 403) return 'unauthorized';
  if (status === 404 || status === 410) return 'not_found';
  let cause: unknown = error;
  for (let depth = 0; depth < 4 && typeof cause === 'object' && cause !== null; depth++) {
    const code = (cause as { code?: unknown }).code;
    if (code === 'UND_ERR_RES_EXCEEDED_MAX_SIZE') return 'too_large';
    if (code === 'NECKCHECK_BLOCKED') return 'blocked_address';
    if (typeof code === 'string' && TIMEOUT_CODES.has(code)) return 'timeout';
    if (typeof code === 'string' && UNREACHABLE_CODES.has(code)) return 'unreachable';
    cause = (cause as { cause?: unknown }).cause;
  }
  return 'failed';
}

type Resource = Record<string, unknown> & { resourceType: string };

function nextLink(bundle: Resource): string | undefined {
  const links = Array.isArray(bundle.link) ? (bundle.link as unknown[]) : [];
  for (const link of links) {
    const { relation, url } = (link ?? {}) as { relation?: unknown; url?: unknown };
    if (relation === 'next' && typeof url === 'string') return url;
  }
  return undefined;
}

export function createFhirFetcher(settings: FhirFetchSettings): FhirFetcher {
  const agent = guardedAgent(settings);

  async function one(client: Client, base: URL, query: string, signal: AbortSignal) {
    let requests = 1;
    const options = { signal };
    const first = (await client.request(query, { options })) as Resource;
    if (first.resourceType !== 'Bundle') return { value: first, requests };
    const entries = Array.isArray(first.entry) ? [...(first.entry as unknown[])] : [];
    let page = first;
    for (let n = 1; n < settings.maxPages; n++) {
      const next = nextLink(page);
      if (next === undefined) break;
      // The token goes to the fhirServer's origin only: a next link elsewhere is not followed.
      if (checkedUrl(next, settings).origin !== base.origin) throw new FetchError('insecure_url');
      const bundle = { ...page, link: [{ relation: 'next', url: next }] };
      page = (await client.nextPage({ bundle, options })) as Resource;
      requests++;
      if (Array.isArray(page.entry)) entries.push(...(page.entry as unknown[]));
    }
    const { link: _link, ...rest } = first;
    return { value: { ...rest, total: entries.length, entry: entries }, requests };
  }

  return {
    async fetch({ fhirServer, accessToken, patientId, keys }) {
      const started = Date.now();
      const values: Partial<Record<PrefetchKey, unknown>> = {};
      const failures: Partial<Record<PrefetchKey, FetchFailure>> = {};
      let requests = 0;
      const failAll = (failure: FetchFailure) => {
        for (const key of keys) failures[key] = failure;
        return { values, failures, requests, ms: Date.now() - started };
      };
      if (fhirServer === undefined) return failAll('no_fhir_server');
      let base: URL;
      try {
        base = checkedUrl(fhirServer, settings);
      } catch (error) {
        return failAll(error instanceof FetchError ? error.failure : 'insecure_url');
      }
      const client = new Client({
        baseUrl: base.href.replace(/\/+$/, ''),
        requestOptions: { dispatcher: agent, redirect: 'error' },
        ...(accessToken === undefined ? {} : { bearerToken: accessToken }),
      });
      const signal = AbortSignal.timeout(settings.timeoutMs);
      await Promise.all(
        keys.map(async (key) => {
          const query = PREFETCH_TEMPLATES[key].replaceAll(
            '{{context.patientId}}',
            encodeURIComponent(patientId),
          );
          try {
            const result = await one(client, base, query, signal);
            requests += result.requests;
            values[key] = result.value;
          } catch (error) {
            requests++;
            failures[key] = failureOf(error, signal);
          }
        }),
      );
      return { values, failures, requests, ms: Date.now() - started };
    },
    close: () => agent.close(),
  };
}
