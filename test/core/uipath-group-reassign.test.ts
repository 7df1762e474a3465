// A reassignment to a group whose answer is lost: the look before the retry must see that the
// task already went to the group, so the retry counts as landed and nothing is sent twice.
import { afterEach, describe, expect, it } from 'vitest';
import { OUTBOX_BACKOFF } from '../../electron/core/outbox';
import { createSimTask } from '../../electron/simulator/task-factory';
import { SIM_GROUP } from '../../electron/simulator/vendors/uipath-render';
import { SIM_USERS } from '../../electron/simulator/world';
import { startEngineHarness, type EngineHarness } from '../helpers/engine-harness';

let h: EngineHarness | null = null;

afterEach(async () => {
  await h?.close();
  h = null;
});

const reassigns = (harness: EngineHarness, vendorId: string) =>
  harness.world.writes.filter((w) => w.kind === 'reassign' && w.taskId === vendorId);

describe('UiPath reassignment with a lost answer', () => {
  it.each([
    ['a group', { kind: 'group' as const, id: SIM_GROUP.id, comment: null }],
    ['a user', { kind: 'user' as const, id: SIM_USERS.uipath.other.id, comment: null }],
  ])('to %s: the retry sees it landed, and sends it once', async (_label, target) => {
    const harness = await startEngineHarness({ vendors: ['uipath'] });
    h = harness;
    const sim = createSimTask(harness.world, 'uipath', { title: 'For the team' });
    harness.engine.start();
    await harness.clock.advance(0);
    const taskId = `demo-uipath:${sim.id}`;
    // The vendor applies it; the answer never reaches us.
    harness.world.addFault({
      vendor: 'uipath',
      kind: 'drop-response',
      pathIncludes: 'ReassignTasks',
      remaining: 1,
    });
    const states: string[] = [];
    harness.engine.on('outbox', (item) => states.push(item.state));
    const item = await harness.engine.reassign(taskId, target);
    await harness.clock.advance(0);
    expect(reassigns(harness, sim.id)).toHaveLength(1);
    expect(harness.engine.outbox.get(item.id)).toMatchObject({ state: 'pending', attempts: 1 });

    await harness.clock.advance(OUTBOX_BACKOFF.maxMs);
    expect(harness.engine.outbox.get(item.id)?.state).toBe('done');
    expect(reassigns(harness, sim.id)).toHaveLength(1);
    expect(states).not.toContain('failed');
  });
});
