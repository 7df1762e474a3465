// `tasktray reassign` on a Maxsight task changed elsewhere: the 412 prints the "reload and try
// again" hint, and the next `reassign` carries the new version without running `show` first.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { secretEnvName } from '../../electron/cli/env-secrets';
import { EXIT } from '../../electron/cli/program';
import { startSimulator, type RunningSimulator } from '../../electron/simulator/server';
import { createSimTask } from '../../electron/simulator/task-factory';
import { SIM_USERS } from '../../electron/simulator/world';
import { cliHome, runCliIn } from '../helpers/cli';
import { simMaxsightAccount } from '../helpers/sim-accounts';

const mx = SIM_USERS.maxsight;
let sim: RunningSimulator;

beforeAll(async () => {
  sim = await startSimulator();
});
afterAll(() => sim.close());

const run = (args: string[], dir: string) =>
  runCliIn(args, dir, { env: { [secretEnvName('mx', 'apiKey')]: mx.apiKey } });

describe('tasktray reassign after a Maxsight version mismatch', () => {
  it('prints the reload hint, and the next try lands without `show`', async () => {
    const dir = cliHome({ accounts: [simMaxsightAccount(sim)] }, 'tasktray-mx-');
    const task = createSimTask(sim.world, 'maxsight', { dueAt: null });
    const id = `mx:${task.id}`;
    // `show` keeps the task as read then: the version a later command starts from.
    expect((await run(['show', id], dir)).code).toBe(EXIT.ok);
    sim.world.update('maxsight', task.id, (t) => (t.title = 'Edited in Maxsight'));

    const first = await run(['reassign', id, '--user', mx.other.id], dir);
    expect(first, JSON.stringify(first)).toMatchObject({ code: EXIT.failed });
    expect(first.err).toMatch(/Version mismatch/);
    expect(first.err).toMatch(/reload the task and try again/i);

    const second = await run(['reassign', id, '--user', mx.other.id], dir);
    expect(second.err).toBe('');
    expect(second.code).toBe(EXIT.ok);
    expect(sim.world.get('maxsight', task.id)?.assignee?.id).toBe(mx.other.id);
  });
});
