// electron-vite for this repo's layout (no src/): main and preload from electron/, the windows
// from renderer/. The preload is sandboxed, and a sandboxed preload must be one CommonJS file.
import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import { RENDERER_CHUNKS } from './vite.renderer.config.ts';
import { compileHints } from './vite.compile-hints.ts';
import { vendorScript } from './vite.vendor-script.ts';

const root = import.meta.dirname;

export default defineConfig({
  main: {
    build: {
      // Everything main imports is bundled into out/main, so nothing resolves through the asar at
      // run time, except keytar (a native module, unpacked beside the asar). electron-vite leaves
      // package.json's `dependencies` external: that list holds keytar alone, and it is all that
      // electron-builder packs into node_modules; the rest are devDependencies.
      externalizeDeps: { include: ['keytar'] },
      rollupOptions: {
        input: {
          index: resolve(root, 'electron/main/index.ts'),
          // The engine host, which main starts in a utility process (out/main/engine-host.js).
          'engine-host': resolve(root, 'electron/host/index.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      // Bundle everything: a sandboxed preload can require nothing but `electron`.
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve(root, 'electron/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(root, 'renderer'),
    plugins: [vendorScript(), react(), compileHints()],
    build: {
      // electron-vite leaves the renderer unminified (~650 KB of JavaScript rather than ~290 KB),
      // and a window parses all of it before its first paint: minified, as the web build is.
      minify: true,
      rollupOptions: {
        input: { index: resolve(root, 'renderer/index.html') },
        output: { codeSplitting: RENDERER_CHUNKS },
      },
    },
  },
});
