// The Maxsight adapter against the simulator over real HTTP on 127.0.0.1.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MaxsightAccountSchema, type MaxsightAccount } from '../../shared/account';
import { TaskSchema, taskId, type Task } from '../../shared/task';
import type { AdapterDeps, VendorAdapter } from '../../electron/core/adapter';
import { maxsightFactory } from '../../electron/core/adapters/maxsight';
import { systemClock } from '../../electron/core/ports';
import { VendorError } from '../../electron/core/vendor-error';
import { createSimTask, type SimTaskInput } from '../../electron/simulator/task-factory';
import { SIM_USERS, type SimTask } from '../../electron/simulator/world';
import { recordingResponses, startHarness, type Harness } from '../helpers/sim';

const mx = SIM_USERS.maxsight;
type Rec = { created_at: string };
const ACCOUNT_ID = 'mx-test';
const HOUR = 3_600_000;

async function failure(promise: Promise<unknown>): Promise<VendorError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof VendorError) return error;
    throw error;
  }
  throw new Error('expected a VendorError');
}

function accountFor(h: Harness, extra: Partial<MaxsightAccount> = {}): MaxsightAccount {
  return MaxsightAccountSchema.parse({
    id: ACCOUNT_ID,
    name: 'Maxsight',
    vendor: 'maxsight',
    baseUrl: h.sim.urls.maxsight,
    userId: mx.me.id,
    webUrl: `${h.sim.urls.origin}/maxsight/web`,
    ...extra,
  });
}

function adapterFor(
  h: Harness,
  deps: Partial<AdapterDeps> = {},
  extra: Partial<MaxsightAccount> = {},
): VendorAdapter {
  return maxsightFactory.create(accountFor(h, extra), { ...h.deps, ...deps });
}

function addTask(h: Harness, input: SimTaskInput = {}): SimTask {
  return createSimTask(h.sim.world, 'maxsight', { dueAt: null, ...input });
}

function requestCount(h: Harness): number {
  return h.sim.world.requestCounts.get('maxsight') ?? 0;
}

