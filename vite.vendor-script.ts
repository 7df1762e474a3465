// The libraries every window runs at once, as one classic script beside the app's modules, in both
// renderer builds (vite.renderer.config.ts, electron.vite.config.ts). Chromium keeps V8's compiled
// code of a classic script for the next window that loads it, and (measured, Chromium 156) never
// that of a module script: React DOM is compiled afresh by every window as a module, and not at all
// as this script (~30 ms sooner to the inbox's first paint on a 2-core machine, bench A/B).
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { build, type Plugin } from 'vite';
import { compileHints } from './vite.compile-hints.ts';

/** What the script holds: each of these imports, in any module of the app, reads it from there. */
export const VENDOR_MODULES = [
  'react',
  'react-dom',
  'react-dom/client',
  'react/jsx-runtime',
  'zustand',
  'zustand/vanilla',
] as const;
const GLOBAL = '__tasktrayVendor';
const ENTRY = '\0tasktray-vendor-entry';
const PREFIX = '\0tasktray-vendor:';
const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;
const require = createRequire(import.meta.url);

/** The script's source: every library above under its import name, on one global. */
async function vendorSource(target: string): Promise<string> {
  const entry = [
    ...VENDOR_MODULES.map((id, i) => `import * as m${i} from ${JSON.stringify(id)};`),
    `globalThis.${GLOBAL} = {`,
    ...VENDOR_MODULES.map((id, i) => `  ${JSON.stringify(id)}: m${i},`),
    '};',
  ].join('\n');
  const output = await build({
    configFile: false,
    logLevel: 'warn',
    define: { 'process.env.NODE_ENV': '"production"' },
    plugins: [
      compileHints(),
      {
        name: 'tasktray-vendor-entry',
        resolveId: (id) => (id === ENTRY ? ENTRY : null),
        load: (id) => (id === ENTRY ? entry : null),
      },
    ],
    build: {
      write: false,
      target,
      minify: true,
      rolldownOptions: { input: ENTRY, output: { format: 'iife' } },
    },
  });
  const result = Array.isArray(output) ? output[0] : output;
  const chunk =
    result && 'output' in result ? result.output.find((file) => file.type === 'chunk') : undefined;
  if (!chunk) throw new Error('vendor script: the build gave no script');
  return chunk.code;
}

/** A module that hands out one library's exports from the global, under their own names. */
function reexport(id: string): string {
  const names = Object.keys(require(id) as object).filter(
    (name) => IDENTIFIER.test(name) && name !== 'default',
  );
  const library = `globalThis.${GLOBAL}[${JSON.stringify(id)}]`;
  return [
    `const library = ${library};`,
    'export default library.default ?? library;',
    `export const { ${names.join(', ')} } = library;`,
  ].join('\n');
}

/**
 * In a production build: the libraries go into `assets/vendor-script-<hash>.js`, loaded by
 * index.html (deferred, before the app's module, after public/early.js); the app's imports of them
 * become reads of the global. The dev server imports them as usual.
 */
export function vendorScript(target = 'chrome120'): Plugin {
  let fileName = '';
  return {
    name: 'tasktray-vendor-script',
    apply: 'build',
    enforce: 'pre',
    resolveId(id) {
      return (VENDOR_MODULES as readonly string[]).includes(id) ? PREFIX + id : null;
    },
    load(id) {
      return id.startsWith(PREFIX) ? reexport(id.slice(PREFIX.length)) : null;
    },
    async buildStart() {
      const source = await vendorSource(target);
      const hash = createHash('sha256').update(source).digest('base64url').slice(0, 8);
      fileName = `assets/vendor-script-${hash}.js`;
      this.emitFile({ type: 'asset', fileName, source });
    },
    transformIndexHtml: {
      order: 'post',
      handler(html) {
        const moduleScript = html.indexOf('<script type="module"');
        if (!fileName || moduleScript < 0) {
          throw new Error('vendor script: index.html has no module script to load it before');
        }
        const tag = `<script defer src="./${fileName}"></script>\n    `;
        return html.slice(0, moduleScript) + tag + html.slice(moduleScript);
      },
    },
  };
}
