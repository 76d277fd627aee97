/**
 * Request and connection timeouts (issue 11): a client that sends its body slowly to /api/v1/assess, or
 * opens a connection and sends nothing, is cut off within the configured limit instead of holding the
 * connection open for minutes. Raw sockets on loopback against a listening server with 1-second limits.
 */
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Harness } from './harness.js';
import { startHarness } from './harness.js';

/** Cut off within the limit plus Node's checking interval and some slack for a loaded machine. */
const CUT_OFF_WITHIN_MS = 4_000;

interface Outcome {
  readonly closedAfterMs: number;
  readonly received: string;
}

/** Opens a socket, runs `feed` on it, and resolves when the server closes it (or after `giveUpMs`). */
function watch(port: number, feed: (write: (text: string) => void) => () => void, giveUpMs: number) {
  return new Promise<Outcome>((done) => {
    const started = Date.now();
    const socket = connect(port, '127.0.0.1');
    let received = '';
    let stop: () => void = () => undefined;
    const finish = () => {
      stop();
      clearTimeout(timer);
      socket.destroy();
      done({ closedAfterMs: Date.now() - started, received });
    };
    const timer = setTimeout(finish, giveUpMs);
    socket.on('connect', () => {
      stop = feed((text) => {
        if (!socket.destroyed) socket.write(text);
      });
    });
    socket.on('data', (chunk) => {
      received += chunk.toString();
    });
    socket.on('close', finish);
    socket.on('error', () => undefined);
  });
}

describe('request and connection timeouts', () => {
  let h: Harness;
  let port: number;

  beforeAll(async () => {
    h = await startHarness({
      NECKCHECK_REQUEST_TIMEOUT_SECONDS: '1',
      NECKCHECK_CONNECTION_TIMEOUT_SECONDS: '1',
    });
    await h.app.listen({ host: '127.0.0.1', port: 0 });
    const address = h.app.server.address();
    port = typeof address === 'object' && address !== null ? address.port : 0;
  });
  afterAll(async () => h.close());

  it('cuts off a body sent one byte every 200 ms with 408', async () => {
    const outcome = await watch(
      port,
      (write) => {
        write(
          'POST /api/v1/assess HTTP/1.1\r\nHost: neckcheck.test\r\nContent-Type: application/json\r\n' +
            'Content-Length: 10000\r\n\r\n{',
        );
        const drip = setInterval(() => write(' '), 200);
        return () => clearInterval(drip);
      },
      CUT_OFF_WITHIN_MS + 4_000,
    );
    expect(outcome.closedAfterMs).toBeLessThan(CUT_OFF_WITHIN_MS);
    expect(outcome.received).toMatch(/^HTTP\/1\.1 408/);
  }, 15_000);

  it('closes a connection that sends nothing', async () => {
    const outcome = await watch(port, () => () => undefined, CUT_OFF_WITHIN_MS + 4_000);
    expect(outcome.closedAfterMs).toBeLessThan(CUT_OFF_WITHIN_MS);
  }, 15_000);

  it('still answers a request sent at once', async () => {
    const response = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(response.status).toBe(200);
  });
});
