// The whole IPC path without an Electron binary: the real preload (Electron's modules faked at the
// boundary), main's sender check and dispatcher, and the real app service over the demo simulator.
import type { EventEmitter } from 'node:events';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { AppService, type SettingsPort } from '../../electron/app/app-service';
import { Engine } from '../../electron/core/engine';
import { silentLogger } from '../../electron/core/logger';
import { MemorySecretStore, MemoryStateStore, systemClock } from '../../electron/core/ports';
import { toDemoAccounts } from '../../electron/app/demo-accounts';
import { runCall } from '../../electron/app/ipc-dispatch';
import { broadcast, serveIpc } from '../../electron/main/ipc';
import { APP_ORIGIN } from '../../electron/main/security';
import { startDemo, type RunningDemo } from '../../electron/simulator/demo';
import { errorInfo } from '../../renderer/errors';
import {
  AppStateSchema,
  TaskRowSchema,
  WireTaskRowSchema,
  type IpcEventChannel,
  type IpcEventPayload,
  type TasktrayApi,
} from '../../shared/ipc';
import {
  fromWireRow,
  TASK_ROW_WIRE,
  taskRow,
  toWireRow,
  type WireTaskRow,
} from '../../shared/task-row';
import { makeTask } from '../helpers/tasks';
import { DEFAULT_SETTINGS, type Settings } from '../../shared/settings';

type Handler = (event: unknown, ...args: unknown[]) => Promise<unknown>;

const bridge = vi.hoisted(() => ({
  exposed: new Map<string, unknown>(),
  handlers: new Map<string, Handler>(),
  /** The frame the fake renderer calls from. */
  frame: { url: '', parent: null as unknown, senderId: 1 },
  rendererEvents: null as EventEmitter | null,
}));

vi.mock('electron', async () => {
  const { EventEmitter: Emitter } = await import('node:events');
  const events = new Emitter();
  bridge.rendererEvents = events;
  return {
    contextBridge: {
      exposeInMainWorld: (key: string, value: unknown) => bridge.exposed.set(key, value),
    },
    ipcRenderer: {
      invoke: async (channel: string, ...args: unknown[]) => {
        const handler = bridge.handlers.get(channel);
        if (!handler) throw new Error(`No handler for ${channel}`);
        const event = {
          sender: { id: bridge.frame.senderId },
          senderFrame: { url: bridge.frame.url, parent: bridge.frame.parent },
        };
        // Structured clone, as Electron's IPC does: nothing but data crosses.
        return structuredClone(await handler(event, ...structuredClone(args)));
      },
      on: (channel: string, listener: (...args: unknown[]) => void) => events.on(channel, listener),
      removeListener: (channel: string, listener: (...args: unknown[]) => void) =>
        events.removeListener(channel, listener),
    },
  };
});

class MemorySettings implements SettingsPort {
  value: Settings = DEFAULT_SETTINGS;
  read() {
    return this.value;
  }
  write(settings: Settings) {
    this.value = settings;
  }
}

let demo: RunningDemo;
let engine: Engine;
let api: TasktrayApi;
const windowCalls: string[] = [];

beforeAll(async () => {
  demo = await startDemo({ seed: 7 });
  const demoAccounts = await toDemoAccounts(demo.accounts);
  const secrets = new MemorySecretStore();
  engine = new Engine({
    deps: { fetch, clock: systemClock, logger: silentLogger, secrets: demoAccounts.secrets },
    store: new MemoryStateStore(),
    preferences: () => DEFAULT_SETTINGS.notifications,
    timeZone: 'UTC',
  });
  const webContents = {
    id: 1,
    isDestroyed: () => false,
    send: (channel: string, ...args: unknown[]) =>
      bridge.rendererEvents?.emit(channel, {}, ...structuredClone(args)),
  };
  const emit = <E extends IpcEventChannel>(event: E, payload: IpcEventPayload<E>) =>
    broadcast([webContents], event, JSON.stringify(payload));
  const service = new AppService({
    engine,
    settings: new MemorySettings(),
    secrets,
    host: { openExternal: async () => undefined, setStartAtLogin: async (on) => on },
    demo: demoAccounts,
    adapterDeps: { fetch, clock: systemClock, logger: silentLogger, secrets },
    emit,
  });
  serveIpc({
    ipcMain: { handle: (channel, listener) => bridge.handlers.set(channel, listener as Handler) },
    ownWebContents: () => new Set([1]),
    appOrigin: APP_ORIGIN,
    logger: silentLogger,
    // What the engine host does with a call main has checked (electron/host/engine-host.ts).
    forward: async (channel, payload) =>
      JSON.stringify(
        await runCall(service.handlers, { ok: true, channel, data: payload }, silentLogger),
      ),
    windowHandlers: () => ({
      'window:close': async () => {
        windowCalls.push('close');
        return null;
      },
      'window:open-inbox': async () => {
        windowCalls.push('open-inbox');
        return null;
      },
    }),
  });
  await service.start();
  // The preload asks for the window's first state as it runs: from our window, as in the app.
  callFrom('app://tasktray/index.html#/inbox');
  await import('../../electron/preload/index');
  api = bridge.exposed.get('tasktray') as TasktrayApi;
  // As a window's boot does: it takes that state, and the events held until then go out in the
  // task after it (test/main/preload.test.ts covers the holding itself).
  await api.call('app:state', null);
  await new Promise((resolve) => setTimeout(resolve, 0));
});

