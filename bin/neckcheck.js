#!/usr/bin/env node
// Runs the built command line; during development use `npx tsx src/cli/main.ts` instead.
import { existsSync } from 'node:fs';

const entry = new URL('../dist/cli/main.js', import.meta.url);

if (existsSync(entry)) {
  await import(entry.href);
} else {
  process.stderr.write(
    'neckcheck: the command line is not built yet. Run `npm run build` first\n' +
      '(or, from a source checkout, run `npx tsx src/cli/main.ts`).\n',
  );
  process.exitCode = 1;
}
