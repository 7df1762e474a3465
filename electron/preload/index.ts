// The preload: exposes exactly the TasktrayApi of shared/ipc.ts as `window.tasktray`, and nothing
// else. It validates nothing itself — main validates every payload — and imports only types, so
// the sandboxed bundle needs nothing but `electron`. Answers and events arrive as JSON text.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type {
  IpcChannel,
  IpcEventChannel,
  IpcEventPayload,
  IpcRequest,
  IpcResponse,
  IpcResult,
  TasktrayApi,
} from '../../shared/ipc';
import { CALL_CHANNEL, EVENT_CHANNEL } from './channels';

/** How long events wait for the page to take its first state before they go out regardless. */
const HOLD_EVENTS_MS = 10_000;

type EventListener = (json: string) => void;
const listeners = new Map<string, Set<EventListener>>();

function deliver(name: string, json: string): void {
  for (const listener of listeners.get(name) ?? []) listener(json);
}

function invoke(channel: IpcChannel, request: unknown): Promise<string> {
  return ipcRenderer.invoke(CALL_CHANNEL, channel, request) as Promise<string>;
}

// The window's first state is asked for now, while the page's HTML and bundle are still loading:
// it is on its way (or here) by the time the bundle asks for it. The events from now until the page
// has it are held and then given in order after it, so none is lost in between; the page's store
// applies each to the state it has (rows by version, the rest as they stand).
let firstState: Promise<string> | null = invoke('app:state', null);
firstState.catch(() => undefined);
let held: [string, string][] | null = [];

function releaseEvents(): void {
  const queue = held ?? [];
  held = null;
  for (const [name, json] of queue) deliver(name, json);
}
const holdTimer = setTimeout(releaseEvents, HOLD_EVENTS_MS);

ipcRenderer.on(EVENT_CHANNEL, (_event: IpcRendererEvent, name: unknown, json: unknown) => {
  if (typeof name !== 'string' || typeof json !== 'string') return;
  if (held) held.push([name, json]);
  else deliver(name, json);
});

/**
 * Main's answer to a call: the first app:state is the one asked for above. Should that early ask
 * have been refused or have failed (main checks the sender's page, which it may not have known yet
 * while the preload ran), the page's own call asks again.
 */
function answer(channel: IpcChannel, request: unknown): Promise<string> {
  if (channel === 'app:state' && firstState) {
    const early = firstState;
    firstState = null;
    // Every answer is `{"ok":…}` first (IpcResult): a refusal is known without reading the rest.
    const pending = early.then(
      (json) => (json.startsWith('{"ok":false') ? invoke(channel, request) : json),
      () => invoke(channel, request),
    );
    // The page reads the state in the microtasks after this settles; the held events follow it.
    const afterIt = () => {
      clearTimeout(holdTimer);
      setTimeout(releaseEvents, 0);
    };
    pending.then(afterIt, afterIt);
    return pending;
  }
  return invoke(channel, request);
}

const api: TasktrayApi = {
  async call<C extends IpcChannel>(channel: C, request: IpcRequest<C>): Promise<IpcResponse<C>> {
    // Main answers with JSON text (it passes the engine host's answer on without reading it).
    const result = JSON.parse(await answer(channel, request)) as IpcResult<IpcResponse<C>>;
    if (result.ok) return result.value;
    // contextBridge keeps only an Error's message: the whole error info travels in it as JSON.
    throw new Error(JSON.stringify(result.error));
  },
  on<E extends IpcEventChannel>(event: E, listener: (payload: IpcEventPayload<E>) => void) {
    const handler: EventListener = (json) => listener(JSON.parse(json) as IpcEventPayload<E>);
    const set = listeners.get(event) ?? new Set<EventListener>();
    set.add(handler);
    listeners.set(event, set);
    return () => {
      set.delete(handler);
    };
  },
};

contextBridge.exposeInMainWorld('tasktray', api);
