import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../electron/cli/program';
import { LOGIN_BUDGET } from '../../electron/core/adapters/geotareas-session';
import { limitsKey } from '../../electron/core/limits-key';
import { MemorySecretStore } from '../../electron/core/ports';
import { startSimulator, type RunningSimulator } from '../../electron/simulator/server';
import { AccountSchema } from '../../shared/account';
import { cliHome, runCliIn, simGeoSecretEnv } from '../helpers/cli';
import { simGeoAccount } from '../helpers/sim-accounts';

// GeoTareas' documented login limit (5 per 30 s) stays on in the simulator.
let sim: RunningSimulator;

beforeAll(async () => {
  sim = await startSimulator();
});

afterAll(async () => {
  await sim.close();
});

const run = (args: string[], dir: string, env: NodeJS.ProcessEnv) =>
  runCliIn(args, dir, {
    env: { LANG: 'C', ...env },
    // Each run is its own process with its own keychain view: only the state folder is shared.
    keychain: new MemorySecretStore(),
  });

describe('one-shot commands and the GeoTareas login limit', () => {
  it('counts the sign-ins of earlier commands, kept in the shared state folder', async () => {
    const account = simGeoAccount(sim);
    const dir = cliHome({ accounts: [account] }, 'tasktray-login-limit-');
    const env = simGeoSecretEnv();
    const results = [];
    for (let i = 0; i < LOGIN_BUDGET + 3; i += 1)
      results.push(await run(['signin', 'geo'], dir, env));
    expect(results.slice(0, LOGIN_BUDGET).map((r) => r.code)).toEqual(
      Array.from({ length: LOGIN_BUDGET }, () => EXIT.ok),
    );
    for (const refused of results.slice(LOGIN_BUDGET)) {
      expect(refused.code).toBe(EXIT.failed);
      // Refused by Tasktray before the vendor would: never GeoTareas' own 429.
      expect(refused.err).toMatch(
        new RegExp(`signed in to GeoTareas ${LOGIN_BUDGET} times .* Try again in \\d+ s`),
      );
      expect(refused.err).not.toMatch(/Too many logins/);
    }
    // Kept by the vendor account, not by the config's id: the tray app counts there too.
    expect(readdirSync(join(dir, 'state', 'logins'))).toEqual([
      `${limitsKey(AccountSchema.parse(account))}.json`,
    ]);
  });
});
