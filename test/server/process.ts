/** Starting real `neckcheck serve` processes for the durability and multi-instance tests. */
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..', '..');

export interface ServerProcess {
  readonly child: ChildProcess;
  readonly url: string;
  /** Everything the process wrote to stderr so far. */
  stderr(): string;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export interface SpawnOptions {
  readonly timeoutMs?: number;
  /** Run the built command line (dist/, as `npm start` does) instead of the sources through tsx. */
  readonly built?: boolean;
  /** Flags for node itself, before the entry point (a benchmark's `--cpu-prof`, say). */
  readonly nodeFlags?: readonly string[];
}

/** Spawns the CLI's `serve` on a free loopback port and waits until it is listening. */
export async function spawnServer(
  args: readonly string[],
  env: Record<string, string> = {},
  { timeoutMs = 30_000, built = false, nodeFlags = [] }: SpawnOptions = {},
): Promise<ServerProcess> {
  const entry = built ? ['bin/neckcheck.js'] : ['--import', 'tsx', 'src/cli/main.ts'];
  const child = spawn(
    process.execPath,
    [...nodeFlags, ...entry, 'serve', '--host', '127.0.0.1', '--port', '0', ...args],
    {
      cwd: ROOT,
      env: { ...process.env, NECKCHECK_LOG_LEVEL: 'warn', ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  const listening = untilListening(child, timeoutMs);
  const url = await listening.url;
  return {
    child,
    url,
    stderr: listening.stderr,
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

/**
 * Waits until a spawned server prints `listening on URL` on stderr; fails with what it printed if it exits
 * first or takes longer than `timeoutMs`. `stderr()` is everything it printed so far.
 */
export function untilListening(
  child: ChildProcess,
  timeoutMs = 30_000,
): { url: Promise<string>; stderr: () => string } {
  let err = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    err += chunk.toString();
  });
  const url = new Promise<string>((done, fail) => {
    const onExit = (code: number | null): void => {
      clearTimeout(timer);
      fail(new Error(`server exited with ${code} before listening:\n${err}`));
    };
    const timer = setTimeout(() => {
      child.off('exit', onExit);
      fail(new Error(`server did not start in ${timeoutMs} ms:\n${err}`));
    }, timeoutMs);
    child.stderr?.on('data', () => {
      const match = /listening on (http:\/\/\S+)/.exec(err);
      if (match?.[1] === undefined) return;
      clearTimeout(timer);
      child.off('exit', onExit);
      done(match[1]);
    });
    child.once('exit', onExit);
  });
  return { url, stderr: () => err };
}