async function searchRaw(h: Harness, body: unknown, key: string | null = mx.apiKey) {
  const response = await fetch(`${h.sim.urls.maxsight}/tasks/search`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(key ? { apikey: key } : {}) },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('Maxsight adapter over the simulator', () => {
  let h: Harness;
  let adapter: VendorAdapter;

  beforeAll(async () => {
    h = await startHarness();
    await h.secrets.set(ACCOUNT_ID, 'apiKey', mx.apiKey);
  });
  afterAll(async () => {
    await h.close();
  });
  beforeEach(() => {
    h.sim.world.tasks.clear();
    h.sim.world.clearFaults();
    h.sim.world.writes.length = 0;
    adapter = adapterFor(h);
  });

  it('lists every page of my open tasks, and only those', async () => {
    const base = Date.now() - 5 * HOUR;
    const mine = Array.from({ length: 120 }, (_, i) =>
      addTask(h, { title: `Task ${i}`, createdAt: base + i * 1000 }),
    );
    addTask(h, { assignee: { ...mx.other } });
    addTask(h, { assignee: null, group: { ...mx.team } });
    addTask(h, { status: 'completed' });
    const { deps, responses } = recordingResponses(h.deps);
    const before = requestCount(h);

    const tasks = await adapterFor(h, deps).listOpenTasks();

    expect(requestCount(h) - before).toBe(3); // 50 + 50 + 20
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(responses[0]?.headers.get('x-request-id')).toMatch(/^mxs-\d+$/);
    expect(tasks.map((t) => t.vendorTaskId)).toEqual(mine.map((t) => t.id)); // oldest first
    for (const task of tasks) {
      TaskSchema.parse(task);
      expect(task.id).toBe(taskId(ACCOUNT_ID, task.vendorTaskId));
      expect(task.status).toBe('open');
      expect(task.rawStatus).toBe('INCOMPLETE');
      expect(task.assignee?.id).toBe(mx.me.id);
    }
    const first = tasks[0] as Task;
    expect(first.title).toBe('Task 0');
    expect(first.stepName).toBe('Review');
    expect(first.webUrl).toBe(`${h.sim.urls.origin}/maxsight/web/tasks/${first.vendorTaskId}`);
    expect(first.completion.kind).toBe('none');
    expect(first.completion.unavailableReason).toMatch(/Maxsight's own screens/);
    expect(first.locator.updatedAt).toBe(new Date(mine[0]?.updatedAt ?? 0).toISOString());
    expect(first.locator.dataVersion).toBe('0');
  });

  it('reads one task as the seed describes it, and its Maxsight page exists', async () => {
    const created = addTask(h, {
      title: 'Review documentation',
      stepName: 'Review',
      entity: { type: 'ENTITY', id: '8161163a-f227-466f-bc01-090a01e80165', label: 'Northwind' },
      extra: { assignedById: mx.other.id, assignmentComment: 'Passport expired?', dataVersion: 3 },
    });

    const task = await adapter.getTask({ vendorTaskId: created.id, locator: {} });

    TaskSchema.parse(task);
    expect(Object.keys(task.raw as object).sort()).toEqual([
      'assessment_id',
      'assessment_template_id',
      'assignment',
      'c_name',
      'created_at',
      'custom_metadata',
      'data_version',
      'entity_id',
      'id',
      'institution_id',
      'locked_at',
      'microfrontend_id',
      'name',
      'status',
      'step_name',
      'updated_at',
      'workflow_instance_id',
    ]);
    expect(task.raw).toMatchObject({
      assignment: {
        assigned_by_id: mx.other.id,
        assigned_to_id: mx.me.id,
        assigned_to_type: 'USER',
        assignment_comment: 'Passport expired?',
      },
      c_name: 'Review documentation',
      status: 'INCOMPLETE',
    });
    expect(task.detailLoaded).toBe(true);
    expect(task.description).toBe('Passport expired?');
    expect(task.entity?.id).toBe('8161163a-f227-466f-bc01-090a01e80165');
    expect(task.createdAt && Date.parse(task.createdAt)).toBe(created.createdAt);
    expect(task.locator.dataVersion).toBe('3');
    expect(task.dueAt).toBeNull();
    expect(task.escalated).toBe(false);

    const page = await fetch(task.webUrl ?? '');
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Review documentation');
  });

  it('keeps odd and huge ids exactly, in the list and in the detail', async () => {
    const ids = ['ABCDEF01-2345-4678-9ABC-DEF012345678', '90071992547409931234567', 'tsk/ü 1?x'];
    for (const id of ids) addTask(h, { id });
    const listed = await adapter.listOpenTasks();
    expect(listed.map((t) => t.vendorTaskId).sort()).toEqual([...ids].sort());
    for (const id of ids) {
      const task = await adapter.getTask({ vendorTaskId: id, locator: {} });
      expect(task.vendorTaskId).toBe(id);
      expect(task.id).toBe(`${ACCOUNT_ID}:${id}`);
    }
  });

  it('maps the simulator’s 404 “Task not found” to not_found with the request id', async () => {
    const error = await failure(
      adapter.getTask({ vendorTaskId: '00000000-0000-4000-8000-000000000000', locator: {} }),
    );
    expect(error.kind).toBe('not_found');
    expect(error.status).toBe(404);
    expect(error.message).toContain('Task not found');
    expect(error.requestId).toMatch(/^mxs-\d+$/);
  });

  it('declares completion unsupported and sends nothing when asked to complete', async () => {
    const created = addTask(h);
    const task = await adapter.getTask({ vendorTaskId: created.id, locator: {} });
    const before = requestCount(h);
    const error = await failure(
      adapter.complete(task, { resultCode: null, data: {}, comment: null }),
    );
    expect(error.kind).toBe('unsupported');
    expect(error.hint).toMatch(/Open in Maxsight/);
    expect(requestCount(h)).toBe(before);
    expect(h.sim.world.writes).toEqual([]);
    expect(maxsightFactory.capabilities.complete).toBe(false);
    expect(maxsightFactory.capabilities.overdue).toBe('age-limit');
    expect(maxsightFactory.capabilities.limitations.join(' ')).toMatch(/no completion call/);
  });

  it('reassigns to a user with If-Match and the exact body; the task leaves my list', async () => {
    const created = addTask(h);
    const [task] = await adapter.listOpenTasks();
    if (!task) throw new Error('no task listed');
    const versionBefore = task.locator.updatedAt;

    await adapter.reassign(task, { kind: 'user', id: mx.other.id, comment: 'Please take over' });

    expect(h.sim.world.writes).toHaveLength(1);
    const write = h.sim.world.writes[0];
    expect(write?.kind).toBe('reassign');
    expect(write?.path).toBe(`/v5/tasks/${created.id}/update-assignment`);
    expect(write?.headers['if-match']).toBe(versionBefore);
    expect(write?.body).toEqual({
      update: {
        assigned_by_id: mx.me.id,
        assigned_to_id: mx.other.id,
        assigned_to_type: 'USER',
        assignment_comment: 'Please take over',
      },
    });
    const after = await adapter.getTask(task);
    expect(after.assignee?.id).toBe(mx.other.id);
    expect(after.locator.updatedAt).not.toBe(versionBefore);
    expect(after.locator.dataVersion).toBe('1');
    expect(await adapter.listOpenTasks()).toEqual([]);
  });

  it('reassigns to a team as TEAM', async () => {
    const created = addTask(h);
    await adapter.reassign(
      { vendorTaskId: created.id, locator: {} }, // no version: the adapter reads it first
      { kind: 'group', id: mx.team.id, comment: null },
    );
    expect(h.sim.world.writes[0]?.body).toEqual({
      update: {
        assigned_by_id: mx.me.id,
        assigned_to_id: mx.team.id,
        assigned_to_type: 'TEAM',
        assignment_comment: null,
      },
    });
    const after = await adapter.getTask({ vendorTaskId: created.id, locator: {} });
    expect(after.group).toEqual({ id: mx.team.id, name: mx.team.id });
    expect(after.assignee).toBeNull();
    expect(await adapter.listOpenTasks()).toEqual([]);
  });

  it('reports a stale version as a conflict and changes nothing', async () => {
    const created = addTask(h);
    const [task] = await adapter.listOpenTasks();
    if (!task) throw new Error('no task listed');
    h.sim.world.update('maxsight', created.id, (t) => (t.title = 'Changed elsewhere'));

    const error = await failure(
      adapter.reassign(task, { kind: 'user', id: mx.other.id, comment: null }),
    );
    expect(error.kind).toBe('conflict');
    expect(error.status).toBe(412);
    expect(error.message).toMatch(/Version mismatch/);
    expect(h.sim.world.writes).toEqual([]);
    expect(h.sim.world.get('maxsight', created.id)?.assignee?.id).toBe(mx.me.id);
  });

  it('never resends a reassignment whose answer was lost', async () => {
    const created = addTask(h);
    h.sim.world.addFault({
      vendor: 'maxsight',
      kind: 'drop-response',
      method: 'PUT',
      remaining: 3,
    });
    const error = await failure(
      adapter.reassign(
        { vendorTaskId: created.id, locator: {} },
        { kind: 'user', id: mx.other.id, comment: null },
      ),
    );
    expect(error.kind).toBe('network');
    expect(h.sim.world.writes).toHaveLength(1);
    h.sim.world.clearFaults();
  });

  it('reports the vendor’s validation details per field', async () => {
    const created = addTask(h);
    const error = await failure(
      adapter.reassign(
        { vendorTaskId: created.id, locator: {} },
        { kind: 'user', id: 'not-a-uuid', comment: null },
      ),
    );
    expect(error.kind).toBe('validation');
    expect(error.status).toBe(400);
    expect(error.fields).toEqual([
      { field: 'update.assigned_to_id', message: 'Input should be a valid UUID' },
    ]);
  });

  it('maps 401 and 403 with a hint naming the key, the region and the IP allow list', async () => {
    addTask(h);
    for (const [status, kind] of [
      [401, 'auth'],
      [403, 'forbidden'],
    ] as const) {
      h.sim.world.addFault({ vendor: 'maxsight', kind: 'status', status });
      const error = await failure(adapter.listOpenTasks());
      expect(error.kind).toBe(kind);
      expect(error.hint).toMatch(/API key/);
      expect(error.hint).toContain('api.eu.maxsight.com');
      expect(error.hint).toMatch(/IP allow list/);
    }
  });

  it('refuses a wrong key with the vendor’s 401, and a missing key without a request', async () => {
    await h.secrets.set('mx-wrong', 'apiKey', 'mx_wrong_key_123');
    const wrong = maxsightFactory.create({ ...accountFor(h), id: 'mx-wrong' }, h.deps);
    const error = await failure(wrong.listOpenTasks());
    expect(error.kind).toBe('auth');
    expect(error.message).toContain('Invalid API key');
    expect(await failure(wrong.signIn())).toMatchObject({ kind: 'auth' });

    const before = requestCount(h);
    const none = maxsightFactory.create({ ...accountFor(h), id: 'mx-none' }, h.deps);
    expect(await failure(none.listOpenTasks())).toMatchObject({ kind: 'auth' });
    expect(requestCount(h)).toBe(before);

    expect(await adapter.signIn()).toEqual({ id: mx.me.id, name: null });
  });

  it('maps 500, dropped connections and malformed bodies', async () => {
    const created = addTask(h, { extra: { dataVersion: 'seven' } });
    const ref = { vendorTaskId: created.id, locator: {} };
    const path = `/tasks/${created.id}`;

    h.sim.world.addFault({ vendor: 'maxsight', kind: 'status', status: 500 });
    expect(await failure(adapter.listOpenTasks())).toMatchObject({ kind: 'server', status: 500 });

    h.sim.world.addFault({ vendor: 'maxsight', kind: 'drop', pathIncludes: path, remaining: 3 });
    expect(await failure(adapter.getTask(ref))).toMatchObject({ kind: 'network' });

    h.sim.world.addFault({ vendor: 'maxsight', kind: 'malformed' });
    expect(await failure(adapter.listOpenTasks())).toMatchObject({ kind: 'malformed' });

    // Valid JSON of the wrong shape: an envelope without items, a task with a wrong type.
    h.sim.world.addFault({ vendor: 'maxsight', kind: 'status', status: 200 });
    const shape = await failure(adapter.listOpenTasks());
    expect(shape.kind).toBe('malformed');
    expect(shape.message).toContain('items');
    const wrongType = await failure(adapter.getTask(ref));
    expect(wrongType.kind).toBe('malformed');
    expect(wrongType.message).toContain('data_version');
  });

  it('retries a single dropped connection on a read', async () => {
    const created = addTask(h);
    h.sim.world.addFault({
      vendor: 'maxsight',
      kind: 'drop',
      pathIncludes: `/tasks/${created.id}`,
    });
    const task = await adapter.getTask({ vendorTaskId: created.id, locator: {} });
    expect(task.vendorTaskId).toBe(created.id);
  });

  it('waits out a short Retry-After and surfaces a long one', async () => {
    addTask(h);
    h.sim.world.addFault({ vendor: 'maxsight', kind: 'rate-limit', retryAfterSec: 1 });
    const started = Date.now();
    expect(await adapter.listOpenTasks()).toHaveLength(1);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);

    h.sim.world.addFault({ vendor: 'maxsight', kind: 'rate-limit', retryAfterSec: 120 });
    const error = await failure(adapter.listOpenTasks());
    expect(error.kind).toBe('rate_limited');
    expect(error.retryAfterMs).toBe(120_000);
  });

  it('computes overdue from created_at and the account’s age limit, by the injected clock', async () => {
    let now = Date.now();
    const clock = { now: () => now, sleep: systemClock.sleep };
    const old = addTask(h, { createdAt: now - 80 * HOUR });
    const fresh = addTask(h, { createdAt: now - 10 * HOUR });
    const overdueOf = (tasks: Task[], id: string) =>
      tasks.find((t) => t.vendorTaskId === id)?.overdue;

    const byDefault = adapterFor(h, { clock }); // 72 hours
    let tasks = await byDefault.listOpenTasks();
    expect([overdueOf(tasks, old.id), overdueOf(tasks, fresh.id)]).toEqual([true, false]);

    now += 63 * HOUR;
    tasks = await byDefault.listOpenTasks();
    expect([overdueOf(tasks, old.id), overdueOf(tasks, fresh.id)]).toEqual([true, true]);

    now = Date.now();
    tasks = await adapterFor(h, { clock }, { overdueAfterHours: 5 }).listOpenTasks();
    expect([overdueOf(tasks, old.id), overdueOf(tasks, fresh.id)]).toEqual([true, true]);
  });

  it('never logs the API key', () => {
    expect(h.logs.length).toBeGreaterThan(10);
    expect(h.logText()).not.toContain(mx.apiKey);
    expect(h.logText()).not.toContain('mx_wrong_key_123');
  });
});

describe('Maxsight simulator: search requests as the vendor validates and filters them', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
    const base = Date.now() - HOUR;
    const steps = ['Review', 'Screening', 'Approval', 'Review documents'];
    steps.forEach((stepName, i) =>
      createSimTask(h.sim.world, 'maxsight', {
        stepName,
        createdAt: base + i,
        entity: { type: 'ENTITY', id: `entity-${i}`, label: '' },
      }),
    );
    createSimTask(h.sim.world, 'maxsight', { stepName: 'Review', assignee: { ...mx.other } });
    createSimTask(h.sim.world, 'maxsight', { stepName: 'Done', status: 'completed' });
  });
  afterAll(async () => {
    await h.close();
  });

  const mine = { filterType: 'text', type: 'equals', filter: mx.me.id };
  const stepsOf = (body: Record<string, unknown>) =>
    (body.items as { step_name: string }[]).map((item) => item.step_name).sort();

  it('answers 401 with a detail body without a valid apikey', async () => {
    expect(await searchRaw(h, {}, null)).toEqual({
      status: 401,
      body: { detail: 'Missing API key' },
    });
    expect((await searchRaw(h, {}, 'nope')).status).toBe(401);
  });

  it('evaluates text filters and AND/OR conditions', async () => {
    const combined = await searchRaw(h, {
      filter_model: {
        assigned_to_id: mine,
        step_name: {
          filterType: 'text',
          operator: 'OR',
          conditions: [
            { filterType: 'text', type: 'startsWith', filter: 'review' },
            { filterType: 'text', type: 'equals', filter: 'Screening' },
          ],
        },
      },
    });
    expect(combined.status).toBe(200);
    expect(stepsOf(combined.body)).toEqual(['Review', 'Review documents', 'Screening']);

    const notReview = await searchRaw(h, {
      filter_model: {
        step_name: {
          filterType: 'text',
          operator: 'AND',
          conditions: [
            { type: 'notContains', filter: 'review' },
            { type: 'notEqual', filter: 'Done' },
          ],
        },
        status: { filterType: 'text', type: 'equals', filter: 'INCOMPLETE' },
      },
    });
    expect(stepsOf(notReview.body)).toEqual(['Approval', 'Screening']);

    const entity = await searchRaw(h, {
      filter_model: { entity_id: { filterType: 'text', type: 'endsWith', filter: '-2' } },
    });
    expect(stepsOf(entity.body)).toEqual(['Approval']);

    const completed = await searchRaw(h, {
      filter_model: { status: { filterType: 'text', type: 'contains', filter: 'COMPLETED' } },
    });
    expect((completed.body.items as { status: string }[]).map((i) => i.status)).toEqual([
      'COMPLETED_PASS',
    ]);
  });

  it('pages with opaque tokens bound to the query, sorted as asked', async () => {
    const query = {
      filter_model: { assigned_to_id: mine },
      max_page_size: 3,
      sorting_field: 'CREATED_AT',
      sorting_type: 'DESC',
    };
    const first = await searchRaw(h, query);
    expect(stepsOf(first.body)).toHaveLength(3);
    const token = first.body.next_page_token as string;
    expect(token).toEqual(expect.any(String));
    const second = await searchRaw(h, { ...query, page_token: token });
    expect(second.body.next_page_token).toBeNull();
    const created = [...(first.body.items as Rec[]), ...(second.body.items as Rec[])].map(
      (item) => item.created_at,
    );
    expect(created).toHaveLength(5); // four open and one completed, all mine
    expect(created).toEqual([...created].sort().reverse());
    const replayed = await searchRaw(h, { ...query, sorting_type: 'ASC', page_token: token });
    expect(replayed.status).toBe(400);
    expect(replayed.body.detail).toEqual([
      { loc: ['body', 'page_token'], msg: 'Invalid or expired page token', type: 'value_error' },
    ]);
  });

  it('answers 400 with details for bad sorting, page size and filters', async () => {
    const bad = await searchRaw(h, {
      sorting_field: 'NAME',
      sorting_type: 'UP',
      max_page_size: 51,
    });
    expect(bad.status).toBe(400);
    const locs = (bad.body.detail as { loc: string[] }[]).map((d) => d.loc.join('.')).sort();
    expect(locs).toEqual(['body.max_page_size', 'body.sorting_field', 'body.sorting_type']);

    const filter = await searchRaw(h, {
      filter_model: {
        colour: { type: 'equals', filter: 'red' },
        status: { filterType: 'text', type: 'sortOf', filter: 'x' },
      },
    });
    expect(filter.status).toBe(400);
    expect((filter.body.detail as { loc: string[] }[]).map((d) => d.loc.join('.'))).toEqual([
      'body.filter_model.colour',
      'body.filter_model.status.type',
    ]);
  });
});

