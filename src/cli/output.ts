import { writeFile } from 'node:fs/promises';
import { CliError, fsReason } from './errors.js';
import type { CliIo } from './io.js';

/** Writes a command's result to a file, or to standard output. */
export async function writeOutput(text: string, file: string | undefined, io: CliIo): Promise<void> {
  const content = text.endsWith('\n') ? text : `${text}\n`;
  if (file === undefined) {
    io.out(content);
    return;
  }
  try {
    await writeFile(file, content, 'utf8');
  } catch (error) {
    throw new CliError(`cannot write ${file}: ${fsReason(error)}`);
  }
}
