// The workflowsvc adapter against the simulator over real HTTP on 127.0.0.1.
import { Temporal } from 'temporal-polyfill';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AdapterDeps, VendorAdapter } from '../../electron/core/adapter';
import { LIST_PAGE_SIZE, workflowsvcFactory } from '../../electron/core/adapters/workflowsvc';
import type { FetchLike } from '../../electron/core/ports';
import { VendorError } from '../../electron/core/vendor-error';
import { createSimTask, type SimTaskInput } from '../../electron/simulator/task-factory';
import { SIM_USERS, type SimTask } from '../../electron/simulator/world';
import { WorkflowSvcAccountSchema, type WorkflowSvcAccount } from '../../shared/account';
import { TaskSchema, type CompletionRequest, type Task } from '../../shared/task';
import { control, startHarness, type Harness } from '../helpers/sim';

const U = SIM_USERS.workflowsvc;
const V = 'workflowsvc';
const API = '/workflowsvc/api/v1';

let h: Harness;
let accountCounter = 0;
/** Every credential that crossed the wire, to prove none reached the logs. */
const credentials = new Set<string>();
/** Every request URL the adapters sent. */
const requests: { method: string; url: URL }[] = [];

const recordingFetch: FetchLike = async (input, init) => {
  const url = new URL(input.toString());
  requests.push({ method: init?.method ?? 'GET', url });
  const auth = new Headers(init?.headers).get('authorization');
  if (auth) credentials.add(auth.replace(/^Bearer\s+/i, ''));
  if (typeof init?.body === 'string' && url.pathname.endsWith('/oauth/token')) {
    for (const [key, value] of new URLSearchParams(init.body)) {
      if (key === 'refresh_token' || key === 'code' || key === 'code_verifier')
        credentials.add(value);
    }
  }
  const response = await fetch(input, init);
  if (url.pathname.endsWith('/oauth/token')) {
    const body = (await response.clone().json()) as Record<string, unknown>;
    for (const key of ['access_token', 'refresh_token']) {
      if (typeof body[key] === 'string') credentials.add(body[key]);
    }
  }
  return response;
};

function deps(overrides: Partial<AdapterDeps> = {}): AdapterDeps {
  return { ...h.deps, fetch: recordingFetch, ...overrides };
}

function account(auth: WorkflowSvcAccount['auth'] = { mode: 'pkce', clientId: U.clientId }) {
  accountCounter += 1;
  return WorkflowSvcAccountSchema.parse({
    id: `twinit-${accountCounter}`,
    name: 'Twinit demo',
    vendor: 'workflowsvc',
    origin: h.sim.urls.twinitOrigin,
    nsfilter: U.nsfilter,
    userId: U.me.id,
    auth,
  });
}

/** A PKCE account already signed in: its refresh token is in the keychain. */
async function signedIn(overrides: Partial<AdapterDeps> = {}) {
  const acc = account();
  const refresh = h.sim.tokens.issueRefresh(V, U.me.id, U.clientId);
  credentials.add(refresh);
  await h.secrets.set(acc.id, 'refreshToken', refresh);
  return { acc, adapter: workflowsvcFactory.create(acc, deps(overrides)) };
}

/** The demo's pasted token, live again after an earlier test expired every token. */
function revivePastedToken(): void {
  h.sim.tokens.register(V, U.token, U.me.id);
}

function sim(input: SimTaskInput = {}): SimTask {
  return createSimTask(h.sim.world, V, input);
}

function refOf(task: SimTask) {
  return { vendorTaskId: task.id, locator: { workflowId: String(task.extra.workflowId) } };
}

async function caught(promise: Promise<unknown>): Promise<VendorError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(VendorError);
    return error as VendorError;
  }
  throw new Error('expected a VendorError');
}

const approve: CompletionRequest = {
  resultCode: null,
  data: { userChoice: 'approved' },
  comment: null,
};

beforeAll(async () => {
  h = await startHarness();
});

afterAll(async () => {
  await h.close();
});

beforeEach(() => {
  h.sim.world.tasks.clear();
  h.sim.world.writes.length = 0;
  h.sim.world.clearFaults();
  requests.length = 0;
});

