// GeoTareas adapter against the simulator over real HTTP on 127.0.0.1.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AdapterDeps, VendorAdapter } from '../../electron/core/adapter';
import { geotareasFactory, LOGIN_BUDGET } from '../../electron/core/adapters/geotareas';
import type { FetchLike } from '../../electron/core/ports';
import { VendorError } from '../../electron/core/vendor-error';
import { seedDemoWorld } from '../../electron/simulator/demo';
import type { SimLimits } from '../../electron/simulator/server';
import { createSimTask, type SimTaskInput } from '../../electron/simulator/task-factory';
import {
  GEOTAREAS_SIM_WEB_PREFIX,
  setGeoTareasTenantTimeZone,
} from '../../electron/simulator/vendors/geotareas';
import { SIM_USERS, type SimTask } from '../../electron/simulator/world';
import { GeoTareasAccountSchema, type GeoTareasAccount } from '../../shared/account';
import { TaskSchema, taskId, type Task } from '../../shared/task';
import { startHarness, type Harness } from '../helpers/sim';

const G = SIM_USERS.geotareas;
const HIGH_LIMITS: SimLimits = {
  geotareasReadsPerMinute: 100_000,
  geotareasWritesPerMinute: 100_000,
  geotareasLoginsPer30s: 100_000,
  geotareasCacheMs: 0,
};
const HOUR = 3_600_000;
/** The simulated tenants in these tests keep Madrid time, as most GeoTareas customers do. */
const TENANT_ZONE = 'Europe/Madrid';

/** A harness whose GeoTareas tenant writes Madrid wall-clock times. */
async function geoHarness(options: Parameters<typeof startHarness>[0] = {}): Promise<Harness> {
  const h = await startHarness(options);
  setGeoTareasTenantTimeZone(h.sim.world, TENANT_ZONE);
  return h;
}

interface Call {
  method: string;
  path: string;
  status: number;
}

function account(h: Harness, overrides: Partial<GeoTareasAccount> = {}): GeoTareasAccount {
  return GeoTareasAccountSchema.parse({
    id: 'geo-test',
    name: 'GeoTareas test',
    vendor: 'geotareas',
    baseUrl: h.sim.urls.geotareas,
    tenant: G.tenant,
    email: G.email,
    timeZone: TENANT_ZONE,
    webUrl: `${h.sim.urls.origin}/geotareas${GEOTAREAS_SIM_WEB_PREFIX}`,
    ...overrides,
  });
}

/** Wraps the harness fetch, recording every request the adapter made. */
function recording(h: Harness): { calls: Call[]; fetch: FetchLike } {
  const calls: Call[] = [];
  const fetch: FetchLike = async (input, init) => {
    const response = await h.deps.fetch(input, init);
    const url = new URL(String(input));
    calls.push({
      method: init?.method ?? 'GET',
      path: `${url.pathname}${url.search}`,
      status: response.status,
    });
    return response;
  };
  return { calls, fetch };
}

const logins = (calls: Call[]) => calls.filter((c) => c.path.endsWith('/apidev/v1/login'));

async function adapterFor(
  h: Harness,
  overrides: Partial<GeoTareasAccount> = {},
  deps: Partial<AdapterDeps> = {},
): Promise<{ acc: GeoTareasAccount; adapter: VendorAdapter }> {
  const acc = account(h, overrides);
  if (!(await h.secrets.get(acc.id, 'password')))
    await h.secrets.set(acc.id, 'password', G.password);
  await h.secrets.set(acc.id, 'apiKey', G.apiKey);
  return { acc, adapter: geotareasFactory.create(acc, { ...h.deps, ...deps }) };
}

async function caught(promise: Promise<unknown>): Promise<VendorError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof VendorError) return error;
    throw error;
  }
  throw new Error('expected a VendorError');
}

const mine = (h: Harness, input: SimTaskInput = {}): SimTask =>
  createSimTask(h.sim.world, 'geotareas', input);

const ref = (task: SimTask) => ({ vendorTaskId: task.id, locator: {} });

const lastWrite = (h: Harness) => h.sim.world.writes.filter((w) => w.vendor === 'geotareas').at(-1);

