import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // Processes, not threads: keytar's libsecret (GLib) must not be loaded twice in one process.
    pool: 'forks',
    // electron-store imports `electron`; inlined, the tests' vi.mock('electron') reaches it.
    server: { deps: { inline: ['electron-store'] } },
  },
});
