/**
 * Writes the server's OpenAPI document (JSON) to the file given, or to stdout, built from the route schemas
 * without a network or a listening server: an app on a throwaway SQLite database, asked with app.inject.
 * `npm run lint:openapi` lints the result with Redocly (redocly.yaml).
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { loadKbAndBundle } from '../src/node/kb-files.js';
import { buildApp } from '../src/server/app.js';
import { loadConfig } from '../src/server/config.js';
import { openStore } from '../src/store/index.js';

const dir = await mkdtemp(join(tmpdir(), 'neckcheck-openapi-'));
try {
  const loaded = await loadKbAndBundle();
  if (!loaded.ok) throw new Error('the knowledge base is not valid (npx tsx src/cli/main.ts kb lint)');
  const store = await openStore({ dataDir: dir });
  // Only the public URL is taken from the environment (it is the document's `servers`): the rest of a real
  // server's settings, such as its CDS clients, name things this empty database does not hold.
  const publicUrl = process.env.NECKCHECK_PUBLIC_URL;
  const config = loadConfig(
    {
      NECKCHECK_LOG_LEVEL: 'silent',
      ...(publicUrl === undefined ? {} : { NECKCHECK_PUBLIC_URL: publicUrl }),
    },
    {},
    dir,
  );
  const app = await buildApp(
    { kb: loaded.value.kb, bundle: loaded.value.bundle, webDir: dir, store, config, now: () => new Date() },
    { logger: false },
  );
  const response = await app.inject({ method: 'GET', url: '/api/openapi.json' });
  await app.close();
  await store.close();
  if (response.statusCode !== 200) throw new Error(`GET /api/openapi.json answered ${response.statusCode}`);
  const text = `${JSON.stringify(response.json(), null, 2)}\n`;
  const out = process.argv[2];
  if (out === undefined) process.stdout.write(text);
  else {
    await mkdir(dirname(out), { recursive: true });
    await writeFile(out, text);
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}
