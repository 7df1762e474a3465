// Completing a task nobody holds where only the assignee may complete it (UiPath Action Center):
// the engine claims it first when the user asked for that, else refuses before anything is queued;
// a claim that fails queues nothing. Against the simulated Orchestrator, over real HTTP.
import { afterEach, describe, expect, it } from 'vitest';
import { createSimTask } from '../../electron/simulator/task-factory';
import { SIM_USERS, type SimTask } from '../../electron/simulator/world';
import { IPC_CALLS } from '../../shared/ipc';
import { localizeError } from '../../shared/i18n/error-text';
import { translator } from '../../shared/i18n/translate';
import { taskId } from '../../shared/task';
import { startEngineHarness, type EngineHarness } from '../helpers/engine-harness';

const MINUTE = 60_000;
const { me, other } = SIM_USERS.uipath;
const APPROVE = { resultCode: 'approve', data: {}, comment: 'Checked.' };
let h: EngineHarness | null = null;

afterEach(async () => {
  await h?.close();
  h = null;
});

async function withPoolTask(): Promise<{ e: EngineHarness; sim: SimTask; id: string }> {
  const e = await startEngineHarness({ vendors: ['uipath'] });
  h = e;
  const sim = createSimTask(e.world, 'uipath', {
    title: 'Approve the invoice',
    assignee: null,
    extra: { taskType: 'AppTask' },
    results: [
      { code: 'approve', label: 'Approve' },
      { code: 'reject', label: 'Reject' },
    ],
  });
  e.engine.start();
  await e.clock.advance(0);
  return { e, sim, id: taskId('demo-uipath', sim.id) };
}

const writes = (e: EngineHarness, sim: SimTask) =>
  e.world.writes.filter((w) => w.taskId === sim.id).map((w) => w.kind);

describe('the IPC contract', () => {
  it('the IPC contract carries the user’s say on tasks:complete and outbox:retry', () => {
    const completion = { resultCode: 'approve', data: {}, comment: null };
    const complete = IPC_CALLS['tasks:complete'].request;
    expect(complete.safeParse({ taskId: 'demo-uipath:1', completion, claim: true }).success).toBe(
      true,
    );
    expect(complete.safeParse({ taskId: 'demo-uipath:1', completion, claim: 'yes' }).success).toBe(
      false,
    );
    expect(IPC_CALLS['outbox:retry'].request.safeParse({ itemId: 'x', claim: true }).success).toBe(
      true,
    );
  });
});

