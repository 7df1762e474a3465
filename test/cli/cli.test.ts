import { chmodSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notifySend } from '../../electron/cli/notify';
import { EXIT, MAX_RATE_LIMIT_WAIT_MS } from '../../electron/cli/program';
import { secretEnvName } from '../../electron/cli/env-secrets';
import { startSimulator, type RunningSimulator } from '../../electron/simulator/server';
import { createSimTask } from '../../electron/simulator/task-factory';
import { SIM_USERS, SimWorld } from '../../electron/simulator/world';
import { READ_CACHE_MS } from '../../electron/core/assumptions/geotareas';
import { AlertSchema, type Alert } from '../../shared/alert';
import { TaskSchema } from '../../shared/task';
import { cliHome, runCliIn, simGeoSecretEnv, type CliRunOptions } from '../helpers/cli';
import { simGeoAccount, simMaxsightAccount, simUiPathPatAccount } from '../helpers/sim-accounts';
import { jumpingClock } from '../helpers/jumping-clock';

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

const home = (config?: unknown): string => cliHome(config);

function geoConfig() {
  return { accounts: [simGeoAccount(sim, 'acme-geo', 'GeoTareas Acme')] };
}

const secretEnv = simGeoSecretEnv('acme-geo');

const run = (args: string[], dir: string, options: CliRunOptions = {}) =>
  runCliIn(args, dir, { ...options, env: { ...secretEnv, ...options.env } });

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

  it('says where the config file is not valid JSON, on every run, and leaves it as it is', async () => {
    const text = '{\n  "accounts": [\n    {"id": "a",}\n  ]\n}\n';
    const dir = home(text);
    for (const args of [['list'], ['list'], ['accounts']]) {
      const result = await run(args, dir);
      expect(result.code).toBe(EXIT.config);
      expect(result.err).toContain('is not valid JSON at line 3, column 16');
      expect(result.out).not.toContain('No open tasks');
    }
    expect(readFileSync(join(dir, 'config.json'), 'utf8')).toBe(text);
    expect(readdirSync(dir).filter((name) => name.startsWith('config.json.'))).toEqual([]);
    // An error JSON.parse reports without a position is placed too.
    const noPosition = await run(['list'], home('{"accounts": tru}'));
    expect(noPosition.err).toContain('at line 1, column 17');
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
    const config = { accounts: [{ ...geoConfig().accounts[0], id: 'refused-pass' }] };
    const result = await run(['list'], home(config), {
      env: {
        [secretEnvName('refused-pass', 'password')]: 'wrong',
        [secretEnvName('refused-pass', 'apiKey')]: geo.apiKey,
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
    // Stopped once its first poll is done: the account's health turns OK only after the poll's
    // alerts are out, so every alert of that poll is printed by then.
    const watchOnce = () => {
      const stop = new AbortController();
      return run(['watch', '--no-notify'], dir, {
        stop: stop.signal,
        onErr: (line) => {
          if (line.includes('acme-geo: OK')) stop.abort();
        },
      });
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

function geoConfigAs(id: string, extra: Record<string, unknown> = {}) {
  return { accounts: [{ ...geoConfig().accounts[0], id, ...extra }] };
}

describe('the CLI says the truth', () => {
  it('prints nothing on stdout for an account it could not read, and a JSON error with --json', async () => {
    const dir = home(geoConfigAs('no-key'));
    const env = { [secretEnvName('no-key', 'password')]: geo.password };
    const table = await run(['list'], dir, { env });
    expect(table.code).toBe(EXIT.failed);
    expect(table.out).toBe('');
    const json = await run(['list', '--json'], dir, { env });
    expect(json.code).toBe(EXIT.failed);
    const printed = JSON.parse(json.out) as {
      error: { message: string; accounts: { accountId: string; kind: string; secret: string }[] };
    };
    expect(printed.error.message).toBe('1 account could not be read.');
    expect(printed.error.accounts).toMatchObject([
      { accountId: 'no-key', kind: 'auth', secret: 'apiKey' },
    ]);
  });

  it('names the environment variable and `tasktray secret set` for a missing secret', async () => {
    const result = await run(['list'], home(geoConfigAs('no-key-2')), {
      env: { [secretEnvName('no-key-2', 'password')]: geo.password },
    });
    expect(result.err).toContain('No GeoTareas API key is stored');
    expect(result.err).toContain('tasktray secret set no-key-2 apiKey');
    expect(result.err).toContain('TASKTRAY_SECRET_NO_KEY_2_APIKEY');
    expect(result.err).not.toContain('account settings');
  });

  it('waits for a vendor that asks it to slow down, saying so, within a bound', async () => {
    const task = geoTask('Esperar turno');
    const dir = home(geoConfigAs('patient'));
    const env = simGeoSecretEnv('patient');
    sim.world.addFault({
      vendor: 'geotareas',
      kind: 'rate-limit',
      retryAfterSec: 20,
      pathIncludes: '/workflow/tasks',
      remaining: 1,
    });
    const clock = jumpingClock();
    const result = await run(['list'], dir, { env, clock });
    const waits = clock.waits;
    expect(result.code).toBe(EXIT.ok);
    expect(waits).toEqual([20_000]);
    expect(result.err).toContain('asked to wait 20 s');
    expect(result.out).toContain(`patient:${task.id}`);
  });

  it('says when to try again instead of "retrying" when the wait is too long', async () => {
    const dir = home(geoConfigAs('impatient'));
    const env = simGeoSecretEnv('impatient');
    const retryAfterSec = MAX_RATE_LIMIT_WAIT_MS / 1000 + 57;
    sim.world.addFault({
      vendor: 'geotareas',
      kind: 'rate-limit',
      retryAfterSec,
      pathIncludes: '/workflow/tasks',
      remaining: 1,
    });
    const clock = jumpingClock();
    const result = await run(['list'], dir, { env, clock });
    const waits = clock.waits;
    expect(result.code).toBe(EXIT.failed);
    expect(waits).toEqual([]);
    expect(result.out).toBe('');
    expect(result.err).toContain(`Try again in ${retryAfterSec} s.`);
    expect(result.err).not.toMatch(/retrying/i);
  });

  it('refuses unknown keys with a suggestion, secrets under any spelling, and URLs with a password', async () => {
    const base = geoConfig().accounts[0];
    const dir = home({
      alert: {},
      accounts: [
        { ...base, id: 'zoned', timezone: 'America/Mexico_City' },
        { ...base, id: 'snake', client_secret: 'x' },
        { ...base, id: 'token', Access_Token: 'x' },
        {
          id: 'pat',
          name: 'UiPath',
          vendor: 'uipath',
          orchestratorUrl: sim.urls.uipathOrchestrator,
          identityUrl: sim.urls.uipathIdentity,
          auth: { mode: 'pat', pat: 'rt_x' },
        },
        { ...base, id: 'jwt', tenant: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln' },
        { ...base, id: 'userinfo', baseUrl: 'https://maria:pw@geo.example.com/apidev/v1' },
      ],
    });
    const result = await run(['list'], dir);
    expect(result.code).toBe(EXIT.config);
    expect(result.out).toBe('');
    expect(result.err).toContain('alert is not a setting Tasktray knows: did you mean "alerts"?');
    expect(result.err).toContain(
      'accounts[0].timezone is not a setting Tasktray knows: did you mean "timeZone"?',
    );
    expect(result.err).toContain('accounts[1] has client_secret: secrets do not belong');
    expect(result.err).toContain('accounts[2] has Access_Token: secrets do not belong');
    expect(result.err).toContain('accounts[3] has auth.pat: secrets do not belong');
    expect(result.err).toContain('accounts[4] has tenant: secrets do not belong');
    expect(result.err).toContain('accounts[5]: baseUrl must not contain a user name or password');
    // The valid account alone is not watched while the file has mistakes.
    const mixed = home({
      accounts: [
        { ...base, id: 'fine' },
        { ...base, id: 'typo', tenat: 'x' },
      ],
    });
    const partial = await run(['list'], mixed);
    expect(partial.code).toBe(EXIT.config);
    expect(partial.err).toContain('accounts[1].tenat is not a setting Tasktray knows');
  });

  it('names the real cause of a blank GeoTareas API key and a wrong UiPath client secret', async () => {
    const blank = await run(['list'], home(geoConfigAs('blank-key')), {
      env: {
        [secretEnvName('blank-key', 'password')]: geo.password,
        [secretEnvName('blank-key', 'apiKey')]: '   ',
      },
    });
    expect(blank.code).toBe(EXIT.failed);
    expect(blank.err).toContain('GeoTareas API key is blank');
    expect(blank.err).not.toContain('Missing required headers');
    expect(blank.err).not.toContain('marked fields');

    const uipath = {
      accounts: [
        {
          id: 'robot',
          name: 'UiPath robot',
          vendor: 'uipath',
          orchestratorUrl: sim.urls.uipathOrchestrator,
          identityUrl: sim.urls.uipathIdentity,
          auth: { mode: 'client_credentials', clientId: SIM_USERS.uipath.confidentialClientId },
        },
      ],
    };
    const refused = await run(['list'], home(uipath), {
      env: { [secretEnvName('robot', 'clientSecret')]: 'not-the-secret' },
    });
    expect(refused.code).toBe(EXIT.failed);
    expect(refused.err).toContain(
      `refused the client id “${SIM_USERS.uipath.confidentialClientId}” or its client secret`,
    );
    expect(refused.err).not.toContain('no longer valid');
    expect(refused.err).toContain('tasktray secret set robot clientSecret');
  });

  it('strips escape sequences and control characters from vendor text', async () => {
    const title = 'Pay\u001b[2J\u001b]52;c;ZXZpbA==\u0007 now\u009b31m\u202e';
    const task = geoTask(title);
    const dir = home(geoConfigAs('ansi'));
    const env = simGeoSecretEnv('ansi');
    // eslint-disable-next-line no-control-regex
    const controls = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e]/;
    const table = await run(['list'], dir, { env });
    expect(table.code).toBe(EXIT.ok);
    expect(table.out).toContain('Pay now31m');
    expect(table.out).not.toMatch(controls);
    const shown = await run(['show', `ansi:${task.id}`], dir, { env });
    expect(shown.out).not.toMatch(controls);
    const json = await run(['list', '--json'], dir, { env });
    expect(json.out).not.toMatch(controls);
    const tasks = TaskSchema.array().parse(JSON.parse(json.out));
    expect(tasks.find((t) => t.id === `ansi:${task.id}`)?.title).toBe(title);
  });

  it('escapes what terminals act on in the JSON of assignees and comments, as in list --json', async () => {
    const dir = home({ accounts: [simUiPathPatAccount(sim)] });
    const env = { [secretEnvName('uip', 'accessToken')]: SIM_USERS.uipath.pat };
    const task = createSimTask(sim.world, 'uipath', { title: 'Approve PO' });
    const id = `uip:${task.id}`;
    // A C1 CSI and a right-to-left override: JSON leaves both raw, and a terminal acts on them.
    const text = 'Pay\u009b31m now\u202e';
    const raw = /[\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

    const added = await run(['comments', id, '--add', text, '--json'], dir, { env });
    expect(added.code).toBe(EXIT.ok);
    expect(added.out).not.toMatch(raw);
    expect(added.out).toContain('\\u009b');
    expect((JSON.parse(added.out) as { text: string }).text).toBe(text);

    const listed = await run(['comments', id, '--json'], dir, { env });
    expect(listed.code).toBe(EXIT.ok);
    expect(listed.out).not.toMatch(raw);
    expect((JSON.parse(listed.out) as { text: string }[]).map((c) => c.text)).toEqual([text]);

    const people = await run(['assignees', id, '--json'], dir, { env });
    expect(people.code).toBe(EXIT.ok);
    const parsed = JSON.parse(people.out) as { id: string; name: string }[];
    expect(parsed.map((p) => p.name)).toContain(SIM_USERS.uipath.other.name);
  });

  it('passes notify-send its title after --, so a title cannot be read as an option', async () => {
    const dir = home();
    const fake = join(dir, 'notify-send');
    const log = join(dir, 'argv.json');
    writeFileSync(
      fake,
      `#!/usr/bin/env node\nrequire('node:fs').writeFileSync(${JSON.stringify(log)}, JSON.stringify(process.argv.slice(2)));\n`,
    );
    chmodSync(fake, 0o755);
    const alert: Alert = {
      id: 'a1',
      kind: 'new',
      accountId: 'acme-geo',
      taskIds: ['acme-geo:1'],
      title: '--urgency=low',
      body: '--expire-time=1',
      urgency: 'critical',
      at: new Date().toISOString(),
    };
    const warnings: string[] = [];
    await notifySend((w) => warnings.push(w), fake)(alert);
    expect(warnings).toEqual([]);
    expect(JSON.parse(readFileSync(log, 'utf8'))).toEqual([
      '--app-name=Tasktray',
      '--urgency=critical',
      '--',
      '--urgency=low',
      '--expire-time=1',
    ]);
  });

  it('a notify-send killed by a signal (Ctrl-C reaches it too) leaves notifications on', async () => {
    const dir = home();
    const killed = join(dir, 'notify-send-killed');
    writeFileSync(killed, '#!/bin/sh\nkill -TERM $$\n');
    const broken = join(dir, 'notify-send-broken');
    writeFileSync(broken, '#!/bin/sh\necho "GDBus.Error: no notification service" >&2\nexit 1\n');
    chmodSync(killed, 0o755);
    chmodSync(broken, 0o755);
    const alert: Alert = {
      id: 'a2',
      kind: 'new',
      accountId: 'acme-geo',
      taskIds: ['acme-geo:2'],
      title: 'New task',
      body: 'Approve the budget',
      urgency: 'normal',
      at: new Date().toISOString(),
    };
    const warnings: string[] = [];
    const viaKilled = notifySend((w) => warnings.push(w), killed);
    await viaKilled(alert);
    await viaKilled(alert);
    expect(warnings).toEqual([]);
    // A notify-send that answers with an error does mean it: said once, then no more attempts.
    const viaBroken = notifySend((w) => warnings.push(w), broken);
    await viaBroken(alert);
    await viaBroken(alert);
    expect(warnings).toEqual([
      'tasktray: desktop notifications are unavailable (GDBus.Error: no notification service); alerts are printed only.',
    ]);
  });

  it('exits 2 for a bad task id or an operation the vendor does not support', async () => {
    const dir = home(geoConfig());
    const malformed = await run(['show', 'nope'], dir);
    expect(malformed.code).toBe(EXIT.usage);
    expect(malformed.err).toContain('"nope" is not a task id');
    const unknownAccount = await run(['complete', 'ghost:1', '--result', 'x'], dir);
    expect(unknownAccount.code).toBe(EXIT.usage);
    expect(unknownAccount.err).toContain('names no configured account "ghost"');
    const json = await run(['show', 'nope', '--json'], dir);
    expect(JSON.parse(json.out)).toMatchObject({ error: { kind: 'usage', exitCode: EXIT.usage } });

    const mx = SIM_USERS.maxsight;
    const maxsight = { accounts: [simMaxsightAccount(sim)] };
    const task = createSimTask(sim.world, 'maxsight', { title: 'Review KYC' });
    const unsupported = await run(['complete', `mx:${task.id}`], home(maxsight), {
      env: { [secretEnvName('mx', 'apiKey')]: mx.apiKey },
    });
    expect(unsupported.err).not.toContain('There is no open task');
    expect(unsupported.code).toBe(EXIT.usage);
  });

  it('watch says when it delivered a queued completion', async () => {
    // A simulator of its own: the other tests' completions count against the shared one's limits.
    const own = await startSimulator({
      limits: { geotareasCacheMs: 0, geotareasLoginsPer30s: 1000, geotareasWritesPerMinute: 1000 },
    });
    try {
      const task = createSimTask(own.world, 'geotareas', {
        title: 'Firmar pedido',
        results: [{ code: 'sent', label: 'Enviado' }],
      });
      const dir = home({
        accounts: [{ ...geoConfig().accounts[0], id: 'queued', baseUrl: own.urls.geotareas }],
      });
      const env = simGeoSecretEnv('queued');
      own.world.addFault({
        vendor: 'geotareas',
        kind: 'status',
        status: 503,
        pathIncludes: `/${task.id}/complete`,
      });
      const queued = await run(['complete', `queued:${task.id}`, '--result', 'sent'], dir, { env });
      expect(queued.code).toBe(EXIT.queued);
      const stop = new AbortController();
      const watched = await run(['watch', '--no-notify'], dir, {
        env,
        stop: stop.signal,
        onErr: (line) => {
          if (line.includes('delivered')) stop.abort();
        },
      });
      expect(watched.err).toContain(
        `tasktray: delivered the queued completion of “Firmar pedido” (queued:${task.id}).`,
      );
      expect(
        own.world.writes.filter((w) => w.taskId === task.id && w.kind === 'complete'),
      ).toHaveLength(1);
    } finally {
      await own.close();
    }
  });
});

describe('keychain secrets stay with the host they were saved for', () => {
  it('binds `secret set` to the configured origins and sends nothing when the URL changes', async () => {
    const received: string[] = [];
    const other = createServer((req, res) => {
      received.push(`${req.method} ${req.url} ${JSON.stringify(req.headers)}`);
      req.resume();
      res.writeHead(401).end();
    });
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    const otherUrl = `http://127.0.0.1:${(other.address() as AddressInfo).port}/apidev/v1`;
    const dir = home(geoConfigAs('bound'));
    try {
      const unknown = await run(['secret', 'set', 'nobody', 'password'], dir, { stdin: 'x' });
      expect(unknown.code).toBe(EXIT.usage);
      for (const [name, value] of [
        ['password', geo.password],
        ['apiKey', geo.apiKey],
      ] as const) {
        const stored = await run(['secret', 'set', 'bound', name], dir, { stdin: `${value}\n` });
        expect(stored.code).toBe(EXIT.ok);
        expect(stored.out).toContain(`for ${new URL(sim.urls.geotareas).origin}`);
      }
      expect((await run(['list'], dir)).code).toBe(EXIT.ok);

      writeFileSync(
        join(dir, 'config.json'),
        JSON.stringify(geoConfigAs('bound', { baseUrl: otherUrl })),
      );
      const moved = await run(['list'], dir);
      expect(moved.code).toBe(EXIT.failed);
      expect(moved.out).toBe('');
      expect(moved.err).toContain(`was saved for ${new URL(sim.urls.geotareas).origin}`);
      expect(moved.err).toContain(`does not send it to ${new URL(otherUrl).origin}`);
      expect(received).toEqual([]);
    } finally {
      for (const name of ['password', 'apiKey', 'accessToken'])
        await run(['secret', 'delete', 'bound', name], dir);
      await new Promise<void>((resolve) => other.close(() => resolve()));
    }
  });
});
