// Maxsight after a version mismatch (412): the adapter reads the task again, so the next try
// carries the new `updated_at` instead of resending the stale one. Real HTTP against the simulator.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maxsightFactory } from '../../electron/core/adapters/maxsight';
import { VendorError } from '../../electron/core/vendor-error';
import { isoUtc } from '../../electron/simulator/http-kit';
import { createSimTask } from '../../electron/simulator/task-factory';
import { SIM_USERS } from '../../electron/simulator/world';
import { MaxsightAccountSchema } from '../../shared/account';
import { startHarness, type Harness } from '../helpers/sim';

const mx = SIM_USERS.maxsight;

async function failure(promise: Promise<unknown>): Promise<VendorError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(VendorError);
  return error as VendorError;
}

describe('Maxsight after a 412', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
    await h.secrets.set('mx-412', 'apiKey', mx.apiKey);
  });
  afterAll(() => h.close());

  const adapter = () =>
    maxsightFactory.create(
      MaxsightAccountSchema.parse({
        id: 'mx-412',
        name: 'Maxsight',
        vendor: 'maxsight',
        baseUrl: h.sim.urls.maxsight,
        userId: mx.me.id,
      }),
      h.deps,
    );

  it('reads the task again, says to reload, and the next try carries the new version', async () => {
    const me = adapter();
    const created = createSimTask(h.sim.world, 'maxsight', { dueAt: null });
    const listed = (await me.listOpenTasks()).find((t) => t.vendorTaskId === created.id);
    if (!listed) throw new Error('task not listed');
    const changed = h.sim.world.update('maxsight', created.id, (t) => (t.title = 'Edited'));
    const newVersion = isoUtc(changed.updatedAt);
    const target = { kind: 'user' as const, id: mx.other.id, comment: null };

    const error = await failure(me.reassign(listed, target));
    expect(error.kind).toBe('conflict');
    expect(error.status).toBe(412);
    expect(error.message).toMatch(/Version mismatch/);
    expect(error.message).toContain(newVersion);
    expect(error.hint).toMatch(/reload.*try again/i);
    expect(h.sim.world.writes).toEqual([]);

    // The same (stale) task again, as the outbox's "Retry now" sends it: it lands this time.
    await me.reassign(listed, target);
    const write = h.sim.world.writes.at(-1);
    expect(write?.headers['if-match']).toBe(newVersion);
    expect(h.sim.world.get('maxsight', created.id)?.assignee?.id).toBe(mx.other.id);
  });

  it('still refuses a change made after the re-read: the lock is not bypassed', async () => {
    const me = adapter();
    const created = createSimTask(h.sim.world, 'maxsight', { dueAt: null });
    const listed = (await me.listOpenTasks()).find((t) => t.vendorTaskId === created.id);
    if (!listed) throw new Error('task not listed');
    h.sim.world.update('maxsight', created.id, (t) => (t.title = 'First edit'));
    const target = { kind: 'user' as const, id: mx.other.id, comment: null };
    expect((await failure(me.reassign(listed, target))).kind).toBe('conflict');
    h.sim.world.update('maxsight', created.id, (t) => (t.title = 'Second edit'));
    expect((await failure(me.reassign(listed, target))).kind).toBe('conflict');
    expect(h.sim.world.writes.filter((w) => w.taskId === created.id)).toEqual([]);
  });
});