describe('workflowsvc: listing', () => {
  it('reads every page and keeps only USER_INPUT steps waiting for this user', async () => {
    const mine = Array.from({ length: 2 * LIST_PAGE_SIZE + 10 }, (_, i) =>
      sim({ title: `Approve drawing ${i}` }),
    );
    sim({ assignee: { ...U.other } }); // someone else's input
    sim({ assignee: null }); // nobody may answer
    const done = sim();
    h.sim.world.update(V, done.id, (t) => (t.status = 'completed'));
    sim({ extra: { nsfilter: 'another_ns' } }); // another project

    const { acc, adapter } = await signedIn();
    const tasks = await adapter.listOpenTasks();

    expect(tasks.map((t) => t.vendorTaskId).sort()).toEqual(mine.map((t) => t.id).sort());
    for (const task of tasks) expect(() => TaskSchema.parse(task)).not.toThrow();
    const first = tasks.find((t) => t.vendorTaskId === mine[0]?.id) as Task;
    expect(first).toMatchObject({
      id: `${acc.id}:${mine[0]?.id}`,
      locator: { workflowId: String(mine[0]?.extra.workflowId) },
      title: 'Approve drawing 0',
      workflowName: 'Approval',
      status: 'open',
      rawStatus: 'RUNNING',
      assignee: { id: U.me.id },
      escalated: false,
      webUrl: null,
      detailLoaded: false,
    });
    expect(first.completion.kind).toBe('form');
    expect(first.completion.fields[0]).toMatchObject({
      name: 'userChoice',
      type: 'select',
      required: true,
      options: [
        { value: 'approved', label: 'approved' },
        { value: 'rejected', label: 'rejected' },
      ],
    });

    const lists = requests.filter((r) => r.url.pathname === `/twinit${API}/workflows`);
    expect(lists.map((r) => r.url.searchParams.get('_offset'))).toEqual(['0', '25', '50']);
    for (const { url } of lists) {
      expect(url.searchParams.get('nsfilter')).toBe(U.nsfilter);
      expect(url.searchParams.get('_status')).toBe('RUNNING');
      expect(JSON.parse(url.searchParams.get('sort') ?? '')).toEqual({ _createdAt: 1 });
    }
  });

  it('lists two inputs of one run and keeps huge ids exactly', async () => {
    const runId = '98765432109876543210987654321';
    const a = sim({ id: '123456789012345678901234567890', extra: { workflowId: runId } });
    const b = sim({ id: '9007199254740993', extra: { workflowId: runId } });
    const { acc, adapter } = await signedIn();
    const tasks = await adapter.listOpenTasks();
    expect(tasks.map((t) => [t.id, t.vendorTaskId, t.locator.workflowId]).sort()).toEqual(
      [
        [`${acc.id}:${a.id}`, a.id, runId],
        [`${acc.id}:${b.id}`, b.id, runId],
      ].sort(),
    );
    const detail = await adapter.getTask(refOf(b));
    expect(detail.vendorTaskId).toBe('9007199254740993');
  });

  it('keeps the nanoseconds of workflowsvc timestamps', async () => {
    sim();
    const { adapter } = await signedIn();
    const [task] = await adapter.listOpenTasks();
    const raw = (task?.raw as { task: { _createdAt: string } }).task._createdAt;
    expect(raw).toMatch(/\.\d{9}Z$/);
    expect(task?.createdAt).toBe(Temporal.Instant.from(raw).toString());
    expect(Temporal.Instant.from(task?.createdAt ?? '').epochNanoseconds).toBe(
      Temporal.Instant.from(raw).epochNanoseconds,
    );
  });

  it('decides overdue from the step timeout, the run timeout, or the age limit', async () => {
    const now = Date.now();
    const late = sim({ title: 'late' });
    await control(h.sim, 'POST', `/tasks/${V}/${late.id}/overdue`);
    const future = sim({ title: 'future', dueAt: now + 3 * 3600_000 });
    const old = sim({ title: 'old', dueAt: null, createdAt: now - 72 * 3600_000 });
    const young = sim({ title: 'young', dueAt: null, createdAt: now - 3600_000 });
    const runLate = sim({
      title: 'run-late',
      dueAt: null,
      createdAt: now - 2 * 3600_000,
      extra: { runTimeoutSeconds: 60 },
    });
    const { adapter } = await signedIn();
    const byTitle = new Map((await adapter.listOpenTasks()).map((t) => [t.title, t]));

    expect(byTitle.get('late')).toMatchObject({ overdue: true });
    expect(byTitle.get('future')?.overdue).toBe(false);
    const due = Temporal.Instant.from(byTitle.get('future')?.dueAt ?? '').epochMilliseconds;
    expect(Math.abs(due - (future.dueAt ?? 0))).toBeLessThan(1000);
    expect(byTitle.get('old')).toMatchObject({ overdue: true, dueAt: null });
    expect(byTitle.get('young')).toMatchObject({ overdue: false, dueAt: null });
    expect(byTitle.get('run-late')?.overdue).toBe(true);
    expect(byTitle.get('run-late')?.dueAt).not.toBeNull();
    expect([old.id, young.id, runLate.id]).toHaveLength(3);
  });

  it('accepts v5.0 pages: a `_count` envelope and a bare array', async () => {
    for (let i = 0; i < LIST_PAGE_SIZE + 5; i += 1) sim();
    for (const shape of ['count', 'bare'] as const) {
      const v50: FetchLike = async (input, init) => {
        const response = await recordingFetch(input, init);
        if (!new URL(input.toString()).pathname.endsWith(`${API}/workflows`)) return response;
        const body = (await response.json()) as { _list: unknown[]; _offset: number };
        const out =
          shape === 'bare' ? body._list : { _count: body._list.length, _list: body._list };
        return new Response(JSON.stringify(out), { status: 200 });
      };
      const { adapter } = await signedIn({ fetch: v50 });
      expect(await adapter.listOpenTasks()).toHaveLength(LIST_PAGE_SIZE + 5);
    }
  });
});

