// Binds Tasktray to Electron: the settings and the keychain, the engine host (a utility process
// running the engine, the app service and the demo), IPC, the tray, notifications and windows. Every decision is in a small module beside this one; this file
// only connects them to Electron's objects, which it is given (see electron-api.ts).
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { translator } from '../../shared/i18n/translate';
import type { IpcEventChannel, IpcEventPayload } from '../../shared/ipc';
import { isOpenableVendorUrl } from '../app/app-service';
import { consoleLogger, fireAndLog, type Logger } from '../core/logger';
import type { SecretStore } from '../core/ports';
import { sharedStateDir } from '../core/shared-home';
import type { Handlers } from '../app/host-link';
import type { HostInit, MainMethods, TraySummary } from '../host/protocol';
import { KeytarSecretStore } from '../platform/keychain';
import { appResponse } from './app-protocol';
import { createAutostart, type Autostart } from './autostart';
import type { ElectronApi } from './electron-api';
import { createE2eProbe, fillE2eProbe, type E2eProbe } from './e2e-probe';
import { EngineClient } from './engine-client';
import { installGlobalShortcut } from './global-shortcut';
import { guardWebContents } from './guard';
import { broadcast, serveIpc } from './ipc';
import { startsHidden } from './launch';
import { installLogging, openLogsMenuItem, type InstalledLogging } from './log-file';
import { SNOOZE_MS, type NotificationChoice } from './notification-text';
import { Notifier } from './notifier';
import { watchPower } from './power';
import { quitCleanly } from './quit';
import { saveFailureReporter } from './save-failures';
import { KeychainFirstSecretStore } from './secret-store';
import { APP_ORIGIN, APP_SCHEME, devCsp } from './security';
import { ElectronSettings, ElectronStateStore, openStore } from './settings-store';
import { createTray, trayActions, type ShellTray } from './shell-tray';
import { resolveUpdateFeed } from './update-feed';
import { installUpdates } from './updates';
import { isWaylandSession, Windows } from './windows';

const here = dirname(fileURLToPath(import.meta.url));

/** At login on Linux the panel's tray watcher may not be up yet: the icon waits this long. */
export const LINUX_LOGIN_TRAY_DELAY_MS = 10_000;
/** Pauses run out and "overdue" arrives with the clock, not with an event. */
const TRAY_REFRESH_MS = 30_000;

/** What the process gives the shell besides Electron; tests set their own. */
export interface ShellOptions {
  platform?: NodeJS.Platform;
  env?: NodeJS.ProcessEnv;
  argv?: readonly string[];
  execPath?: string;
  /** The built renderer (app://tasktray/ serves it) and the preload. */
  rendererDir?: string;
  preloadPath?: string;
  /** The OS keychain; keytar unless given. */
  keychain?: SecretStore;
  logger?: Logger;
  /** The demo simulator's scenario. */
  demo?: HostInit['demo'];
  /** The engine host's entry for utilityProcess.fork; out/main/engine-host.js unless given. */
  hostEntry?: string;
  /** How long the tray waits at login on Linux; LINUX_LOGIN_TRAY_DELAY_MS unless given. */
  trayDelayMs?: number;
  /** False when this launch came with a tasktray:// link: its popup opens, not the inbox. */
  showInboxAtStart?: boolean;
}

export interface RunningShell {
  showInbox(): void;
  /** The popup on one task (a tasktray://task/<id> link). */
  openTask(taskId: string): void;
  /** The engine host's client: main's way to the engine, which runs in a utility process. */
  host: EngineClient;
}

interface Context {
  electron: ElectronApi;
  platform: NodeJS.Platform;
  env: NodeJS.ProcessEnv;
  logger: Logger;
  /** The rotating log file, unless the caller gave its own logger. */
  logging: InstalledLogging | null;
}