describe('GeoTareas adapter', () => {
  let h: Harness;
  let adapter: VendorAdapter;
  let acc: GeoTareasAccount;

  beforeAll(async () => {
    h = await geoHarness({ limits: HIGH_LIMITS });
    ({ acc, adapter } = await adapterFor(h));
  });

  afterAll(async () => {
    await h.close();
  });

  it('lists every page of the inbox: own and group tasks, not others’, not completed', async () => {
    const hl = await geoHarness({ limits: HIGH_LIMITS });
    try {
      const world = hl.sim.world;
      const expected = new Set<string>();
      for (let i = 0; i < 230; i += 1) expected.add(createSimTask(world, 'geotareas').id);
      for (let i = 0; i < 5; i += 1)
        expected.add(
          createSimTask(world, 'geotareas', { assignee: null, group: { ...G.myGroup } }).id,
        );
      for (let i = 0; i < 4; i += 1)
        createSimTask(world, 'geotareas', { assignee: { ...G.other } });
      for (let i = 0; i < 3; i += 1)
        createSimTask(world, 'geotareas', { assignee: null, group: { ...G.otherGroup } });
      for (let i = 0; i < 2; i += 1) createSimTask(world, 'geotareas', { status: 'completed' });
      const { calls, fetch } = recording(hl);
      const { adapter: a, acc: listAcc } = await adapterFor(hl, {}, { fetch });

      const tasks = await a.listOpenTasks();

      expect(tasks).toHaveLength(235);
      expect(new Set(tasks.map((t) => t.vendorTaskId))).toEqual(expected);
      for (const task of tasks) {
        expect(TaskSchema.parse(task)).toEqual(task);
        expect(task.id).toBe(taskId(listAcc.id, task.vendorTaskId));
        expect(task.detailLoaded).toBe(false);
        expect(task.status).toBe('open');
        expect(task.rawStatus).toBe('PENDING');
      }
      expect(calls.map((c) => `${c.method} ${c.path.replace(/^.*\/apidev\/v1/, '')}`)).toEqual([
        'POST /login',
        'GET /workflow/tasks?limit=100&offset=0',
        'GET /workflow/tasks?limit=100&offset=100',
        'GET /workflow/tasks?limit=100&offset=200',
      ]);
    } finally {
      await hl.close();
    }
  });

  it('reads zone-less times in the account’s zone (Europe/Madrid)', async () => {
    const task = mine(h, {
      dueAt: Date.parse('2026-03-17T10:30:00Z'),
      createdAt: Date.parse('2026-07-01T10:00:00Z'),
    });
    const found = (await adapter.listOpenTasks()).find((t) => t.vendorTaskId === task.id);
    expect(found?.raw).toMatchObject({
      due_date: '2026-03-17T11:30:00',
      created_at: '2026-07-01T12:00:00',
    });
    expect(found?.dueAt).toBe('2026-03-17T10:30:00Z');
    expect(found?.createdAt).toBe('2026-07-01T10:00:00Z');

    // The same wall-clock text means another instant to an account in another zone.
    const { adapter: mexico } = await adapterFor(h, { timeZone: 'America/Mexico_City' });
    const other = (await mexico.listOpenTasks()).find((t) => t.vendorTaskId === task.id);
    expect(other?.dueAt).toBe('2026-03-17T17:30:00Z');
  });

  it('keeps ids beyond 2^53 exact, end to end', async () => {
    const big = '987654321987654321987';
    expect(String(Number(big))).not.toBe(big);
    mine(h, {
      id: big,
      entity: { type: 'CUENTA', id: '738291047382910473999', label: 'Acme Corp' },
      results: [{ code: 'ok', label: 'OK' }],
    });
    const listed = (await adapter.listOpenTasks()).find((t) => t.vendorTaskId === big);
    expect(listed?.id).toBe(`${acc.id}:${big}`);
    expect(listed?.entity?.id).toBe('738291047382910473999');
    const detail = await adapter.getTask({ vendorTaskId: big, locator: {} });
    expect(detail.vendorTaskId).toBe(big);
    await adapter.complete(detail, { resultCode: 'ok', data: {}, comment: null });
    expect(lastWrite(h)?.taskId).toBe(big);
    expect(lastWrite(h)?.path).toBe(`/apidev/v1/workflow/tasks/${big}/complete`);
  });

  it('marks overdue when the due time has passed by the clock, and escalation', async () => {
    const now = Date.now();
    const late = mine(h, { dueAt: now - 10 * 60_000 });
    const fine = mine(h, { dueAt: now + HOUR, escalated: true });
    const undated = mine(h, { dueAt: null });
    const byId = new Map((await adapter.listOpenTasks()).map((t) => [t.vendorTaskId, t]));
    expect(byId.get(late.id)?.overdue).toBe(true);
    expect(byId.get(fine.id)?.overdue).toBe(false);
    expect(byId.get(fine.id)?.escalated).toBe(true);
    expect(byId.get(late.id)?.escalated).toBe(false);
    expect(byId.get(undated.id)?.dueAt).toBeNull();
    expect(byId.get(undated.id)?.overdue).toBe(false);

    // Our clock decides, as GeoTareas' own rule does: an hour behind, the due time is still ahead.
    const behind = { now: () => Date.now() - HOUR, sleep: h.deps.clock.sleep };
    const { adapter: lagging } = await adapterFor(h, {}, { clock: behind });
    const seen = (await lagging.listOpenTasks()).find((t) => t.vendorTaskId === late.id);
    expect(seen?.overdue).toBe(false);
    expect(seen?.dueAt).toBe(byId.get(late.id)?.dueAt);
  });

  it('reads a task’s detail: results, fields, earlier steps and the web page', async () => {
    const task = mine(h, {
      title: 'Enviar correo de bienvenida',
      workflowName: 'Alta de cuenta nueva',
      description: 'Enviar el correo de bienvenida.',
      entity: { type: 'CUENTA', id: '738291047382910473', label: 'Acme Corp' },
      group: { ...G.myGroup },
      results: [
        { code: 'sent', label: 'Correo enviado' },
        { code: 'failed', label: 'Error al enviar' },
      ],
      fields: [
        {
          name: 'email_address',
          label: 'Correo',
          type: 'text',
          required: true,
          value: null,
          options: [],
        },
        {
          name: 'template',
          label: 'Plantilla',
          type: 'select',
          required: true,
          value: null,
          options: ['Estándar', 'Premium'],
        },
        {
          name: 'importe',
          label: 'Importe',
          type: 'number',
          required: false,
          value: 12.5,
          options: [],
        },
      ],
      previousSteps: [
        {
          stepName: 'Verificar contacto',
          completedBy: 'jdoe',
          completedAt: Date.parse('2026-03-15T10:30:00Z'),
          result: 'approved',
          data: { contact_verified: true },
        },
      ],
    });
    const detail = await adapter.getTask(ref(task));
    expect(TaskSchema.parse(detail)).toEqual(detail);
    expect(detail).toMatchObject({
      vendorTaskId: task.id,
      title: 'Enviar correo de bienvenida',
      workflowName: 'Alta de cuenta nueva',
      description: 'Enviar el correo de bienvenida.',
      detailLoaded: true,
      assignee: { id: G.me.id, name: G.me.name },
      group: { id: G.myGroup.id, name: G.myGroup.name },
      entity: { type: 'CUENTA', id: '738291047382910473', label: 'Acme Corp' },
      completion: {
        kind: 'results',
        results: [
          { code: 'sent', label: 'Correo enviado' },
          { code: 'failed', label: 'Error al enviar' },
        ],
        unavailableReason: null,
      },
      previousSteps: [
        {
          stepName: 'Verificar contacto',
          completedBy: 'jdoe',
          completedAt: '2026-03-15T10:30:00Z',
          result: 'approved',
          data: { contact_verified: true },
        },
      ],
    });
    expect(detail.completion.fields).toEqual([
      {
        name: 'email_address',
        label: 'Correo',
        type: 'text',
        required: true,
        value: null,
        options: [],
        description: null,
      },
      {
        name: 'template',
        label: 'Plantilla',
        type: 'select',
        required: true,
        value: null,
        options: [
          { value: 'Estándar', label: 'Estándar' },
          { value: 'Premium', label: 'Premium' },
        ],
        description: null,
      },
      {
        name: 'importe',
        label: 'Importe',
        type: 'number',
        required: false,
        value: 12.5,
        options: [],
        description: null,
      },
    ]);
    expect(detail.locator.instanceId).toMatch(/^\d+$/);
    expect(detail.webUrl).toBe(`${h.sim.urls.origin}/geotareas/app/workflow/tasks/${task.id}`);
    const page = await fetch(detail.webUrl ?? '');
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Enviar correo de bienvenida');
  });

  it('completes a task just opened without reading it again (the vendor would answer from its cache)', async () => {
    const task = mine(h, { results: [{ code: 'ok', label: 'OK' }], fields: [] });
    const { calls, fetch } = recording(h);
    const { adapter: watched } = await adapterFor(h, {}, { fetch });
    const reads = () =>
      calls.filter((c) => c.method === 'GET' && c.path.endsWith(`/workflow/tasks/${task.id}`));
    await watched.getTask(ref(task));
    await watched.complete(ref(task), { resultCode: 'ok', data: {}, comment: null });
    expect(reads()).toHaveLength(1);
    expect(h.sim.world.get('geotareas', task.id)?.status).toBe('completed');
  });

  it('completes with exactly the documented body, and the task leaves the inbox', async () => {
    const task = mine(h, {
      results: [{ code: 'sent', label: 'Enviado' }],
      fields: [
        {
          name: 'email_address',
          label: 'Correo',
          type: 'text',
          required: true,
          value: null,
          options: [],
        },
        {
          name: 'urgente',
          label: 'Urgente',
          type: 'boolean',
          required: false,
          value: null,
          options: [],
        },
      ],
      extra: { nextStep: 'Revisar paquete de bienvenida' },
    });
    const outcome = await adapter.complete(ref(task), {
      resultCode: 'sent',
      data: { email_address: 'contacto@acme.com', urgente: false, not_a_field: 'x' },
      comment: 'Correo enviado.',
    });
    const write = lastWrite(h);
    expect(write?.kind).toBe('complete');
    expect(write?.body).toEqual({
      result_code: 'sent',
      captured_data: { email_address: 'contacto@acme.com', urgente: false },
      comment: 'Correo enviado.',
    });
    expect(write?.headers).toMatchObject({
      authorization: expect.stringMatching(/^Bearer ey/),
      'x-api-key': G.apiKey,
      tenant: G.tenant,
      'content-type': 'application/json',
    });
    expect(outcome.nextStep).toBe('Revisar paquete de bienvenida');
    expect(Math.abs(Date.parse(outcome.completedAt ?? '') - Date.now())).toBeLessThan(5_000);
    expect(h.sim.world.get('geotareas', task.id)?.status).toBe('completed');
    const ids = (await adapter.listOpenTasks()).map((t) => t.vendorTaskId);
    expect(ids).not.toContain(task.id);
    // A fresh adapter (no memory of the completion) agrees: the vendor no longer lists it as open.
    const { adapter: fresh } = await adapterFor(h);
    expect((await fresh.listOpenTasks()).map((t) => t.vendorTaskId)).not.toContain(task.id);
  });

  it('checks a completion before sending it, and leaves out an empty comment', async () => {
    const task = mine(h, {
      fields: [
        {
          name: 'importe',
          label: 'Importe',
          type: 'number',
          required: true,
          value: null,
          options: [],
        },
      ],
    });
    const writes = h.sim.world.writes.length;
    const error = await caught(
      adapter.complete(ref(task), {
        resultCode: 'maybe',
        data: { importe: 'diez' },
        comment: null,
      }),
    );
    expect(error.kind).toBe('validation');
    expect(error.fields.map((f) => f.field).sort()).toEqual(['importe', 'result']);
    expect(h.sim.world.writes.length).toBe(writes);

    await adapter.complete(ref(task), {
      resultCode: 'approved',
      data: { importe: 10 },
      comment: '',
    });
    expect(lastWrite(h)?.body).toEqual({ result_code: 'approved', captured_data: { importe: 10 } });
  });

  it('says a step without results cannot be completed here', async () => {
    const task = mine(h, { results: [] });
    const detail = await adapter.getTask(ref(task));
    expect(detail.completion.kind).toBe('none');
    expect(detail.completion.unavailableReason).toMatch(/GeoTareas/);
    const error = await caught(
      adapter.complete(ref(task), { resultCode: null, data: {}, comment: null }),
    );
    expect(error.kind).toBe('unsupported');
  });

  it('refuses to complete a task that is already completed (conflict)', async () => {
    const task = mine(h);
    h.sim.world.update('geotareas', task.id, (t) => (t.status = 'completed'));
    const error = await caught(
      adapter.complete(ref(task), { resultCode: 'approved', data: {}, comment: null }),
    );
    expect(error.kind).toBe('conflict');
  });

  it('reassigns to a user (the task leaves the inbox) and to a group', async () => {
    const away = mine(h);
    await adapter.reassign(ref(away), { kind: 'user', id: G.other.id, comment: 'Para Jorge.' });
    expect(lastWrite(h)).toMatchObject({
      kind: 'reassign',
      taskId: away.id,
      body: { assign_to_user_id: G.other.id, comment: 'Para Jorge.' },
    });
    expect(h.sim.world.get('geotareas', away.id)?.assignee).toEqual(G.other);

    const toGroup = mine(h);
    await adapter.reassign(ref(toGroup), { kind: 'group', id: G.myGroup.id, comment: null });
    expect(lastWrite(h)?.body).toEqual({ assign_to_group_id: G.myGroup.id });

    const ids = (await adapter.listOpenTasks()).map((t) => t.vendorTaskId);
    expect(ids).not.toContain(away.id);
    expect(ids).toContain(toGroup.id);
    const { adapter: fresh } = await adapterFor(h);
    const listed = await fresh.listOpenTasks();
    expect(listed.map((t) => t.vendorTaskId)).not.toContain(away.id);
    expect(listed.find((t) => t.vendorTaskId === toGroup.id)).toMatchObject({
      assignee: null,
      group: { id: G.myGroup.id },
    });
    expect((await caught(fresh.getTask(ref(away)))).kind).toBe('not_found');
  });

  it('refuses a comment over the limit before sending, and maps GeoTareas validation errors to the fields they name', async () => {
    const task = mine(h);
    const writesBefore = h.sim.world.writes.length;
    const tooLong = await caught(
      adapter.complete(ref(task), { resultCode: 'approved', data: {}, comment: 'x'.repeat(2001) }),
    );
    expect(tooLong.kind).toBe('validation');
    expect(tooLong.fields?.map((f) => f.field)).toEqual(['comment']);
    expect(h.sim.world.writes.length).toBe(writesBefore);

    const unknown = await caught(
      adapter.reassign(ref(task), { kind: 'user', id: '111', comment: null }),
    );
    expect(unknown).toMatchObject({
      kind: 'validation',
      status: 400,
      vendorCode: 'VALIDATION_ERROR',
    });
    expect(unknown.fields).toEqual([
      { field: 'id', message: 'assign_to_user_id 111 does not exist' },
    ]);
    expect(unknown.requestId).toMatch(/^req_/);
    expect(h.sim.world.get('geotareas', task.id)?.status).toBe('open');
  });

  it('maps 404 to not_found', async () => {
    const error = await caught(
      adapter.getTask({ vendorTaskId: '123456789012345678', locator: {} }),
    );
    expect(error).toMatchObject({ kind: 'not_found', status: 404, vendorCode: 'NOT_FOUND' });
  });

  it('maps 403 to forbidden with a permission hint', async () => {
    h.sim.world.addFault({
      vendor: 'geotareas',
      kind: 'status',
      status: 403,
      pathIncludes: '/workflow/tasks',
    });
    const error = await caught(adapter.listOpenTasks());
    expect(error).toMatchObject({ kind: 'forbidden', status: 403, vendorCode: 'FORBIDDEN' });
    expect(error.hint).toMatch(/permission/);
  });

  it('maps an injected 400 to validation', async () => {
    h.sim.world.addFault({
      vendor: 'geotareas',
      kind: 'status',
      status: 400,
      pathIncludes: '/workflow/tasks',
    });
    const error = await caught(adapter.listOpenTasks());
    expect(error).toMatchObject({ kind: 'validation', status: 400, fields: [] });
  });

  it('signs in again after one 401 and retries; a second 401 blames the API key', async () => {
    const { calls, fetch } = recording(h);
    const { adapter: a } = await adapterFor(h, {}, { fetch });
    await a.listOpenTasks();
    h.sim.world.addFault({
      vendor: 'geotareas',
      kind: 'status',
      status: 401,
      pathIncludes: '/workflow/tasks',
    });
    const before = logins(calls).length;
    await a.listOpenTasks();
    expect(logins(calls).length).toBe(before + 1);

    h.sim.world.addFault({
      vendor: 'geotareas',
      kind: 'status',
      status: 401,
      pathIncludes: '/workflow/tasks',
      remaining: 2,
    });
    const error = await caught(a.listOpenTasks());
    expect(error.kind).toBe('auth');
    expect(error.message).toMatch(/API key/);
  });

  it('honours a small Retry-After inline', async () => {
    h.sim.world.addFault({
      vendor: 'geotareas',
      kind: 'rate-limit',
      retryAfterSec: 1,
      pathIncludes: '/workflow/tasks',
    });
    const started = Date.now();
    await adapter.listOpenTasks();
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });

  it('surfaces a long Retry-After as rate_limited', async () => {
    h.sim.world.addFault({
      vendor: 'geotareas',
      kind: 'rate-limit',
      retryAfterSec: 120,
      pathIncludes: '/workflow/tasks',
    });
    const error = await caught(adapter.listOpenTasks());
    expect(error).toMatchObject({ kind: 'rate_limited', status: 429, retryAfterMs: 120_000 });
  });

  it('falls back to X-RateLimit-Reset when a 429 has no Retry-After', async () => {
    h.sim.world.addFault({
      vendor: 'geotareas',
      kind: 'status',
      status: 429,
      pathIncludes: '/workflow/tasks',
    });
    const error = await caught(adapter.listOpenTasks());
    expect(error.kind).toBe('rate_limited');
    expect(error.vendorCode).toBe('RATE_LIMITED');
    expect(error.retryAfterMs).toBeGreaterThan(0);
    expect(error.retryAfterMs).toBeLessThanOrEqual(61_000);
  });

  it('maps 500 to server', async () => {
    h.sim.world.addFault({
      vendor: 'geotareas',
      kind: 'status',
      status: 500,
      pathIncludes: '/workflow/tasks',
    });
    const error = await caught(adapter.listOpenTasks());
    expect(error).toMatchObject({ kind: 'server', status: 500, vendorCode: 'INTERNAL_ERROR' });
  });

  it('maps a dropped connection to network', async () => {
    h.sim.world.addFault({
      vendor: 'geotareas',
      kind: 'drop',
      pathIncludes: '/workflow/tasks',
      remaining: 3,
    });
    expect((await caught(adapter.listOpenTasks())).kind).toBe('network');
  });

  it('maps a reply slower than the timeout to timeout', async () => {
    const { adapter: hasty } = await adapterFor(h, {}, { timeoutMs: 150 });
    await hasty.listOpenTasks(); // signs in with the normal pace first
    h.sim.world.addFault({
      vendor: 'geotareas',
      kind: 'slow',
      delayMs: 500,
      pathIncludes: '/workflow/tasks',
      remaining: 3,
    });
    expect((await caught(hasty.listOpenTasks())).kind).toBe('timeout');
  });

  it('maps invalid JSON and wrong shapes to malformed', async () => {
    h.sim.world.addFault({
      vendor: 'geotareas',
      kind: 'malformed',
      pathIncludes: '/workflow/tasks',
    });
    expect((await caught(adapter.listOpenTasks())).kind).toBe('malformed');

    mine(h);
    const tamper =
      (change: (body: { data: Record<string, unknown>[]; meta?: unknown }) => void): FetchLike =>
      async (input, init) => {
        const response = await fetch(input, init);
        if (!String(input).includes('/workflow/tasks?')) return response;
        const body = (await response.json()) as { data: Record<string, unknown>[]; meta?: unknown };
        change(body);
        return new Response(JSON.stringify(body), {
          status: response.status,
          headers: response.headers,
        });
      };
    const numericId = await adapterFor(
      h,
      {},
      {
        fetch: tamper((body) => {
          const first = body.data[0];
          if (first) first.id = Number(first.id);
        }),
      },
    );
    const wrongId = await caught(numericId.adapter.listOpenTasks());
    expect(wrongId.kind).toBe('malformed');
    expect(wrongId.message).toMatch(/data\.0\.id/);
    const noMeta = await adapterFor(h, {}, { fetch: tamper((body) => delete body.meta) });
    expect((await caught(noMeta.adapter.listOpenTasks())).kind).toBe('malformed');
  });

  it('signs in again after the vendor expires its tokens', async () => {
    const { calls, fetch } = recording(h);
    const { adapter: a } = await adapterFor(h, {}, { fetch });
    await a.listOpenTasks();
    const before = logins(calls).length;
    h.sim.world.expireTokens('geotareas');
    const tasks = await a.listOpenTasks();
    expect(tasks.length).toBeGreaterThan(0);
    expect(logins(calls).length).toBe(before + 1);
    expect(calls.filter((c) => c.status === 401)).toHaveLength(1);
  });

  it('signs in before a request when the JWT’s exp has passed, without a 401', async () => {
    const { calls, fetch } = recording(h);
    const later = { now: () => Date.now() + HOUR - 30_000, sleep: h.deps.clock.sleep };
    const { adapter: a } = await adapterFor(h, {}, { fetch, clock: later });
    await a.getTask(ref(mine(h)));
    expect(calls.map((c) => c.method)).toEqual(['POST', 'GET']);
    expect(calls.every((c) => c.status === 200)).toBe(true);
  });

  it('reports who signed in', async () => {
    expect(await adapter.signIn()).toEqual({ id: G.me.id, name: null });
  });

  it('says so on a wrong password and does not try it again', async () => {
    const { calls, fetch } = recording(h);
    await h.secrets.set('geo-wrong', 'password', 'not-the-password');
    const { adapter: a } = await adapterFor(h, { id: 'geo-wrong' }, { fetch });
    const first = await caught(a.listOpenTasks());
    expect(first.kind).toBe('auth');
    expect(first.message).toMatch(/email or password/);
    expect(first.status).toBe(401);
    const second = await caught(a.listOpenTasks());
    expect(second.kind).toBe('auth');
    expect(calls).toHaveLength(1);

    await h.secrets.set('geo-wrong', 'password', G.password);
    await a.listOpenTasks();
    expect(logins(calls)).toHaveLength(2);
  });

  it('keeps its own login budget rather than hammer /login', async () => {
    const { calls, fetch } = recording(h);
    const { adapter: a } = await adapterFor(h, { id: 'geo-budget' }, { fetch });
    let error: VendorError | null = null;
    for (let i = 0; i < LOGIN_BUDGET + 2 && !error; i += 1) {
      h.sim.world.expireTokens('geotareas');
      try {
        await a.listOpenTasks();
      } catch (caughtError) {
        error = caughtError as VendorError;
      }
    }
    expect(error?.kind).toBe('rate_limited');
    expect(error?.retryAfterMs).toBeGreaterThan(0);
    expect(error?.retryAfterMs).toBeLessThanOrEqual(30_000);
    expect(logins(calls)).toHaveLength(LOGIN_BUDGET);
  });

  it('declares the documented limits, with sign-in left to the session', () => {
    const budget = geotareasFactory.budget;
    const url = (path: string) => new URL(`${h.sim.urls.geotareas}${path}`);
    expect(budget?.read).toEqual({ limit: 30, windowMs: 60_000 });
    expect(budget?.write).toEqual({ limit: 10, windowMs: 60_000 });
    expect(budget?.minPollIntervalMs).toBe(15_000);
    expect(budget?.classify('POST', url('/login'))).toBe('exempt');
    expect(budget?.classify('GET', url('/workflow/tasks'))).toBe('read');
    expect(budget?.classify('POST', url('/workflow/tasks/1/complete'))).toBe('write');
  });

  it('never logs a secret', async () => {
    const text = h.logText();
    expect(text.length).toBeGreaterThan(100);
    for (const secret of [G.password, G.apiKey, await h.secrets.get(acc.id, 'accessToken')]) {
      expect(secret).toBeTruthy();
      expect(text).not.toContain(secret as string);
    }
  });
});

