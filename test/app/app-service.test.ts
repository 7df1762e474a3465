import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { AppService, isOpenableVendorUrl, type SettingsPort } from '../../electron/app/app-service';
import { Engine } from '../../electron/core/engine';
import { dispatch } from '../../electron/app/ipc-dispatch';
import { engineSecrets } from '../../electron/app/engine-secrets';
import { createLogger, type LogRecord } from '../../electron/core/logger';
import { MemorySecretStore, MemoryStateStore, systemClock } from '../../electron/core/ports';
import { ADAPTERS } from '../../electron/core/registry';
import { startDemo, type RunningDemo } from '../../electron/simulator/demo';
import { createSimTask } from '../../electron/simulator/task-factory';
import { SIM_USERS } from '../../electron/simulator/world';
import { AccountSchema, type SecretName } from '../../shared/account';
import type { IpcChannel, IpcEventChannel, IpcRequest, IpcResult } from '../../shared/ipc';
import { DEFAULT_SETTINGS, type Settings } from '../../shared/settings';

interface Setup {
  demo: RunningDemo;
  service: AppService;
  engine: Engine;
  keychain: MemorySecretStore;
  settings: { value: Settings };
  events: { event: IpcEventChannel; payload: unknown }[];
  opened: string[];
  loginItem: { enabled: boolean };
  logs: LogRecord[];
  call<C extends IpcChannel>(channel: C, request: IpcRequest<C>): Promise<IpcResult<unknown>>;
}

let current: Setup | null = null;

afterEach(async () => {
  await current?.engine.stop();
  await current?.demo.stop();
  current = null;
});

async function setup(): Promise<Setup> {
  const demo = await startDemo({
    pace: {
      newTaskEveryMs: 3_600_000,
      overdueEveryMs: 3_600_000,
      escalateEveryMs: 3_600_000,
      completeElsewhereEveryMs: 3_600_000,
    },
  });
  const demoSecrets = new MemorySecretStore();
  const demoAccounts = demo.accounts.map(({ account }) => AccountSchema.parse(account));
  for (const { account, secrets } of demo.accounts) {
    for (const [name, value] of Object.entries(secrets))
      await demoSecrets.set(account.id, name as SecretName, value);
  }
  const keychain = new MemorySecretStore();
  const settings = { value: { ...DEFAULT_SETTINGS } };
  const port: SettingsPort = {
    read: () => settings.value,
    write: (next) => {
      settings.value = next;
    },
  };
  const logs: LogRecord[] = [];
  const logger = createLogger((r) => logs.push(r));
  const deps = {
    fetch: (i: string | URL, init?: RequestInit) => fetch(i, init),
    clock: systemClock,
    logger,
    // The app's own wiring (shell and browser host): keychain secrets bound to their origins.
    secrets: engineSecrets({
      keychain,
      accounts: () => settings.value.accounts,
      demo: () => ({ accounts: demoAccounts, secrets: demoSecrets }),
    }),
    timeoutMs: 5_000,
  };
  let service: AppService | null = null;
  const engine = new Engine({
    deps,
    store: new MemoryStateStore(),
    preferences: () => service?.preferences() ?? DEFAULT_SETTINGS.notifications,
    timeZone: 'UTC',
    pollFloorMs: 0,
  });
  const events: Setup['events'] = [];
  const opened: string[] = [];
  const loginItem = { enabled: false };
  service = new AppService({
    engine,
    settings: port,
    secrets: keychain,
    demo: { accounts: demoAccounts, secrets: demoSecrets },
    adapterDeps: deps,
    host: {
      openExternal: async (url) => {
        opened.push(url);
      },
      setStartAtLogin: async (enabled) => {
        loginItem.enabled = enabled;
        return enabled;
      },
    },
    emit: (event, payload) => events.push({ event, payload }),
  });
  await service.start();
  const handlers = service.handlers;
  current = {
    demo,
    service,
    engine,
    keychain,
    settings,
    events,
    opened,
    loginItem,
    logs,
    call: (channel, request) => dispatch(handlers, channel, request, logger),
  };
  return current;
}

