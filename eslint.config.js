// Layer walls, as in VS Code: a folder's name says which runtime its files may use.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const nodeBuiltins = [
  'node:*',
  'fs',
  'path',
  'os',
  'http',
  'https',
  'crypto',
  'child_process',
  'net',
  'url',
];

export default tseslint.config(
  { ignores: ['node_modules', 'out', 'dist', 'coverage', 'test-results'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    languageOptions: {
      parserOptions: { projectService: false },
    },
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
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '../electron/**',
                '../renderer/**',
                '../test/**',
                '**/electron/**',
                '**/renderer/**',
              ],
              message: 'shared/ imports nothing of ours.',
            },
            {
              group: ['electron', ...nodeBuiltins],
              message: 'shared/ runs on both sides: no Node or Electron.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['electron/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['electron', 'electron/*', 'electron-store', 'keytar'],
              message: 'electron/core runs in plain Node: no Electron.',
            },
            {
              group: [
                '**/simulator/**',
                '**/main/**',
                '**/preload/**',
                '**/cli/**',
                '**/renderer/**',
              ],
              message: 'electron/core depends on nothing above it, and never on the simulator.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['electron/simulator/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['electron', 'electron/*'], message: 'The simulator runs in plain Node.' },
            {
              group: [
                '**/main/**',
                '**/preload/**',
                '**/cli/**',
                '**/renderer/**',
                '**/core/adapters/**',
              ],
              message:
                'The simulator speaks the vendor APIs on its own; it shares only electron/core/assumptions with the adapters.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['electron/cli/**/*.ts', 'electron/platform/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['electron', 'electron/*', 'electron-store'],
              message: 'The CLI and platform bindings run in plain Node.',
            },
            {
              group: ['**/main/**', '**/preload/**', '**/renderer/**'],
              message: 'The CLI stands beside the app, not on it.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['electron/web-host/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['electron', 'electron/*', 'electron-store', 'keytar'],
              message:
                'The browser test host runs in plain Node, without Electron or the keychain.',
            },
            {
              group: ['**/main/**', '**/preload/**', '**/renderer/**', '**/cli/**'],
              message:
                'The web host binds core and the simulator; it serves the renderer as built files.',
            },
          ],
        },
      ],
    },
  },
  {
    // Node scripts (npm start, the security lint) run as plain ES modules.
    files: ['scripts/**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
  {
    files: ['electron/main/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/renderer/**', '**/cli/**', '**/web-host/**'],
              message:
                'The Electron shell binds the engine; it stands beside the CLI and web host.',
            },
            {
              group: ['**/preload/*', '!**/preload/channels'],
              message: 'main shares only the channel names with the preload.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['electron/preload/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '**/core/**',
                '**/main/**',
                '**/simulator/**',
                '**/cli/**',
                '**/platform/**',
                '**/renderer/**',
                '**/web-host/**',
                ...nodeBuiltins,
              ],
              message:
                'The sandboxed preload can load only `electron`: it imports shared/ types and its channel names, nothing else.',
            },
          ],
        },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['electron', 'electron/*', ...nodeBuiltins],
              message: 'The renderer uses only shared/ and browser APIs.',
            },
            { group: ['**/electron/**'], message: 'The renderer imports only shared/.' },
          ],
        },
      ],
    },
  },
);
