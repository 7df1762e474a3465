// UiPath's own semantics, over real HTTP against the simulated Automation Cloud: escalation as a
// change, forms expanded, App-task outcomes where the SDKs put them, claimable tasks, the picker
// and comments. Every simulator behaviour stays on.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AdapterDeps, VendorAdapter } from '../../electron/core/adapter';
import {
  ODataTaskSchema,
  escalatedSince,
  normalizeTask,
  uipathFactory,
} from '../../electron/core/adapters/uipath';
import { VendorError } from '../../electron/core/vendor-error';
import { NO_ACCESS_FOLDER, SIM_GROUP } from '../../electron/simulator/vendors/uipath-render';
import { createSimTask, type SimTaskInput } from '../../electron/simulator/task-factory';
import { SIM_USERS, type SimTask } from '../../electron/simulator/world';
import { UiPathAccountSchema } from '../../shared/account';
import { IPC_CALLS } from '../../shared/ipc';
import { localizeError } from '../../shared/i18n/error-text';
import { translator } from '../../shared/i18n/translate';
import { taskId, type Task } from '../../shared/task';
import { startEngineHarness, type EngineHarness } from '../helpers/engine-harness';
import {
  control,
  recordingResponses,
  startHarness,
  type Harness,
  type SeenResponse,
} from '../helpers/sim';

const U = SIM_USERS.uipath;
const MINUTE = 60_000;
const TASKS = `/${U.org}/${U.tenant}/orchestrator_/odata/Tasks/UiPath.Server.Configuration.OData`;

async function failure(promise: Promise<unknown>): Promise<VendorError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(VendorError);
  return error as VendorError;
}

function ref(t: SimTask | Task) {
  return 'vendorTaskId' in t
    ? { vendorTaskId: t.vendorTaskId, locator: t.locator }
    : { vendorTaskId: t.id, locator: { folderId: String(t.extra.folderId) } };
}

async function patAdapter(h: Harness, id: string, deps: AdapterDeps = h.deps) {
  await h.secrets.set(id, 'accessToken', U.pat);
  const account = UiPathAccountSchema.parse({
    id,
    name: 'UiPath',
    vendor: 'uipath',
    orchestratorUrl: h.sim.urls.uipathOrchestrator,
    identityUrl: h.sim.urls.uipathIdentity,
    auth: { mode: 'pat' },
  });
  return uipathFactory.create(account, deps);
}

describe('UiPath escalation is a change, not a priority', () => {
  let e: EngineHarness | null = null;
  afterEach(async () => {
    await e?.close();
    e = null;
  });

  const kinds = (h: EngineHarness, vendorId: string) =>
    h.alerts.filter((a) => a.taskIds.includes(taskId('demo-uipath', vendorId))).map((a) => a.kind);

  it('a new High task alerts as new; forwarding it or raising its priority alerts as escalated', async () => {
    e = await startEngineHarness({ vendors: ['uipath'] });
    createSimTask(e.world, 'uipath', { title: 'Already here' });
    e.engine.start();
    await e.clock.advance(0);

    const high = createSimTask(e.world, 'uipath', { title: 'Urgent PO', priority: 'high' });
    const medium = createSimTask(e.world, 'uipath', { title: 'Routine PO', priority: 'normal' });
    await e.clock.advance(MINUTE);
    expect(kinds(e, high.id)).toEqual(['new']);
    expect(kinds(e, medium.id)).toEqual(['new']);
    expect(e.engine.task(taskId('demo-uipath', high.id))?.escalated).toBe(false);

    // Someone forwards the High task and raises it to Critical (the control API does both).
    await control(e.sim, 'POST', `/tasks/uipath/${high.id}/escalate`);
    // The medium one only has its priority raised.
    e.world.update('uipath', medium.id, (t) => (t.priority = 'high'));
    await e.clock.advance(MINUTE);
    expect(kinds(e, high.id)).toEqual(['new', 'escalated']);
    expect(kinds(e, medium.id)).toEqual(['new', 'escalated']);
    expect(e.engine.task(taskId('demo-uipath', high.id))?.escalated).toBe(true);

    // Kept once it happened, across polls and a restart, and never alerted twice.
    await e.restart();
    await e.clock.advance(2 * MINUTE);
    expect(e.engine.task(taskId('demo-uipath', medium.id))?.escalated).toBe(true);
    expect(kinds(e, high.id)).toEqual(['new', 'escalated']);
    expect(kinds(e, medium.id)).toEqual(['new', 'escalated']);
  });

  it('a priority lowered, or the user’s own hand-over, is no escalation', async () => {
    e = await startEngineHarness({ vendors: ['uipath'] });
    const lowered = createSimTask(e.world, 'uipath', {
      title: 'Was critical',
      priority: 'critical',
    });
    const pool = createSimTask(e.world, 'uipath', { title: 'In the pool', assignee: null });
    e.engine.start();
    await e.clock.advance(0);
    e.world.update('uipath', lowered.id, (t) => (t.priority = 'low'));
    await e.engine.claim(taskId('demo-uipath', pool.id));
    await e.clock.advance(MINUTE);
    expect(e.alerts.filter((a) => a.kind === 'escalated')).toEqual([]);
    expect(e.engine.tasks().filter((t) => t.escalated)).toEqual([]);
  });
});

