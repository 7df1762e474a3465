// Updates through electron-updater from the generic feed in electron-builder.yml: checked a while
// after start and every few hours, downloaded in the background, installed on quit — or at once
// with "Restart to update" in the tray. electron-updater's updater is passed in (any AppUpdater),
// so this is tested in plain Node against a local HTTP feed.
import type { MenuItemConstructorOptions } from 'electron';
import type { Logger } from '../core/logger';

export const FIRST_UPDATE_CHECK_MS = 60_000;
export const UPDATE_CHECK_EVERY_MS = 4 * 3_600_000;

export type UpdateState =
  | { kind: 'off'; reason: string }
  | { kind: 'idle'; checkedAt: number | null }
  | { kind: 'checking' }
  | { kind: 'downloading'; version: string }
  | { kind: 'ready'; version: string }
  | { kind: 'failed'; message: string };

interface UpdateInfoLike {
  version: string;
}

/** The part of electron-updater's AppUpdater used here. */
export interface UpdaterPort {
  autoDownload: boolean;
  autoInstallOnAppQuit: boolean;
  logger: {
    info(message?: unknown): void;
    warn(message?: unknown): void;
    error(message?: unknown): void;
  } | null;
  checkForUpdates(): Promise<unknown>;
  quitAndInstall(isSilent?: boolean, isForceRunAfter?: boolean): void;
  on(event: 'checking-for-update', listener: () => void): unknown;
  on(
    event: 'update-available' | 'update-not-available' | 'update-downloaded',
    listener: (info: UpdateInfoLike) => void,
  ): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
}

export class UpdateController {
  private current: UpdateState = { kind: 'idle', checkedAt: null };

  constructor(
    private readonly deps: {
      updater: UpdaterPort;
      logger: Logger;
      onChange(state: UpdateState): void;
      now(): number;
    },
  ) {
    const { updater, logger } = deps;
    updater.autoDownload = true;
    updater.autoInstallOnAppQuit = true;
    updater.logger = {
      info: (message) => logger.debug(`updater: ${String(message)}`),
      warn: (message) => logger.warn(`updater: ${String(message)}`),
      error: (message) => logger.warn(`updater: ${String(message)}`),
    };
    updater.on('checking-for-update', () => this.set({ kind: 'checking' }));
    updater.on('update-not-available', () => this.set({ kind: 'idle', checkedAt: deps.now() }));
    updater.on('update-available', (info) => {
      logger.info('update available', { version: info.version });
      this.set({ kind: 'downloading', version: info.version });
    });
    updater.on('update-downloaded', (info) => {
      logger.info('update downloaded', { version: info.version });
      this.set({ kind: 'ready', version: info.version });
    });
    updater.on('error', (error) => this.fail(error));
  }

  get state(): UpdateState {
    return this.current;
  }

  /** Looks for an update (and downloads it); never throws — a failure becomes the state. */
  async check(): Promise<void> {
    const busy = ['checking', 'downloading', 'ready'];
    if (busy.includes(this.current.kind)) return;
    try {
      await this.deps.updater.checkForUpdates();
    } catch (error) {
      this.fail(error);
    }
  }

  /** Quits and installs the downloaded update, then starts the new version. */
  restart(): void {
    if (this.current.kind !== 'ready') return;
    this.deps.logger.info('restarting to update', { version: this.current.version });
    this.deps.updater.quitAndInstall(false, true);
  }

  menuItems(): MenuItemConstructorOptions[] {
    if (this.current.kind !== 'ready') return [];
    return [{ label: `Restart to update (${this.current.version})`, click: () => this.restart() }];
  }

  private fail(error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    // A feed that cannot be reached is routine (offline, a proxy): logged, tried again later.
    this.deps.logger.warn('update check failed', { message });
    this.set({ kind: 'failed', message });
  }

  private set(state: UpdateState): void {
    this.current = state;
    this.deps.onChange(state);
  }
}

export interface InstalledUpdates {
  readonly state: UpdateState;
  /** "Restart to update (x.y.z)" once an update is downloaded; nothing otherwise. */
  menuItems(): MenuItemConstructorOptions[];
  stop(): void;
}

/**
 * Starts the checks. A development run (not packaged) has no app-update.yml and no installer to
 * replace, so updates are off there.
 */
export function installUpdates(deps: {
  isPackaged: boolean;
  loadUpdater: () => Promise<UpdaterPort>;
  logger: Logger;
  onChange(state: UpdateState): void;
  now?: () => number;
}): InstalledUpdates {
  if (!deps.isPackaged) {
    const off: UpdateState = { kind: 'off', reason: 'not an installed copy' };
    return { state: off, menuItems: () => [], stop: () => undefined };
  }
  let controller: UpdateController | null = null;
  const timers: NodeJS.Timeout[] = [];
  const start = async () => {
    controller ??= new UpdateController({
      updater: await deps.loadUpdater(),
      logger: deps.logger,
      onChange: deps.onChange,
      now: deps.now ?? Date.now,
    });
    await controller.check();
  };
  const run = () => {
    start().catch((error: unknown) =>
      deps.logger.warn('updates unavailable', { message: (error as Error).message }),
    );
  };
  timers.push(setTimeout(run, FIRST_UPDATE_CHECK_MS).unref());
  timers.push(setInterval(run, UPDATE_CHECK_EVERY_MS).unref());
  return {
    get state() {
      return controller?.state ?? { kind: 'idle', checkedAt: null };
    },
    menuItems: () => controller?.menuItems() ?? [],
    stop: () => {
      for (const timer of timers) clearTimeout(timer);
    },
  };
}
