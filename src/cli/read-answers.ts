import { readFile } from 'node:fs/promises';
import { CliError, fsReason } from './errors.js';
import type { CliIo } from './io.js';
import { readAll } from './io.js';

/** Reads the raw answers (JSON) from a file, or from standard input when `source` is `-`. */
export async function readAnswers(source: string, io: CliIo): Promise<unknown> {
  const fromStdin = source === '-';
  const name = fromStdin ? 'standard input' : source;
  let text: string;
  try {
    text = fromStdin ? await readAll(io.stdin) : await readFile(source, 'utf8');
  } catch (error) {
    throw new CliError(`cannot read the answers from ${name}: ${fsReason(error)}`);
  }
  if (text.trim() === '') {
    throw new CliError(`no answers in ${name}: expected a JSON object mapping question ids to answers`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new CliError(`the answers in ${name} are not valid JSON: ${reason}`);
  }
}