describe('workflowsvc: detail, completion, reassign', () => {
  it('reads a step with its form, earlier steps and logs', async () => {
    const now = Date.now();
    const task = sim({
      title: 'Check the clash report',
      description: 'Clash between duct and beam on level 3.',
      fields: [
        {
          name: 'remarks',
          label: 'Remarks',
          type: 'text',
          required: true,
          value: null,
          options: [],
        },
        {
          name: 'clashes',
          label: 'Clashes',
          type: 'number',
          required: false,
          value: 3,
          options: [],
        },
        {
          name: 'reviewDate',
          label: 'Review date',
          type: 'date',
          required: false,
          value: null,
          options: [],
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
          name: 'discipline',
          label: 'Discipline',
          type: 'select',
          required: false,
          value: null,
          options: ['MEP', 'Structure'],
        },
        {
          name: 'markup',
          label: 'Markup',
          type: 'file',
          required: false,
          value: null,
          options: [],
        },
      ],
      previousSteps: [
        {
          stepName: 'Draft check',
          completedBy: 'Kim Ito',
          completedAt: now - 3 * 3600_000,
          result: 'approved',
          data: { note: 'fine' },
        },
      ],
      logs: [{ at: Date.UTC(2026, 2, 10, 17, 26, 8), level: 'INFO', message: 'Waiting for input' }],
    });
    const { adapter } = await signedIn();
    const detail = await adapter.getTask(refOf(task));

    expect(() => TaskSchema.parse(detail)).not.toThrow();
    expect(detail.detailLoaded).toBe(true);
    expect(detail.description).toBe('Clash between duct and beam on level 3.');
    expect(detail.logs).toEqual([
      { at: '2026-03-10T17:26:08Z', level: 'INFO', message: 'Waiting for input' },
    ]);
    expect(detail.completion.fields.map((f) => [f.name, f.type, f.required, f.label])).toEqual([
      ['userChoice', 'select', true, 'Decision'],
      ['remarks', 'text', true, 'Remarks'],
      ['clashes', 'number', false, 'Clashes'],
      ['reviewDate', 'date', false, 'Review date'],
      ['urgent', 'boolean', false, 'Urgent'],
      ['discipline', 'select', false, 'Discipline'],
      ['markup', 'file', false, 'Markup'],
    ]);
    expect(detail.completion.fields.find((f) => f.name === 'clashes')?.value).toBe(3);
    const steps = detail.previousSteps;
    expect(steps).toHaveLength(3); // two automated steps, then the earlier input
    expect(steps[2]).toMatchObject({
      stepName: 'Draft check',
      data: { note: 'fine', userChoice: 'approved' },
    });
    expect(steps[2]?.completedAt).not.toBeNull();
  });

  it('sends exactly the form values on the singular path; the step then leaves the list', async () => {
    const task = sim({
      fields: [
        {
          name: 'remarks',
          label: 'Remarks',
          type: 'text',
          required: false,
          value: null,
          options: [],
        },
      ],
    });
    const { adapter } = await signedIn();
    const outcome = await adapter.complete(refOf(task), {
      resultCode: null,
      data: { userChoice: 'approved', remarks: 'Looks good' },
      comment: 'not sent',
    });

    expect(outcome).toEqual({ completedAt: null, nextStep: null });
    expect(h.sim.world.writes).toHaveLength(1);
    expect(h.sim.world.writes[0]).toMatchObject({
      vendor: V,
      kind: 'complete',
      taskId: task.id,
      path: `${API}/workflow/${task.extra.workflowId}/userinput/${task.id}`,
      body: { _userInput: { userChoice: 'approved', remarks: 'Looks good' } },
    });
    expect(h.sim.world.get(V, task.id)?.status).toBe('completed');
    expect(await adapter.listOpenTasks()).toEqual([]);
    const after = await adapter.getTask(refOf(task));
    expect(after).toMatchObject({ status: 'completed', rawStatus: 'COMPLETED' });
    expect(after.completion.kind).toBe('none');
    expect((await caught(adapter.complete(refOf(task), approve))).kind).toBe('conflict');
  });

  it('falls back to the plural path on a 404, then keeps using it', async () => {
    const first = sim();
    const second = sim();
    h.sim.world.addFault({ vendor: V, kind: 'status', status: 404, pathIncludes: '/workflow/' });
    const { adapter } = await signedIn();
    await adapter.complete(refOf(first), approve);
    await adapter.complete(refOf(second), approve);

    expect(h.sim.world.writes.map((w) => w.path)).toEqual([
      `${API}/workflows/${first.extra.workflowId}/userinput/${first.id}`,
      `${API}/workflows/${second.extra.workflowId}/userinput/${second.id}`,
    ]);
    const posts = requests.filter(
      (r) => r.method === 'POST' && r.url.pathname.includes('/userinput/'),
    );
    expect(posts.map((r) => r.url.pathname.includes(`${API}/workflow/`))).toEqual([
      true,
      false,
      false,
    ]);
    expect(posts.every((r) => r.url.searchParams.get('nsfilter') === U.nsfilter)).toBe(true);
  });

  it('refuses what the form does not allow before sending anything', async () => {
    const task = sim();
    const { adapter } = await signedIn();
    const error = await caught(
      adapter.complete(refOf(task), {
        resultCode: null,
        data: { userChoice: 'maybe' },
        comment: null,
      }),
    );
    expect(error.kind).toBe('validation');
    expect(error.fields.map((f) => f.field)).toEqual(['userChoice']);
    expect(h.sim.world.writes).toEqual([]);
  });

  it('maps workflowsvc’s own 400 with its field details', async () => {
    const task = sim({
      fields: [
        {
          name: 'reviewDate',
          label: 'Review date',
          type: 'date',
          required: true,
          value: null,
          options: [],
        },
      ],
    });
    const { adapter } = await signedIn();
    // A date the form check accepts but the service's `format: date` does not.
    const error = await caught(
      adapter.complete(refOf(task), {
        resultCode: null,
        data: { userChoice: 'approved', reviewDate: 'March 10, 2026' },
        comment: null,
      }),
    );
    expect(error).toMatchObject({ kind: 'validation', status: 400 });
    expect(error.fields).toEqual([
      { field: 'reviewDate', message: 'must be a date as YYYY-MM-DD' },
    ]);
    expect(error.message).toContain('Invalid user input');
    expect(h.sim.world.get(V, task.id)?.status).toBe('open');
  });

  it('says reassigning is unsupported, and why', async () => {
    const task = sim();
    const { adapter } = await signedIn();
    const error = await caught(
      adapter.reassign(refOf(task), { kind: 'user', id: U.other.id, comment: null }),
    );
    expect(error.kind).toBe('unsupported');
    const caps = workflowsvcFactory.capabilities;
    expect(caps).toMatchObject({
      reassignToUser: false,
      reassignToGroup: false,
      escalation: false,
    });
    expect(caps.limitations.join(' ')).toMatch(/Reassigning is not possible/);
    expect(caps.limitations.join(' ')).toMatch(/escalation/);
  });
});

