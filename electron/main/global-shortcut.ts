// The optional system-wide shortcut (a setting, off by default) that opens the popup on the most
// urgent task. Electron's globalShortcut is passed in, so this is tested in plain Node.
import type { GlobalShortcutSetting } from '../../shared/settings';
import type { Logger } from '../core/logger';

/** The part of Electron's `globalShortcut` this uses. */
export interface GlobalShortcutPort {
  /** False when the key is taken (by another app, or the desktop). */
  register(accelerator: string, callback: () => void): boolean;
  unregister(accelerator: string): void;
}

export interface GlobalShortcutDeps {
  globalShortcut: GlobalShortcutPort;
  setting(): GlobalShortcutSetting;
  /** The task to open, or null when the inbox is empty. */
  mostUrgentTaskId(): Promise<string | null>;
  openPopup(taskId: string): void;
  openInbox(): void;
  logger: Logger;
}

export interface InstalledShortcut {
  /** Applies the current setting; cheap when nothing changed, so it may run on every refresh. */
  sync(): void;
  /** The accelerator held now, or null. */
  readonly registered: string | null;
  /** Why the wanted shortcut is not held (taken by another app), or null. */
  readonly problem: string | null;
  dispose(): void;
}

export function installGlobalShortcut(deps: GlobalShortcutDeps): InstalledShortcut {
  let registered: string | null = null;
  let wanted: string | null = null;
  let problem: string | null = null;
  const fire = () => {
    deps.mostUrgentTaskId().then(
      (taskId) => (taskId === null ? deps.openInbox() : deps.openPopup(taskId)),
      (error: unknown) => {
        deps.logger.warn('the shortcut could not find the most urgent task', { error });
        deps.openInbox();
      },
    );
  };
  const release = () => {
    if (registered !== null) deps.globalShortcut.unregister(registered);
    registered = null;
  };
  const sync = () => {
    const setting = deps.setting();
    const next = setting.enabled ? setting.accelerator : null;
    if (next === wanted) return;
    wanted = next;
    release();
    problem = null;
    if (next === null) return;
    if (deps.globalShortcut.register(next, fire)) {
      registered = next;
    } else {
      problem = `${next} is already used by another application; choose another shortcut in Settings.`;
      deps.logger.warn('global shortcut not registered', { accelerator: next });
    }
  };
  sync();
  return {
    sync,
    get registered() {
      return registered;
    },
    get problem() {
      return problem;
    },
    dispose: () => {
      release();
      wanted = null;
    },
  };
}
