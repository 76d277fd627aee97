/**
 * The failure guard's windows, on a controlled clock: a new window audits its first failure in full again,
 * and the ended window's count is summarised by the next failure or by flush, exactly once.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { describe, expect, it } from 'vitest';
import type { AppDeps } from '../../src/server/deps.js';
import { FAILURE_WINDOW_MS, failureGuard } from '../../src/server/http/failure-guard.js';
import type { AuditEvent } from '../../src/store/types.js';

function setup(limit = 3) {
  const written: AuditEvent[] = [];
  const clock = { ms: 0 };
  const deps = {
    now: () => new Date('2026-11-25T09:00:00.000Z'),
    store: { audit: { append: async (event: AuditEvent) => void written.push(event) } },
  } as unknown as AppDeps;
  const guard = failureGuard(deps, { limit, clock: () => clock.ms });
  const request = (ip: string) =>
    ({ ip, id: 'r', auth: null, log: { error: () => undefined } }) as unknown as FastifyRequest;
  const headers: Record<string, string> = {};
  const reply = {
    header: (name: string, value: string) => (headers[name] = value),
  } as unknown as FastifyReply;
  const fail = (ip: string) =>
    guard.failed('login', request(ip), { action: 'auth.login', outcome: 'failure' });
  return { guard, written, clock, request, reply, headers, fail };
}

describe('failure guard windows', () => {
  it('writes the first failure in full, counts the rest, and summarises when the window ends', async () => {
    const { written, clock, fail } = setup();
    for (let i = 0; i < 5; i++) await fail('192.0.2.1');
    expect(written.map((e) => e.action)).toEqual(['auth.login']);
    clock.ms = FAILURE_WINDOW_MS;
    await fail('192.0.2.1');
    expect(written.map((e) => [e.action, e.resourceId])).toEqual([
      ['auth.login', null],
      ['flood:login', '4'],
      ['auth.login', null],
    ]);
  });

  it('refuses past the limit with Retry-After until the window ends', async () => {
    const { guard, clock, fail, request, reply, headers } = setup(2);
    await fail('192.0.2.2');
    await fail('192.0.2.2');
    clock.ms = 45_000;
    await expect(guard.check('login', request('192.0.2.2'), reply)).rejects.toMatchObject({
      code: 'rate_limited',
    });
    expect(headers['retry-after']).toBe('15');
    await expect(guard.check('login', request('192.0.2.3'), reply)).resolves.toBeUndefined();
    clock.ms = FAILURE_WINDOW_MS;
    await expect(guard.check('login', request('192.0.2.2'), reply)).resolves.toBeUndefined();
  });

  it('flushes ended windows only, or all on close, each count once', async () => {
    const { guard, written, clock, fail } = setup();
    await fail('192.0.2.4');
    await fail('192.0.2.4');
    await guard.flush();
    expect(written.filter((e) => e.action === 'flood:login')).toEqual([]);
    clock.ms = FAILURE_WINDOW_MS + 1;
    await guard.flush();
    await guard.flush(true);
    expect(written.filter((e) => e.action === 'flood:login').map((e) => e.resourceId)).toEqual(['1']);
  });
});
