// A one-shot command beside the tray app: it counts the reads the app just sent to the same
// vendor account (under another id, from another state folder) and waits for its slot, instead
// of spending a window of its own and meeting the vendor's 429.
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { secretEnvName } from '../../electron/cli/env-secrets';
import { EXIT, runCli } from '../../electron/cli/program';
import { Engine } from '../../electron/core/engine';
import { FileStateStore } from '../../electron/core/file-state-store';
import { limitsKey } from '../../electron/core/limits-key';
import { silentLogger } from '../../electron/core/logger';
import { MemorySecretStore } from '../../electron/core/ports';
import { inLane } from '../../electron/core/rate-budget';
import { startSimulator, type RunningSimulator } from '../../electron/simulator/server';
import { SIM_USERS, SimWorld } from '../../electron/simulator/world';
import { AccountSchema } from '../../shared/account';
import { DEFAULT_ALERT_PREFERENCES } from '../../shared/alert';
import { jumpingClock } from '../helpers/jumping-clock';

const geo = SIM_USERS.geotareas;
/** GeoTareas' documented read limit, which the simulator keeps: 30 a sliding minute. */
const READS_PER_MINUTE = 30;

let sim: RunningSimulator | null = null;
let app: Engine | null = null;
const realFetch = globalThis.fetch;

afterEach(async () => {
  globalThis.fetch = realFetch;
  await app?.stop();
  app = null;
  await sim?.close();
  sim = null;
});

describe('one-shot commands beside the tray app', () => {
  it('wait for the reads the app spent on the same vendor account, and never meet its 429', async () => {
    const clock = jumpingClock();
    sim = await startSimulator({ world: new SimWorld(() => clock.now()) });
    // What the vendor answered, to the app and to the command alike.
    const statuses: number[] = [];
    globalThis.fetch = async (input, init) => {
      const response = await realFetch(input, init);
      statuses.push(response.status);
      return response;
    };
    const dir = mkdtempSync(join(tmpdir(), 'tasktray-cli-shared-'));
    const cliAccount = {
      id: 'geo',
      name: 'GeoTareas',
      vendor: 'geotareas',
      baseUrl: sim.urls.geotareas,
      tenant: geo.tenant,
      email: geo.email,
    };
    writeFileSync(join(dir, 'config.json'), JSON.stringify({ accounts: [cliAccount] }));

    // The tray app: its own id and state folder; requests counted in the CLI's folder.
    const appAccount = AccountSchema.parse({ ...cliAccount, id: 'acme-geo', name: 'Acme' });
    const secrets = new MemorySecretStore();
    await secrets.set(appAccount.id, 'password', geo.password);
    await secrets.set(appAccount.id, 'apiKey', geo.apiKey);
    app = new Engine({
      deps: { fetch: (input, init) => fetch(input, init), clock, logger: silentLogger, secrets },
      store: new FileStateStore(mkdtempSync(join(tmpdir(), 'tasktray-app-state-'))),
      limitsStore: new FileStateStore(join(dir, 'state')),
      preferences: () => DEFAULT_ALERT_PREFERENCES,
      timeZone: 'UTC',
    });
    await app.setAccounts([appAccount]);
    // The user opened task after task: the whole minute's reads, the last slot included.
    const adapter = app.adapter(appAccount.id);
    for (let i = 0; i < READS_PER_MINUTE; i += 1)
      await inLane('user', () => adapter.listOpenTasks());
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThanOrEqual(READS_PER_MINUTE);

    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(['list'], {
      out: (line) => out.push(line),
      err: (line) => err.push(line),
      env: {
        TASKTRAY_HOME: dir,
        LANG: 'C',
        [secretEnvName('geo', 'password')]: geo.password,
        [secretEnvName('geo', 'apiKey')]: geo.apiKey,
      },
      readStdin: async () => '',
      stopSignal: AbortSignal.abort(),
      keychain: new MemorySecretStore(),
      clock,
    });
    expect(err.join('\n')).toBe('');
    expect(code).toBe(EXIT.ok);
    expect(statuses.filter((s) => s === 429)).toEqual([]);
    // It waited for the app's reads to leave the window: about a minute, in one go.
    expect(clock.waits.some((ms) => ms > 55_000 && ms <= 61_000)).toBe(true);
    // Both count in one place, named by the vendor account, not by either id.
    const key = limitsKey(appAccount);
    expect(readdirSync(join(dir, 'state', 'budget', key))).toHaveLength(2);
  });
});
