import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { secretEnvName } from '../../electron/cli/env-secrets';
import { EXIT } from '../../electron/cli/program';
import { Engine } from '../../electron/core/engine';
import { FileStateStore } from '../../electron/core/file-state-store';
import { MemorySecretStore, systemClock } from '../../electron/core/ports';
import { silentLogger } from '../../electron/core/logger';
import { startSimulator, type RunningSimulator } from '../../electron/simulator/server';
import { createSimTask } from '../../electron/simulator/task-factory';
import { SIM_USERS } from '../../electron/simulator/world';
import { AccountSchema } from '../../shared/account';
import { DEFAULT_ALERT_PREFERENCES } from '../../shared/alert';
import { TaskSchema, type Task } from '../../shared/task';
import { cliHome, runCliIn } from '../helpers/cli';
import { simUiPathPatAccount } from '../helpers/sim-accounts';

const U = SIM_USERS.uipath;
let sim: RunningSimulator;

beforeAll(async () => {
  sim = await startSimulator();
});

afterAll(async () => {
  await sim.close();
});

const account = () => simUiPathPatAccount(sim);
const env = { [secretEnvName('uip', 'accessToken')]: U.pat };

async function list(dir: string): Promise<Task[]> {
  const { code, out, err } = await runCliIn(['list', '--json'], dir, {
    env: { LANG: 'C', ...env },
    keychain: new MemorySecretStore(),
  });
  expect(err).toBe('');
  expect(code).toBe(EXIT.ok);
  return TaskSchema.array().parse(JSON.parse(out));
}

const escalatedOf = (tasks: Task[], vendorId: string) =>
  tasks.find((t) => t.vendorTaskId === vendorId)?.escalated;

describe('`tasktray list` judges escalation as the engine does', () => {
  it('a High task is new, not escalated; forwarded after it was seen, it is escalated, and stays so', async () => {
    const dir = cliHome({ accounts: [account()] }, 'tasktray-list-esc-');
    const high = createSimTask(sim.world, 'uipath', { title: 'Urgent PO', priority: 'high' });
    const medium = createSimTask(sim.world, 'uipath', { title: 'Routine PO', priority: 'normal' });
    // Forwarded before Tasktray first saw it: new, never escalated, however often it is listed.
    const before = createSimTask(sim.world, 'uipath', {
      title: 'Forwarded earlier',
      escalated: true,
    });

    const first = await list(dir);
    expect(escalatedOf(first, high.id)).toBe(false);
    expect(escalatedOf(first, medium.id)).toBe(false);

    // Someone forwards the High task and raises it to Critical.
    sim.world.update('uipath', high.id, (t) => {
      t.escalated = true;
      t.priority = 'critical';
      t.extra.escalatedAt = sim.world.now();
    });
    const second = await list(dir);
    expect(escalatedOf(second, high.id)).toBe(true);
    expect(escalatedOf(second, medium.id)).toBe(false);
    expect(escalatedOf(first, before.id)).toBe(false);
    expect(escalatedOf(second, before.id)).toBe(false);
    // Kept once it happened, as the engine keeps it.
    expect(escalatedOf(await list(dir), high.id)).toBe(true);

    // An engine on the same state (the app, `tasktray watch`) sees the same.
    const engine = new Engine({
      deps: {
        fetch: (input, init) => fetch(input, init),
        clock: systemClock,
        logger: silentLogger,
        secrets: new MemorySecretStore(),
      },
      store: new FileStateStore(join(dir, 'state')),
      preferences: () => DEFAULT_ALERT_PREFERENCES,
      timeZone: 'UTC',
    });
    await engine.setAccounts([AccountSchema.parse(account())]);
    try {
      const restored = engine.tasks();
      expect(escalatedOf(restored, high.id)).toBe(true);
      expect(escalatedOf(restored, medium.id)).toBe(false);
      expect(escalatedOf(restored, before.id)).toBe(false);
    } finally {
      await engine.stop();
    }
  });
});
