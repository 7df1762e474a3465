import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { secretEnvName } from '../../electron/cli/env-secrets';
import { EXIT } from '../../electron/cli/program';
import { SESSION_FILE_NAME } from '../../electron/cli/session-file';
import { MemorySecretStore, type SecretStore } from '../../electron/core/ports';
import { KeychainUnavailableError } from '../../electron/platform/keychain';
import { startSimulator, type RunningSimulator } from '../../electron/simulator/server';
import { createSimTask } from '../../electron/simulator/task-factory';
import { SIM_USERS } from '../../electron/simulator/world';
import { cliHome, runCliIn, simGeoSecretEnv } from '../helpers/cli';
import { simGeoAccount, simUiPathPkceAccount } from '../helpers/sim-accounts';

// The vendors' documented behaviour: GeoTareas' login limit (5 per 30 s) and its 15 s read cache,
// UiPath's single-use refresh tokens.
let sim: RunningSimulator;

beforeAll(async () => {
  sim = await startSimulator();
  createSimTask(sim.world, 'geotareas', { title: 'Geo task' });
  createSimTask(sim.world, 'uipath', { title: 'UiPath task' });
});

afterAll(async () => {
  await sim.close();
});

/** A machine with no Secret Service: every keychain call fails as keytar does there. */
const noKeychain: SecretStore = {
  get: () => Promise.reject(new KeychainUnavailableError(new Error('no D-Bus'))),
  set: () => Promise.reject(new KeychainUnavailableError(new Error('no D-Bus'))),
  delete: () => Promise.reject(new KeychainUnavailableError(new Error('no D-Bus'))),
};

const home = (config: unknown): string => cliHome(config, 'tasktray-sessions-');

const run = (
  args: string[],
  dir: string,
  env: NodeJS.ProcessEnv,
  keychain: SecretStore = noKeychain,
) => runCliIn(args, dir, { env, keychain });

describe('CLI sessions without a keychain', () => {
  it('signs in to GeoTareas once for many one-shot commands in a row', async () => {
    const geo = SIM_USERS.geotareas;
    const dir = home({ accounts: [simGeoAccount(sim, 'acme-geo', 'GeoTareas Acme')] });
    const env = simGeoSecretEnv('acme-geo');
    // Eight commands within seconds: eight sign-ins would pass the 5-per-30 s limit.
    for (let i = 0; i < 8; i += 1) {
      const result = await run(['list'], dir, env);
      expect(result.err).toBe('');
      expect(result.code).toBe(EXIT.ok);
      expect(result.out).toContain('Geo task');
    }
    const file = join(dir, SESSION_FILE_NAME);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const text = readFileSync(file, 'utf8');
    expect(text).not.toContain(geo.password);
    expect(text).not.toContain(geo.apiKey);
  });

  it('uses a refresh token from the environment once, then the one that replaced it', async () => {
    const ui = SIM_USERS.uipath;
    const dir = home({ accounts: [simUiPathPkceAccount(sim, 'uip')] });
    const seed = sim.tokens.issueRefresh('uipath', ui.me.id, ui.clientId);
    const env = { [secretEnvName('uip', 'refreshToken')]: seed };
    for (let i = 0; i < 3; i += 1) {
      const result = await run(['list'], dir, env);
      expect(result.err).toBe('');
      expect(result.code).toBe(EXIT.ok);
      expect(result.out).toContain('UiPath task');
    }
    // A new token in the variable wins over the stored one.
    const fresh = sim.tokens.issueRefresh('uipath', ui.me.id, ui.clientId);
    const again = await run(['list'], dir, { [secretEnvName('uip', 'refreshToken')]: fresh });
    expect(again.code).toBe(EXIT.ok);
    expect(readFileSync(join(dir, SESSION_FILE_NAME), 'utf8')).not.toContain(fresh);
  });

  it('keeps the rotated refresh token in the keychain when there is one', async () => {
    const ui = SIM_USERS.uipath;
    const dir = home({ accounts: [simUiPathPkceAccount(sim, 'uip-kc')] });
    const keychain = new MemorySecretStore();
    const seed = sim.tokens.issueRefresh('uipath', ui.me.id, ui.clientId);
    const env = { [secretEnvName('uip-kc', 'refreshToken')]: seed };
    for (let i = 0; i < 3; i += 1) {
      const result = await run(['list'], dir, env, keychain);
      expect(result.err).toBe('');
      expect(result.code).toBe(EXIT.ok);
    }
    const stored = await keychain.get('uip-kc', 'refreshToken');
    expect(stored).toMatch(/^rt_/);
    expect(stored).not.toBe(seed);
    expect(readFileSync(join(dir, SESSION_FILE_NAME), 'utf8')).not.toContain(stored ?? '');
  });
});