describe('completing a task nobody holds', () => {
  it('is refused before anything is queued or sent unless the user asked to claim it', async () => {
    const { e, sim, id } = await withPoolTask();
    expect(e.engine.claimsBeforeCompleting(id)).toBe(true);
    const refusal = await e.engine.complete(id, APPROVE).catch((error: unknown) => error);
    expect(refusal).toMatchObject({ kind: 'validation', code: 'error.claimFirst' });
    const info = (refusal as { toInfo(): Parameters<typeof localizeError>[0] }).toInfo();
    expect(localizeError(info, translator('en'))).toEqual({
      message:
        '“Approve the invoice” has no assignee yet, and UiPath Orchestrator lets only the assignee complete it.',
      hint: 'Claim it first, then complete it.',
    });
    expect(e.engine.outbox.list()).toEqual([]);
    expect(writes(e, sim)).toEqual([]);
  });

  it('claims it, then queues and sends the completion: the vendor takes it from its assignee', async () => {
    const { e, sim, id } = await withPoolTask();
    const item = await e.engine.complete(id, APPROVE, { claim: true });
    // Claimed before the completion was queued.
    expect(writes(e, sim)).toEqual(['reassign']);
    expect(e.world.get('uipath', sim.id)?.assignee?.id).toBe(me.id);
    await e.clock.advance(0);
    expect(e.engine.outbox.get(item.id)?.state).toBe('done');
    expect(writes(e, sim)).toEqual(['reassign', 'complete']);
    expect(e.world.get('uipath', sim.id)?.completion?.result).toBe('approve');
  });

  it('queues nothing when someone else claimed it first, says who, and drops it at the refresh', async () => {
    const { e, sim, id } = await withPoolTask();
    // Sam takes it in Action Center; the engine still has it as nobody's.
    e.world.update('uipath', sim.id, (t) => (t.assignee = { ...other }));
    const refusal = await e.engine.complete(id, APPROVE, { claim: true }).catch((x: unknown) => x);
    expect(refusal).toMatchObject({
      kind: 'conflict',
      code: 'error.claimTaken',
      params: { who: other.name, vendor: 'UiPath Orchestrator' },
    });
    const info = (refusal as { toInfo(): Parameters<typeof localizeError>[0] }).toInfo();
    expect(localizeError(info, translator('es'))).toEqual({
      message: `${other.name} ya ha tomado esta tarea en UiPath Orchestrator.`,
      hint: 'Ahora es suya y saldrá de su bandeja en la próxima actualización.',
    });
    expect(e.engine.outbox.list()).toEqual([]);
    expect(writes(e, sim)).toEqual([]);
    expect(e.world.get('uipath', sim.id)?.assignee?.id).toBe(other.id);
    // The refusal asked for a refresh: the task is Sam's, so it leaves this inbox.
    await e.clock.advance(0);
    expect(e.engine.task(id)).toBeUndefined();
  });

  it('queues nothing when the claim cannot be made now, and claims and sends on the next try', async () => {
    const { e, sim, id } = await withPoolTask();
    e.world.addFault({
      vendor: 'uipath',
      kind: 'status',
      status: 500,
      pathIncludes: 'AssignTasks',
    });
    // Its hint says nothing was sent, not the kind's "will retry": a claim is never retried.
    await expect(e.engine.complete(id, APPROVE, { claim: true })).rejects.toMatchObject({
      kind: 'server',
      status: 500,
      hintCode: 'hint.claimNotMade',
      hint: 'It was not claimed and nothing was sent. Try again in a moment.',
    });
    expect(e.engine.outbox.list()).toEqual([]);
    expect(writes(e, sim)).toEqual([]);
    const item = await e.engine.complete(id, APPROVE, { claim: true });
    await e.clock.advance(0);
    expect(e.engine.outbox.get(item.id)?.state).toBe('done');
    expect(writes(e, sim)).toEqual(['reassign', 'complete']);
  });

  it('a claim the vendor refuses because the task is the user’s already counts as made', async () => {
    const { e, sim, id } = await withPoolTask();
    // Claimed in Action Center by the user; this engine has not seen it yet.
    e.world.update('uipath', sim.id, (t) => (t.assignee = { ...me }));
    const item = await e.engine.complete(id, APPROVE, { claim: true });
    await e.clock.advance(0);
    expect(e.engine.outbox.get(item.id)?.state).toBe('done');
    expect(writes(e, sim)).toEqual(['complete']);
  });

  it('a refused completion of a task that went back to the pool is claimed before it is sent again', async () => {
    const { e, sim, id } = await withPoolTask();
    await e.engine.claim(id);
    const item = await e.engine.complete(id, APPROVE);
    // Released in Action Center before the send: UiPath refuses a completion by a non-assignee.
    e.world.update('uipath', sim.id, (t) => (t.assignee = null));
    await e.clock.advance(0);
    expect(e.engine.outbox.get(item.id)).toMatchObject({
      state: 'failed',
      lastError: { kind: 'forbidden' },
    });
    await e.clock.advance(MINUTE);
    expect(e.engine.task(id)?.assignee).toBeNull();
    await expect(e.engine.retry(item.id)).rejects.toMatchObject({ code: 'error.claimFirst' });
    expect(e.engine.outbox.get(item.id)?.state).toBe('failed');
    await e.engine.retry(item.id, undefined, { claim: true });
    await e.clock.advance(0);
    expect(e.engine.outbox.get(item.id)?.state).toBe('done');
    expect(writes(e, sim)).toEqual(['reassign', 'reassign', 'complete']);
  });
});

describe('Claim and Release alone', () => {
  it('say, when they fail in passing, that nothing was done and to try again (they are never retried)', async () => {
    const { e, sim, id } = await withPoolTask();
    e.world.addFault({
      vendor: 'uipath',
      kind: 'status',
      status: 503,
      pathIncludes: 'AssignTasks',
    });
    await expect(e.engine.claim(id)).rejects.toMatchObject({
      kind: 'server',
      hint: 'It was not claimed. Try again in a moment.',
    });
    await e.engine.claim(id);
    e.world.addFault({ vendor: 'uipath', kind: 'status', status: 500, pathIncludes: 'Unassign' });
    const refusal = await e.engine.release(id).catch((error: unknown) => error);
    expect(refusal).toMatchObject({ kind: 'server', hintCode: 'hint.releaseAgain' });
    const info = (refusal as { toInfo(): Parameters<typeof localizeError>[0] }).toInfo();
    expect(localizeError(info, translator('es')).hint).toBe(
      'No se ha devuelto. Vuelva a intentarlo en un momento.',
    );
    expect(writes(e, sim)).toEqual(['reassign']);
  });
});
