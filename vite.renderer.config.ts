// The renderer as plain web files, for the browser test host, the tests and the benchmark. The
// Electron build (electron.vite.config.ts) uses the same renderer/index.html entry.
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { compileHints } from './vite.compile-hints.ts';
import { vendorScript } from './vite.vendor-script.ts';

/**
 * The other libraries (icons, the event-stream parser) in a chunk of their own, in both builds:
 * apart from the app's modules, it does not change when the app does, and both load in parallel
 * (modulepreload). React and React DOM are not in it: vite.vendor-script.ts.
 */
export const RENDERER_CHUNKS = {
  groups: [{ name: 'vendor', test: /node_modules[\\/]/ }],
};

export default defineConfig({
  root: fileURLToPath(new URL('./renderer', import.meta.url)),
  base: './',
  plugins: [vendorScript(), react(), compileHints()],
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
