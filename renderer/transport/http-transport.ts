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

export function httpTransport(token: string, base = ''): TasktrayApi {
  const listeners = new Map<IpcEventChannel, Set<Listener>>();
  let source: EventSource | null = null;
  // Open once the host holds our stream: a call answered before that could describe a state whose
  // next event went to nobody (the window would show a failing account only on its next change).
  let streamOpen: Promise<void> = Promise.resolve();

  const connect = () => {
    if (source) return;
    source = new EventSource(`${base}/api/events?token=${encodeURIComponent(token)}`);
    const opening = source;
    streamOpen = new Promise((resolve) => {
      opening.addEventListener('open', () => resolve(), { once: true });
      // A host that cannot be reached must not hold every call: they fail on their own.
      opening.addEventListener('error', () => resolve(), { once: true });
    });
    source.onmessage = (message: MessageEvent<string>) => {
      const { event, payload } = JSON.parse(message.data) as {
        event: IpcEventChannel;
        payload: unknown;
      };
      for (const listener of listeners.get(event) ?? []) listener(payload);
    };
  };

  return {
    async call<C extends IpcChannel>(channel: C, request: IpcRequest<C>): Promise<IpcResponse<C>> {
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
      const result = (await response.json()) as IpcResult<IpcResponse<C>>;
      if (!result.ok) throw new CallError(result.error);
      return result.value;
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
