import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The repository root, where `node --import tsx src/cli/main.ts` runs. */
export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs the real command line in a child process. Standard input is a pipe (never a terminal): it receives
 * `input`, then end of file.
 */
export function runCli(args: readonly string[], input = ''): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      process.execPath,
      ['--import', 'tsx', 'src/cli/main.ts', ...args],
      {
        cwd: ROOT,
        timeout: 30_000,
        maxBuffer: 16 * 1024 * 1024,
        env: { ...process.env, NO_COLOR: '1', NECKCHECK_DEBUG: '' },
      },
      (error, stdout, stderr) => {
        if (error === null) resolve({ code: 0, stdout, stderr });
        else if (typeof error.code === 'number') resolve({ code: error.code, stdout, stderr });
        else reject(new Error(`neckcheck ${args.join(' ')} did not finish: ${error.message}\n${stderr}`));
      },
    );
    child.stdin?.end(input);
  });
}