describe('GeoTareas simulator', () => {
  let h: Harness;
  const api = (path: string) => `${h.sim.urls.geotareas}${path}`;

  async function login(password: string = G.password): Promise<Response> {
    return fetch(api('/login'), {
      method: 'POST',
      headers: { tenant: G.tenant, 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: G.email, password }),
    });
  }

  beforeAll(async () => {
    h = await geoHarness({ limits: { geotareasReadsPerMinute: 3, geotareasLoginsPer30s: 100 } });
  });

  afterAll(async () => {
    await h.close();
  });

  it('answers the documented envelope, headers and error bodies', async () => {
    const signedIn = await login();
    const body = (await signedIn.json()) as { success: boolean; data: { authorization: string } };
    expect(body.success).toBe(true);
    expect(body.data.authorization.split('.')).toHaveLength(3);

    const noKey = await fetch(api('/workflow/tasks'), {
      headers: { Authorization: `Bearer ${body.data.authorization}`, tenant: G.tenant },
    });
    expect(noKey.status).toBe(400);
    expect(await noKey.json()).toEqual({
      success: false,
      data: null,
      error: { code: 'BAD_REQUEST', message: 'Missing required headers: x-api-key' },
    });
    for (const name of [
      'X-RateLimit-Limit',
      'X-RateLimit-Remaining',
      'X-RateLimit-Reset',
      'X-Request-Id',
    ])
      expect(noKey.headers.get(name)).toBeTruthy();

    const badToken = await fetch(api('/workflow/tasks'), {
      headers: { Authorization: 'Bearer nope', 'X-API-Key': G.apiKey, tenant: G.tenant },
    });
    expect(badToken.status).toBe(401);
    expect(((await badToken.json()) as { error: { code: string } }).error.code).toBe(
      'UNAUTHORIZED',
    );

    const badLimit = await fetch(api('/workflow/tasks?limit=101'), {
      headers: {
        Authorization: `Bearer ${body.data.authorization}`,
        'X-API-Key': G.apiKey,
        tenant: G.tenant,
      },
    });
    expect(badLimit.status).toBe(400);
    expect(await badLimit.json()).toMatchObject({
      error: {
        code: 'VALIDATION_ERROR',
        details: [{ field: 'limit', message: 'limit must be an integer from 1 to 100' }],
      },
    });
  });

  it('limits reads in a sliding window; the adapter surfaces the long wait', async () => {
    // Three reads a minute: the first test spent two, so the second poll here is refused.
    const { adapter } = await adapterFor(h, { id: 'geo-reads' });
    const error = await caught(adapter.listOpenTasks().then(() => adapter.listOpenTasks()));
    expect(error.kind).toBe('rate_limited');
    expect(error.vendorCode).toBe('RATE_LIMITED');
    expect(error.retryAfterMs).toBeGreaterThan(5_000);
    expect(error.requestId).toMatch(/^req_/);
  });

  it('blocks an account for 60 s after five failed logins', async () => {
    for (let i = 0; i < 5; i += 1) expect((await login('wrong')).status).toBe(401);
    const blocked = await login();
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('Retry-After'))).toBeGreaterThan(30);
    expect(((await blocked.json()) as { error: { code: string } }).error.code).toBe('RATE_LIMITED');

    const { calls, fetch } = recording(h);
    const { adapter } = await adapterFor(h, { id: 'geo-blocked' }, { fetch });
    const first = await caught(adapter.listOpenTasks());
    expect(first.kind).toBe('rate_limited');
    expect(first.retryAfterMs).toBeGreaterThan(30_000);
    const second = await caught(adapter.listOpenTasks());
    expect(second.kind).toBe('rate_limited');
    expect(calls).toHaveLength(1);
  });
});

