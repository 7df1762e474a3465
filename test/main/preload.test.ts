// The real preload (electron/preload/index.ts) over a stand-in for `electron`: it asks for the
// window's first state as it runs, hands that answer to the page's first app:state call, and holds
// the events that come before it, then gives them in order, so none is lost in between.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { TasktrayApi } from '../../shared/ipc';

type Listener = (event: unknown, ...args: unknown[]) => void;

const bridge = vi.hoisted(() => ({
  exposed: new Map<string, unknown>(),
  listeners: new Map<string, Listener[]>(),
  invokes: [] as { args: unknown[]; resolve: (answer: string) => void }[],
}));

vi.mock('electron', () => ({
  contextBridge: {
    exposeInMainWorld: (key: string, api: unknown) => bridge.exposed.set(key, api),
  },
  ipcRenderer: {
    invoke: (...args: unknown[]) =>
      new Promise<string>((resolve) => bridge.invokes.push({ args, resolve })),
    on: (channel: string, listener: Listener) => {
      bridge.listeners.set(channel, [...(bridge.listeners.get(channel) ?? []), listener]);
    },
  },
}));

function send(name: string, payload: unknown): void {
  for (const listener of bridge.listeners.get('tasktray:event') ?? []) {
    listener({}, name, JSON.stringify(payload));
  }
}

async function loadPreload(): Promise<TasktrayApi> {
  vi.resetModules();
  bridge.exposed.clear();
  bridge.listeners.clear();
  bridge.invokes.length = 0;
  await import('../../electron/preload/index');
  return bridge.exposed.get('tasktray') as TasktrayApi;
}

const okState = (version: number) => JSON.stringify({ ok: true, value: { tasksVersion: version } });

describe('the preload', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('asks for the first state as it runs; the page’s first app:state call gets it', async () => {
    const api = await loadPreload();
    expect(bridge.invokes.map((invoke) => invoke.args)).toEqual([
      ['tasktray:call', 'app:state', null],
    ]);
    const first = api.call('app:state', null);
    // Asked once only: the page's call takes the answer already on its way.
    expect(bridge.invokes).toHaveLength(1);
    bridge.invokes[0]?.resolve(okState(3));
    await expect(first).resolves.toEqual({ tasksVersion: 3 });
    // A later read asks main again.
    const second = api.call('app:state', null);
    expect(bridge.invokes).toHaveLength(2);
    bridge.invokes[1]?.resolve(okState(4));
    await expect(second).resolves.toEqual({ tasksVersion: 4 });
  });

  it('holds the events sent before the page has its state, then gives them in order', async () => {
    const api = await loadPreload();
    send('state:health', ['before the page listened']);
    const seen: unknown[] = [];
    api.on('state:health', (health) => seen.push(health));
    send('state:health', ['after it listened']);
    expect(seen).toEqual([]);
    const state = api.call('app:state', null);
    bridge.invokes[0]?.resolve(okState(1));
    await state;
    // The page applies the state in the microtasks after its call; the events come in a later task.
    expect(seen).toEqual([]);
    await vi.runOnlyPendingTimersAsync();
    expect(seen).toEqual([['before the page listened'], ['after it listened']]);
    send('state:health', ['live']);
    expect(seen).toEqual([['before the page listened'], ['after it listened'], ['live']]);
  });

  it('lets the events go after a while when the page never asks for its state', async () => {
    const api = await loadPreload();
    const seen: unknown[] = [];
    api.on('state:outbox', (outbox) => seen.push(outbox));
    send('state:outbox', []);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(seen).toEqual([[]]);
  });

  it('asks again when the early ask was refused, and passes a second refusal on', async () => {
    const api = await loadPreload();
    const state = api.call('app:state', null);
    const error = { kind: 'forbidden', message: 'This page may not talk to Tasktray.' };
    // Main did not know the page yet when the preload asked: the page's own call asks again.
    bridge.invokes[0]?.resolve(JSON.stringify({ ok: false, error }));
    await vi.waitFor(() => expect(bridge.invokes).toHaveLength(2));
    expect(bridge.invokes[1]?.args).toEqual(['tasktray:call', 'app:state', null]);
    bridge.invokes[1]?.resolve(okState(2));
    await expect(state).resolves.toEqual({ tasksVersion: 2 });

    const again = await loadPreload();
    const refused = again.call('app:state', null);
    bridge.invokes[0]?.resolve(JSON.stringify({ ok: false, error }));
    await vi.waitFor(() => expect(bridge.invokes).toHaveLength(2));
    bridge.invokes[1]?.resolve(JSON.stringify({ ok: false, error }));
    await expect(refused).rejects.toThrow(JSON.stringify(error));
  });
});
