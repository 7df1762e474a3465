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

const api: TasktrayApi = {
  async call<C extends IpcChannel>(channel: C, request: IpcRequest<C>): Promise<IpcResponse<C>> {
    // Main answers with JSON text (it passes the engine host's answer on without reading it).
    const answer = (await ipcRenderer.invoke(CALL_CHANNEL, channel, request)) as string;
    const result = JSON.parse(answer) as IpcResult<IpcResponse<C>>;
    if (result.ok) return result.value;
    // contextBridge keeps only an Error's message: the whole error info travels in it as JSON.
    throw new Error(JSON.stringify(result.error));
  },
  on<E extends IpcEventChannel>(event: E, listener: (payload: IpcEventPayload<E>) => void) {
    const handler = (_event: IpcRendererEvent, name: unknown, json: unknown) => {
      if (name === event) listener(JSON.parse(json as string) as IpcEventPayload<E>);
    };
    ipcRenderer.on(EVENT_CHANNEL, handler);
    return () => {
      ipcRenderer.removeListener(EVENT_CHANNEL, handler);
    };
  },
};

contextBridge.exposeInMainWorld('tasktray', api);
