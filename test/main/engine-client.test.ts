// Main's side of the engine host: calls pass through as JSON text, errors keep their kind and hint
// both ways, and a host that dies fails what waited on it, is started again, and after
// HOST_RESTARTS deaths is given up on, out loud. The host here is scripted, behind a real
// MessageChannel as the shell's test double forks it.
import { EventEmitter } from 'node:events';
import { MessageChannel } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { RpcEndpoint, type Handlers } from '../../electron/app/host-link';
import { silentLogger } from '../../electron/core/logger';
import { VendorError } from '../../electron/core/vendor-error';
import type {
  HostMethods,
  HostNotice,
  MainMethods,
  MainNotice,
} from '../../electron/host/protocol';
import { EngineClient, HOST_RESTARTS, type UtilityChild } from '../../electron/main/engine-client';
import { DEFAULT_SETTINGS } from '../../shared/settings';

/** Every fork, init and callback: a wait re-checks on each, never on a clock. */
const changes = new EventEmitter().setMaxListeners(0);

function until(check: () => boolean): Promise<void> {
  return new Promise((resolve) => {
    const test = () => {
      if (!check()) return;
      changes.off('change', test);
      resolve();
    };
    changes.on('change', test);
    test();
  });
}

class ScriptedHost extends EventEmitter implements UtilityChild {
  readonly rpc: RpcEndpoint<HostMethods, MainMethods, MainNotice, HostNotice>;
  private readonly port;
  inits = 0;

  constructor(handlers: Partial<Handlers<HostMethods>>) {
    super();
    const { port1, port2 } = new MessageChannel();
    port1.unref();
    port2.unref();
    this.port = port1;
    port1.on('message', (message: unknown) => this.emit('message', message));
    this.rpc = new RpcEndpoint<HostMethods, MainMethods, MainNotice, HostNotice>(
      {
        post: (message) => port2.postMessage(message),
        listen: (listener) => port2.on('message', listener),
      },
      {
        call: async () => JSON.stringify({ ok: true, value: null }),
        mostUrgent: async () => null,
        stop: async () => null,
        ...handlers,
      },
      (notice) => {
        if (notice.type !== 'init') return;
        this.inits += 1;
        changes.emit('change');
        this.rpc.notify({ type: 'ready' });
      },
    );
  }

  postMessage(message: unknown): void {
    this.port.postMessage(message);
  }

  kill(): boolean {
    setImmediate(() => this.emit('exit', 0));
    return true;
  }

  die(code: number): void {
    this.port.close();
    setImmediate(() => this.emit('exit', code));
  }
}

const ANSWERS: Handlers<MainMethods> = {
  'secret:get': async () => null,
  'secret:set': async () => null,
  'secret:delete': async () => null,
  'settings:write': async () => {
    throw new VendorError('internal', '', {
      code: 'error.settingsNotSaved',
      params: { reason: 'ENOSPC', folder: '/home/u/.config/Tasktray' },
      hintCode: 'hint.checkDisk',
    });
  },
  openExternal: async () => null,
  setStartAtLogin: async ({ enabled }) => enabled,
  shortcutStatus: async () => 'off',
};

function client(hosts: ScriptedHost[], make: () => ScriptedHost) {
  const events: string[] = [];
  const record = (event: string) => {
    events.push(event);
    changes.emit('change');
  };
  const engine = new EngineClient({
    fork: () => {
      const host = make();
      hosts.push(host);
      changes.emit('change');
      return host;
    },
    init: () => ({
      userData: '/tmp/u',
      settingsFolder: '/tmp/u',
      settings: DEFAULT_SETTINGS,
      limitsDir: null,
      e2e: false,
      pollFloorMs: null,
      demo: {},
      logLevel: 'info',
    }),
    answers: ANSWERS,
    onEvent: (event, json) => record(`${event} ${json}`),
    onTray: () => record('tray'),
    onSaveFailed: () => record('save-failed'),
    onDemo: () => record('demo'),
    onRestarted: () => record('restarted'),
    onGaveUp: (code) => record(`gave up ${code}`),
    logger: silentLogger,
  });
  return { engine, events };
}

describe('the engine client', () => {
  it('passes a call through as JSON text, and events on without reading them', async () => {
    const hosts: ScriptedHost[] = [];
    const seen: unknown[] = [];
    const { engine, events } = client(
      hosts,
      () =>
        new ScriptedHost({
          call: async (params) => {
            seen.push(params);
            return JSON.stringify({ ok: true, value: { echoed: params.channel } });
          },
        }),
    );
    await engine.start();
    expect(await engine.call('tasks:get', { taskId: 'a:1' })).toBe(
      '{"ok":true,"value":{"echoed":"tasks:get"}}',
    );
    expect(seen).toEqual([{ channel: 'tasks:get', payload: { taskId: 'a:1' } }]);
    const host = hosts[0] as ScriptedHost;
    host.rpc.notify({ type: 'event', event: 'state:health', json: '[]' });
    host.rpc.notify({
      type: 'tray',
      summary: { open: { count: 0, overdueAt: new Float64Array() }, health: [], accounts: [] },
    });
    await until(() => events.length === 2);
    expect(events).toEqual(['state:health []', 'tray']);
    await engine.stop();
  });

  it('gives the host main’s refusal with its kind, code and hint (a settings file the disk refused)', async () => {
    const hosts: ScriptedHost[] = [];
    const { engine } = client(hosts, () => new ScriptedHost({}));
    await engine.start();
    const host = hosts[0] as ScriptedHost;
    const refused = await host.rpc.request('settings:write', DEFAULT_SETTINGS).then(
      () => null,
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(VendorError);
    expect((refused as VendorError).toInfo()).toMatchObject({
      kind: 'internal',
      code: 'error.settingsNotSaved',
      hintCode: 'hint.checkDisk',
      params: { reason: 'ENOSPC' },
    });
    await engine.stop();
  });

  it('a host that dies fails what waited on it, starts again, and is given up on after three deaths', async () => {
    const hosts: ScriptedHost[] = [];
    let answer: () => void = () => undefined;
    const { engine, events } = client(
      hosts,
      () =>
        new ScriptedHost({
          // Never answers: the host dies first.
          call: () => new Promise<string>((resolve) => (answer = () => resolve('{}'))),
        }),
    );
    await engine.start();
    const waiting = engine.call('tasks:get', { taskId: 'a:1' });
    (hosts[0] as ScriptedHost).die(1);
    const failed = JSON.parse(await waiting) as { ok: boolean; error: { message: string } };
    expect(failed).toMatchObject({ ok: false, error: { message: 'The Tasktray engine stopped.' } });
    answer();
    for (let death = 1; death <= HOST_RESTARTS; death += 1) {
      // Started again, and ready: the windows were told to reload.
      await until(() => events.filter((e) => e === 'restarted').length === death);
      (hosts[death] as ScriptedHost).die(death + 1);
    }
    await until(() => events.includes(`gave up ${HOST_RESTARTS + 1}`));
    expect(hosts).toHaveLength(HOST_RESTARTS + 1);
    expect(events.filter((e) => e === 'restarted')).toHaveLength(HOST_RESTARTS);
  });
});