describe('Maxsight key rotation and timeouts', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ timeoutMs: 200 });
    await h.secrets.set(ACCOUNT_ID, 'apiKey', mx.apiKey);
  });
  afterAll(async () => {
    await h.close();
  });

  it('times out a slow answer', async () => {
    const created = addTask(h);
    h.sim.world.addFault({ vendor: 'maxsight', kind: 'slow', delayMs: 500, remaining: 3 });
    const error = await failure(adapterFor(h).getTask({ vendorTaskId: created.id, locator: {} }));
    expect(error.kind).toBe('timeout');
  });

  it('after the key is revoked, picks up the replacement key without a restart', async () => {
    addTask(h);
    const adapter = adapterFor(h);
    expect(await adapter.listOpenTasks()).toHaveLength(2);

    h.sim.world.expireTokens('maxsight');
    const revoked = await failure(adapter.listOpenTasks());
    expect(revoked.kind).toBe('auth');
    expect(revoked.hint).toMatch(/IP allow list/);

    await new Promise((resolve) => setTimeout(resolve, 5)); // a key issued after the revocation
    const rotated = h.sim.tokens.issue('maxsight', mx.me.id, HOUR);
    await h.secrets.set(ACCOUNT_ID, 'apiKey', rotated);
    expect(await adapter.listOpenTasks()).toHaveLength(2);
    expect(h.logs.some((r) => r.message.includes('retrying with the one now stored'))).toBe(true);
    expect(h.logText()).not.toContain(rotated);
    expect(h.logText()).not.toContain(mx.apiKey);
  });
});
