// What main and the engine host say to each other (main may import this one file of the host's). The host (Electron's utilityProcess) runs the
// engine, the app service, the demo simulator and the engine's state files, so their work and
// their garbage never hold up the process that draws the tray and the windows. Main keeps what
// only it can do: windows, tray, notifications, the settings file and the keychain.
import type { Account } from '../../shared/account';
import type { AccountHealth } from '../../shared/health';
import type { IpcChannel, IpcEventChannel } from '../../shared/ipc';
import type { SaveFailure } from '../../shared/save-failures';
import type { Settings, ShortcutStatus } from '../../shared/settings';
import { instantToMs, type Task } from '../../shared/task';
import type { LogLevel, LogRecord } from '../core/logger';
import type { SecretEntryName } from '../core/ports';
import type { startDemo } from '../simulator/demo';

/** The channels the host serves: all but window:*, which main answers for the calling window. */
export type ServiceChannel = Exclude<IpcChannel, `window:${string}`>;

export function isServiceChannel(channel: IpcChannel): channel is ServiceChannel {
  return !channel.startsWith('window:');
}

/** What the host needs to start; everything else it asks for. */
export interface HostInit {
  /** The app's data folder: the engine's state is in its `state/` folder. */
  userData: string;
  /** The settings file's folder, for messages about a failed write. */
  settingsFolder: string;
  /** The settings as main read them (validated, migrated). */
  settings: Settings;
  /** Where request budgets and sign-ins are counted with the CLI; null: in `state/` (a test profile). */
  limitsDir: string | null;
  /** The end-to-end suites' run: the demo simulator's control API. */
  e2e: boolean;
  /** The shortest time between two polls of an account; null: each vendor's own floor. */
  pollFloorMs: number | null;
  /** The demo simulator's scenario (tests set theirs). */
  demo: NonNullable<Parameters<typeof startDemo>[0]>;
  /** The least important log lines main writes: the host sends none below it. */
  logLevel: LogLevel;
}

/** What the tray shows, as the host counts it: small, whatever the number of tasks. */
export interface TraySummary {
  open: OpenTasks;
  health: AccountHealth[];
  accounts: Pick<Account, 'id' | 'name'>[];
}

/**
 * The open tasks as the tray counts them: how many, and the instant each one is (or becomes)
 * overdue, so main counts the overdue ones at any moment without the tasks themselves.
 */
export interface OpenTasks {
  count: number;
  /** Per task: -Infinity when the vendor says overdue, Infinity with no due time. */
  overdueAt: Float64Array;
}

export function openTasksOf(tasks: readonly Pick<Task, 'overdue' | 'dueAt'>[]): OpenTasks {
  const overdueAt = new Float64Array(tasks.length);
  tasks.forEach((task, i) => {
    overdueAt[i] = task.overdue
      ? -Infinity
      : task.dueAt === null
        ? Infinity
        : instantToMs(task.dueAt);
  });
  return { count: tasks.length, overdueAt };
}

export function overdueCount(open: OpenTasks, now: number): number {
  let count = 0;
  for (const at of open.overdueAt) if (at <= now) count += 1;
  return count;
}

/** What main asks of the host. */
export type HostMethods = {
  /**
   * A window's call (or the tray's), already checked by main against the contract. The answer is
   * the IpcResult as JSON text: main passes it on to the window without reading it.
   */
  call: { params: { channel: ServiceChannel; payload: unknown }; result: string };
  /** The task the global shortcut opens, or null when there is none. */
  mostUrgent: { params: null; result: string | null };
  /** Stops the engine (it saves its state) and the demo; the host then exits. */
  stop: { params: null; result: null };
};

/** What the host asks of main. */
export type MainMethods = {
  'secret:get': { params: { accountId: string; name: SecretEntryName }; result: string | null };
  'secret:set': {
    params: { accountId: string; name: SecretEntryName; value: string };
    result: null;
  };
  'secret:delete': { params: { accountId: string; name: SecretEntryName }; result: null };
  /** Writes the settings file; fails with the reason the disk gave. */
  'settings:write': { params: Settings; result: null };
  openExternal: { params: { url: string }; result: null };
  setStartAtLogin: { params: { enabled: boolean }; result: boolean };
  shortcutStatus: { params: null; result: ShortcutStatus };
};

/** Told to the host. */
export type MainNotice =
  | { type: 'init'; init: HostInit }
  | { type: 'power'; op: 'pause' | 'resume' | 'refresh' }
  /** A settings write the disk refused: the windows show it. */
  | { type: 'save-failed'; failure: SaveFailure };

/** Told to main. */
export type HostNotice =
  /** The engine runs and the windows may call. */
  | { type: 'ready' }
  /** An event for every window, as JSON text (main reads only alerts and the outbox). */
  | { type: 'event'; event: IpcEventChannel; json: string }
  | { type: 'tray'; summary: TraySummary }
  /** One of the engine's writes the disk refused: main notifies and logs. */
  | { type: 'save-failed'; failure: SaveFailure }
  /** A log line, already redacted, for main's log file. */
  | { type: 'log'; record: LogRecord }
  /** The demo simulator's control API (end-to-end runs only), or null while it is stopped. */
  | { type: 'demo'; control: { url: string; token: string } | null };
