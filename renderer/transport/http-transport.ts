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

type Listener = (payload: unknown) => void;
/** What the event stream carries: an event for every window, or this window's first state. */
type StreamMessage =
  { event: IpcEventChannel; payload: unknown } | { state: IpcResult<IpcResponse<'app:state'>> };

function unwrap<T>(result: IpcResult<T>): T {
  if (!result.ok) throw new CallError(result.error);
  return result.value;
}

export function httpTransport(token: string, base = ''): TasktrayApi {
  const listeners = new Map<IpcEventChannel, Set<Listener>>();
  let source: EventSource | null = null;
  // Open once the host holds our stream: a call answered before that could describe a state whose
  // next event went to nobody (the window would show a failing account only on its next change).
  let streamOpen: Promise<void> = Promise.resolve();
  // The window's first app:state, which the host sends down the stream as it opens (one round
  // trip, not two); null once taken, or when the stream failed before it came.
  let firstState: Promise<IpcResult<IpcResponse<'app:state'>> | null> | null = null;

  const connect = () => {
    if (source) return;
    source = new EventSource(`${base}/api/events?token=${encodeURIComponent(token)}&state=1`);
    const opening = source;
    let takeState: (state: IpcResult<IpcResponse<'app:state'>> | null) => void = () => undefined;
    firstState = new Promise((resolve) => {
      takeState = resolve;
    });
    streamOpen = new Promise((resolve) => {
      opening.addEventListener('open', () => resolve(), { once: true });
      // A host that cannot be reached must not hold every call: they fail on their own.
      opening.addEventListener(
        'error',
        () => {
          resolve();
          takeState(null);
        },
        { once: true },
      );
    });
    source.onmessage = (message: MessageEvent<string>) => {
      if (message.data.startsWith('{"state"')) performance.mark('tasktray:state-received');
      const data = JSON.parse(message.data) as StreamMessage;
      if ('state' in data) {
        // A reconnected stream brings a state again; the store reads one itself when it needs to.
        takeState(data.state);
        return;
      }
      for (const listener of listeners.get(data.event) ?? []) listener(data.payload);
    };
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
