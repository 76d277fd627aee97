import { resolve } from 'node:path';
import preact from '@preact/preset-vite';
import { defineConfig } from 'vite';
import { precompressAssets } from './precompress.js';

/** The browser app: built into dist/web and served by `neckcheck serve`. */
export default defineConfig({
  root: import.meta.dirname,
  plugins: [
    preact({ prerender: { enabled: false } }),
    precompressAssets(resolve(import.meta.dirname, '../dist/web')),
  ],
  // `npx vite --config web/vite.config.ts` for development: the API comes from a running `neckcheck serve`.
  server: {
    proxy: Object.fromEntries(
      ['/api', '/knowledge-bundle.json', '/fhir', '/cds-services'].map((path) => [
        path,
        process.env.NECKCHECK_DEV_API ?? 'http://127.0.0.1:3000',
      ]),
    ),
  },
  build: {
    outDir: '../dist/web',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    modulePreload: { polyfill: false },
  },
});
