/** What the commands need from the process; tests and other front ends can supply their own. */
export interface CliIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  readonly stdin: NodeJS.ReadableStream;
  readonly stdinIsTTY: boolean;
  /** Whether standard error is a terminal a person reads (not a log file or a journal): progress bars redraw there. */
  readonly stderrIsTTY?: boolean;
  /** Whether ANSI colours may be written to standard output. */
  readonly stdoutColor: boolean;
  /** The interactive questions are drawn here, so that standard output carries only the result. */
  readonly promptOutput: NodeJS.WritableStream;
  readonly now: () => Date;
}

export function processIo(): CliIo {
  const noColor = process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '';
  return {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    stdin: process.stdin,
    stdinIsTTY: process.stdin.isTTY === true,
    stderrIsTTY: process.stderr.isTTY === true,
    stdoutColor: process.stdout.isTTY === true && !noColor,
    promptOutput: process.stderr,
    now: () => new Date(),
  };
}

export async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString('utf8');
}