describe('GeoTareas read cache', () => {
  it('serves lists from a 15 s cache; the adapter hides its own completions meanwhile', async () => {
    const h = await geoHarness({ limits: { geotareasReadsPerMinute: 1000 } });
    try {
      const first = createSimTask(h.sim.world, 'geotareas');
      const { adapter } = await adapterFor(h);
      expect((await adapter.listOpenTasks()).map((t) => t.vendorTaskId)).toEqual([first.id]);
      const added = createSimTask(h.sim.world, 'geotareas');
      expect((await adapter.listOpenTasks()).map((t) => t.vendorTaskId)).toEqual([first.id]);
      await adapter.complete(ref(first), { resultCode: 'approved', data: {}, comment: null });
      expect(h.sim.world.get('geotareas', first.id)?.status).toBe('completed');
      // The cached page still says PENDING: this adapter knows better, a fresh one does not.
      expect(await adapter.listOpenTasks()).toEqual([]);
      const { adapter: fresh } = await adapterFor(h);
      expect((await fresh.listOpenTasks()).map((t) => t.vendorTaskId)).toEqual([first.id]);
      // The cache is per query: a detail not asked for before is fresh.
      expect((await fresh.getTask(ref(added))).vendorTaskId).toBe(added.id);
    } finally {
      await h.close();
    }
  });
});

