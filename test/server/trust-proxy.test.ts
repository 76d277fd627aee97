/**
 * NECKCHECK_TRUST_PROXY (issue 11): X-Forwarded-For decides the client address for rate limits and the
 * audit log only behind a trusted proxy. Off by default: a client cannot pick its own address to escape the
 * limits. Configured (hop count or proxy addresses), each forwarded client is limited and audited on its own.
 */
import type { InjectOptions } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, parseTrustProxy } from '../../src/server/config.js';
import type { Harness } from './harness.js';
import { startHarness } from './harness.js';

const badToken = (forwardedFor: string): InjectOptions => ({
  method: 'GET',
  url: '/api/v1/clients',
  remoteAddress: '127.0.0.1',
  headers: { host: 'neckcheck.test', authorization: 'Bearer nck_wrong', 'x-forwarded-for': forwardedFor },
});

describe('the client address behind a proxy', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  /** Three failures from each of two forwarded clients, with a limit of three per address. */
  async function twoClients(env: Record<string, string>) {
    h = await startHarness({ NECKCHECK_FAILURES_PER_MINUTE: '3', ...env });
    const before = (await h.store.audit.head()).seq;
    const statuses: number[] = [];
    for (const client of ['203.0.113.7', '198.51.100.9'])
      for (let i = 0; i < 3; i++) statuses.push((await h.app.inject(badToken(client))).statusCode);
    const ips = (await h.store.audit.scan(before, 100)).map((e) => e.ip);
    return { statuses, ips };
  }

  it('ignores X-Forwarded-For by default: one address, one limit', async () => {
    const { statuses, ips } = await twoClients({});
    expect(statuses).toEqual([401, 401, 401, 429, 429, 429]);
    expect(new Set(ips)).toEqual(new Set(['127.0.0.1']));
  });

  it.each([
    ['a hop count', '1'],
    ['the proxy address', '127.0.0.1'],
    ['a CIDR', '127.0.0.0/8, 10.0.0.0/8'],
  ])('uses X-Forwarded-For from a proxy trusted by %s', async (_how, value) => {
    const { statuses, ips } = await twoClients({ NECKCHECK_TRUST_PROXY: value });
    expect(statuses).toEqual([401, 401, 401, 401, 401, 401]);
    expect(new Set(ips)).toEqual(new Set(['203.0.113.7', '198.51.100.9']));
  });

  it('ignores X-Forwarded-For from a sender that is not a trusted proxy', async () => {
    const { ips } = await twoClients({ NECKCHECK_TRUST_PROXY: '10.1.2.3' });
    expect(new Set(ips)).toEqual(new Set(['127.0.0.1']));
  });
});

describe('NECKCHECK_TRUST_PROXY', () => {
  it('is off by default and reads hop counts and address lists', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(parseTrustProxy('off')).toBe(false);
    expect(parseTrustProxy('2')).toBe(2);
    expect(parseTrustProxy('loopback, 192.168.0.0/16, ::1, fd00::/8')).toEqual([
      'loopback',
      '192.168.0.0/16',
      '::1',
      'fd00::/8',
    ]);
  });

  it.each(['true', '*', '10.0.0.0/33', 'proxy.example', '1.2.3', '11'])(
    'refuses "%s" with a message',
    (value) => {
      expect(() => loadConfig({ NECKCHECK_TRUST_PROXY: value })).toThrow(ConfigError);
      expect(() => loadConfig({ NECKCHECK_TRUST_PROXY: value })).toThrow(/NECKCHECK_TRUST_PROXY/);
    },
  );
});

describe('timeout settings', () => {
  it('have defaults and refuse values out of range', () => {
    expect(loadConfig({})).toMatchObject({
      requestTimeoutSeconds: 30,
      connectionTimeoutSeconds: 120,
      keepAliveTimeoutSeconds: 72,
    });
    expect(() => loadConfig({ NECKCHECK_REQUEST_TIMEOUT_SECONDS: '0' })).toThrow(
      /NECKCHECK_REQUEST_TIMEOUT_SECONDS must be a whole number from 1 to 3600/,
    );
    expect(() => loadConfig({ NECKCHECK_FAILURES_PER_MINUTE: 'many' })).toThrow(
      /NECKCHECK_FAILURES_PER_MINUTE/,
    );
  });
});
