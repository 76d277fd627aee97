import preact from '@preact/preset-vite';
import { defineConfig } from 'vite';

/** The browser app: built into dist/web and served by `neckcheck serve`. */
export default defineConfig({
  root: import.meta.dirname,
  plugins: [preact({ prerender: { enabled: false } })],
  build: {
    outDir: '../dist/web',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    modulePreload: { polyfill: false },
  },
});