describe('GeoTareas demo tenant', () => {
  it('lists and opens the demo tasks, in the machine’s zone as the demo account assumes', async () => {
    const h = await startHarness({ limits: HIGH_LIMITS });
    try {
      seedDemoWorld(h.sim.world, 7);
      const { adapter } = await adapterFor(h, { id: 'demo-geotareas', timeZone: undefined });
      const tasks: Task[] = await adapter.listOpenTasks();
      expect(tasks.length).toBe(h.sim.world.list('geotareas').length);
      expect(tasks.some((t) => t.overdue)).toBe(true);
      for (const summary of tasks) {
        const sim = h.sim.world.get('geotareas', summary.vendorTaskId);
        const due = sim?.dueAt ?? null;
        // Zone-less times come back as the same instant (to the second).
        expect(summary.dueAt && Date.parse(summary.dueAt)).toBe(
          due === null ? null : Math.floor(due / 1000) * 1000,
        );
        expect(summary.overdue).toBe(due !== null && due <= Date.now());
        const detail = await adapter.getTask(summary);
        expect(TaskSchema.parse(detail)).toEqual(detail);
        expect(detail.title).toBe(sim?.title);
        expect(detail.completion.results.length).toBeGreaterThan(0);
      }
    } finally {
      await h.close();
    }
  });
});
