// Updates through electron-updater from a generic feed (update-feed.ts: the one the installer was
// built with, or TASKTRAY_UPDATE_URL): checked a while after start and every few hours, downloaded
// in the background, installed on quit — or at once with "Restart to update" in the tray. electron-updater's updater is passed in (any AppUpdater),
// so this is tested in plain Node against a local HTTP feed.
import type { Translate } from '../../shared/i18n/format';
import { translator } from '../../shared/i18n/translate';
import type { MenuItemConstructorOptions } from 'electron';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '../core/logger';
import type { UpdateFeed } from './update-feed';

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
  /** Where its app-update.yml is read from (the feed, and the download cache's folder name). */
  updateConfigPath: string | null;
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

  menuItems(t: Translate = translator('en')): MenuItemConstructorOptions[] {
    if (this.current.kind !== 'ready') return [];
    const label = t('tray.restartToUpdate', { version: this.current.version });
    return [{ label, click: () => this.restart() }];
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

/** app-update.yml as electron-builder writes it for a generic feed (JSON strings are YAML). */
export function appUpdateYml(url: string): string {
  return `provider: generic\nurl: ${JSON.stringify(new URL(url).href)}\nupdaterCacheDirName: tasktray-updater\n`;
}

export interface InstalledUpdates {
  readonly state: UpdateState;
  /** "Restart to update (x.y.z)" once an update is downloaded; nothing otherwise. */
  menuItems(t?: Translate): MenuItemConstructorOptions[];
  stop(): void;
}

/**
 * Starts the checks. A development run (not packaged) has no installer to replace, and a copy
 * built without a feed has nowhere to look: updates are off there, and the log says why.
 */
export function installUpdates(deps: {
  isPackaged: boolean;
  feed: UpdateFeed;
  loadUpdater: () => Promise<UpdaterPort>;
  logger: Logger;
  onChange(state: UpdateState): void;
  now?: () => number;
  /** When the first check runs; FIRST_UPDATE_CHECK_MS unless given. */
  firstCheckMs?: number;
  /** Where a feed given at run time is written as app-update.yml (the app's data folder). */
  configDir: string;
}): InstalledUpdates {
  const reason = !deps.isPackaged
    ? 'not an installed copy'
    : deps.feed.kind === 'none'
      ? deps.feed.reason
      : null;
  if (reason !== null) {
    if (deps.isPackaged) deps.logger.info(`updates are off: ${reason}`);
    const off: UpdateState = { kind: 'off', reason };
    return { state: off, menuItems: () => [], stop: () => undefined };
  }
  const { feed } = deps;
  let controller: UpdateController | null = null;
  const timers: NodeJS.Timeout[] = [];
  const start = async () => {
    if (!controller) {
      const updater = await deps.loadUpdater();
      if (feed.kind === 'url') {
        // electron-updater reads more than the URL from app-update.yml (its download cache's
        // name): a feed given at run time gets a file of its own, as electron-builder writes it.
        const path = join(deps.configDir, 'app-update.yml');
        await writeFile(path, appUpdateYml(feed.url));
        updater.updateConfigPath = path;
      }
      deps.logger.info('updates on', { feed: feed.kind === 'url' ? feed.url : 'built-in' });
      controller = new UpdateController({
        updater,
        logger: deps.logger,
        onChange: deps.onChange,
        now: deps.now ?? Date.now,
      });
    }
    await controller.check();
  };
  const run = () => {
    start().catch((error: unknown) =>
      deps.logger.warn('updates unavailable', { message: (error as Error).message }),
    );
  };
  timers.push(setTimeout(run, deps.firstCheckMs ?? FIRST_UPDATE_CHECK_MS).unref());
  timers.push(setInterval(run, UPDATE_CHECK_EVERY_MS).unref());
  return {
    get state() {
      return controller?.state ?? { kind: 'idle', checkedAt: null };
    },
    menuItems: (t) => controller?.menuItems(t) ?? [],
    stop: () => {
      for (const timer of timers) clearTimeout(timer);
    },
  };
}
