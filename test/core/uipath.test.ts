// UiPath adapter against the simulated Automation Cloud, over real HTTP on loopback.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { UiPathAccountSchema, type UiPathAccount } from '../../shared/account';
import { TaskSchema, taskId, type Task } from '../../shared/task';
import type { AdapterDeps, VendorAdapter } from '../../electron/core/adapter';
import { UIPATH_PAGE_SIZE, uipathFactory } from '../../electron/core/adapters/uipath';
import { VendorError } from '../../electron/core/vendor-error';
import { createSimTask, type SimTaskInput } from '../../electron/simulator/task-factory';
import { SIM_USERS, type SimTask } from '../../electron/simulator/world';
import { recordingResponses, startHarness, type Harness, type SeenResponse } from '../helpers/sim';

const U = SIM_USERS.uipath;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function accountFor(h: Harness, id: string, auth: unknown): UiPathAccount {
  return UiPathAccountSchema.parse({
    id,
    name: 'UiPath demo',
    vendor: 'uipath',
    orchestratorUrl: h.sim.urls.uipathOrchestrator,
    identityUrl: h.sim.urls.uipathIdentity,
    auth,
  });
}

async function patAdapter(h: Harness, id: string, deps: AdapterDeps = h.deps) {
  await h.secrets.set(id, 'accessToken', U.pat);
  return uipathFactory.create(accountFor(h, id, { mode: 'pat' }), deps);
}

/** The VendorError a promise rejects with. */
async function failure(promise: Promise<unknown>): Promise<VendorError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(VendorError);
  return error as VendorError;
}

function task(h: Harness, input: SimTaskInput = {}): SimTask {
  return createSimTask(h.sim.world, 'uipath', input);
}

function ref(t: SimTask | Task) {
  return 'vendorTaskId' in t
    ? { vendorTaskId: t.vendorTaskId, locator: t.locator }
    : { vendorTaskId: t.id, locator: { folderId: String(t.extra.folderId) } };
}

function lastWrite(h: Harness) {
  return h.sim.world.writes.at(-1);
}

