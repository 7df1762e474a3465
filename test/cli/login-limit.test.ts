import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { secretEnvName } from '../../electron/cli/env-secrets';
import { EXIT, runCli } from '../../electron/cli/program';
import { LOGIN_BUDGET } from '../../electron/core/adapters/geotareas-session';
import { limitsKey } from '../../electron/core/limits-key';
import { MemorySecretStore } from '../../electron/core/ports';
import { startSimulator, type RunningSimulator } from '../../electron/simulator/server';
import { SIM_USERS } from '../../electron/simulator/world';
import { AccountSchema } from '../../shared/account';

// GeoTareas' documented login limit (5 per 30 s) stays on in the simulator.
let sim: RunningSimulator;

beforeAll(async () => {
  sim = await startSimulator();
});

afterAll(async () => {
  await sim.close();
});

async function run(args: string[], dir: string, env: NodeJS.ProcessEnv) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, {
    out: (line) => out.push(line),
    err: (line) => err.push(line),
    env: { TASKTRAY_HOME: dir, LANG: 'C', ...env },
    readStdin: async () => '',
    stopSignal: AbortSignal.abort(),
    // Each run is its own process with its own keychain view: only the state folder is shared.
    keychain: new MemorySecretStore(),
  });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('one-shot commands and the GeoTareas login limit', () => {
  it('counts the sign-ins of earlier commands, kept in the shared state folder', async () => {
    const geo = SIM_USERS.geotareas;
    const dir = mkdtempSync(join(tmpdir(), 'tasktray-login-limit-'));
    const account = {
      id: 'geo',
      name: 'GeoTareas',
      vendor: 'geotareas',
      baseUrl: sim.urls.geotareas,
      tenant: geo.tenant,
      email: geo.email,
    };
    writeFileSync(join(dir, 'config.json'), JSON.stringify({ accounts: [account] }));
    const env = {
      [secretEnvName('geo', 'password')]: geo.password,
      [secretEnvName('geo', 'apiKey')]: geo.apiKey,
    };
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
