import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT, runCli } from '../../electron/cli/program';
import { secretEnvName } from '../../electron/cli/env-secrets';
import { startSimulator, type RunningSimulator } from '../../electron/simulator/server';
import { createSimTask } from '../../electron/simulator/task-factory';
import { SIM_USERS, SimWorld } from '../../electron/simulator/world';
import { READ_CACHE_MS } from '../../electron/core/assumptions/geotareas';
import { AlertSchema } from '../../shared/alert';
import { TaskSchema } from '../../shared/task';

let sim: RunningSimulator;
/** How far the simulated vendor's clock runs ahead: tests move it past its read cache. */
let vendorAhead = 0;

/** Lets the vendor's 15 s read cache expire, as waiting would, without waiting. */
function passVendorCache(): void {
  vendorAhead += READ_CACHE_MS;
}

beforeAll(async () => {
  // Every CLI run is a new process that signs in again: let the simulated tenant allow it.
  sim = await startSimulator({
    world: new SimWorld(() => Date.now() + vendorAhead),
    limits: { geotareasLoginsPer30s: 1000 },
  });
});

afterAll(async () => {
  await sim.close();
});

const geo = SIM_USERS.geotareas;

function home(config?: unknown): string {
  const dir = mkdtempSync(join(tmpdir(), 'tasktray-cli-'));
  if (config !== undefined)
    writeFileSync(
      join(dir, 'config.json'),
      typeof config === 'string' ? config : JSON.stringify(config),
    );
  return dir;
}

function geoConfig() {
  return {
    accounts: [
      {
        id: 'acme-geo',
        name: 'GeoTareas Acme',
        vendor: 'geotareas',
        baseUrl: sim.urls.geotareas,
        tenant: geo.tenant,
        email: geo.email,
      },
    ],
  };
}

const secretEnv = {
  [secretEnvName('acme-geo', 'password')]: geo.password,
  [secretEnvName('acme-geo', 'apiKey')]: geo.apiKey,
};

async function run(
  args: string[],
  dir: string,
  options: { env?: NodeJS.ProcessEnv; stop?: AbortSignal; stdin?: string } = {},
) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, {
    out: (line) => out.push(line),
    err: (line) => err.push(line),
    env: { TASKTRAY_HOME: dir, ...secretEnv, ...options.env },
    readStdin: async () => options.stdin ?? '',
    stopSignal: options.stop ?? AbortSignal.abort(),
  });
  return { code, out: out.join('\n'), err: err.join('\n'), lines: out };
}

/** The states of the completions kept in a CLI home's state folder. */
function queuedStates(dir: string): string[] {
  const folder = join(dir, 'state', 'outbox');
  if (!existsSync(folder)) return [];
  return readdirSync(folder)
    .filter((name) => name.endsWith('.json'))
    .map(
      (name) => (JSON.parse(readFileSync(join(folder, name), 'utf8')) as { state: string }).state,
    );
}

/** A new task, visible to the next read once the vendor's cache has moved on. */
function geoTask(title: string) {
  passVendorCache();
  return createSimTask(sim.world, 'geotareas', {
    title,
    results: [
      { code: 'sent', label: 'Enviado' },
      { code: 'failed', label: 'Fallido' },
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
        name: 'copies',
        label: 'Copias',
        type: 'number',
        required: false,
        value: null,
        options: [],
      },
    ],
  });
}