describe('UiPath forms and App-task outcomes', () => {
  let h: Harness;
  let me: VendorAdapter;
  let responses: SeenResponse[] = [];

  beforeAll(async () => {
    h = await startHarness();
    const recording = recordingResponses(h.deps);
    responses = recording.responses;
    me = await patAdapter(h, 'uip-forms', recording.deps);
  });
  afterAll(() => h.close());

  const task = (input: SimTaskInput) => createSimTask(h.sim.world, 'uipath', input);

  it('asks for the form layout expanded: a layout stored by reference shows its fields', async () => {
    const t = task({
      title: 'Approve invoice',
      extra: { taskType: 'FormTask' },
      fields: [
        { name: 'amount', label: 'Amount', type: 'number', required: true, value: 5, options: [] },
      ],
      results: [
        { code: 'approve', label: 'Approve' },
        { code: 'reject', label: 'Reject' },
      ],
    });
    // Unexpanded, the simulator (like Orchestrator) sends only the layout's id.
    const raw = await fetch(
      `${h.sim.urls.uipathOrchestrator}/forms/TaskForms/GetTaskFormById?taskId=${t.id}`,
      { headers: { Authorization: `Bearer ${U.pat}`, 'X-UIPATH-OrganizationUnitId': '4' } },
    );
    const body = (await raw.json()) as { formLayout: unknown; formLayoutId: unknown };
    expect(body.formLayout).toBeNull();
    expect(body.formLayoutId).toEqual(expect.any(Number));

    responses.length = 0;
    const detail = await me.getTask(ref(t));
    const asked = responses
      .map((r) => new URL(r.url))
      .find((u) => u.pathname.endsWith('GetTaskFormById'));
    expect(asked?.searchParams.get('expandOnFormLayout')).toBe('true');
    expect(detail.completion.kind).toBe('form');
    expect(detail.completion.fields.map((f) => f.name)).toEqual(['amount']);
    expect(detail.completion.results.map((r) => r.code)).toEqual(['approve', 'reject']);
  });

  it('reads App-task outcomes from the action set, whatever the keys’ case, and sends the chosen one', async () => {
    const t = task({
      title: 'Approve purchase',
      results: [
        { code: 'approved', label: 'Approve' },
        { code: 'rejected', label: 'Reject' },
      ],
    });
    const detail = await me.getTask(ref(t));
    expect(detail.completion.results).toEqual([
      { code: 'approved', label: 'Approve' },
      { code: 'rejected', label: 'Reject' },
    ]);
    await me.complete(detail, { resultCode: 'rejected', data: {}, comment: null });
    expect(h.sim.world.writes.at(-1)?.body).toMatchObject({ action: 'rejected' });
  });

  it('falls back to the data’s Actions when there is no action set', async () => {
    const t = task({
      results: [{ code: 'ok', label: 'Looks fine' }],
      extra: { actionsInData: true },
    });
    const detail = await me.getTask(ref(t));
    expect(detail.completion.results).toEqual([{ code: 'ok', label: 'Looks fine' }]);
  });

  it('never makes up a submit outcome: an App task naming none goes to Action Center', async () => {
    const t = task({ title: 'Mystery app', results: [] });
    const detail = await me.getTask(ref(t));
    expect(detail.completion.kind).toBe('none');
    expect(detail.completion.results).toEqual([]);
    expect(detail.completion.unavailableReason).toMatch(/Action Center/);
    const writes = h.sim.world.writes.length;
    const error = await failure(
      me.complete(detail, { resultCode: 'submit', data: {}, comment: null }),
    );
    expect(error.kind).toBe('unsupported');
    expect(h.sim.world.writes).toHaveLength(writes);
  });

  it('simulator: reads request bodies whatever the case of their keys, as Orchestrator does', async () => {
    const t = task({ results: [{ code: 'approved', label: 'Approve' }] });
    const response = await fetch(
      `${h.sim.urls.uipathOrchestrator}/tasks/AppTasks/CompleteAppTask`,
      {
        method: 'POST',
        headers: {
          Authorization: `Bearer ${U.pat}`,
          'X-UIPATH-OrganizationUnitId': '4',
          'Content-Type': 'application/json',
        },
        body: JSON.stringify({ TaskId: Number(t.id), Data: {}, Action: 'approved' }),
      },
    );
    expect(response.status).toBe(204);
    expect(h.sim.world.get('uipath', t.id)?.completion?.result).toBe('approved');
  });
});