export async function startShell(
  electron: ElectronApi,
  options: ShellOptions = {},
): Promise<RunningShell> {
  const ctx = createContext(electron, options);
  // Updates, the host's events and the tray menu ask for a redraw before the tray exists.
  let drawTray: () => void = () => undefined;
  const refreshTray = () => drawTray();
  setUpApp(ctx);
  const openInBrowser = browserOpener(electron);
  const devUrl = !electron.app.isPackaged ? ctx.env.ELECTRON_RENDERER_URL : undefined;
  const appOrigin = devUrl ? new URL(devUrl).origin : APP_ORIGIN;
  lockDownWindows(ctx, {
    appOrigin,
    devUrl,
    rendererDir: options.rendererDir ?? join(here, '../renderer'),
    openInBrowser,
  });

  const core = startDesktopSide(ctx, options);
  // The windows' callbacks reach the engine host, made next, only once the user acts.
  let host: EngineClient | null = null;
  const engine = () => {
    if (!host) throw new Error('The engine host is not running yet.');
    return host;
  };
  const ui = startWindowsSide(ctx, options, { core, devUrl, refreshTray, engine });
  const tray = startTray(ctx, { core, ui, engine, refreshTray });
  drawTray = tray.refresh;
  host = startEngineHost(ctx, options, { core, ui, openInBrowser, refreshTray, tray });
  serveWindowsIpc(ctx, { appOrigin, windows: ui.windows, host });
  setInterval(refreshTray, TRAY_REFRESH_MS).unref();
  watchSleepAndNetwork(ctx, host);

  await host.start();
  // Settings that could not be written at start: the windows' inbox line, now the host listens.
  const { unsaved } = core.settings;
  if (unsaved !== null) host.saveFailed({ key: 'settings', reason: unsaved });
  refreshTray();
  informSettingsProblem(ctx, core.settings, ui.notifier);
  if (core.e2e) {
    const { autostart } = core;
    fillE2eProbe(core.e2e, { notifier: ui.notifier, actions: tray.actions, autostart });
  }
  showAtLaunch(ctx, options, { windows: ui.windows, tray: tray.tray, draw: refreshTray });
  return {
    showInbox: () => ui.windows.showMain(),
    openTask: (taskId) => ui.windows.showPopup(taskId, null),
    host,
  };
}

/** The settings file, the keychain, the login item and the end-to-end probe: main's own state. */
function startDesktopSide(ctx: Context, options: ShellOptions) {
  const stores = openStores(ctx, options.keychain ?? new KeytarSecretStore());
  const autostart = startAtLogin(ctx, stores.settings, options.execPath ?? process.execPath);
  const e2e = ctx.env.TASKTRAY_E2E === '1' ? createE2eProbe() : null;
  return { ...stores, autostart, e2e };
}

type DesktopSide = ReturnType<typeof startDesktopSide>;

/**
 * Updates, the global shortcut, quitting, the windows and notifications. Their callbacks reach
 * the tray and the engine host, which come later, through `refreshTray` and `engine`.
 */
function startWindowsSide(
  ctx: Context,
  options: ShellOptions,
  deps: {
    core: DesktopSide;
    devUrl: string | undefined;
    refreshTray: () => void;
    engine: () => EngineClient;
  },
) {
  const { electron, logger } = ctx;
  const { settings } = deps.core;
  const updates = startUpdates(ctx, deps.refreshTray);
  const shortcut = installGlobalShortcut({
    globalShortcut: electron.globalShortcut,
    setting: () => settings.read().globalShortcut,
    mostUrgentTaskId: () => deps.engine().mostUrgentTaskId(),
    openPopup: (taskId) => windows.showPopup(taskId, null),
    openInbox: () => windows.showMain(),
    logger,
  });
  const quit = quitCleanly(
    electron.app,
    () => {
      updates.stop();
      shortcut.dispose();
      return [deps.engine().stop()];
    },
    () => logger.warn('quit without waiting longer for the engine to stop'),
  );
  const windows = createWindows(ctx, {
    pageUrl: deps.devUrl ? `${deps.devUrl}/` : `${APP_ORIGIN}/index.html`,
    preload: options.preloadPath ?? join(here, '../preload/index.cjs'),
    isQuitting: quit.isQuitting,
  });
  const notifier = new Notifier({
    create: (notification) => new electron.Notification(notification),
    isSupported: () => electron.Notification.isSupported(),
    platform: ctx.platform,
    language: () => settings.read().language,
    onChoice: (choice) => onNotificationChoice(choice, windows, deps.engine, logger),
  });
  return { updates, shortcut, windows, notifier };
}

