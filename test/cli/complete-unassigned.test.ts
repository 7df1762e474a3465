// `tasktray complete` on a UiPath task nobody holds (only the assignee may complete it): as in the
// windows, it is claimed only when the user says so (`--claim`); without it the CLI says how, and
// sends nothing. A claim someone else beat queues nothing either.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { secretEnvName } from '../../electron/cli/env-secrets';
import { EXIT } from '../../electron/cli/program';
import { MemorySecretStore } from '../../electron/core/ports';
import { startSimulator, type RunningSimulator } from '../../electron/simulator/server';
import { createSimTask } from '../../electron/simulator/task-factory';
import { SIM_USERS, type SimTask } from '../../electron/simulator/world';
import { cliHome, runCliIn } from '../helpers/cli';

const U = SIM_USERS.uipath;
let sim: RunningSimulator;

beforeAll(async () => {
  sim = await startSimulator();
});

afterAll(async () => {
  await sim.close();
});

const account = () => ({
  id: 'uip',
  name: 'UiPath',
  vendor: 'uipath',
  orchestratorUrl: sim.urls.uipathOrchestrator,
  identityUrl: sim.urls.uipathIdentity,
  auth: { mode: 'pat' },
});
const env = { [secretEnvName('uip', 'accessToken')]: U.pat };

const run = (args: string[], dir: string, lang = 'C') =>
  runCliIn(args, dir, { env: { LANG: lang, ...env }, keychain: new MemorySecretStore() });

function poolTask(title: string): SimTask {
  return createSimTask(sim.world, 'uipath', {
    title,
    assignee: null,
    extra: { taskType: 'AppTask' },
    results: [
      { code: 'approve', label: 'Approve' },
      { code: 'reject', label: 'Reject' },
    ],
  });
}

const writes = (task: SimTask) =>
  sim.world.writes.filter((w) => w.taskId === task.id).map((w) => w.kind);

describe('`tasktray complete` on a task nobody holds', () => {
  it('says to claim it first and sends nothing; in Spanish too', async () => {
    const task = poolTask('Approve the March invoice');
    const dir = cliHome({ accounts: [account()] }, 'tasktray-claim-first-');
    const id = `uip:${task.id}`;
    const refused = await run(['complete', id, '--result', 'approve'], dir);
    expect(refused.code).toBe(EXIT.usage);
    expect(refused.out).toBe('');
    expect(refused.err).toContain(
      `“Approve the March invoice” has no assignee yet, and UiPath Orchestrator lets only the assignee complete it: claim it first with \`tasktray claim ${id}\`, or add --claim.`,
    );
    const spanish = await run(['complete', id, '--result', 'approve'], dir, 'es_ES.UTF-8');
    expect(spanish.code).toBe(EXIT.usage);
    expect(spanish.err).toContain(`tómela primero con \`tasktray claim ${id}\`, o añada --claim.`);
    expect(writes(task)).toEqual([]);
    expect(sim.world.get('uipath', task.id)?.assignee).toBeNull();

    // Claimed as it says, the same command completes it.
    const claimed = await run(['claim', id], dir);
    expect(claimed.code).toBe(EXIT.ok);
    const done = await run(['complete', id, '--result', 'approve'], dir);
    expect(done.err).toBe('');
    expect(done.code).toBe(EXIT.ok);
    expect(done.out).toBe('Completed “Approve the March invoice”.');
    expect(writes(task)).toEqual(['reassign', 'complete']);
  });

  it('claims it and completes it with --claim', async () => {
    const task = poolTask('Approve the April invoice');
    const dir = cliHome({ accounts: [account()] }, 'tasktray-claim-and-complete-');
    const result = await run(['complete', `uip:${task.id}`, '--result', 'reject', '--claim'], dir);
    expect(result.err).toBe('');
    expect(result.code).toBe(EXIT.ok);
    expect(result.lines).toEqual([
      'Claimed “Approve the April invoice”.',
      'Completed “Approve the April invoice”.',
    ]);
    expect(writes(task)).toEqual(['reassign', 'complete']);
    expect(sim.world.get('uipath', task.id)).toMatchObject({
      assignee: { id: U.me.id },
      status: 'completed',
      completion: { result: 'reject' },
    });
  });

  it('sends nothing when someone else took it meanwhile, and says who has it', async () => {
    const task = poolTask('Approve the May invoice');
    const dir = cliHome({ accounts: [account()] }, 'tasktray-claim-taken-');
    const id = `uip:${task.id}`;
    // Listed while nobody held it; Sam takes it in Action Center before the command runs.
    expect((await run(['list'], dir)).code).toBe(EXIT.ok);
    sim.world.update('uipath', task.id, (t) => (t.assignee = { ...U.other }));
    const result = await run(['complete', id, '--result', 'approve', '--claim'], dir);
    expect(result.out).toBe('');
    expect(result.err).toContain(
      `${U.other.name} has this task now: UiPath lets only the user it is assigned to complete it.`,
    );
    expect(result.code).toBe(EXIT.usage);
    expect(writes(task)).toEqual([]);
    expect(sim.world.get('uipath', task.id)?.assignee?.id).toBe(U.other.id);
  });
});