describe('UiPath sign-in and tokens', () => {
  let h: Harness;
  let pkce: VendorAdapter;
  const leaked: string[] = [];

  beforeAll(async () => {
    h = await startHarness();
    task(h, { title: 'Mine' });
    task(h, { title: 'Theirs', assignee: { ...U.other } });
  });
  afterAll(() => h.close());
  afterEach(() => h.sim.world.clearFaults());

  it('uses a personal access token as a plain bearer', async () => {
    const adapter = await patAdapter(h, 'uip-pat');
    expect(adapter.capabilities.browserSignIn).toBe(false);
    expect(await adapter.signIn()).toEqual({ id: U.me.id, name: U.me.name });
    const titles = (await adapter.listOpenTasks()).map((t) => t.title);
    expect(titles).toContain('Mine');
    expect(titles).not.toContain('Theirs');
  });

  it('signs in with Authorization Code + PKCE through the system browser', async () => {
    pkce = uipathFactory.create(
      accountFor(h, 'uip-pkce', { mode: 'pkce', clientId: U.clientId }),
      h.deps,
    );
    expect(await pkce.signIn()).toEqual({ id: U.me.id, name: U.me.name });
    const authorize = new URL(h.opened[0] ?? '');
    expect(`${authorize.origin}${authorize.pathname}`).toBe(
      `${h.sim.urls.uipathIdentity}/connect/authorize`,
    );
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(authorize.searchParams.get('client_id')).toBe(U.clientId);
    expect(authorize.searchParams.get('scope')).toContain('offline_access');
    const redirect = new URL(authorize.searchParams.get('redirect_uri') ?? '');
    expect(redirect.protocol).toBe('http:');
    expect(redirect.hostname).toBe('127.0.0.1');
    const refresh = await h.secrets.get('uip-pkce', 'refreshToken');
    expect(refresh).toMatch(/^rt_/);
    leaked.push(refresh ?? '');
    expect((await pkce.listOpenTasks()).map((t) => t.title)).toEqual(['Mine']);
  });

  it('renews with the rotated refresh token after the tokens expire', async () => {
    const before = (await h.secrets.get('uip-pkce', 'refreshToken')) ?? '';
    h.sim.world.expireTokens('uipath');
    await sleep(5);
    expect((await pkce.listOpenTasks()).map((t) => t.title)).toEqual(['Mine']);
    const after = (await h.secrets.get('uip-pkce', 'refreshToken')) ?? '';
    leaked.push(after);
    expect(after).toMatch(/^rt_/);
    expect(after).not.toBe(before);
    // Single use: the old refresh token is spent.
    const replay = await fetch(`${h.sim.urls.uipathIdentity}/connect/token`, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        client_id: U.clientId,
        refresh_token: before,
      }),
    });
    expect(replay.status).toBe(400);
    expect(await replay.json()).toMatchObject({ error: 'invalid_grant' });
  });

  it('answers one 401 by renewing and retrying, and reports a second as auth', async () => {
    h.sim.world.addFault({ vendor: 'uipath', kind: 'status', status: 401, pathIncludes: 'Across' });
    expect(await pkce.listOpenTasks()).toHaveLength(1);
    leaked.push((await h.secrets.get('uip-pkce', 'refreshToken')) ?? '');
    h.sim.world.addFault({
      vendor: 'uipath',
      kind: 'status',
      status: 401,
      pathIncludes: 'Across',
      remaining: 2,
    });
    const error = await failure(pkce.listOpenTasks());
    expect(error.kind).toBe('auth');
    expect(error.status).toBe(401);
    expect(error.hint).toMatch(/sign in again/i);
    leaked.push((await h.secrets.get('uip-pkce', 'refreshToken')) ?? '');
  });

  it('asks for a new personal access token once UiPath refuses it', async () => {
    const adapter = await patAdapter(h, 'uip-pat-2');
    const error = await failure(adapter.listOpenTasks()); // every token expired above
    expect(error.kind).toBe('auth');
    expect(error.message).toMatch(/personal access token/);
    expect(error.hint).toMatch(/new personal access token/);
  });

  it('acts as an app with client credentials: every open task, no completion', async () => {
    await h.secrets.set('uip-app', 'clientSecret', U.clientSecret);
    const app = uipathFactory.create(
      accountFor(h, 'uip-app', { mode: 'client_credentials', clientId: U.confidentialClientId }),
      h.deps,
    );
    expect(app.capabilities.complete).toBe(false);
    expect(app.capabilities.limitations.join(' ')).toMatch(/client credentials/);
    expect(await app.signIn()).toEqual({ id: null, name: U.confidentialClientId });
    const tasks = await app.listOpenTasks();
    expect(tasks.map((t) => t.title).sort()).toEqual(['Mine', 'Theirs']);
    const detail = await app.getTask(tasks[0] as Task);
    expect(detail.completion.kind).toBe('none');
    expect(detail.completion.unavailableReason).toMatch(/assignee/);
    expect(
      (await failure(app.complete(detail, { resultCode: 'approved', data: {}, comment: null })))
        .kind,
    ).toBe('unsupported');
    // Client credentials have no refresh token: a new one is simply asked for.
    h.sim.world.expireTokens('uipath');
    await sleep(5);
    expect(await app.listOpenTasks()).toHaveLength(2);
    expect(await h.secrets.get('uip-app', 'refreshToken')).toBeNull();
  });

  it('refuses a wrong client secret or a spent refresh token as auth', async () => {
    await h.secrets.set('uip-bad', 'clientSecret', 'not-the-secret');
    const bad = uipathFactory.create(
      accountFor(h, 'uip-bad', { mode: 'client_credentials', clientId: U.confidentialClientId }),
      h.deps,
    );
    expect((await failure(bad.listOpenTasks())).kind).toBe('auth');
    await h.secrets.set('uip-pkce', 'refreshToken', 'rt_revoked_long_ago');
    h.sim.world.expireTokens('uipath');
    await sleep(5);
    const error = await failure(pkce.listOpenTasks());
    expect(error.kind).toBe('auth');
    expect(error.message).toMatch(/no longer valid/);
  });

  it('never logs a secret', () => {
    expect(h.logs.length).toBeGreaterThan(5);
    const text = h.logText();
    for (const secret of [U.pat, U.clientSecret, 'not-the-secret', ...leaked]) {
      expect(secret.length).toBeGreaterThan(4);
      expect(text).not.toContain(secret);
    }
    expect(text).not.toMatch(/uipath_[A-Za-z0-9_-]{20,}/); // issued access tokens
  });
});