type WindowsSide = ReturnType<typeof startWindowsSide>;

function startUpdates({ electron, env, logger }: Context, refreshTray: () => void) {
  const { app } = electron;
  return installUpdates({
    isPackaged: app.isPackaged,
    feed: resolveUpdateFeed({
      env,
      // electron-builder writes app-update.yml beside app.asar when built with a feed.
      appUpdateConfig: app.isPackaged ? join(process.resourcesPath, 'app-update.yml') : null,
      exists: existsSync,
    }),
    configDir: app.getPath('userData'),
    loadUpdater: async () => (await import('electron-updater')).autoUpdater,
    logger,
    onChange: () => refreshTray(),
  });
}

/**
 * The engine host in its utility process: what it may ask of main, and where its events go —
 * every window, a notification for alerts, the tray.
 */
function startEngineHost(
  ctx: Context,
  options: ShellOptions,
  deps: {
    core: DesktopSide;
    ui: WindowsSide;
    openInBrowser: (url: string) => Promise<void>;
    refreshTray: () => void;
    tray: ReturnType<typeof startTray>;
  },
): EngineClient {
  const { electron, logger } = ctx;
  const { settings, userData, e2e } = deps.core;
  const { windows, notifier } = deps.ui;
  const report = saveFailureReporter({
    notify: (title, body) => notifier.inform(title, body),
    logger,
    translate: () => translator(settings.read().language),
    folder: (failure) => (failure.key === 'settings' ? settings.folder : join(userData, 'state')),
  });
  const client: EngineClient = new EngineClient({
    fork: () =>
      electron.utilityProcess.fork(options.hostEntry ?? join(here, 'engine-host.js'), [], {
        serviceName: 'Tasktray engine',
        stdio: 'inherit',
      }),
    init: () => hostInit(ctx, options, deps.core),
    answers: mainAnswers(deps.core, deps.ui, deps),
    onEvent: (event, json) => {
      toWindowsAndNotifications(event, json, { windows, notifier, e2e });
      deps.refreshTray();
    },
    onTray: (summary) => deps.tray.summarise(summary),
    onSaveFailed: report,
    onDemo: (control) => {
      if (!e2e) return;
      e2e.simControlUrl = control?.url;
      e2e.simControlToken = control?.token;
      e2e.changed();
    },
    onRestarted: () => {
      for (const window of windows.all()) window.webContents.reload();
    },
    onGaveUp: () => {
      const t = translator(settings.read().language);
      notifier.inform(t('notification.engineStopped'), t('notification.engineStoppedBody'));
    },
    logger,
  });
  // The settings file refused a write: a notification, the log, and the windows' inbox line.
  const settingsFailed = (reason: string) => {
    report({ key: 'settings', reason });
    client.saveFailed({ key: 'settings', reason });
  };
  settings.onWriteFailure = settingsFailed;
  if (settings.unsaved !== null) report({ key: 'settings', reason: settings.unsaved });
  return client;
}

/**
 * An event from the engine host: to every window as the JSON text it came as, and an alert to a
 * notification. Main reads only alerts and the outbox (the end-to-end probe's), never task lists.
 */