afterAll(async () => {
  await engine.stop();
  await demo.stop();
});

function callFrom(url: string, options: { parent?: unknown; senderId?: number } = {}) {
  bridge.frame = { url, parent: options.parent ?? null, senderId: options.senderId ?? 1 };
}

describe('preload + main IPC', () => {
  it('exposes exactly the TasktrayApi and nothing else', () => {
    expect([...bridge.exposed.keys()]).toEqual(['tasktray']);
    expect(Object.keys(api).sort()).toEqual(['call', 'on']);
  });

  it('answers a call from our window with the service’s state (the demo while there are no accounts)', async () => {
    callFrom('app://tasktray/index.html#/inbox');
    const state = await api.call('app:state', null);
    expect(state.demo).toBe(true);
    expect(state.accounts).toEqual([]);
    expect(state.settings.theme).toBe('system');
    expect(Object.keys(state.capabilities).sort()).toEqual([
      'geotareas',
      'maxsight',
      'uipath',
      'workflowsvc',
    ]);
    // Rows travel as arrays of values (shared/task-row.ts): the contract's schema reads them.
    expect(AppStateSchema.safeParse(state).success).toBe(true);
    expect(state.tasks.map(fromWireRow).every((row) => row.id.startsWith('demo-'))).toBe(true);
  });

  it('sends a row as its values in TASK_ROW_WIRE’s order, each checked by its field’s schema', () => {
    const items = WireTaskRowSchema.def.items;
    expect(items).toHaveLength(TASK_ROW_WIRE.length);
    TASK_ROW_WIRE.forEach((field, i) => expect(items[i]).toBe(TaskRowSchema.shape[field]));
    const row = taskRow(
      makeTask('acme', '1', { title: 'T', workflowName: 'W', stepName: 'S', description: 'D' }),
      5,
    );
    const wire = toWireRow(row);
    expect(WireTaskRowSchema.parse(wire)).toEqual(wire);
    expect(fromWireRow(wire)).toEqual(row);
    TASK_ROW_WIRE.forEach((field, i) => expect(wire[i]).toEqual(row[field]));
    // Each position read back into its own field: a value per position, none alike.
    const marked = fromWireRow(TASK_ROW_WIRE.map((_, i) => `value ${i}`) as unknown as WireTaskRow);
    expect(Object.keys(marked).sort()).toEqual([...TASK_ROW_WIRE].sort());
    TASK_ROW_WIRE.forEach((field, i) => expect(marked[field]).toBe(`value ${i}`));
  });

  it('refuses an invalid payload with an error the window can read field by field', async () => {
    callFrom('app://tasktray/index.html#/inbox');
    const failure = await api.call('tasks:snooze', { taskId: '', until: -5 } as never).then(
      () => null,
      (error: unknown) => error,
    );
    const info = errorInfo(failure);
    expect(info.kind).toBe('validation');
    expect(info.fields.map((f) => f.field).sort()).toEqual(['taskId', 'until']);
    const unknown = await api.call('nope:nope' as never, null as never).catch(errorInfo);
    expect(unknown.message).toMatch(/no call named "nope:nope"/);
  });

  it('refuses iframes, other windows and other origins', async () => {
    for (const [url, options] of [
      ['app://tasktray/index.html', { parent: {} }],
      ['app://tasktray/index.html', { senderId: 2 }],
      ['https://evil.example/', {}],
    ] as const) {
      callFrom(url, options);
      const info = await api.call('app:state', null).then(() => null, errorInfo);
      expect(info?.kind).toBe('forbidden');
    }
  });

  it('serves window:* calls from main and forwards events to the window', async () => {
    callFrom('app://tasktray/index.html#/popup/x');
    await api.call('window:close', null);
    expect(windowCalls).toEqual(['close']);
    const received: unknown[] = [];
    const off = api.on('state:held', (payload) => received.push(payload));
    await api.call('notifications:pause', { until: Date.now() + 60_000 });
    off();
    await api.call('notifications:pause', { until: null });
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({ paused: false, held: { quiet: 0 } });
  });
});
