import { afterEach, describe, expect, it } from 'vitest';
import { createSimTask } from '../../electron/simulator/task-factory';
import { SIM_USERS } from '../../electron/simulator/world';
import {
  createGeoTask,
  startEngineHarness,
  START,
  type EngineHarness,
} from '../helpers/engine-harness';

const MINUTE = 60_000;
let h: EngineHarness | null = null;

afterEach(async () => {
  await h?.close();
  h = null;
});

function geoTask(harness: EngineHarness, input: Parameters<typeof createGeoTask>[1] = {}) {
  return createGeoTask(harness.world, input);
}

describe('engine over real HTTP on a controllable clock', () => {
  it('summarises the first sync, alerts a new task once, and never repeats after a restart', async () => {
    h = await startEngineHarness();
    for (let i = 0; i < 4; i += 1) geoTask(h);
    createSimTask(h.world, 'uipath', { title: 'Approve PO' });
    h.engine.start();
    await h.clock.advance(0);
    const summaries = h.alerts.filter((a) => a.kind === 'summary');
    expect(summaries.map((a) => [a.accountId, a.body]).sort()).toEqual([
      ['demo-geotareas', '4 open tasks'],
      ['demo-uipath', '1 open task'],
    ]);
    expect(h.alerts).toHaveLength(2);

    const fresh = geoTask(h, { title: 'Enviar contrato' });
    await h.clock.advance(MINUTE);
    expect(h.alerts.slice(2).map((a) => [a.kind, a.title])).toEqual([
      ['new', 'New task: Enviar contrato'],
    ]);
    expect(h.alerts[2]?.taskIds).toEqual([`demo-geotareas:${fresh.id}`]);
    await h.clock.advance(3 * MINUTE);
    expect(h.alerts).toHaveLength(3);

    await h.restart();
    await h.clock.advance(2 * MINUTE);
    expect(h.alerts).toHaveLength(3);
    expect(h.engine.tasks().map((t) => t.vendorTaskId)).toContain(fresh.id);
  });

  it('raises overdue at the due time by the local clock, between polls', async () => {
    h = await startEngineHarness({ vendors: ['geotareas'] });
    const task = geoTask(h, { dueAt: START + 90_000 });
    h.engine.start();
    await h.clock.advance(0);
    expect(h.alerts.map((a) => a.kind)).toEqual(['summary']);
    const pollsBefore = h.sent.filter((s) => s.path.endsWith('/workflow/tasks')).length;
    await h.clock.advance(90_000);
    const overdue = h.alerts.filter((a) => a.kind === 'overdue');
    expect(overdue).toHaveLength(1);
    expect(overdue[0]?.taskIds).toEqual([`demo-geotareas:${task.id}`]);
    expect(Date.parse(overdue[0]?.at ?? '')).toBe(START + 90_000);
    // Seen by the clock, not by a poll: polls happen at 0 and 60 s only.
    expect(h.sent.filter((s) => s.path.endsWith('/workflow/tasks')).length - pollsBefore).toBe(1);
    await h.clock.advance(5 * MINUTE);
    expect(h.alerts.filter((a) => a.kind === 'overdue')).toHaveLength(1);
  });

  it('alerts an escalation, and drops tasks completed or reassigned elsewhere', async () => {
    h = await startEngineHarness({ vendors: ['geotareas'] });
    const a = geoTask(h);
    const b = geoTask(h);
    const c = geoTask(h);
    h.engine.start();
    await h.clock.advance(0);
    h.world.update('geotareas', a.id, (t) => (t.escalated = true));
    h.world.update('geotareas', b.id, (t) => {
      t.status = 'completed';
    });
    h.world.update('geotareas', c.id, (t) => {
      t.assignee = { ...SIM_USERS.geotareas.other };
      t.group = null;
    });
    await h.clock.advance(MINUTE);
    expect(h.alerts.filter((x) => x.kind === 'escalated').map((x) => x.taskIds[0])).toEqual([
      `demo-geotareas:${a.id}`,
    ]);
    expect(h.engine.tasks().map((t) => t.vendorTaskId)).toEqual([a.id]);
  });

  it('costs one list call per interval for a steady inbox', async () => {
    h = await startEngineHarness();
    for (let i = 0; i < 3; i += 1) {
      geoTask(h);
      createSimTask(h.world, 'uipath');
      createSimTask(h.world, 'maxsight');
      createSimTask(h.world, 'workflowsvc');
    }
    h.engine.start();
    await h.clock.advance(MINUTE - 1);
    const warm = h.sent.length;
    await h.clock.advance(10 * MINUTE);
    const steady = h.sent.slice(warm);
    // 10 polls per account; GeoTareas' list is one page, so one request per poll each.
    for (const vendor of ['geotareas', 'uipath', 'maxsight', 'workflowsvc'] as const) {
      expect(steady.filter((s) => s.vendor === vendor)).toHaveLength(10);
    }
  });

  it('waits out Retry-After and recovers from server faults by itself', async () => {
    h = await startEngineHarness({ vendors: ['geotareas', 'uipath'] });
    geoTask(h);
    h.engine.start();
    await h.clock.advance(0);
    h.world.addFault({
      vendor: 'geotareas',
      kind: 'rate-limit',
      retryAfterSec: 300,
      pathIncludes: '/workflow/tasks',
      method: 'GET',
    });
    h.world.addFault({
      vendor: 'uipath',
      kind: 'status',
      status: 500,
      pathIncludes: 'GetTasksAcrossFolders',
      remaining: 9,
    });
    await h.clock.advance(MINUTE);
    const geoHealth = h.health.filter((x) => x.accountId === 'demo-geotareas');
    expect(geoHealth.at(-1)).toMatchObject({ state: 'rate_limited' });
    expect(geoHealth.at(-1)?.nextPollAt).toBe(START + MINUTE + 300_000);
    const harness = h;
    const listAt = () =>
      harness.sent
        .filter((s) => s.vendor === 'geotareas' && s.path.endsWith('/workflow/tasks'))
        .map((s) => s.at - START);
    await h.clock.advance(299_000);
    expect(listAt()).toEqual([0, MINUTE]);
    await h.clock.advance(1_000);
    expect(listAt()).toEqual([0, MINUTE, MINUTE + 300_000]);
    expect(h.health.filter((x) => x.accountId === 'demo-geotareas').at(-1)?.state).toBe('ok');
    const uipath = h.health.filter((x) => x.accountId === 'demo-uipath');
    expect(uipath.some((x) => x.state === 'degraded' && x.lastError?.kind === 'server')).toBe(true);
    await h.clock.advance(30 * MINUTE);
    expect(h.health.filter((x) => x.accountId === 'demo-uipath').at(-1)?.state).toBe('ok');
  });
});
