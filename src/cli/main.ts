/** Entry point of the `neckcheck` command (bin/neckcheck.js loads the built copy of this file). */
import { processIo } from './io.js';
import { run } from './program.js';

process.exitCode = await run(process.argv.slice(2), processIo());