function toWindowsAndNotifications(
  event: IpcEventChannel,
  json: string,
  deps: { windows: Windows; notifier: Notifier; e2e: E2eProbe | null },
): void {
  const { e2e } = deps;
  broadcast(
    deps.windows.all().map((w) => w.webContents),
    event,
    json,
  );
  if (event === 'alert') {
    const alert = JSON.parse(json) as IpcEventPayload<'alert'>;
    deps.notifier.show(alert);
    e2e?.alerts.push(alert);
  }
  if (event === 'state:outbox' && e2e)
    e2e.outbox = JSON.parse(json) as IpcEventPayload<'state:outbox'>;
  e2e?.changed();
}

/** What the engine host starts from: read again at each (re)start. */
function hostInit({ env }: Context, options: ShellOptions, core: DesktopSide): HostInit {
  const { settings, userData } = core;
  return {
    userData,
    settingsFolder: settings.folder,
    settings: settings.read(),
    // Requests and sign-ins counted with `tasktray watch` and one-shot commands, in the CLI's
    // folder; a separate profile (TASKTRAY_USER_DATA: the end-to-end suites) keeps them apart.
    limitsDir: env.TASKTRAY_USER_DATA ? null : sharedStateDir(env),
    e2e: env.TASKTRAY_E2E === '1',
    // The end-to-end suite cannot wait out the vendors' real poll floors.
    pollFloorMs: env.TASKTRAY_E2E === '1' ? 2_000 : null,
    demo: options.demo ?? {},
    logLevel: env.TASKTRAY_LOG === 'debug' ? 'debug' : 'info',
  };
}

/** What only main can do for the engine host: the keychain, the settings file, the desktop. */
function mainAnswers(
  { keychain, settings, autostart }: DesktopSide,
  { shortcut }: WindowsSide,
  deps: { openInBrowser: (url: string) => Promise<void>; refreshTray: () => void },
): Handlers<MainMethods> {
  return {
    'secret:get': ({ accountId, name }) => keychain.get(accountId, name),
    'secret:set': async ({ accountId, name, value }) => {
      await keychain.set(accountId, name, value);
      return null;
    },
    'secret:delete': async ({ accountId, name }) => {
      await keychain.delete(accountId, name);
      return null;
    },
    'settings:write': async (next) => {
      settings.write(next);
      return null;
    },
    openExternal: async ({ url }) => {
      await deps.openInBrowser(url);
      return null;
    },
    setStartAtLogin: async ({ enabled }) => {
      const real = autostart.setEnabled(enabled);
      deps.refreshTray();
      return real;
    },
    shortcutStatus: async () => {
      shortcut.sync(); // the setting may have changed just now
      if (shortcut.registered !== null) return 'on';
      return shortcut.problem === null ? 'off' : 'taken';
    },
  };
}

/** The tray icon and its menu, and the redraw every change ends with. */
function startTray(
  ctx: Context,
  deps: {
    core: DesktopSide;
    ui: WindowsSide;
    engine: () => EngineClient;
    refreshTray: () => void;
  },
) {
  const { electron, logging } = ctx;
  const { settings, autostart, e2e } = deps.core;
  const { updates, shortcut, windows } = deps.ui;
  let shellTray: ShellTray | null = null;
  // What the host last told: nothing yet until it has started.
  let summary: TraySummary = {
    open: { count: 0, overdueAt: new Float64Array(0) },
    health: [],
    accounts: [],
  };
  const actions = trayActions(electron, {
    logger: ctx.logger,
    windows,
    engine: deps.engine,
    autostart,
    refresh: () => deps.refreshTray(),
    invalidateMenu: () => shellTray?.controller?.invalidateMenu(),
    moreItems: (t) => [
      ...updates.menuItems(t),
      ...(logging ? [openLogsMenuItem(logging, (path) => electron.shell.openPath(path), t)] : []),
    ],
  });
  const tray = createTray(ctx, actions);
  shellTray = tray;
  const refresh = () => {
    shortcut.sync(); // settings changes arrive as events, like everything that refreshes the tray
    tray.refresh({
      open: summary.open,
      health: summary.health,
      accounts: summary.accounts,
      pausedUntil: settings.read().notifications.pausedUntil,
      startAtLogin: autostart.isEnabled(),
      now: Date.now(),
      language: settings.read().language,
    });
    if (e2e && tray.controller) {
      e2e.tray = { ...tray.controller.snapshot };
      e2e.changed();
    }
  };
  const summarise = (next: TraySummary) => {
    summary = next;
    refresh();
  };
  return { tray, actions, refresh, summarise };
}