describe('UiPath tasks', () => {
  let h: Harness;
  let me: VendorAdapter;
  let responses: SeenResponse[] = [];

  beforeAll(async () => {
    h = await startHarness();
    const recording = recordingResponses(h.deps);
    responses = recording.responses;
    me = await patAdapter(h, 'uip', recording.deps);
  });
  afterAll(() => h.close());
  afterEach(() => h.sim.world.clearFaults());

  it('lists all of the user’s open tasks across pages, ids intact', async () => {
    const mine = Array.from({ length: UIPATH_PAGE_SIZE * 2 + 17 }, (_, i) =>
      task(h, { title: `Mine ${i}` }),
    );
    task(h, { title: 'Theirs', assignee: { ...U.other } });
    const pool = task(h, { title: 'Pool', assignee: null });
    task(h, { title: 'Deleted', extra: { deleted: true } });
    const done = task(h, { title: 'Done' });
    h.sim.world.update('uipath', done.id, (t) => {
      t.status = 'completed';
    });
    responses.length = 0;

    const tasks = await me.listOpenTasks();
    // Unassigned tasks are listed too: the user may claim them.
    expect(tasks.map((t) => t.vendorTaskId).sort()).toEqual(
      [...mine, pool].map((t) => t.id).sort(),
    );
    for (const t of tasks) {
      expect(() => TaskSchema.parse(t)).not.toThrow();
      expect(t.id).toBe(taskId('uip', t.vendorTaskId));
      expect(t.detailLoaded).toBe(false);
    }
    const pages = responses
      .map((r) => new URL(r.url))
      .filter((u) => u.pathname.endsWith('GetTasksAcrossFolders'));
    expect(pages.map((u) => u.searchParams.get('$skip'))).toEqual(['0', '100', '200']);
    expect(pages[0]?.searchParams.get('$filter')).toBe(
      "IsDeleted eq false and ((Status eq 'Pending' and AssignedToUserId eq 7) or Status eq 'Unassigned')",
    );
    for (const t of [...mine, pool]) h.sim.world.tasks.delete(`uipath:${t.id}`);
  });

  it('maps status, priority, due, overdue, escalation, assignee and the Action Center page', async () => {
    const now = Date.now();
    const late = task(h, {
      title: 'Late',
      dueAt: now - 60_000,
      priority: 'low',
      extra: { folderId: 9 },
    });
    const forwarded = task(h, { title: 'Forwarded', escalated: true, dueAt: null });
    const urgent = task(h, { title: 'Urgent', priority: 'critical' });
    const tasks = await me.listOpenTasks();
    const byId = new Map(tasks.map((t) => [t.vendorTaskId, t]));
    const l = byId.get(late.id);
    expect(l).toMatchObject({
      status: 'open',
      rawStatus: 'Pending',
      priority: 'low',
      overdue: true,
      escalated: false,
      assignee: { id: U.me.id, name: U.me.name },
      locator: { folderId: '9', type: 'AppTask' },
      workflowName: 'Approval',
    });
    expect(Date.parse(l?.dueAt ?? '')).toBe(now - 60_000);
    // No flag: escalation is a change the engine sees between polls (see uipath-semantics tests).
    expect(byId.get(forwarded.id)).toMatchObject({ escalated: false, overdue: false, dueAt: null });
    expect(byId.get(forwarded.id)?.logs.map((log) => log.message)).toContain('Forwarded (user 7)');
    expect(byId.get(urgent.id)).toMatchObject({ escalated: false, priority: 'critical' });
    expect(l?.webUrl).toBe(
      `${h.sim.urls.origin}/uipath/${U.org}/${U.tenant}/actions_/tasks/${late.id}`,
    );
    const page = await fetch(l?.webUrl ?? '');
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Late');
    expect(l?.logs.map((log) => log.message)).toEqual(['Created', 'Assigned (user 7)']);
  });

  it('reads and completes an App task with its actions and data', async () => {
    const t = task(h, {
      title: 'Approve purchase',
      fields: [
        {
          name: 'Amount',
          label: 'Amount',
          type: 'number',
          required: true,
          value: 2450,
          options: [],
        },
        {
          name: 'Requester',
          label: 'Requester',
          type: 'text',
          required: false,
          value: 'John Doe',
          options: [],
        },
      ],
    });
    const detail = await me.getTask(ref(t));
    expect(TaskSchema.parse(detail)).toEqual(detail);
    expect(detail).toMatchObject({ detailLoaded: true, status: 'open', title: 'Approve purchase' });
    expect(detail.completion.kind).toBe('form');
    expect(detail.completion.results).toEqual([
      { code: 'approved', label: 'Approve' },
      { code: 'rejected', label: 'Reject' },
    ]);
    expect(detail.completion.fields.map((f) => [f.name, f.type, f.value])).toEqual([
      ['Amount', 'number', 2450],
      ['Requester', 'text', 'John Doe'],
    ]);

    await me.complete(detail, { resultCode: 'approved', data: { Amount: 2500 }, comment: null });
    const write = lastWrite(h);
    expect(write?.path).toBe(`/${U.org}/${U.tenant}/orchestrator_/tasks/AppTasks/CompleteAppTask`);
    expect(write?.headers['x-uipath-organizationunitid']).toBe('4');
    expect(write?.body).toEqual({
      taskId: Number(t.id),
      data: { Amount: 2500, Requester: 'John Doe' },
      action: 'approved',
    });
    expect(h.sim.world.get('uipath', t.id)?.status).toBe('completed');
    expect((await me.listOpenTasks()).map((x) => x.vendorTaskId)).not.toContain(t.id);
    // Completed meanwhile: nothing is sent twice.
    const again = await failure(
      me.complete(detail, { resultCode: 'approved', data: {}, comment: null }),
    );
    expect(again.kind).toBe('conflict');
    expect(h.sim.world.writes.filter((w) => w.taskId === t.id)).toHaveLength(1);
  });

  it('turns a form task’s layout into fields and results, and completes it', async () => {
    const t = task(h, {
      title: 'Approve invoice',
      description: 'Check the amount',
      extra: { taskType: 'FormTask', folderId: 12, 'maxLength.comment': 10 },
      fields: [
        {
          name: 'amount',
          label: 'Amount',
          type: 'number',
          required: true,
          value: 120.5,
          options: [],
        },
        {
          name: 'costCentre',
          label: 'Cost centre',
          type: 'select',
          required: true,
          value: null,
          options: ['CC-1', 'CC-2'],
        },
        {
          name: 'urgent',
          label: 'Urgent',
          type: 'boolean',
          required: false,
          value: false,
          options: [],
        },
        {
          name: 'comment',
          label: 'Comment',
          type: 'text',
          required: false,
          value: '',
          options: [],
        },
        { name: 'payBy', label: 'Pay by', type: 'date', required: false, value: null, options: [] },
      ],
      results: [
        { code: 'approve', label: 'Approve' },
        { code: 'reject', label: 'Reject' },
      ],
    });
    const detail = await me.getTask(ref(t));
    expect(TaskSchema.parse(detail)).toEqual(detail);
    expect(detail.locator).toMatchObject({ folderId: '12', type: 'FormTask' });
    expect(detail.completion.kind).toBe('form');
    expect(detail.completion.results.map((r) => r.code)).toEqual(['approve', 'reject']);
    expect(detail.completion.fields.map((f) => [f.name, f.type, f.required])).toEqual([
      ['amount', 'number', true],
      ['costCentre', 'select', true],
      ['urgent', 'boolean', false],
      ['comment', 'text', false],
      ['payBy', 'date', false],
    ]);
    expect(detail.completion.fields[1]?.options).toEqual([
      { value: 'CC-1', label: 'CC-1' },
      { value: 'CC-2', label: 'CC-2' },
    ]);

    // Checked before sending: the required cost centre is missing.
    const writes = h.sim.world.writes.length;
    const local = await failure(
      me.complete(detail, { resultCode: 'approve', data: {}, comment: null }),
    );
    expect(local.kind).toBe('validation');
    expect(local.fields.map((f) => f.field)).toEqual(['costCentre']);
    expect(h.sim.world.writes).toHaveLength(writes);

    // Checked by UiPath only: the form's maxLength, answered as a 400 naming the field.
    const remote = await failure(
      me.complete(detail, {
        resultCode: 'approve',
        data: { costCentre: 'CC-2', comment: 'far too long a comment' },
        comment: null,
      }),
    );
    expect(remote.kind).toBe('validation');
    expect(remote.status).toBe(400);
    expect(remote.fields).toEqual([
      { field: 'comment', message: 'Comment must have no more than 10 characters.' },
    ]);
    expect(remote.requestId).toMatch(/^00-/);

    await me.complete(detail, {
      resultCode: 'reject',
      data: { costCentre: 'CC-2', comment: 'ok' },
      comment: null,
    });
    const write = lastWrite(h);
    expect(write?.path).toBe(`/${U.org}/${U.tenant}/orchestrator_/forms/TaskForms/CompleteTask`);
    expect(write?.headers['x-uipath-organizationunitid']).toBe('12');
    expect(write?.body).toEqual({
      taskId: Number(t.id),
      data: { amount: 120.5, costCentre: 'CC-2', urgent: false, comment: 'ok', payBy: null },
      action: 'reject',
    });
    expect(h.sim.world.get('uipath', t.id)?.completion?.result).toBe('reject');
  });

  it('reads and completes a generic (external) task without an outcome', async () => {
    const t = task(h, {
      title: 'Check ticket',
      extra: { taskType: 'ExternalTask' },
      fields: [
        {
          name: 'ticket',
          label: 'Ticket',
          type: 'text',
          required: false,
          value: 'INC-1',
          options: [],
        },
      ],
    });
    const detail = await me.getTask(ref(t));
    expect(detail).toMatchObject({ rawStatus: 'Pending', status: 'open', detailLoaded: true });
    expect(detail.completion).toMatchObject({ kind: 'form', results: [] });
    await me.complete(detail, { resultCode: null, data: {}, comment: null });
    const write = lastWrite(h);
    expect(write?.path).toBe(`/${U.org}/${U.tenant}/orchestrator_/tasks/GenericTasks/CompleteTask`);
    expect(write?.body).toEqual({
      taskId: Number(t.id),
      data: { ticket: 'INC-1' },
    });
  });

  it('does not send the completion of someone else’s task, and says who has it', async () => {
    const t = task(h, { assignee: { ...U.other } });
    const writes = h.sim.world.writes.length;
    const detail = await me.getTask(ref(t));
    expect(detail.completion).toMatchObject({
      kind: 'none',
      unavailableReason: `${U.other.name} has this task now: UiPath lets only the user it is assigned to complete it.`,
    });
    const error = await failure(
      me.complete(ref(t), { resultCode: 'approved', data: {}, comment: null }),
    );
    expect(error.kind).toBe('forbidden');
    expect(error.message).toMatch(/assigned/);
    expect(h.sim.world.writes).toHaveLength(writes);
  });

  it('maps UiPath’s refusal to complete a task to forbidden (taken between the read and the send)', async () => {
    const t = task(h, {});
    h.sim.world.addFault({
      vendor: 'uipath',
      kind: 'status',
      status: 403,
      pathIncludes: 'CompleteAppTask',
    });
    const error = await failure(
      me.complete(ref(t), { resultCode: 'approved', data: {}, comment: null }),
    );
    expect(error.kind).toBe('forbidden');
    expect(error.status).toBe(403);
  });

  it('reassigns to a user by id or e-mail, and reports a failed assignment', async () => {
    const t = task(h, { title: 'Hand over' });
    await me.reassign(ref(t), { kind: 'user', id: U.other.id, comment: null });
    expect(lastWrite(h)).toMatchObject({
      kind: 'reassign',
      taskId: t.id,
      path: `/${U.org}/${U.tenant}/orchestrator_/odata/Tasks/UiPath.Server.Configuration.OData.ReassignTasks`,
      body: {
        taskAssignments: [{ taskId: Number(t.id), userId: 8, assignmentCriteria: 'SingleUser' }],
      },
    });
    expect((await me.listOpenTasks()).map((x) => x.vendorTaskId)).not.toContain(t.id);

    const back = task(h, { title: 'Back to me', assignee: { ...U.other } });
    await me.reassign(ref(back), { kind: 'user', id: 'avery.stone@demo-org.test', comment: null });
    expect(lastWrite(h)?.body).toEqual({
      taskAssignments: [
        {
          taskId: Number(back.id),
          userNameOrEmail: 'avery.stone@demo-org.test',
          assignmentCriteria: 'SingleUser',
        },
      ],
    });
    const listed = (await me.listOpenTasks()).find((x) => x.vendorTaskId === back.id);
    expect(listed?.logs.map((log) => log.message)).toContain('Reassigned (user 7)');

    const writes = h.sim.world.writes.length;
    const error = await failure(me.reassign(ref(back), { kind: 'user', id: '999', comment: null }));
    expect(error.kind).toBe('validation');
    expect(error.message).toMatch(/User does not exist/);
    expect(error.fields).toEqual([{ field: 'assignee', message: 'User does not exist.' }]);
    expect(h.sim.world.writes).toHaveLength(writes);

    const group = await failure(me.reassign(ref(back), { kind: 'group', id: '3', comment: null }));
    expect(group.kind).toBe('validation');
    expect(me.capabilities.reassignToGroup).toBe(true);
  });

  it('reports a task that does not exist as not_found', async () => {
    const error = await failure(me.getTask({ vendorTaskId: '987654321', locator: {} }));
    expect(error.kind).toBe('not_found');
    const t = task(h);
    h.sim.world.addFault({
      vendor: 'uipath',
      kind: 'status',
      status: 404,
      pathIncludes: 'GetAppTaskById',
    });
    expect((await failure(me.getTask(ref(t)))).kind).toBe('not_found');
  });

  it('maps 403 and 500 answers', async () => {
    h.sim.world.addFault({ vendor: 'uipath', kind: 'status', status: 403, pathIncludes: 'Across' });
    const forbidden = await failure(me.listOpenTasks());
    expect(forbidden.kind).toBe('forbidden');
    expect(forbidden.hint).toMatch(/folder/);
    h.sim.world.addFault({ vendor: 'uipath', kind: 'status', status: 500, pathIncludes: 'Across' });
    const server = await failure(me.listOpenTasks());
    expect(server.kind).toBe('server');
    expect(server.status).toBe(500);
    expect(server.message).toContain('Injected fault');
    expect(server.requestId).toMatch(/^00-/);
  });

  it('waits out a short Retry-After and surfaces a long one', async () => {
    h.sim.world.addFault({
      vendor: 'uipath',
      kind: 'rate-limit',
      retryAfterSec: 1,
      pathIncludes: 'Across',
    });
    const started = Date.now();
    await me.listOpenTasks();
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    h.sim.world.addFault({
      vendor: 'uipath',
      kind: 'rate-limit',
      retryAfterSec: 60,
      pathIncludes: 'Across',
    });
    const error = await failure(me.listOpenTasks());
    expect(error.kind).toBe('rate_limited');
    expect(error.retryAfterMs).toBe(60_000);
  });

  it('maps a dropped connection to network', async () => {
    h.sim.world.addFault({ vendor: 'uipath', kind: 'drop', pathIncludes: 'Across', remaining: 10 });
    expect((await failure(me.listOpenTasks())).kind).toBe('network');
  });

  it('maps invalid and wrong-shaped JSON to malformed', async () => {
    h.sim.world.addFault({ vendor: 'uipath', kind: 'malformed', pathIncludes: 'Across' });
    expect((await failure(me.listOpenTasks())).kind).toBe('malformed');

    // The simulator answers properly; the body is swapped for what a broken proxy might send.
    const bodies = [
      { '@odata.count': 1, value: [{ Id: 'x-1', OrganizationUnitId: 4, Status: 'Pending' }] },
      { '@odata.count': 1, value: [{ Id: 2 ** 53 + 2, OrganizationUnitId: 4 }] },
      { '@odata.count': 1, value: [{ Id: 5, Status: 'Pending' }] },
      { value: 'nothing' },
    ];
    for (const body of bodies) {
      const swapped = await patAdapter(h, 'uip-shape', {
        ...h.deps,
        fetch: async (input, init) => {
          const real = await fetch(input, init);
          if (!String(input).includes('Across')) return real;
          await real.text();
          return new Response(JSON.stringify(body), { status: 200, headers: real.headers });
        },
      });
      const error = await failure(swapped.listOpenTasks());
      expect(error.kind).toBe('malformed');
    }
  });

  it('simulator: applies $filter and requires the folder header on per-task calls', async () => {
    const theirs = task(h, { title: 'For Sam', assignee: { ...U.other } });
    const base = h.sim.urls.uipathOrchestrator;
    const auth = { Authorization: `Bearer ${U.pat}` };
    const list = new URL(
      `${base}/odata/Tasks/UiPath.Server.Configuration.OData.GetTasksAcrossFolders`,
    );
    list.searchParams.set(
      '$filter',
      "Status in ('Pending') and AssignedToUserId eq 8 and not (Title eq 'x')",
    );
    const answer = (await (await fetch(list, { headers: auth })).json()) as {
      value: { Id: number; AssignedToUserId: number }[];
    };
    expect(answer.value.length).toBeGreaterThan(0);
    expect(answer.value.every((r) => r.AssignedToUserId === 8)).toBe(true);
    expect(answer.value.map((r) => r.Id)).toContain(Number(theirs.id));
    list.searchParams.set('$filter', 'Nope eq 1');
    expect((await fetch(list, { headers: auth })).status).toBe(400);

    const detail = `${base}/tasks/AppTasks/GetAppTaskById?taskId=${theirs.id}`;
    const bare = await fetch(detail, { headers: auth });
    expect(bare.status).toBe(400);
    expect(await bare.json()).toMatchObject({ errorCode: 1101, traceId: expect.any(String) });
    const wrong = await fetch(detail, {
      headers: { ...auth, 'X-UIPATH-OrganizationUnitId': '99' },
    });
    expect(wrong.status).toBe(404);
    const right = await fetch(detail, { headers: { ...auth, 'X-UIPATH-OrganizationUnitId': '4' } });
    expect(await right.json()).toMatchObject({
      id: Number(theirs.id),
      status: 'Pending',
      type: 'AppTask',
    });
    expect((await fetch(detail)).status).toBe(401);
  });
});

describe('UiPath timeouts', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ timeoutMs: 150 });
  });
  afterAll(() => h.close());

  it('gives up on a slow answer with a timeout error', async () => {
    const adapter = await patAdapter(h, 'uip-slow');
    h.sim.world.addFault({ vendor: 'uipath', kind: 'slow', delayMs: 400, remaining: 10 });
    const error = await failure(adapter.listOpenTasks());
    expect(error.kind).toBe('timeout');
    h.sim.world.clearFaults();
  });
});
