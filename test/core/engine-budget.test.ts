import { afterEach, describe, expect, it } from 'vitest';
import { MAX_DESCRIPTION_CHARS, MAX_TITLE_CHARS } from '../../electron/core/task-text-limits';
import { createSimTask } from '../../electron/simulator/task-factory';
import {
  createGeoTask,
  startEngineHarness,
  START,
  type EngineHarness,
} from '../helpers/engine-harness';

const SECOND = 1_000;
const INTERVAL = 15 * SECOND;
let h: EngineHarness | null = null;

afterEach(async () => {
  await h?.close();
  h = null;
});

/** GeoTareas as documented: 30 reads a minute, reads cached 15 s; a first sync of 137 tasks. */
async function firstSyncBacklog(): Promise<EngineHarness> {
  const harness = await startEngineHarness({
    vendors: ['geotareas'],
    pollIntervalSec: INTERVAL / SECOND,
    limits: { geotareasCacheMs: 15_000 },
  });
  for (let i = 0; i < 137; i += 1)
    createSimTask(harness.world, 'geotareas', { title: `Open ${i}` });
  return harness;
}

/** Moves the clock in small steps until `done`, or `limitMs` passed; returns when it came. */
async function stepUntil(harness: EngineHarness, done: () => boolean, limitMs: number) {
  const until = harness.clock.now() + limitMs;
  while (!done() && harness.clock.now() < until) await harness.clock.advance(250);
  return harness.clock.now();
}

describe('budgets during a first-sync backlog of detail reads', () => {
  it('alerts escalations from the list call within one interval, never after the detail reads', async () => {
    h = await firstSyncBacklog();
    const first = createGeoTask(h.world, { title: 'Escalated at 10 s' });
    const second = createGeoTask(h.world, { title: 'Escalated at 40 s' });
    h.engine.start();
    for (const [task, at] of [
      [first, 10 * SECOND],
      [second, 40 * SECOND],
    ] as const) {
      await h.clock.advanceTo(START + at);
      h.world.update('geotareas', task.id, (t) => (t.escalated = true));
      const escalated = () =>
        h?.alerts.some(
          (a) => a.kind === 'escalated' && a.taskIds.includes(`demo-geotareas:${task.id}`),
        ) ?? false;
      const alertedAt = await stepUntil(h, escalated, 2 * 60 * SECOND);
      expect(escalated()).toBe(true);
      expect(alertedAt - (START + at)).toBeLessThanOrEqual(INTERVAL + SECOND);
    }
    expect(h.sent.filter((s) => s.status === 429)).toEqual([]);
    // The backlog is still being read, in the background.
    expect(h.engine.tasks().some((t) => !t.detailLoaded)).toBe(true);
  });

  it('opens a task and sends a completion at once while detail reads are queued', async () => {
    h = await firstSyncBacklog();
    const target = createGeoTask(h.world, { title: 'Do this now' });
    const toComplete = createGeoTask(h.world, { title: 'Complete this now' });
    const id = `demo-geotareas:${target.id}`;
    h.engine.start();
    // Half a minute in, the background reads have used what the budget lets them.
    await h.clock.advanceTo(START + 31 * SECOND);
    expect(h.engine.task(id)?.detailLoaded).toBe(false);
    let opened = false;
    const openedFrom = h.clock.now();
    const open = h.engine.loadTask(id).then(() => (opened = true));
    const openedAt = await stepUntil(h, () => opened, 2 * 60 * SECOND);
    await open;
    expect(openedAt - openedFrom).toBeLessThanOrEqual(2 * SECOND);

    const otherId = `demo-geotareas:${toComplete.id}`;
    expect(h.engine.task(otherId)?.detailLoaded).toBe(false);
    const submittedFrom = h.clock.now();
    await h.engine.complete(otherId, {
      resultCode: 'sent',
      data: { email_address: 'ana@example.com' },
      comment: null,
    });
    const completeAt = await stepUntil(
      h,
      () => h?.sent.some((s) => s.method === 'POST' && s.path.endsWith('/complete')) ?? false,
      2 * 60 * SECOND,
    );
    expect(completeAt - submittedFrom).toBeLessThanOrEqual(2 * SECOND);
  });

  it('sends completions one after another at once: no re-list after each eats the reads they need', async () => {
    const harness = await firstSyncBacklog();
    h = harness;
    const targets = [0, 1, 2].map((i) => createGeoTask(harness.world, { title: `Complete ${i}` }));
    h.engine.start();
    await h.clock.advanceTo(START + 20 * SECOND);
    const doneAt: number[] = [];
    h.engine.on('outbox', (item) => {
      if (item.state === 'done') doneAt.push(h?.clock.now() ?? 0);
    });
    for (const target of targets) {
      const submittedFrom = h.clock.now();
      const completing = h.engine.complete(`demo-geotareas:${target.id}`, {
        resultCode: 'sent',
        data: { email_address: 'ana@example.com' },
        comment: null,
      });
      const posted = () =>
        h?.sent.some((s) => s.method === 'POST' && s.path.endsWith(`/${target.id}/complete`)) ??
        false;
      const postedAt = await stepUntil(h, posted, 2 * 60 * SECOND);
      await completing;
      expect(posted()).toBe(true);
      expect(postedAt - submittedFrom).toBeLessThanOrEqual(2 * SECOND);
      await h.clock.advance(3 * SECOND);
    }
    // The backlog keeps the read budget busy: a completion is not followed by a re-list of every
    // page (the task left the inbox at once; the next scheduled poll confirms).
    expect(doneAt).toHaveLength(3);
    const lists = h.sent.filter((s) => s.method === 'GET' && s.path.endsWith('/workflow/tasks'));
    for (const at of doneAt) expect(lists.filter((l) => l.at === at)).toEqual([]);
    expect(h.sent.filter((s) => s.status === 429)).toEqual([]);
  });

  it('caps a runaway title and description from the vendor', async () => {
    h = await startEngineHarness({ vendors: ['geotareas'] });
    const task = createGeoTask(h.world, {
      title: 'T'.repeat(200_000),
      description: 'D'.repeat(2_000_000),
    });
    h.engine.start();
    await h.clock.advance(0);
    const id = `demo-geotareas:${task.id}`;
    const loaded = await h.engine.loadTask(id);
    expect(loaded.title.length).toBeLessThanOrEqual(MAX_TITLE_CHARS);
    expect(loaded.description?.length ?? 0).toBeLessThanOrEqual(MAX_DESCRIPTION_CHARS);
    expect(loaded.description?.length ?? 0).toBeGreaterThan(1000);
    expect(h.engine.task(id)?.title.endsWith('…')).toBe(true);
  });

  it('keeps to the read limit across a restart in the middle of a backlog', async () => {
    // UiPath sends no rate-limit headers: only what the budget remembers keeps it to 60 a minute.
    h = await startEngineHarness({ vendors: ['uipath'], pollIntervalSec: 15 });
    for (let i = 0; i < 200; i += 1) createSimTask(h.world, 'uipath', { title: `Open ${i}` });
    h.engine.start();
    await h.clock.advanceTo(START + 16 * SECOND);
    await h.restart();
    await h.clock.advanceTo(START + 90 * SECOND);
    const reads = h.sent.filter((s) => s.method === 'GET');
    expect(reads.length).toBeGreaterThan(60);
    for (const read of reads) {
      const inWindow = reads.filter((r) => r.at > read.at - 60 * SECOND && r.at <= read.at);
      expect(inWindow.length).toBeLessThanOrEqual(60);
    }
  });
});
