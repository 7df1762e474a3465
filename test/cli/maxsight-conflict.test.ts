// `tasktray reassign` on a Maxsight task changed elsewhere: the 412 prints the "reload and try
// again" hint, and the next `reassign` carries the new version without running `show` first.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { secretEnvName } from '../../electron/cli/env-secrets';
import { EXIT, runCli } from '../../electron/cli/program';
import { startSimulator, type RunningSimulator } from '../../electron/simulator/server';
import { createSimTask } from '../../electron/simulator/task-factory';
import { SIM_USERS } from '../../electron/simulator/world';

const mx = SIM_USERS.maxsight;
let sim: RunningSimulator;

beforeAll(async () => {
  sim = await startSimulator();
});
afterAll(() => sim.close());

async function run(args: string[], dir: string) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, {
    out: (line) => out.push(line),
    err: (line) => err.push(line),
    env: { TASKTRAY_HOME: dir, [secretEnvName('mx', 'apiKey')]: mx.apiKey },
    readStdin: async () => '',
    stopSignal: AbortSignal.abort(),
  });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('tasktray reassign after a Maxsight version mismatch', () => {
  it('prints the reload hint, and the next try lands without `show`', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tasktray-mx-'));
    writeFileSync(
      join(dir, 'config.json'),
      JSON.stringify({
        accounts: [
          {
            id: 'mx',
            name: 'Maxsight',
            vendor: 'maxsight',
            baseUrl: sim.urls.maxsight,
            userId: mx.me.id,
          },
        ],
      }),
    );
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