describe('UiPath "my tasks": claim, release, the picker and comments', () => {
  let h: Harness;
  let me: VendorAdapter;

  beforeAll(async () => {
    h = await startHarness();
    me = await patAdapter(h, 'uip-mine');
  });
  afterAll(() => h.close());

  const task = (input: SimTaskInput) => createSimTask(h.sim.world, 'uipath', input);

  it('lists claimable Unassigned tasks in folders the user may act in; claims and releases them', async () => {
    const pool = task({ title: 'In the pool', assignee: null });
    const hidden = task({
      title: 'Payroll',
      assignee: null,
      extra: { folderId: NO_ACCESS_FOLDER },
    });
    const listed = await me.listOpenTasks();
    const mine = listed.find((t) => t.vendorTaskId === pool.id);
    expect(mine).toMatchObject({ rawStatus: 'Unassigned', assignee: null });
    expect(listed.map((t) => t.vendorTaskId)).not.toContain(hidden.id);
    expect(me.capabilities).toMatchObject({ claim: true, assigneePicker: true, comments: true });

    await me.claim?.(ref(pool));
    expect(h.sim.world.writes.at(-1)).toMatchObject({
      path: `${TASKS}.AssignTasks`,
      body: {
        taskAssignments: [{ taskId: Number(pool.id), userId: 7, assignmentCriteria: 'SingleUser' }],
      },
    });
    const claimed = await me.getTask(ref(pool));
    expect(claimed).toMatchObject({ rawStatus: 'Pending', assignee: { id: U.me.id } });

    // Claiming it again (a second click, an answer lost): UiPath refuses, but it is ours, as asked.
    const writes = h.sim.world.writes.length;
    await me.claim?.(ref(pool));
    expect(h.sim.world.writes).toHaveLength(writes);

    // Claiming what someone else took meanwhile says who has it, by its catalog key, so the
    // windows say it in their language.
    const taken = task({ title: 'Taken meanwhile', assignee: null });
    h.sim.world.update('uipath', taken.id, (t) => (t.assignee = { ...U.other }));
    const refused = await failure(me.claim?.(ref(taken)) ?? Promise.resolve());
    expect(refused.kind).toBe('conflict');
    expect(refused.code).toBe('error.claimTaken');
    expect(refused.vendorCode).toBe('2410');
    expect(localizeError(refused.toInfo(), translator('es')).message).toBe(
      `${U.other.name} ya ha tomado esta tarea en UiPath Orchestrator.`,
    );
    // A refusal with nobody holding the task (finished meanwhile) keeps UiPath's own reason.
    const finished = task({ title: 'Finished meanwhile', assignee: null });
    h.sim.world.update('uipath', finished.id, (t) => (t.status = 'completed'));
    const closed = await failure(me.claim?.(ref(finished)) ?? Promise.resolve());
    expect(closed.code).toBe('error.claimRefused');
    expect(localizeError(closed.toInfo(), translator('es')).message).toBe(
      'UiPath Orchestrator no te ha dejado tomar la tarea: Task is already completed.',
    );

    await me.release?.(ref(pool));
    expect(h.sim.world.writes.at(-1)).toMatchObject({
      path: `${TASKS}.UnassignTasks`,
      body: { taskIds: [Number(pool.id)] },
    });
    const back = (await me.listOpenTasks()).find((t) => t.vendorTaskId === pool.id);
    expect(back).toMatchObject({ rawStatus: 'Unassigned', assignee: null });
  });

  it('offers users and groups from GetTaskUsers, and gives a task to a group with its criteria', async () => {
    const t = task({ title: 'For the team' });
    const people = (await me.listAssignees?.(ref(t))) ?? [];
    expect(people).toEqual(
      expect.arrayContaining([
        { kind: 'user', id: U.other.id, name: U.other.name, detail: expect.stringContaining('@') },
        { kind: 'group', id: SIM_GROUP.id, name: SIM_GROUP.name, detail: null },
      ]),
    );
    expect(me.capabilities.groupDistributions).toEqual(['all', 'workload', 'round-robin']);
    await me.reassign(ref(t), {
      kind: 'group',
      id: SIM_GROUP.id,
      comment: null,
      distribution: 'workload',
    });
    expect(h.sim.world.writes.at(-1)?.body).toEqual({
      taskAssignments: [
        { taskId: Number(t.id), userId: Number(SIM_GROUP.id), assignmentCriteria: 'Workload' },
      ],
    });
    expect(h.sim.world.get('uipath', t.id)?.group?.id).toBe(SIM_GROUP.id);
  });

  it('reads and adds comments through TaskNotes', async () => {
    const t = task({ title: 'Discuss' });
    expect(await me.listComments?.(ref(t))).toEqual([]);
    const added = await me.addComment?.(ref(t), '  Waiting for the PO number.  ');
    expect(added).toMatchObject({ text: 'Waiting for the PO number.', author: U.me.name });
    expect((await me.listComments?.(ref(t)))?.map((c) => c.text)).toEqual([
      'Waiting for the PO number.',
    ]);
    const empty = await failure(me.addComment?.(ref(t), '   ') ?? Promise.resolve());
    expect(empty.kind).toBe('validation');
  });

  it('says so where the Orchestrator has no task comments, and still reports a missing task', async () => {
    const old = await startHarness({ limits: { uipathTaskNotes: false } });
    try {
      const adapter = await patAdapter(old, 'uip-old');
      const t = createSimTask(old.sim.world, 'uipath', {});
      const error = await failure(adapter.listComments?.(ref(t)) ?? Promise.resolve());
      expect(error.kind).toBe('unsupported');
      expect(error.message).toMatch(/no task comments/);
      const gone = await failure(
        adapter.listComments?.({ vendorTaskId: '987654', locator: { folderId: '4' } }) ??
          Promise.resolve(),
      );
      expect(gone.kind).toBe('not_found');
    } finally {
      await old.close();
    }
  });

  it('no longer says it cannot reassign to a group', () => {
    expect(me.capabilities.reassignToGroup).toBe(true);
    expect(me.capabilities.limitations.join(' ')).not.toMatch(
      /group is not offered|High or Critical priority/,
    );
  });
});

