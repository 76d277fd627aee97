/**
 * Rate limits and flood-proof auditing for the paths where unauthenticated callers fail: logins, presented
 * API tokens and session cookies that are not valid, CDS Hooks JWTs, intake links. Failures are counted
 * per path and client address in fixed windows. Past the limit the address gets 429 with Retry-After
 * before anything is looked up. In the audit log, the first failure and the first refusal of a window are
 * written in full; every later one is only counted, and one summary row per window carries the count
 * (action `flood:<path>`, resource type `failures`, resource id the count). So a flood of any size writes at
 * most three rows per path, address and window, instead of one per request.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps } from '../deps.js';
import type { AuditInput } from './audit.js';
import { audit } from './audit.js';
import { problems } from './problem.js';

export type FailurePath = 'login' | 'credentials' | 'cds' | 'intake' | 'smart';

export const FAILURE_WINDOW_MS = 60_000;

/** Addresses tracked at once per path; beyond, new addresses share one entry (and one limit). */
const MAX_TRACKED = 10_000;
const OVERFLOW = '*';

interface Window {
  readonly path: FailurePath;
  readonly ip: string;
  readonly start: number;
  /** Failures and refusals in this window: past the limit, the address is refused. */
  events: number;
  failureWritten: boolean;
  refusalWritten: boolean;
  /** Events not written in full, for the summary row. */
  counted: number;
}

export interface FailureGuard {
  /** Throws 429 (with Retry-After) while this address is over the limit on this path; counts the refusal. */
  check(path: FailurePath, request: FastifyRequest, reply: FastifyReply): Promise<void>;
  /** A failure on this path: audited in full if it is the window's first, otherwise counted. */
  failed(path: FailurePath, request: FastifyRequest, input: AuditInput): Promise<void>;
  /** A refusal made elsewhere (the login route's attempt limit): audited or counted like one of `check`'s. */
  refused(path: FailurePath, request: FastifyRequest, action: string): Promise<void>;
  /** Writes the summaries of ended windows, or of all windows with `all` (when the server closes). */
  flush(all?: boolean): Promise<void>;
}

export interface FailureGuardOptions {
  /** Failures per window and address on each path before 429. */
  readonly limit: number;
  /** Milliseconds, for the windows (the server's `now` may be a test's fixed clock). */
  readonly clock?: () => number;
}

export function failureGuard(deps: AppDeps, options: FailureGuardOptions): FailureGuard {
  const clock = options.clock ?? Date.now;
  const windows = new Map<string, Window>();

  const summarise = async (window: Window): Promise<void> => {
    if (window.counted === 0) return;
    const count = window.counted;
    window.counted = 0;
    try {
      await deps.store.audit.append({
        at: deps.now().toISOString(),
        clinicId: null,
        actor: 'anonymous',
        action: `flood:${window.path}`,
        resourceType: 'failures',
        resourceId: String(count),
        outcome: 'denied',
        requestId: null,
        ip: window.ip,
      });
    } catch (error) {
      window.counted += count;
      throw error;
    }
  };

  const windowOf = async (path: FailurePath, request: FastifyRequest): Promise<Window> => {
    const now = clock();
    let ip = request.ip;
    let key = `${path}|${ip}`;
    if (!windows.has(key) && windows.size >= MAX_TRACKED) {
      ip = OVERFLOW;
      key = `${path}|${ip}`;
    }
    const current = windows.get(key);
    if (current !== undefined && now - current.start < FAILURE_WINDOW_MS) return current;
    if (current !== undefined) {
      windows.delete(key);
      await summarise(current).catch((error: unknown) =>
        request.log.error({ err: error }, 'audit summary of failures could not be written'),
      );
    }
    const fresh: Window = {
      path,
      ip,
      start: now,
      events: 0,
      failureWritten: false,
      refusalWritten: false,
      counted: 0,
    };
    windows.set(key, fresh);
    return fresh;
  };

  const writeOrCount = async (
    window: Window,
    kind: 'failureWritten' | 'refusalWritten',
    request: FastifyRequest,
    input: AuditInput,
  ): Promise<void> => {
    window.events++;
    if (window[kind]) {
      window.counted++;
      return;
    }
    window[kind] = true;
    try {
      await audit(deps, request, input);
    } catch (error) {
      window[kind] = false;
      throw error;
    }
  };

  const refusal = (action: string): AuditInput => ({
    action,
    outcome: 'denied',
    clinicId: null,
    actor: 'anonymous',
  });

  return {
    async check(path, request, reply) {
      // Only an address that has already failed has a window; callers that never fail leave no trace.
      const current = windows.get(`${path}|${request.ip}`) ?? windows.get(`${path}|${OVERFLOW}`);
      if (current === undefined || current.events < options.limit) return;
      const window = await windowOf(path, request);
      if (window.events < options.limit) return;
      const seconds = Math.max(1, Math.ceil((window.start + FAILURE_WINDOW_MS - clock()) / 1000));
      await writeOrCount(window, 'refusalWritten', request, refusal(`${path}.rate_limited`));
      reply.header('retry-after', String(seconds));
      throw problems.rateLimited();
    },
    async failed(path, request, input) {
      await writeOrCount(await windowOf(path, request), 'failureWritten', request, input);
    },
    async refused(path, request, action) {
      await writeOrCount(await windowOf(path, request), 'refusalWritten', request, refusal(action));
    },
    async flush(all = false) {
      const now = clock();
      for (const [key, window] of [...windows]) {
        if (!all && now - window.start < FAILURE_WINDOW_MS) continue;
        await summarise(window); // on failure the window stays, to be summarised later
        windows.delete(key);
      }
    },
  };
}
