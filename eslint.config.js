// Layer walls, as in VS Code: a folder's name says which runtime its files may use, and each layer
// lists what it may import (an allow-list; anything else, static or dynamic, is an error).
import js from '@eslint/js';
import boundaries from 'eslint-plugin-boundaries';
import tseslint from 'typescript-eslint';

/** Product layers, most specific first: the first pattern that matches a file names its layer. */
const layers = [
  { type: 'shared', pattern: 'shared' },
  { type: 'assumptions', pattern: 'electron/core/assumptions' },
  { type: 'app', pattern: 'electron/app' },
  { type: 'core', pattern: 'electron/core' },
  { type: 'simulator', pattern: 'electron/simulator' },
  { type: 'main', pattern: 'electron/main' },
  { type: 'host', pattern: 'electron/host' },
  { type: 'preload', pattern: 'electron/preload' },
  { type: 'cli', pattern: 'electron/cli' },
  { type: 'platform', pattern: 'electron/platform' },
  { type: 'web-host', pattern: 'electron/web-host' },
  { type: 'renderer', pattern: 'renderer' },
];

/** Single files another layer may reach into. */
const files = [
  { category: 'time', pattern: 'electron/core/time.ts' },
  { category: 'channels', pattern: 'electron/preload/channels.ts' },
  { category: 'protocol', pattern: 'electron/host/protocol.ts' },
];

const layer = (...types) => ({ element: { types: { anyOf: types } } });
const file = (type, category) => ({ element: { type }, file: { categories: category } });
const time = file('core', 'time');
const channels = file('preload', 'channels');
const protocol = file('host', 'protocol');
const packages = (...names) => ({ module: { origin: 'external', source: names } });
const nodeBuiltins = { module: { origin: 'core' } };

/** What each layer may import. Node's built-ins are `origin: core` (the plugin takes them from
 * `module.builtinModules`); external packages are named one by one. */
const walls = [
  // Runs on both sides: its own files and zod, nothing of ours, no Node.
  { from: 'shared', to: [layer('shared'), packages('zod')] },
  // The engine: plain Node, never Electron, the simulator or anything above it.
  {
    from: 'core',
    to: [
      layer('core', 'assumptions', 'shared'),
      nodeBuiltins,
      packages('zod', 'temporal-polyfill'),
    ],
  },
  { from: 'assumptions', to: [layer('assumptions', 'shared')] },
  // The app layer: one implementation of the IPC contract over the engine.
  {
    from: 'app',
    to: [layer('app', 'core', 'assumptions', 'shared'), nodeBuiltins, packages('zod')],
  },
  // The simulator speaks the vendor APIs on its own; it shares only the named assumptions and
  // the engine's time helpers.
  {
    from: 'simulator',
    to: [
      layer('simulator', 'assumptions', 'shared'),
      time,
      nodeBuiltins,
      packages('zod', 'temporal-polyfill'),
    ],
  },
  // Main: windows, tray, notifications, settings file, keychain; the engine runs in the host, and
  // main reaches it only through the host's protocol.
  {
    from: 'main',
    to: [
      layer('main', 'app', 'core', 'assumptions', 'shared', 'platform'),
      channels,
      protocol,
      nodeBuiltins,
      packages('electron', 'electron-store', 'electron-log', 'electron-updater', 'zod'),
    ],
  },
  // The engine host (Electron's utilityProcess): the engine, the app service and the demo
  // simulator; from Electron only what a utility process has (net, parentPort).
  {
    from: 'host',
    to: [
      layer('host', 'app', 'core', 'assumptions', 'shared', 'simulator'),
      nodeBuiltins,
      packages('electron'),
    ],
  },
  // The sandboxed preload can load only `electron`; shared/ only for its types.
  { from: 'preload', to: [layer('preload', 'shared'), packages('electron')] },
  {
    from: 'cli',
    to: [
      layer('cli', 'app', 'core', 'assumptions', 'shared', 'platform', 'simulator'),
      nodeBuiltins,
      packages('commander', 'conf', 'zod', 'open'),
    ],
  },
  // The one keychain module: the only place keytar is imported.
  {
    from: 'platform',
    to: [layer('platform', 'core', 'shared'), nodeBuiltins, packages('keytar', 'open')],
  },
  {
    from: 'web-host',
    to: [layer('web-host', 'app', 'core', 'assumptions', 'shared', 'simulator'), nodeBuiltins],
  },
  // The windows: shared/ and browser packages only.
  {
    from: 'renderer',
    to: [
      layer('renderer', 'shared'),
      packages('react', 'react-dom', 'zustand', 'eventsource-parser', 'lucide-react'),
    ],
  },
];

export default tseslint.config(
  { ignores: ['node_modules', 'out', 'dist', 'coverage', 'test-results', '.github'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    files: ['**/*.{ts,tsx}'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': ['error', { ignoreVoid: false }],
      '@typescript-eslint/no-misused-promises': [
        'error',
        { checksVoidReturn: { attributes: false } },
      ],
    },
  },
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      'no-console': 'off',
      // Persisted state keeps id-keyed records (JSON has no Map); deleting by id is the point.
      '@typescript-eslint/no-dynamic-delete': 'off',
    },
  },
  {
    files: ['shared/**/*.ts', 'electron/**/*.ts', 'renderer/**/*.{ts,tsx}'],
    plugins: { boundaries },
    settings: {
      'import/resolver': { node: { extensions: ['.ts', '.tsx', '.js', '.mjs'] } },
      'boundaries/dependency-nodes': ['import', 'export', 'dynamic-import', 'require'],
      'boundaries/elements': layers,
      'boundaries/files': files,
    },
    rules: {
      'boundaries/dependencies': [
        'error',
        {
          default: 'disallow',
          checkAllOrigins: true,
          policies: walls.map(({ from, to }) => ({ from: layer(from), allow: { to } })),
        },
      ],
      // A file in a product folder must belong to a layer, so no new folder escapes the walls.
      'boundaries/no-unknown-files': 'error',
      // An import() whose target is computed cannot be checked against the walls.
      'no-restricted-syntax': [
        'error',
        {
          selector: 'ImportExpression[source.type!="Literal"]',
          message: 'import() takes a literal path, so the layer walls can check it.',
        },
        {
          selector: 'CallExpression[callee.name="require"][arguments.0.type!="Literal"]',
          message: 'require() takes a literal path, so the layer walls can check it.',
        },
      ],
    },
  },
  {
    // Node scripts (npm start, the security lint) run as plain ES modules.
    files: ['scripts/**/*.mjs', 'eslint.config.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
  {
    files: ['**/*.{js,mjs,cjs}'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    // The window's one plain script (served as it is, before the bundle): the browser's globals.
    files: ['renderer/public/**/*.js'],
    languageOptions: {
      globals: {
        window: 'readonly',
        fetch: 'readonly',
        URLSearchParams: 'readonly',
        requestIdleCallback: 'readonly',
      },
    },
  },
);