async function until<T>(read: () => T | undefined, what: string): Promise<T> {
  for (let i = 0; i < 100; i += 1) {
    const value = read();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function untilAsync<T>(read: () => Promise<T | null>, what: string): Promise<T> {
  for (let i = 0; i < 100; i += 1) {
    const value = await read();
    if (value !== null) return value;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const geo = SIM_USERS.geotareas;

function geoAccount(s: Setup, id = 'acme-geo') {
  return {
    id,
    name: 'Acme',
    vendor: 'geotareas' as const,
    baseUrl: s.demo.sim.urls.geotareas,
    tenant: geo.tenant,
    email: geo.email,
    pollIntervalSec: 1,
  };
}

describe('the app service over the IPC dispatcher', () => {
  it('refuses unknown calls and invalid payloads with the fields at fault', async () => {
    const s = await setup();
    const unknown = await s.call('nope' as IpcChannel, null as never);
    expect(unknown).toMatchObject({ ok: false, error: { kind: 'validation' } });
    const bad = await s.call('tasks:snooze', { taskId: '', until: -1 });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error.fields.map((f) => f.field).sort()).toEqual(['taskId', 'until']);
    const window = await s.call('window:close', null);
    expect(window).toMatchObject({
      ok: false,
      error: { message: 'window:close is not available here.' },
    });
  });

  it('shows the demo while the user has no account, with every vendor’s capabilities', async () => {
    const s = await setup();
    await until(() => (s.engine.tasks().length >= 12 ? true : undefined), 'demo tasks');
    const state = await s.call('app:state', null);
    if (!state.ok) throw new Error(state.error.message);
    const value = state.value as {
      demo: boolean;
      accounts: unknown[];
      tasks: unknown[];
      capabilities: Record<string, unknown>;
      accountCapabilities: Record<string, unknown>;
    };
    expect(value.demo).toBe(true);
    expect(value.accounts).toEqual([]);
    expect(value.tasks.length).toBeGreaterThanOrEqual(12);
    expect(value.capabilities.maxsight).toEqual(ADAPTERS.maxsight.capabilities);
    // Each account's own, as it signs in: the demo's UiPath account (a personal access token)
    // claims and comments, but has no browser sign-in as the vendor's PKCE apps do.
    expect(value.capabilities.uipath).toMatchObject({ browserSignIn: true });
    expect(value.accountCapabilities['demo-uipath']).toMatchObject({
      claim: true,
      comments: true,
      browserSignIn: false,
    });
    expect(
      (state.value as { accountNames: Record<string, string> }).accountNames['demo-uipath'],
    ).toBe('UiPath (demo)');
  });

  it('tests an account before saving it: the exact error, or the tasks it sees', async () => {
    const s = await setup();
    const wrong = await s.call('accounts:test', {
      account: geoAccount(s),
      secrets: { password: 'wrong', apiKey: geo.apiKey },
    });
    expect(wrong).toMatchObject({ ok: true, value: { ok: false, error: { kind: 'auth' } } });
    createSimTask(s.demo.sim.world, 'geotareas', { title: 'Mine' });
    const right = await s.call('accounts:test', {
      account: geoAccount(s),
      secrets: { password: geo.password, apiKey: geo.apiKey },
    });
    expect(right).toMatchObject({ ok: true, value: { ok: true } });
    // Nothing was kept by the test.
    expect(await s.keychain.get('acme-geo', 'password')).toBeNull();
    expect(await s.keychain.get('acme-geo', 'accessToken')).toBeNull();
    expect(s.settings.value.accounts).toEqual([]);
  });

  it('saves an account: secrets to the keychain only, the demo steps aside, and removing it brings the demo back', async () => {
    const s = await setup();
    const saved = await s.call('accounts:save', {
      account: geoAccount(s),
      secrets: { password: geo.password, apiKey: geo.apiKey },
    });
    expect(saved).toMatchObject({
      ok: true,
      value: { account: { id: 'acme-geo' }, storedSecrets: ['password', 'apiKey'] },
    });
    expect(await s.keychain.get('acme-geo', 'password')).toBe(geo.password);
    const settingsText = JSON.stringify(s.settings.value);
    expect(settingsText).not.toContain(geo.password);
    expect(settingsText).not.toContain(geo.apiKey);
    const eventsText = JSON.stringify(s.events);
    expect(eventsText).not.toContain(geo.password);
    expect(eventsText).not.toContain(geo.apiKey);
    expect(s.engine.accounts().map((a) => a.id)).toEqual(['acme-geo']);
    const state = await s.call('app:state', null);
    expect(state).toMatchObject({ ok: true, value: { demo: false } });

    expect(await s.call('accounts:remove', { accountId: 'acme-geo' })).toEqual({
      ok: true,
      value: null,
    });
    expect(await s.keychain.get('acme-geo', 'password')).toBeNull();
    expect(
      s.engine
        .accounts()
        .map((a) => a.id)
        .sort(),
    ).toEqual(['demo-geotareas', 'demo-maxsight', 'demo-uipath', 'demo-workflowsvc']);
    expect(await s.call('accounts:remove', { accountId: 'acme-geo' })).toMatchObject({
      ok: false,
      error: { kind: 'not_found' },
    });
  });

  it('completes a task through the outbox and emits the new state', async () => {
    const s = await setup();
    const task = await until(
      () =>
        s.engine.tasks().find((t) => t.vendor === 'geotareas' && t.completion.results.length > 0),
      'a GeoTareas task',
    );
    const loaded = await s.call('tasks:load', { taskId: task.id });
    if (!loaded.ok) throw new Error(loaded.error.message);
    const detail = loaded.value as typeof task;
    const data = Object.fromEntries(
      detail.completion.fields
        .filter((f) => f.required)
        .map((f) => [f.name, f.type === 'number' ? 5 : (f.options[0]?.value ?? 'a@b.co')]),
    );
    const missing = await s.call('tasks:complete', {
      taskId: task.id,
      completion: {
        resultCode: detail.completion.results[0]?.code ?? null,
        data: {},
        comment: null,
      },
    });
    expect(missing).toMatchObject({ ok: false, error: { kind: 'validation' } });
    const sent = await s.call('tasks:complete', {
      taskId: task.id,
      completion: { resultCode: detail.completion.results[0]?.code ?? null, data, comment: 'ok' },
    });
    expect(sent).toMatchObject({ ok: true, value: { state: 'pending', taskId: task.id } });
    await until(
      () =>
        s.demo.sim.world.writes.find(
          (w) => w.kind === 'complete' && `demo-geotareas:${w.taskId}` === task.id,
        ),
      'the completion at the vendor',
    );
    await until(
      () =>
        s.events.find(
          (e) => e.event === 'state:outbox' && JSON.stringify(e.payload).includes('"done"'),
        ),
      'an outbox event',
    );
    expect(s.engine.tasks().map((t) => t.id)).not.toContain(task.id);
  });

  it('opens only vendor pages, and only https or loopback ones', async () => {
    const s = await setup();
    const task = await until(
      () => s.engine.tasks().find((t) => t.webUrl !== null),
      'a task with a page',
    );
    expect(await s.call('tasks:open-in-vendor', { taskId: task.id })).toEqual({
      ok: true,
      value: null,
    });
    expect(s.opened).toEqual([task.webUrl]);
    expect(isOpenableVendorUrl('https://acme.geotareas.com/x')).toBe(true);
    expect(isOpenableVendorUrl('http://127.0.0.1:9/x')).toBe(true);
    expect(isOpenableVendorUrl('http://evil.example.com/x')).toBe(false);
    expect(isOpenableVendorUrl('file:///etc/passwd')).toBe(false);
    expect(isOpenableVendorUrl('javascript:alert(1)')).toBe(false);
  });

  it('applies settings: start at login through the host, pauses and quiet hours into the alert policy', async () => {
    const s = await setup();
    const updated = await s.call('settings:update', {
      startAtLogin: false,
      theme: 'dark',
      notifications: { quietHours: { startMinute: 1320, endMinute: 420 } },
    });
    expect(updated).toMatchObject({ ok: true, value: { startAtLogin: false, theme: 'dark' } });
    expect(s.loginItem.enabled).toBe(false);
    expect(s.service.preferences().quietHours).toEqual({ startMinute: 1320, endMinute: 420 });
    expect(s.service.preferences().kinds).toEqual(DEFAULT_SETTINGS.notifications.kinds);
    const until = Date.now() + 3_600_000;
    await s.call('notifications:pause', { until });
    expect(s.service.preferences().pausedUntil).toBe(until);
    expect(s.events.some((e) => e.event === 'state:settings')).toBe(true);
  });
});

/** Another host: it records everything it receives and refuses it all. */
async function otherHost(): Promise<{ url: string; received: string[]; close(): Promise<void> }> {
  const received: string[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push(
        `${req.method} ${req.url} ${JSON.stringify(req.headers)} ${Buffer.concat(chunks).toString()}`,
      );
      res.writeHead(401, { 'Content-Type': 'application/json' });
      res.end('{"success":false,"data":null,"error":{"code":"UNAUTHORIZED","message":"no"}}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/apidev/v1`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('stored secrets stay with the host they were saved for', () => {
  it('does not fill or keep stored secrets for an account pointed at another host', async () => {
    const s = await setup();
    const other = await otherHost();
    try {
      const saved = await s.call('accounts:save', {
        account: geoAccount(s),
        secrets: { password: geo.password, apiKey: geo.apiKey },
      });
      expect(saved.ok).toBe(true);
      // The engine signs in and caches its session token in the keychain.
      const session = await untilAsync(
        () => s.keychain.get('acme-geo', 'accessToken'),
        'a cached session',
      );
      const moved = { ...geoAccount(s), baseUrl: other.url };

      const tested = await s.call('accounts:test', { account: moved, secrets: {} });
      expect(tested).toMatchObject({
        ok: true,
        value: {
          ok: false,
          error: { kind: 'validation', vendorCode: 'secrets_for_other_origin' },
        },
      });
      if (tested.ok && !(tested.value as { ok: boolean }).ok) {
        const error = (tested.value as { error: { message: string; fields: { field: string }[] } })
          .error;
        expect(error.message).toContain(new URL(other.url).origin);
        expect(error.fields.map((f) => f.field).sort()).toEqual([
          'secrets.apiKey',
          'secrets.password',
        ]);
      }

      const refused = await s.call('accounts:save', { account: moved, secrets: {} });
      expect(refused).toMatchObject({
        ok: false,
        error: { kind: 'validation', vendorCode: 'secrets_for_other_origin' },
      });
      // A confirmation naming some other host is no confirmation.
      const wrongHost = await s.call('accounts:save', {
        account: moved,
        secrets: {},
        confirmSecretOrigins: ['https://elsewhere.example'],
      });
      expect(wrongHost.ok).toBe(false);
      expect(s.settings.value.accounts[0]).toMatchObject({ baseUrl: geoAccount(s).baseUrl });
      expect(await s.keychain.get('acme-geo', 'password')).toBe(geo.password);

      // Typing the new host's own secrets: only those go there; the old session is dropped.
      const retyped = await s.call('accounts:test', {
        account: moved,
        secrets: { password: 'other-host-password', apiKey: 'gtk_other_host' },
      });
      expect(retyped).toMatchObject({ ok: true, value: { ok: false, error: { kind: 'auth' } } });
      expect(other.received.length).toBeGreaterThan(0);
      const resaved = await s.call('accounts:save', {
        account: moved,
        secrets: { password: 'other-host-password', apiKey: 'gtk_other_host' },
      });
      expect(resaved).toMatchObject({ ok: true, value: { storedSecrets: ['password', 'apiKey'] } });
      expect(await s.keychain.get('acme-geo', 'accessToken')).toBeNull();
      s.engine.refreshNow('acme-geo');
      await until(
        () =>
          s.engine
            .health()
            .find((h) => h.accountId === 'acme-geo' && h.state !== 'ok' && h.state !== 'starting'),
        'the engine to try the new host',
      );

      const everything = other.received.join('\n');
      expect(everything).not.toContain(geo.password);
      expect(everything).not.toContain(geo.apiKey);
      expect(everything).not.toContain(session);
      expect(everything).toContain('other-host-password');
    } finally {
      await other.close();
    }
  });

  it('the engine never sends stored secrets to a host the settings file was edited to', async () => {
    const s = await setup();
    const other = await otherHost();
    try {
      await s.call('accounts:save', {
        account: geoAccount(s),
        secrets: { password: geo.password, apiKey: geo.apiKey },
      });
      const session = await untilAsync(
        () => s.keychain.get('acme-geo', 'accessToken'),
        'a cached session',
      );
      // settings.json edited by hand (or copied from elsewhere): the account now names another host.
      s.settings.value = {
        ...s.settings.value,
        accounts: [
          {
            ...AccountSchema.parse(geoAccount(s)),
            baseUrl: other.url,
          } as Settings['accounts'][number],
        ],
      };
      // Any change of accounts makes the engine take the file's accounts, as a restart would.
      const maxsight = await s.call('accounts:save', {
        account: {
          id: 'acme-maxsight',
          name: 'Maxsight',
          vendor: 'maxsight',
          baseUrl: s.demo.sim.urls.maxsight,
          userId: SIM_USERS.maxsight.me.id,
          pollIntervalSec: 1,
        },
        secrets: { apiKey: SIM_USERS.maxsight.apiKey },
      });
      expect(maxsight.ok).toBe(true);
      s.engine.refreshNow('acme-geo');
      const health = await until(
        () =>
          s.engine
            .health()
            .find(
              (h) =>
                h.accountId === 'acme-geo' &&
                h.lastError?.vendorCode !== undefined &&
                h.state === 'auth_failed',
            ),
        'the engine to refuse the edited account',
      );
      expect(health.lastError).toMatchObject({
        vendorCode: 'secrets_for_other_origin',
        code: 'error.storedSecretForOtherOrigin',
      });
      expect(health.lastError?.message).toContain(new URL(other.url).origin);
      const everything = other.received.join('\n');
      expect(everything).not.toContain(geo.password);
      expect(everything).not.toContain(geo.apiKey);
      expect(everything).not.toContain(session);
      // The secrets stay for their own host: pointing the account back finds them again.
      expect(await s.keychain.get('acme-geo', 'password')).toBe(geo.password);
    } finally {
      await other.close();
    }
  });

  it('a test with the new host confirmed by name uses the stored secrets there', async () => {
    const s = await setup();
    const other = await otherHost();
    try {
      await s.call('accounts:save', {
        account: geoAccount(s),
        secrets: { password: geo.password, apiKey: geo.apiKey },
      });
      const moved = { ...geoAccount(s), baseUrl: other.url };
      const tested = await s.call('accounts:test', {
        account: moved,
        secrets: {},
        confirmSecretOrigins: [new URL(other.url).origin],
      });
      expect(tested).toMatchObject({ ok: true, value: { ok: false, error: { kind: 'auth' } } });
      expect(other.received.join('\n')).toContain(geo.password);
      // A test keeps nothing: the account is still saved for its own host.
      expect(s.settings.value.accounts[0]).toMatchObject({ baseUrl: geoAccount(s).baseUrl });
    } finally {
      await other.close();
    }
  });

  it('keeps the stored secrets when the user confirms the new host by name', async () => {
    const s = await setup();
    const other = await otherHost();
    try {
      await s.call('accounts:save', {
        account: geoAccount(s),
        secrets: { password: geo.password, apiKey: geo.apiKey },
      });
      const moved = { ...geoAccount(s), baseUrl: other.url };
      const confirmed = await s.call('accounts:save', {
        account: moved,
        secrets: {},
        confirmSecretOrigins: [new URL(other.url).origin],
      });
      expect(confirmed).toMatchObject({
        ok: true,
        value: { storedSecrets: ['password', 'apiKey'] },
      });
      // And a test of the moved account now uses them, as confirmed.
      const tested = await s.call('accounts:test', { account: moved, secrets: {} });
      expect(tested).toMatchObject({ ok: true, value: { ok: false, error: { kind: 'auth' } } });
      expect(other.received.join('\n')).toContain(geo.password);
    } finally {
      await other.close();
    }
  });
});