describe('workflowsvc: errors', () => {
  const LIST = `${API}/workflows`;
  let adapter: VendorAdapter;
  beforeEach(async () => {
    sim();
    ({ adapter } = await signedIn());
  });

  const cases: [
    string,
    Parameters<Harness['sim']['world']['addFault']>[0],
    string,
    number | null,
  ][] = [
    ['403', { kind: 'status', status: 403 }, 'forbidden', 403],
    ['500', { kind: 'status', status: 500 }, 'server', 500],
    ['dropped connection', { kind: 'drop', remaining: 3 }, 'network', null],
    ['malformed JSON', { kind: 'malformed' }, 'malformed', 200],
    [
      'a 401 that renewing does not cure',
      { kind: 'status', status: 401, remaining: 2 },
      'auth',
      401,
    ],
  ];
  for (const [name, fault, kind, status] of cases) {
    it(`maps ${name} to ${kind}`, async () => {
      h.sim.world.addFault({ vendor: V, pathIncludes: LIST, method: 'GET', ...fault });
      const error = await caught(adapter.listOpenTasks());
      expect(error.kind).toBe(kind);
      expect(error.status).toBe(status);
    });
  }

  it('maps an unknown workflow to not_found', async () => {
    const error = await caught(
      adapter.getTask({ vendorTaskId: 'nope', locator: { workflowId: 'no-such-run' } }),
    );
    expect(error).toMatchObject({ kind: 'not_found', status: 404 });
    expect(error.message).toContain('Workflow no-such-run not found');
  });

  it('maps a wrong-shape reply (a run without `_id`) to malformed', async () => {
    const broken: FetchLike = async (input, init) => {
      if (!new URL(input.toString()).pathname.endsWith(LIST)) return recordingFetch(input, init);
      const body = { _offset: 0, _pageSize: 25, _total: 1, _list: [{ _name: 'x', _tasks: [] }] };
      return new Response(JSON.stringify(body), { status: 200 });
    };
    const error = await caught((await signedIn({ fetch: broken })).adapter.listOpenTasks());
    expect(error.kind).toBe('malformed');
    expect(error.message).toContain('_id');
  });

  it('waits out a short Retry-After and succeeds', async () => {
    h.sim.world.addFault({ vendor: V, pathIncludes: LIST, kind: 'rate-limit', retryAfterSec: 1 });
    const started = Date.now();
    expect(await adapter.listOpenTasks()).toHaveLength(1);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });

  it('surfaces a long Retry-After as rate_limited', async () => {
    h.sim.world.addFault({ vendor: V, pathIncludes: LIST, kind: 'rate-limit', retryAfterSec: 30 });
    const error = await caught(adapter.listOpenTasks());
    expect(error).toMatchObject({ kind: 'rate_limited', status: 429, retryAfterMs: 30_000 });
  });

  it('renews the token after a single 401 without the user noticing', async () => {
    const { acc, adapter: fresh } = await signedIn();
    await fresh.listOpenTasks();
    const before = await h.secrets.get(acc.id, 'refreshToken');
    h.sim.world.addFault({ vendor: V, pathIncludes: LIST, kind: 'status', status: 401 });
    expect(await fresh.listOpenTasks()).toHaveLength(1);
    expect(await h.secrets.get(acc.id, 'refreshToken')).not.toBe(before);
  });
});