/** The inbox opens unless the launch was at login; at a Linux login the icon waits for the panel. */
function showAtLaunch(
  { electron, platform }: Context,
  options: ShellOptions,
  deps: { windows: Windows; tray: ShellTray; draw: () => void },
): void {
  const hidden = startsHidden(
    options.argv ?? process.argv,
    platform === 'darwin' && electron.app.getLoginItemSettings().wasOpenedAtLogin,
  );
  // A tasktray:// link at launch opens its popup alone, not the inbox too.
  if (!hidden && options.showInboxAtStart !== false) deps.windows.showMain();
  deps.tray.show(
    hidden && platform === 'linux' ? (options.trayDelayMs ?? LINUX_LOGIN_TRAY_DELAY_MS) : 0,
    deps.draw,
  );
}

function createContext(electron: ElectronApi, options: ShellOptions): Context {
  const env = options.env ?? process.env;
  const logging = options.logger
    ? null
    : installLogging({
        dir: electron.app.getPath('logs'),
        level: env.TASKTRAY_LOG === 'debug' ? 'debug' : 'info',
        echo: (line) => process.stderr.write(`${line}\n`),
      });
  return {
    electron,
    platform: options.platform ?? process.platform,
    env,
    logger: options.logger ?? logging?.logger ?? consoleLogger('info'),
    logging,
  };
}

function watchSleepAndNetwork({ electron }: Context, host: EngineClient): void {
  const stopPower = watchPower({
    powerMonitor: electron.powerMonitor,
    isOnline: () => electron.net.isOnline(),
    engine: {
      pause: () => host.power('pause'),
      resume: () => host.power('resume'),
      refreshNow: () => host.power('refresh'),
    },
  });
  electron.app.on('will-quit', () => stopPower());
}

function informSettingsProblem(
  { logger }: Context,
  settings: ElectronSettings,
  notifier: Notifier,
): void {
  if (!settings.problem) return;
  notifier.inform(
    settings.problem.title,
    translator(settings.read().language)('notification.settingsResetBody', {
      problem: settings.problem.message,
      file: settings.problem.keptAside,
    }),
  );
  logger.warn('settings problem', { ...settings.problem });
}

/** App-wide settings that do not depend on anything else. */
function setUpApp({ electron, platform }: Context): void {
  const { app, Menu } = electron;
  if (platform === 'win32') app.setAppUserModelId('com.tasktray.app');
  // No File/Edit/View menu bar on our windows (macOS keeps its standard app menu).
  if (platform !== 'darwin') Menu.setApplicationMenu(null);
  // A tray app outlives its windows: only "Quit" ends it.
  app.on('window-all-closed', () => undefined);
}

/** Every way out to the browser goes through here, and only for vendor pages. */
function browserOpener({ shell }: ElectronApi): (url: string) => Promise<void> {
  return async (url) => {
    // https; plain http only on loopback, the demo simulator's.
    if (!isOpenableVendorUrl(url)) throw new Error(`Tasktray opens only https pages, not ${url}`);
    await shell.openExternal(url); // eng-disable OPEN_EXTERNAL_JS_CHECK (checked just above)
  };
}

