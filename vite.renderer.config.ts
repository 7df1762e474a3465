// The renderer as plain web files, for the browser test host, the tests and the benchmark. The
// Electron build (electron.vite.config.ts) uses the same renderer/index.html entry.
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/**
 * The libraries (React DOM above all) in a chunk of their own, in both builds. React DOM creates
 * Error objects as it starts; with an inspector attached (DevTools, Playwright), V8 then needs the
 * source positions of every function on the stack, and gets them by parsing each again: the module
 * that imports React DOM is parsed again whole. Apart, that is the app's chunk (~35 KB), not React
 * DOM as well (~10 ms less before the first render, traced). Both load in parallel
 * (modulepreload), and the libraries' chunk does not change when the app does.
 */
export const RENDERER_CHUNKS = {
  groups: [{ name: 'vendor', test: /node_modules[\\/]/ }],
};

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
    rolldownOptions: { output: { codeSplitting: RENDERER_CHUNKS } },
  },
});