describe('tasktray CLI', () => {
  it('says how to start when nothing is configured', async () => {
    const result = await run(['list'], home());
    expect(result.code).toBe(EXIT.config);
    expect(result.err).toContain('No accounts are configured');
    expect(result.err).toContain('tasktray demo');
  });

  it('rejects unknown commands and bad arguments with usage errors', async () => {
    const dir = home(geoConfig());
    expect((await run(['frobnicate'], dir)).code).toBe(EXIT.usage);
    const badField = await run(
      ['complete', 'acme-geo:1', '--result', 'sent', '--field', 'novalue'],
      dir,
    );
    expect(badField.code).toBe(EXIT.usage);
    const badSecret = await run(['secret', 'set', 'acme-geo', 'pin'], dir);
    expect(badSecret.code).toBe(EXIT.usage);
    expect(badSecret.err).toContain('Allowed choices are');
  });

  it('keeps a corrupt config file aside and says so', async () => {
    const dir = home('{"accounts": [');
    const result = await run(['list'], dir);
    expect(result.code).toBe(EXIT.config);
    expect(result.err).toContain('was not valid JSON');
    expect(readdirSync(dir).some((name) => name.startsWith('config.json.corrupt-'))).toBe(true);
  });

  it('names what is wrong with an account and refuses secrets in the file', async () => {
    const config = geoConfig();
    const broken = {
      ...config.accounts[0],
      id: 'broken',
      baseUrl: 'http://geo.example.com/apidev/v1',
    };
    const leaky = { ...config.accounts[0], id: 'leaky', password: 'hunter2' };
    const dir = home({ accounts: [...config.accounts, broken, leaky] });
    const result = await run(['accounts'], dir);
    expect(result.code).toBe(EXIT.config);
    expect(result.out).toContain('acme-geo');
    expect(result.err).toContain('accounts[1]: baseUrl must be an https URL');
    expect(result.err).toContain(
      'accounts[2] has password: secrets do not belong in the config file',
    );
  });

  it('lists, shows and completes a task against the vendor', async () => {
    const task = geoTask('Enviar correo de bienvenida');
    const dir = home(geoConfig());
    const id = `acme-geo:${task.id}`;

    const table = await run(['list'], dir);
    expect(table.code).toBe(EXIT.ok);
    expect(table.out).toMatch(/^ID\s+VENDOR\s+TITLE\s+DUE/);
    expect(table.out).toContain(id);
    expect(table.out).toContain('Enviar correo de bienvenida');

    const json = await run(['list', '--json'], dir);
    const tasks = TaskSchema.array().parse(JSON.parse(json.out));
    expect(tasks.find((t) => t.id === id)?.vendorTaskId).toBe(task.id);

    const shown = await run(['show', id], dir);
    expect(shown.code).toBe(EXIT.ok);
    expect(shown.out).toContain('Results (--result):');
    expect(shown.out).toMatch(/sent\s+Enviado/);
    expect(shown.out).toMatch(/email_address\s+text, required/);

    const missing = await run(['complete', id, '--result', 'sent'], dir);
    expect(missing.code).toBe(EXIT.usage);
    expect(missing.err).toContain('Correo is required');
    const notANumber = await run(
      [
        'complete',
        id,
        '--result',
        'sent',
        '--field',
        'email_address=a@b.co',
        '--field',
        'copies=many',
      ],
      dir,
    );
    expect(notANumber.code).toBe(EXIT.usage);
    expect(notANumber.err).toContain('"many" is not a number');
    expect(sim.world.writes.filter((w) => w.taskId === task.id)).toEqual([]);

    const done = await run(
      [
        'complete',
        id,
        '--result',
        'sent',
        '--field',
        'email_address=a@b.co',
        '--field',
        'copies=2',
        '--comment',
        'hecho',
      ],
      dir,
    );
    expect(done.err).toBe('');
    expect(done.code).toBe(EXIT.ok);
    expect(done.out).toContain('Completed “Enviar correo de bienvenida”');
    expect(sim.world.writes.filter((w) => w.taskId === task.id).map((w) => w.body)).toEqual([
      {
        result_code: 'sent',
        captured_data: { email_address: 'a@b.co', copies: 2 },
        comment: 'hecho',
      },
    ]);
    passVendorCache();
    expect((await run(['show', id], dir)).code).toBe(EXIT.failed);
  });

  it('reassigns a task to another user, and insists on exactly one target', async () => {
    const task = geoTask('Revisar contrato');
    const dir = home(geoConfig());
    const id = `acme-geo:${task.id}`;
    expect((await run(['reassign', id], dir)).code).toBe(EXIT.usage);
    const both = await run(['reassign', id, '--user', '1', '--group', '2'], dir);
    expect(both.code).toBe(EXIT.usage);
    expect(both.err).toContain('exactly one of --user');
    const other = SIM_USERS.geotareas.other.id;
    const done = await run(['reassign', id, '--user', other, '--comment', 'vacaciones'], dir);
    expect(done.err).toBe('');
    expect(done.code).toBe(EXIT.ok);
    expect(done.out).toBe(`Reassigned “Revisar contrato” to user ${other}.`);
    expect(
      sim.world.writes.filter((w) => w.taskId === task.id).map((w) => [w.kind, w.body]),
    ).toEqual([['reassign', { assign_to_user_id: other, comment: 'vacaciones' }]]);
  });

  it('keeps a completion it could not send and exits 75', async () => {
    const task = geoTask('Revisar');
    const dir = home(geoConfig());
    sim.world.addFault({
      vendor: 'geotareas',
      kind: 'status',
      status: 503,
      pathIncludes: `/${task.id}/complete`,
    });
    const result = await run(
      ['complete', `acme-geo:${task.id}`, '--result', 'sent', '--field', 'email_address=x@y.z'],
      dir,
    );
    expect(result.code).toBe(EXIT.queued);
    expect(result.err).toContain('tasktray watch');
    expect(queuedStates(dir)).toEqual(['pending']);
  });

  it('keeps a completion while the vendor cannot be reached, checked against the task as last read', async () => {
    const task = geoTask('Sin conexión');
    const dir = home(geoConfig());
    const id = `acme-geo:${task.id}`;
    // Read once while online: its form is known from then on.
    expect((await run(['show', id], dir)).code).toBe(EXIT.ok);
    const never = geoTask('Nunca leída');
    sim.world.addFault({ vendor: 'geotareas', kind: 'drop', remaining: 1_000 });
    try {
      const missing = await run(['complete', id, '--result', 'sent'], dir);
      expect(missing.code).toBe(EXIT.usage);
      expect(missing.err).toContain('Correo is required');
      expect(queuedStates(dir)).toEqual([]);

      const kept = await run(
        ['complete', id, '--result', 'sent', '--field', 'email_address=x@y.z'],
        dir,
      );
      expect(kept.code).toBe(EXIT.queued);
      expect(kept.err).toContain('it is kept');
      expect(queuedStates(dir)).toEqual(['pending']);

      const unknown = await run(
        ['complete', `acme-geo:${never.id}`, '--result', 'sent', '--field', 'email_address=x@y.z'],
        dir,
      );
      expect(unknown.code).toBe(EXIT.failed);
      expect(unknown.err).toContain('Nothing was kept');
      expect(unknown.err).not.toContain('will retry');
      expect(queuedStates(dir)).toEqual(['pending']);
    } finally {
      sim.world.clearFaults();
    }
    expect(sim.world.writes.filter((w) => w.taskId === task.id)).toEqual([]);
  });

  it('reports a wrong password as a sign-in problem', async () => {
    // Its own account id: no session cached in the keychain by the other tests.
    const config = { accounts: [{ ...geoConfig().accounts[0], id: 'wrong-pass' }] };
    const result = await run(['list'], home(config), {
      env: {
        [secretEnvName('wrong-pass', 'password')]: 'wrong',
        [secretEnvName('wrong-pass', 'apiKey')]: geo.apiKey,
      },
    });
    expect(result.code).toBe(EXIT.failed);
    expect(result.err).toMatch(/GeoTareas Acme: .*(password|credentials)/i);
    expect(result.err).not.toContain('wrong');
  });

  it('watches: one JSON line per alert, and a restart repeats nothing', async () => {
    for (const world of [sim.world])
      for (const t of world.list('geotareas'))
        world.update('geotareas', t.id, (x) => (x.status = 'completed'));
    geoTask('Primera');
    geoTask('Segunda');
    const dir = home(geoConfig());
    const watchOnce = async () => {
      const stop = new AbortController();
      const pending = run(['watch', '--no-notify'], dir, { stop: stop.signal });
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      stop.abort();
      return pending;
    };
    const first = await watchOnce();
    expect(first.code).toBe(EXIT.ok);
    const alerts = first.lines.map((line) => AlertSchema.parse(JSON.parse(line)));
    expect(alerts.map((a) => [a.kind, a.body])).toEqual([['summary', '2 open tasks']]);
    expect(first.err).toContain('acme-geo: OK');

    const third = geoTask('Tercera');
    const second = await watchOnce();
    const again = second.lines.map((line) => AlertSchema.parse(JSON.parse(line)));
    expect(again.map((a) => [a.kind, a.title])).toEqual([['new', 'New task: Tercera']]);
    expect(again[0]?.taskIds).toEqual([`acme-geo:${third.id}`]);
  });
});