/** Where the windows come from, and what they may do. */
function lockDownWindows(
  { electron, logger }: Context,
  options: {
    appOrigin: string;
    devUrl: string | undefined;
    rendererDir: string;
    openInBrowser: (url: string) => Promise<void>;
  },
): void {
  const { app, protocol, session } = electron;
  const { appOrigin, devUrl, rendererDir } = options;
  protocol.handle(APP_SCHEME, (request) => appResponse(request.url, rendererDir));
  if (devUrl) {
    session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
      const headers = {
        ...details.responseHeaders,
        'Content-Security-Policy': [devCsp(appOrigin)],
      };
      callback({ responseHeaders: headers });
    });
  }
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) =>
    callback(false),
  );
  session.defaultSession.setPermissionCheckHandler(() => false);
  app.on('web-contents-created', (_event, contents) =>
    guardWebContents(contents, appOrigin, (url) =>
      fireAndLog(options.openInBrowser(url), logger, 'opening a link in the browser'),
    ),
  );
}

/** Settings, engine state and secrets, from files under userData. */
function openStores({ electron, platform }: Context, keytar: SecretStore) {
  const userData = electron.app.getPath('userData');
  const settingsFile = openStore(userData, 'settings');
  const settings = new ElectronSettings(settingsFile.store, { keptAside: settingsFile.keptAside });
  const secretsFile = openStore(userData, 'secrets-encrypted');
  const keychain: SecretStore = new KeychainFirstSecretStore(
    keytar,
    new ElectronStateStore(secretsFile.store),
    electron.safeStorage,
    platform,
  );
  return { settings, userData, keychain };
}

/** The OS's start-at-login entry; an installed app's first run does what the defaults promise. */
function startAtLogin(
  { electron, platform, env }: Context,
  settings: ElectronSettings,
  execPath: string,
): Autostart {
  const { app } = electron;
  const autostart = createAutostart({
    platform,
    app,
    execPath,
    env,
    appPath: app.isPackaged ? null : app.getAppPath(),
  });
  if (app.isPackaged && settings.fresh && settings.read().startAtLogin && !autostart.isEnabled()) {
    autostart.setEnabled(true);
  }
  return autostart;
}

function createWindows(
  { electron, platform, env, logger }: Context,
  options: { pageUrl: string; preload: string; isQuitting: () => boolean },
): Windows {
  const { screen } = electron;
  return new Windows({
    BrowserWindow: electron.BrowserWindow,
    pageUrl: options.pageUrl,
    preload: options.preload,
    platform,
    wayland: isWaylandSession(platform, env),
    // Beside the tray icon when known, else on the display the user is looking at (the cursor's).
    workAreaNear: (anchor) =>
      (anchor
        ? screen.getDisplayMatching(anchor)
        : screen.getDisplayNearestPoint(screen.getCursorScreenPoint())
      ).workArea,
    isQuitting: options.isQuitting,
    logger,
  });
}

function onNotificationChoice(
  choice: NotificationChoice,
  windows: Windows,
  engine: () => EngineClient,
  logger: Logger,
): void {
  if (choice.kind === 'popup') windows.showPopup(choice.taskId, null);
  else if (choice.kind === 'inbox') windows.showMain();
  else
    fireAndLog(
      engine().value('tasks:snooze', { taskId: choice.taskId, until: Date.now() + SNOOZE_MS }),
      logger,
      'snoozing from the notification',
    );
}

/** The one IPC entry: the engine host's calls, plus window:* for the calling window. */
function serveWindowsIpc(
  { electron, logger }: Context,
  options: { appOrigin: string; windows: Windows; host: EngineClient },
): void {
  const { windows, host } = options;
  serveIpc({
    ipcMain: electron.ipcMain,
    ownWebContents: () => windows.ids(),
    appOrigin: options.appOrigin,
    logger,
    forward: (channel, payload) => host.call(channel, payload),
    windowHandlers: (sender) => ({
      'window:open-inbox': async ({ taskId }) => {
        windows.showMain({ name: 'inbox', taskId });
        return null;
      },
      'window:close': async () => {
        windows.hide(electron.BrowserWindow.fromWebContents(sender));
        return null;
      },
    }),
  });
}