describe('workflowsvc: sign-in and tokens', () => {
  it('refreshes (and rotates) after the simulator expires every token', async () => {
    sim();
    const { acc, adapter } = await signedIn();
    expect(await adapter.listOpenTasks()).toHaveLength(1);
    const before = await h.secrets.get(acc.id, 'refreshToken');
    h.sim.world.expireTokens(V);
    expect(await adapter.listOpenTasks()).toHaveLength(1);
    expect(await h.secrets.get(acc.id, 'refreshToken')).not.toBe(before);
  });

  it('signs in through the browser with PKCE', async () => {
    sim();
    const acc = account();
    const adapter = workflowsvcFactory.create(acc, deps());
    expect((await caught(adapter.listOpenTasks())).kind).toBe('auth');

    expect(await adapter.signIn()).toEqual({ id: U.me.id, name: null });
    const opened = new URL(h.opened.at(-1) ?? '');
    expect(opened.pathname).toBe('/twinit/passportsvc/api/v2/oauth/authorize');
    expect(Object.fromEntries(opened.searchParams)).toMatchObject({
      client_id: U.clientId,
      scope: 'read write',
      response_type: 'code',
      code_challenge_method: 'S256',
    });
    expect(await h.secrets.get(acc.id, 'refreshToken')).toBeTruthy();
    expect(await adapter.listOpenTasks()).toHaveLength(1);
  });

  it('uses a pasted token, and cannot sign in with it', async () => {
    sim();
    revivePastedToken();
    const acc = account({ mode: 'token' });
    await h.secrets.set(acc.id, 'accessToken', U.token);
    const adapter = workflowsvcFactory.create(acc, deps());
    expect(await adapter.listOpenTasks()).toHaveLength(1);
    expect((await caught(adapter.signIn())).kind).toBe('unsupported');
  });

  it('the simulator checks nsfilter, the bearer token and the PKCE verifier', async () => {
    revivePastedToken();
    const base = `${h.sim.urls.twinitOrigin}${API}/workflows`;
    const auth = { Authorization: `Bearer ${U.token}` };
    const noNs = await fetch(base, { headers: auth });
    expect(noNs.status).toBe(400);
    expect(await noNs.json()).toMatchObject({ message: 'nsfilter is required' });
    const noToken = await fetch(`${base}?nsfilter=${U.nsfilter}`);
    expect(noToken.status).toBe(401);
    expect(noToken.headers.get('www-authenticate')).toMatch(/^Bearer/);
    const badGrant = await fetch(`${h.sim.urls.twinitOrigin}/passportsvc/api/v2/oauth/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        client_id: U.clientId,
        code: 'made-up',
        code_verifier: 'x'.repeat(43),
        redirect_uri: 'http://127.0.0.1:9/callback',
      }).toString(),
    });
    expect(badGrant.status).toBe(400);
    expect(await badGrant.json()).toMatchObject({ error: 'invalid_grant' });
  });

  it('never logs a credential', async () => {
    expect(h.logs.length).toBeGreaterThan(0);
    credentials.add(U.token);
    const text = h.logText();
    for (const secret of credentials) expect(text).not.toContain(secret);
  });
});

describe('workflowsvc: own harness', () => {
  it('reports a slow answer as timeout', async () => {
    const slow = await startHarness({ timeoutMs: 200 });
    try {
      createSimTask(slow.sim.world, V, {});
      const acc = WorkflowSvcAccountSchema.parse({
        id: 'twinit-slow',
        name: 'Slow',
        vendor: 'workflowsvc',
        origin: slow.sim.urls.twinitOrigin,
        nsfilter: U.nsfilter,
        userId: U.me.id,
        auth: { mode: 'token' },
      });
      await slow.secrets.set(acc.id, 'accessToken', U.token);
      slow.sim.world.addFault({ vendor: V, kind: 'slow', delayMs: 500, remaining: 3 });
      const adapter = workflowsvcFactory.create(acc, slow.deps);
      const error = await caught(adapter.listOpenTasks());
      expect(error.kind).toBe('timeout');

      // A pasted token that expires cannot be renewed: the user is told to paste a new one.
      slow.sim.world.expireTokens(V);
      const expired = await caught(adapter.listOpenTasks());
      expect(expired.kind).toBe('auth');
      expect(expired.hint).toMatch(/Paste a new Twinit token/);
      expect(slow.logText()).not.toContain(U.token);
    } finally {
      await slow.close();
    }
  });
});
