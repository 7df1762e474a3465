// The window's state: one zustand store, filled by app:state once and kept current by the typed
// IPC events. The renderer never polls; only the clock ticks, so "in 2 h" moves on its own.
import { createStore } from 'zustand/vanilla';
import type { AppState, TasktrayApi } from '../../shared/ipc';
import type { VendorErrorInfo } from '../../shared/errors';
import {
  applyRowChanges,
  fromWireChanges,
  fromWireRow,
  type TaskRow,
  type TaskRowChanges,
} from '../../shared/task-row';
import { applyTracked } from './row-changes';
import { errorInfo } from '../errors';
import { runHandled } from '../../shared/detached';

/** How often due times are redrawn: the finest span shown is a minute. */
export const CLOCK_TICK_MS = 15_000;

/** The app's state as the window holds it: its rows read back from the way they travel. */
export type WindowState = Omit<AppState, 'tasks'> & { tasks: TaskRow[] };

export type AppStore = {
  status: 'loading' | 'ready' | 'error';
  loadError: VendorErrorInfo | null;
  data: WindowState | null;
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

function patch(update: Partial<WindowState>): void {
  const { data } = appStore.getState();
  if (data) appStore.setState({ data: { ...data, ...update } });
}

/**
 * The list's latest changes, kept a while: a state that was read while they were on their way
 * (they travel apart from the answer) catches up with them.
 */
const recentChanges: TaskRowChanges[] = [];
const RECENT_CHANGES = 32;
/** A read of the whole state after a gap in the changes, while it runs. */
let rereading: Promise<void> | null = null;

/** Applies the list's changes that follow the state's version, in order. */
function catchUp(data: WindowState): WindowState {
  let caught = data;
  for (const changes of recentChanges) {
    if (changes.version !== caught.tasksVersion + 1) continue;
    caught = {
      ...caught,
      tasks: applyRowChanges(caught.tasks, changes),
      tasksVersion: changes.version,
    };
  }
  return caught;
}

function onTaskChanges(api: TasktrayApi, changes: TaskRowChanges): void {
  recentChanges.push(changes);
  if (recentChanges.length > RECENT_CHANGES) recentChanges.shift();
  const { data } = appStore.getState();
  // Not loaded yet: the state being read catches up from recentChanges.
  if (!data || changes.version <= data.tasksVersion) return;
  if (changes.version === data.tasksVersion + 1) {
    patch({ tasks: applyTracked(data.tasks, changes), tasksVersion: changes.version });
  } else if (!rereading) {
    // Some changes never arrived (a dropped connection): read the whole state again, once.
    rereading = load(api).finally(() => {
      rereading = null;
    });
  }
}

async function load(api: TasktrayApi): Promise<void> {
  try {
    const { tasks: wire, ...rest } = await api.call('app:state', null);
    const data = catchUp({ ...rest, tasks: wire.map(fromWireRow) });
    performance.mark('tasktray:state');
    const current = appStore.getState().data;
    // An older read that answered late never undoes a newer list.
    const tasks =
      current && current.tasksVersion > data.tasksVersion
        ? { tasks: current.tasks, tasksVersion: current.tasksVersion }
        : {};
    appStore.setState({ status: 'ready', data: { ...data, ...tasks }, loadError: null });
  } catch (error) {
    appStore.setState({ status: 'error', loadError: errorInfo(error) });
  }
}

/** Subscribes to every event, loads the state, starts the clock; returns the undo. */
export function connectStore(api: TasktrayApi): () => void {
  const undo = [
    api.on('state:tasks', (changes) => onTaskChanges(api, fromWireChanges(changes))),
    api.on('state:health', (health) => patch({ health })),
    api.on('state:outbox', (outbox) => patch({ outbox })),
    api.on('state:held', ({ held, paused }) => patch({ held, paused })),
    api.on('state:settings', ({ settings, accounts, accountCapabilities, shortcut }) => {
      const before = appStore.getState().data?.accounts.length;
      patch({
        settings,
        accounts,
        shortcut,
        ...(accountCapabilities ? { accountCapabilities } : {}),
      });
      // Whether the demo shows depends on the account count: ask main rather than guess. With no
      // account the demo may return a moment after the count changed, so every event asks.
      if (before !== accounts.length || accounts.length === 0) runHandled(load(api));
    }),
    api.on('state:save-failures', (saveFailures) => patch({ saveFailures })),
    api.on('popup:task', ({ taskId }) => appStore.setState({ popupTaskId: taskId })),
  ];
  runHandled(load(api));
  const clock = setInterval(() => appStore.setState({ now: Date.now() }), CLOCK_TICK_MS);
  return () => {
    clearInterval(clock);
    for (const off of undo) off();
  };
}

/**
 * Resolves once the first state is read (or failed to), or after `ms` if it is slower: the window
 * draws once, with its rows, when the state comes quickly, and a loading frame only when it does not.
 */
export function firstStateOrAfter(ms: number): Promise<void> {
  return new Promise((resolve) => {
    if (appStore.getState().status !== 'loading') {
      resolve();
      return;
    }
    const done = () => {
      clearTimeout(timer);
      unsubscribe();
      resolve();
    };
    const timer = setTimeout(done, ms);
    const unsubscribe = appStore.subscribe((state) => {
      if (state.status !== 'loading') done();
    });
  });
}

export function reloadState(api: TasktrayApi): Promise<void> {
  appStore.setState({ status: 'loading' });
  return load(api);
}