describe('the IPC contract for claim, release, the picker and comments', () => {
  it('validates each new channel’s request and answer', () => {
    const ok = { taskId: 'demo-uipath:58300' };
    for (const channel of [
      'tasks:claim',
      'tasks:release',
      'tasks:assignees',
      'tasks:comments',
    ] as const) {
      expect(IPC_CALLS[channel].request.safeParse(ok).success).toBe(true);
      expect(IPC_CALLS[channel].request.safeParse({}).success).toBe(false);
    }
    const add = IPC_CALLS['tasks:add-comment'].request;
    expect(add.safeParse({ ...ok, text: 'Looks fine' }).success).toBe(true);
    expect(add.safeParse({ ...ok, text: '   ' }).success).toBe(false);
    expect(add.safeParse({ ...ok, text: 'x'.repeat(2001) }).success).toBe(false);
    expect(
      IPC_CALLS['tasks:assignees'].response.safeParse([
        { kind: 'group', id: '31', name: 'Finance Approvers', detail: null },
      ]).success,
    ).toBe(true);
    expect(IPC_CALLS['tasks:release'].response.safeParse(null).success).toBe(true);
    const reassign = IPC_CALLS['tasks:reassign'].request;
    const group = { kind: 'group', id: '31', comment: null, distribution: 'round-robin' };
    expect(reassign.safeParse({ ...ok, target: group }).success).toBe(true);
    expect(
      reassign.safeParse({ ...ok, target: { ...group, distribution: 'random' } }).success,
    ).toBe(false);
  });
});

describe('escalatedSince (the vendor rule, pure)', () => {
  const ctx = {
    accountId: 'u',
    orchestratorUrl: 'https://cloud.uipath.com/o/t/orchestrator_',
    now: 0,
    currentUser: { id: '7', name: 'Avery Stone' },
    completionBlocked: null,
  };
  const at = (priority: string, activities: unknown[] = []) =>
    normalizeTask(
      ODataTaskSchema.parse({
        Id: 1,
        OrganizationUnitId: 4,
        Priority: priority,
        Activities: activities,
      }),
      ctx,
    );
  const forwarded = (by: number, when: string) => ({
    ActivityType: 'Forwarded',
    CreationTime: when,
    CreatorUserId: by,
    TargetUserId: 7,
  });

  it('counts a raised priority and someone else’s new hand-over, nothing else', () => {
    expect(escalatedSince(at('Low'), at('High'), '7')).toBe(true);
    expect(escalatedSince(at('Critical'), at('High'), '7')).toBe(false);
    expect(escalatedSince(at('Normal'), at('Medium'), '7')).toBe(false);
    expect(escalatedSince(at('High'), at('High'), '7')).toBe(false);
    const before = at('High', [forwarded(8, '2026-01-01T00:00:00Z')]);
    expect(escalatedSince(before, at('High', [forwarded(8, '2026-01-01T00:00:00Z')]), '7')).toBe(
      false,
    );
    expect(
      escalatedSince(
        before,
        at('High', [forwarded(8, '2026-01-01T00:00:00Z'), forwarded(8, '2026-01-02T00:00:00Z')]),
        '7',
      ),
    ).toBe(true);
    expect(
      escalatedSince(at('High'), at('High', [forwarded(7, '2026-01-02T00:00:00Z')]), '7'),
    ).toBe(false);
  });
});
