// The window's state: one zustand store, filled by app:state once and kept current by the typed
// IPC events. The renderer never polls; only the clock ticks, so "in 2 h" moves on its own.
import { createStore } from 'zustand/vanilla';
import type { AppState, TasktrayApi } from '../../shared/ipc';
import type { VendorErrorInfo } from '../../shared/errors';
import { errorInfo } from '../errors';

/** How often due times are redrawn: the finest span shown is a minute. */
export const CLOCK_TICK_MS = 15_000;

export type AppStore = {
  status: 'loading' | 'ready' | 'error';
  loadError: VendorErrorInfo | null;
  data: AppState | null;
  now: number;
  /** The task the popup should show (popup:task event). */
  popupTaskId: string | null;
};

export const appStore = createStore<AppStore>(() => ({
  status: 'loading',
  loadError: null,
  data: null,
  now: Date.now(),
  popupTaskId: null,
}));

function patch(update: Partial<AppState>): void {
  const { data } = appStore.getState();
  if (data) appStore.setState({ data: { ...data, ...update } });
}

async function load(api: TasktrayApi): Promise<void> {
  try {
    const data = await api.call('app:state', null);
    appStore.setState({ status: 'ready', data, loadError: null });
  } catch (error) {
    appStore.setState({ status: 'error', loadError: errorInfo(error) });
  }
}

/** Subscribes to every event, loads the state, starts the clock; returns the undo. */
export function connectStore(api: TasktrayApi): () => void {
  const undo = [
    api.on('state:tasks', (tasks) => patch({ tasks })),
    api.on('state:health', (health) => patch({ health })),
    api.on('state:outbox', (outbox) => patch({ outbox })),
    api.on('state:held', ({ held, paused }) => patch({ held, paused })),
    api.on('state:settings', ({ settings, accounts, accountCapabilities, shortcut }) => {
      const before = appStore.getState().data?.accounts.length;
      patch({ settings, accounts, shortcut, ...(accountCapabilities ? { accountCapabilities } : {}) });
      // Whether the demo shows depends on the account count: ask main rather than guess. With no
      // account the demo may return a moment after the count changed, so every event asks.
      if (before !== accounts.length || accounts.length === 0) void load(api);
    }),
    api.on('popup:task', ({ taskId }) => appStore.setState({ popupTaskId: taskId })),
  ];
  void load(api);
  const clock = setInterval(() => appStore.setState({ now: Date.now() }), CLOCK_TICK_MS);
  return () => {
    clearInterval(clock);
    for (const off of undo) off();
  };
}

export function reloadState(api: TasktrayApi): Promise<void> {
  appStore.setState({ status: 'loading' });
  return load(api);
}
