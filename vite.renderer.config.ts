// The renderer as plain web files, for the browser test host, the tests and the benchmark. The
// Electron build (electron.vite.config.ts) uses the same renderer/index.html entry.
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('./renderer', import.meta.url)),
  base: './',
  plugins: [react()],
  logLevel: 'warn',
  build: {
    outDir: fileURLToPath(new URL('./out/renderer-web', import.meta.url)),
    emptyOutDir: true,
    // The strict CSP allows no inline script: no module-preload polyfill snippet.
    modulePreload: { polyfill: false },
    target: 'chrome120',
  },
});
