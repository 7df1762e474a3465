// The browser test host's transport: the same TasktrayApi as the Electron preload, over
// POST /api/call and Server-Sent Events, with the per-run token the host printed in the URL.
import type {
  IpcChannel,
  IpcEventChannel,
  IpcEventPayload,
  IpcRequest,
  IpcResponse,
  IpcResult,
  TasktrayApi,
} from '../../shared/ipc';
import { CallError, internalError } from '../errors';
import { sseReader } from './sse';

type Listener = (payload: unknown) => void;
/** What the event stream carries: an event for every window, or this window's first state. */
type StreamMessage =
  { event: IpcEventChannel; payload: unknown } | { state: IpcResult<IpcResponse<'app:state'>> };

function unwrap<T>(result: IpcResult<T>): T {
  if (!result.ok) throw new CallError(result.error);
  return result.value;
}

/** How long a dropped stream waits before it opens again. */
const RECONNECT_MS = 1_000;

/** The stream public/early.js opened for `url` before the bundle ran, taken once. */
function earlyStream(url: string): Promise<Response> | null {
  const early = window.tasktrayEarlyStream;
  if (!early || !url.endsWith(early.url)) return null;
  window.tasktrayEarlyStream = undefined;
  return early.response;
}

/**
 * Server-Sent Events read from a fetch: unlike EventSource, whose connection starts in a later
 * task, the request leaves before the bundle runs (public/early.js) or as its first module runs,
 * so the host's answer is on its way while the rest of the bundle is evaluated and drawn. Calls
 * `onOpen` once the host holds the stream, `onMessage` with each `data:` message, and `onDrop` when
 * it fails or ends (it then opens again, as EventSource does).
 */
function openStream(
  url: string,
  handlers: { onOpen(): void; onMessage(data: string): void; onDrop(): void },
): void {
  let refused = false;
  const drop = () => {
    handlers.onDrop();
    // As EventSource: a host that refused the stream (a wrong token) is not asked again.
    if (!refused) setTimeout(() => openStream(url, handlers), RECONNECT_MS);
  };
  (earlyStream(url) ?? fetch(url, { headers: { Accept: 'text/event-stream' }, cache: 'no-store' }))
    .then(async (response) => {
      refused = !response.ok;
      if (!response.ok || !response.body) throw new Error(`event stream: ${response.status}`);
      handlers.onOpen();
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      const read = sseReader(handlers.onMessage);
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        read(value);
      }
      throw new Error('event stream ended');
    })
    .catch(drop);
}

export function httpTransport(token: string, base = ''): TasktrayApi {
  const listeners = new Map<IpcEventChannel, Set<Listener>>();
  let connected = false;
  // Open once the host holds our stream: a call answered before that could describe a state whose
  // next event went to nobody (the window would show a failing account only on its next change).
  let streamOpen: Promise<void> = Promise.resolve();
  // The window's first app:state, which the host sends down the stream as it opens (one round
  // trip, not two); null once taken, or when the stream failed before it came.
  let firstState: Promise<IpcResult<IpcResponse<'app:state'>> | null> | null = null;

  const connect = () => {
    if (connected) return;
    connected = true;
    let takeState: (state: IpcResult<IpcResponse<'app:state'>> | null) => void = () => undefined;
    firstState = new Promise((resolve) => {
      takeState = resolve;
    });
    let opened: () => void = () => undefined;
    streamOpen = new Promise((resolve) => {
      opened = resolve;
    });
    openStream(`${base}/api/events?token=${encodeURIComponent(token)}&state=1`, {
      onOpen: opened,
      onMessage: (text) => {
        if (text.startsWith('{"state"')) performance.mark('tasktray:state-received');
        const data = JSON.parse(text) as StreamMessage;
        if ('state' in data) {
          // A reopened stream brings a state again; the store reads one itself when it needs to.
          takeState(data.state);
          return;
        }
        for (const listener of listeners.get(data.event) ?? []) listener(data.payload);
      },
      // A host that cannot be reached must not hold every call: they fail on their own.
      onDrop: () => {
        opened();
        takeState(null);
      },
    });
  };

  return {
    async call<C extends IpcChannel>(channel: C, request: IpcRequest<C>): Promise<IpcResponse<C>> {
      if (channel === 'app:state' && firstState) {
        const pending = firstState;
        firstState = null;
        const state = await pending;
        if (state) return unwrap(state) as IpcResponse<C>;
      }
      let response: Response;
      await streamOpen;
      try {
        response = await fetch(`${base}/api/call`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
          body: JSON.stringify({ channel, payload: request }),
        });
      } catch (error) {
        throw new CallError(internalError(`Tasktray is not reachable: ${String(error)}`));
      }
      if (!response.ok) {
        throw new CallError(internalError(`Tasktray refused the call (${response.status}).`));
      }
      return unwrap((await response.json()) as IpcResult<IpcResponse<C>>);
    },
    on<E extends IpcEventChannel>(event: E, listener: (payload: IpcEventPayload<E>) => void) {
      connect();
      const set = listeners.get(event) ?? new Set<Listener>();
      listeners.set(event, set);
      const wrapped = listener as Listener;
      set.add(wrapped);
      return () => set.delete(wrapped);
    },
  };
}
