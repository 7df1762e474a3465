import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { backoffDelay } from '../../electron/core/backoff';
import { OUTBOX_BACKOFF } from '../../electron/core/outbox';
import { READ_CACHE_MS } from '../../electron/core/assumptions/geotareas';
import { VendorError } from '../../electron/core/vendor-error';
import { createSimTask } from '../../electron/simulator/task-factory';
import { SIM_USERS } from '../../electron/simulator/world';
import { createGeoTask, startEngineHarness, type EngineHarness } from '../helpers/engine-harness';

const MINUTE = 60_000;
let h: EngineHarness | null = null;

afterEach(async () => {
  await h?.close();
  h = null;
});

async function withGeoTask(): Promise<{
  harness: EngineHarness;
  taskId: string;
  vendorId: string;
}> {
  const harness = await startEngineHarness({ vendors: ['geotareas'] });
  h = harness;
  const sim = createGeoTask(harness.world, { title: 'Enviar correo' });
  harness.engine.start();
  await harness.clock.advance(0);
  return { harness, taskId: `demo-geotareas:${sim.id}`, vendorId: sim.id };
}

const completes = (harness: EngineHarness, vendorId: string) =>
  harness.world.writes.filter((w) => w.kind === 'complete' && w.taskId === vendorId);

describe('completion outbox', () => {
  it('sends a completion, and the task leaves the inbox at once', async () => {
    const { harness, taskId, vendorId } = await withGeoTask();
    const item = await harness.engine.complete(taskId, {
      resultCode: 'sent',
      data: { email_address: 'a@b.co' },
      comment: 'done',
    });
    expect(harness.engine.tasks().map((t) => t.id)).not.toContain(taskId);
    await harness.clock.advance(0);
    expect(harness.engine.outbox.get(item.id)?.state).toBe('done');
    expect(completes(harness, vendorId).map((w) => w.body)).toEqual([
      { result_code: 'sent', captured_data: { email_address: 'a@b.co' }, comment: 'done' },
    ]);
    await harness.clock.advance(MINUTE);
    expect(harness.engine.tasks()).toEqual([]);
  });

  it('refuses a completion that misses a required field before sending anything', async () => {
    const { harness, taskId, vendorId } = await withGeoTask();
    await expect(
      harness.engine.complete(taskId, { resultCode: 'sent', data: {}, comment: null }),
    ).rejects.toMatchObject({
      kind: 'validation',
      fields: [{ field: 'email_address', message: 'Email is required.' }],
    });
    expect(completes(harness, vendorId)).toEqual([]);
    expect(harness.engine.outbox.list()).toEqual([]);
  });

  it('hands a vendor refusal back to the user with its fields, and keeps the task', async () => {
    const { harness, taskId } = await withGeoTask();
    harness.world.addFault({
      vendor: 'geotareas',
      kind: 'status',
      status: 400,
      pathIncludes: '/complete',
    });
    const item = await harness.engine.complete(taskId, {
      resultCode: 'sent',
      data: { email_address: 'a@b.co' },
      comment: null,
    });
    await harness.clock.advance(0);
    const after = harness.engine.outbox.get(item.id);
    expect(after?.state).toBe('failed');
    expect(after?.lastError?.kind).toBe('validation');
    expect(harness.engine.tasks().map((t) => t.id)).toContain(taskId);
    // Corrected and sent again by the user.
    harness.engine.outbox.retryNow(item.id);
    await harness.clock.advance(0);
    expect(harness.engine.outbox.get(item.id)?.state).toBe('done');
  });

  it('survives a lost answer and a restart without sending the completion twice', async () => {
    const { harness, taskId, vendorId } = await withGeoTask();
    harness.world.addFault({
      vendor: 'geotareas',
      kind: 'drop-response',
      pathIncludes: '/complete',
    });
    const item = await harness.engine.complete(taskId, {
      resultCode: 'sent',
      data: { email_address: 'a@b.co' },
      comment: null,
    });
    await harness.clock.advance(0);
    // The vendor did it; we never heard back.
    expect(completes(harness, vendorId)).toHaveLength(1);
    const pending = harness.engine.outbox.get(item.id);
    expect(pending).toMatchObject({ state: 'pending', attempts: 1 });
    expect(pending?.lastError?.kind).toBe('network');

    await harness.restart();
    await harness.clock.advance(OUTBOX_BACKOFF.maxMs);
    expect(harness.engine.outbox.get(item.id)?.state).toBe('done');
    expect(completes(harness, vendorId)).toHaveLength(1);
    expect(harness.engine.tasks().map((t) => t.id)).not.toContain(taskId);
  });

  it('waits out the vendor read cache after a lost answer, so the completion lands once and shows done', async () => {
    const { harness, taskId, vendorId } = await withGeoTask();
    harness.world.addFault({
      vendor: 'geotareas',
      kind: 'drop-response',
      pathIncludes: '/complete',
    });
    const states: string[] = [];
    harness.engine.on('outbox', (changed) => states.push(changed.state));
    const item = await harness.engine.complete(taskId, {
      resultCode: 'sent',
      data: { email_address: 'a@b.co' },
      comment: null,
    });
    const sentAt = harness.clock.now();
    await harness.clock.advance(0);
    expect(completes(harness, vendorId)).toHaveLength(1);
    // The next look at the task waits until GeoTareas' cache can no longer show it as it was.
    const pending = harness.engine.outbox.get(item.id);
    expect(pending?.state).toBe('pending');
    expect(pending?.nextAttemptAt).toBeGreaterThan(sentAt + READ_CACHE_MS);
    await harness.clock.advance(MINUTE);
    expect(harness.engine.outbox.get(item.id)?.state).toBe('done');
    expect(completes(harness, vendorId)).toHaveLength(1);
    expect(states).not.toContain('failed');
  });

  it('counts an "already completed" answer to its own retry as landed', async () => {
    // A vendor whose cache outlasts what it documents: the look before the retry still sees the
    // task open, so the completion goes again and is refused as already done.
    const harness = await startEngineHarness({
      vendors: ['geotareas'],
      limits: { geotareasCacheMs: 10 * MINUTE },
    });
    h = harness;
    const sim = createGeoTask(harness.world, { title: 'Enviar correo' });
    harness.engine.start();
    await harness.clock.advance(0);
    const taskId = `demo-geotareas:${sim.id}`;
    harness.world.addFault({
      vendor: 'geotareas',
      kind: 'drop-response',
      pathIncludes: '/complete',
    });
    const states: string[] = [];
    harness.engine.on('outbox', (changed) => states.push(changed.state));
    const item = await harness.engine.complete(taskId, {
      resultCode: 'sent',
      data: { email_address: 'a@b.co' },
      comment: null,
    });
    await harness.clock.advance(MINUTE);
    expect(completes(harness, sim.id)).toHaveLength(2);
    expect(harness.world.get('geotareas', sim.id)?.status).toBe('completed');
    expect(harness.engine.outbox.get(item.id)).toMatchObject({ state: 'done', lastError: null });
    expect(states).not.toContain('failed');
  });

  it('keeps a completion through an outage and sends it when the vendor is back', async () => {
    const { harness, taskId, vendorId } = await withGeoTask();
    harness.world.addFault({
      vendor: 'geotareas',
      kind: 'drop',
      pathIncludes: '/complete',
      remaining: 3,
    });
    const item = await harness.engine.complete(taskId, {
      resultCode: 'failed',
      data: { email_address: 'x@y.z' },
      comment: null,
    });
    await harness.clock.advance(0);
    expect(harness.engine.outbox.get(item.id)?.state).toBe('pending');
    await harness.clock.advance(20 * MINUTE);
    const done = harness.engine.outbox.get(item.id);
    expect(done?.state).toBe('done');
    expect(done?.attempts).toBe(4);
    expect(completes(harness, vendorId)).toHaveLength(1);
  });

  it('shows a send that waits as sending, due later, and a discard stops it before it reaches the vendor', async () => {
    const { harness, taskId, vendorId } = await withGeoTask();
    // The vendor asks us to wait 4 s: the attempt waits for it, in flight, then sends again.
    harness.world.addFault({
      vendor: 'geotareas',
      kind: 'rate-limit',
      retryAfterSec: 4,
      pathIncludes: '/complete',
      remaining: 1,
    });
    const item = await harness.engine.complete(taskId, {
      resultCode: 'sent',
      data: { email_address: 'a@b.co' },
      comment: null,
    });
    await harness.clock.advance(0);
    const waiting = harness.engine.outbox.get(item.id);
    expect(waiting?.state).toBe('sending');
    expect(waiting?.nextAttemptAt).toBeGreaterThan(harness.clock.now());
    expect(harness.engine.outbox.list().map((i) => i.state)).toEqual(['sending']);

    harness.engine.outbox.discard(item.id);
    await harness.clock.advance(5 * MINUTE);
    expect(completes(harness, vendorId)).toEqual([]);
    expect(harness.world.get('geotareas', vendorId)?.status).not.toBe('completed');
    expect(harness.engine.outbox.list()).toEqual([]);
    // Back in the inbox, to be completed another time.
    expect(harness.engine.tasks().map((t) => t.id)).toContain(taskId);
  });

  it('sends a Retry now at once, beside a send that still waits', async () => {
    const harness = await startEngineHarness({ vendors: ['geotareas', 'maxsight'] });
    h = harness;
    const moving = createSimTask(harness.world, 'maxsight', { title: 'KYC review' });
    const refusedTask = createGeoTask(harness.world, { title: 'Rápida' });
    harness.engine.start();
    await harness.clock.advance(0);
    // Maxsight keeps asking for 4 s more: the reassignment waits in flight.
    harness.world.addFault({
      vendor: 'maxsight',
      kind: 'rate-limit',
      retryAfterSec: 4,
      pathIncludes: '/update-assignment',
      remaining: 100,
    });
    harness.world.addFault({
      vendor: 'geotareas',
      kind: 'status',
      status: 400,
      pathIncludes: `/${refusedTask.id}/complete`,
    });
    const waiting = await harness.engine.reassign(`demo-maxsight:${moving.id}`, {
      kind: 'user',
      id: SIM_USERS.maxsight.other.id,
      comment: null,
    });
    const refused = await harness.engine.complete(`demo-geotareas:${refusedTask.id}`, {
      resultCode: 'sent',
      data: { email_address: 'a@b.co' },
      comment: null,
    });
    await harness.clock.advance(0);
    expect(harness.engine.outbox.get(waiting.id)?.state).toBe('sending');
    expect(harness.engine.outbox.get(refused.id)?.state).toBe('failed');

    harness.engine.outbox.retryNow(refused.id);
    // No time passes: the retry does not queue behind the waiting send.
    await harness.clock.advance(0);
    expect(harness.engine.outbox.get(refused.id)?.state).toBe('done');
    expect(completes(harness, refusedTask.id)).toHaveLength(1);
    expect(harness.engine.outbox.get(waiting.id)?.state).toBe('sending');
  });

  it('shares one outbox between processes: what one queued, another sends, once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tasktray-outbox-'));
    const harness = await startEngineHarness({ vendors: ['geotareas'], stateDir: dir });
    h = harness;
    const mine = createGeoTask(harness.world, { title: 'De la bandeja' });
    const theirs = createGeoTask(harness.world, { title: 'Desde la terminal' });
    // The watcher (the tray app or `tasktray watch`)…
    harness.engine.start();
    await harness.clock.advance(0);
    // …and a one-shot `tasktray complete` on the same state, which cannot reach the vendor.
    const oneShot = await harness.another();
    const theirId = `demo-geotareas:${theirs.id}`;
    await oneShot.findTask(theirId);
    harness.world.addFault({
      vendor: 'geotareas',
      kind: 'drop',
      pathIncludes: `/${theirs.id}/complete`,
    });
    const request = { resultCode: 'sent', data: { email_address: 'a@b.co' }, comment: null };
    const kept = await oneShot.complete(theirId, request);
    expect((await oneShot.outbox.sendNow(kept.id)).state).toBe('pending');
    await oneShot.stop();
    // The watcher queues and sends one of its own meanwhile: nothing of the other is lost.
    const own = await harness.engine.complete(`demo-geotareas:${mine.id}`, request);
    await harness.clock.advance(0);
    expect(harness.engine.outbox.get(own.id)?.state).toBe('done');

    await harness.clock.advance(2 * MINUTE);
    expect(harness.engine.outbox.get(kept.id)?.state).toBe('done');
    expect(completes(harness, theirs.id)).toHaveLength(1);
    expect(harness.world.get('geotareas', theirs.id)?.status).toBe('completed');
    expect(completes(harness, mine.id)).toHaveLength(1);
    // Both items are on disk, each in its own file, as the last process left them.
    const restarted = await harness.another();
    expect(
      restarted.outbox
        .list()
        .map((i) => [i.taskTitle, i.state])
        .sort(),
    ).toEqual([
      ['De la bandeja', 'done'],
      ['Desde la terminal', 'done'],
    ]);
  });

  it('never sends one item from two processes at once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tasktray-outbox-'));
    const harness = await startEngineHarness({ vendors: ['geotareas'], stateDir: dir });
    h = harness;
    const sim = createGeoTask(harness.world, { title: 'Una vez' });
    const other = await harness.another();
    const taskId = `demo-geotareas:${sim.id}`;
    await harness.engine.findTask(taskId);
    const item = await harness.engine.complete(taskId, {
      resultCode: 'sent',
      data: { email_address: 'a@b.co' },
      comment: null,
    });
    await harness.engine.flush();
    await other.outbox.refresh();
    expect(other.outbox.get(item.id)?.state).toBe('pending');
    await Promise.all([harness.engine.outbox.processDue(), other.outbox.processDue()]);
    await harness.clock.advance(0);
    expect(completes(harness, sim.id)).toHaveLength(1);
  });

  it('reassigns through the outbox', async () => {
    const { harness, taskId, vendorId } = await withGeoTask();
    const other = SIM_USERS.geotareas.other.id;
    const item = await harness.engine.reassign(taskId, {
      kind: 'user',
      id: other,
      comment: 'vacaciones',
    });
    await harness.clock.advance(0);
    expect(harness.engine.outbox.get(item.id)?.state).toBe('done');
    expect(
      harness.world.writes
        .filter((w) => w.kind === 'reassign' && w.taskId === vendorId)
        .map((w) => w.body),
    ).toEqual([{ assign_to_user_id: other, comment: 'vacaciones' }]);
  });

  it('backs off with a cap', () => {
    expect(backoffDelay(OUTBOX_BACKOFF, 1, () => 0)).toBe(OUTBOX_BACKOFF.baseMs / 2);
    expect(backoffDelay(OUTBOX_BACKOFF, 50, () => 1)).toBe(OUTBOX_BACKOFF.maxMs);
    expect(new VendorError('network', 'x').toInfo().hint).toContain('retry');
  });
});
