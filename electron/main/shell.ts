// Binds the engine to Electron: stores, secrets, the demo, the service, IPC, the tray, the
// notifications and the windows. Every decision is in a small module beside this one; this file
// only connects them to Electron's objects, which it is given (see electron-api.ts).
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { translator } from '../../shared/i18n/translate';
import type { IpcEventChannel, IpcEventPayload } from '../../shared/ipc';
import type { AdapterDeps } from '../core/adapter';
import { AppService, isOpenableVendorUrl, type AppHost } from '../app/app-service';
import { engineSecrets } from '../app/engine-secrets';
import type { AnyHandlers } from '../app/ipc-dispatch';
import { Engine } from '../core/engine';
import { consoleLogger, fireAndLog, type Logger } from '../core/logger';
import { systemClock, type SecretStore, type StateStore } from '../core/ports';
import { FileStateStore } from '../core/file-state-store';
import { sharedStateDir } from '../core/shared-home';
import { importLegacyOutbox } from '../core/legacy-outbox';
import { systemTimeZone } from '../core/time';
import { KeytarSecretStore } from '../platform/keychain';
import { startDemo, type DemoPace, type RunningDemo } from '../simulator/demo';
import type { SimLimits } from '../simulator/server';
import { appResponse } from './app-protocol';
import { mostUrgentTask } from '../../shared/urgency';
import { createAutostart, type Autostart } from './autostart';
import { installGlobalShortcut } from './global-shortcut';
import { installLogging, openLogsMenuItem, type InstalledLogging } from './log-file';
import { resolveUpdateFeed } from './update-feed';
import { installUpdates } from './updates';
import { chromiumFetch, VENDOR_PARTITION } from './chromium-fetch';
import { startDemoWhileShown, type DemoLifecycle } from './demo-lifecycle';
import type { ElectronApi } from './electron-api';
import { createE2eProbe, fillE2eProbe, type E2eProbe } from './e2e-probe';
import { guardWebContents } from './guard';
import { broadcast, serveIpc } from './ipc';
import { startsHidden } from './launch';
import { SNOOZE_MS, type NotificationChoice } from './notification-text';
import { Notifier } from './notifier';
import { watchPower } from './power';
import { quitCleanly } from './quit';
import { saveFailureOf, saveFailureReporter } from './save-failures';
import { KeychainFirstSecretStore } from './secret-store';
import { APP_ORIGIN, APP_SCHEME, devCsp } from './security';
import { ElectronSettings, ElectronStateStore, openStore } from './settings-store';
import { createTray, trayActions, type ShellTray } from './shell-tray';
import { isWaylandSession, Windows } from './windows';
import { runHandled } from '../../shared/detached';

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
  demo?: { pace?: Partial<DemoPace>; seed?: number; limits?: SimLimits; controlApi?: boolean };
  /** How long the tray waits at login on Linux; LINUX_LOGIN_TRAY_DELAY_MS unless given. */
  trayDelayMs?: number;
  /** False when this launch came with a tasktray:// link: its popup opens, not the inbox. */
  showInboxAtStart?: boolean;
}

export interface RunningShell {
  showInbox(): void;
  /** The popup on one task (a tasktray://task/<id> link). */
  openTask(taskId: string): void;
  engine: Engine;
  /** The demo's simulator while it runs. */
  demo(): RunningDemo | null;
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
  // Updates, the service's events and the tray menu ask for a redraw before the tray exists.
  let drawTray: () => void = () => undefined;
  const refreshTray = () => drawTray();
  // A notification is clicked only once the service exists; until then there is none to ask.
  let service: AppService | null = null;
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

  const core = await startEngineSide(ctx, options, openInBrowser);
  const ui = startWindowsSide(ctx, options, { core, devUrl, refreshTray, service: () => service });
  const svc = startService(ctx, { core, ui, appOrigin, openInBrowser, refreshTray });
  service = svc;
  const { tray, actions, refresh } = startTray(ctx, { core, ui, svc, refreshTray });
  drawTray = refresh;
  setInterval(refreshTray, TRAY_REFRESH_MS).unref();
  watchSleepAndNetwork(ctx, core.engine);

  await svc.start();
  refreshTray();
  informSettingsProblem(ctx, core.settings, ui.notifier);
  if (core.e2e) {
    const { demo, autostart } = core;
    fillE2eProbe(core.e2e, { demo, notifier: ui.notifier, actions, autostart });
  }
  showAtLaunch(ctx, options, { windows: ui.windows, tray, draw: refreshTray });
  return {
    showInbox: () => ui.windows.showMain(),
    openTask: (taskId) => ui.windows.showPopup(taskId, null),
    engine: core.engine,
    demo: () => core.demo.running(),
  };
}

/**
 * Stores, the demo while the user has no account, the secrets the engine may read, and the engine.
 * The login item and the end-to-end probe come between, in the order the shell always made them.
 */
async function startEngineSide(
  ctx: Context,
  options: ShellOptions,
  openInBrowser: (url: string) => Promise<void>,
) {
  const stores = openStores(ctx, options.keychain ?? new KeytarSecretStore());
  const { settings } = stores;
  const demo = await startDemoWhileShown(settings.read().accounts.length > 0, () =>
    // The simulator's control API is for the end-to-end suites only; the demo runs without it.
    startDemo({ controlApi: ctx.env.TASKTRAY_E2E === '1', ...options.demo }),
  );
  // Stored secrets go only to the origins they were saved for, whatever the settings file says.
  const secrets = engineSecrets({
    keychain: stores.keychain,
    accounts: () => settings.read().accounts,
    demo: () => demo.accounts(),
  });
  const autostart = startAtLogin(ctx, settings, options.execPath ?? process.execPath);
  const e2e = ctx.env.TASKTRAY_E2E === '1' ? createE2eProbe() : null;
  const { engine, adapterDeps } = await createEngine(ctx, { secrets, stores, openInBrowser });
  return { stores, settings, demo, secrets, autostart, e2e, engine, adapterDeps };
}

type EngineSide = Awaited<ReturnType<typeof startEngineSide>>;

/**
 * Updates, the global shortcut, quitting, the windows and notifications. Their callbacks reach
 * the tray and the service, which come later, through `refreshTray` and `service`.
 */
function startWindowsSide(
  ctx: Context,
  options: ShellOptions,
  deps: {
    core: EngineSide;
    devUrl: string | undefined;
    refreshTray: () => void;
    service: () => AppService | null;
  },
) {
  const { electron, logger } = ctx;
  const { engine, demo, settings } = deps.core;
  const updates = startUpdates(ctx, deps.refreshTray);
  const shortcut = installGlobalShortcut({
    globalShortcut: electron.globalShortcut,
    setting: () => settings.read().globalShortcut,
    mostUrgentTaskId: () => mostUrgentTask(engine.tasks(), Date.now())?.id ?? null,
    openPopup: (taskId) => windows.showPopup(taskId, null),
    openInbox: () => windows.showMain(),
    logger,
  });
  const quit = quitCleanly(
    electron.app,
    () => {
      updates.stop();
      shortcut.dispose();
      return [engine.stop(), demo.stop()];
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
    onChoice: (choice) => onNotificationChoice(choice, windows, deps.service(), logger),
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

/** The app service between the engine and the windows; its events, failures and IPC. */
function startService(
  ctx: Context,
  deps: {
    core: EngineSide;
    ui: WindowsSide;
    appOrigin: string;
    openInBrowser: (url: string) => Promise<void>;
    refreshTray: () => void;
  },
): AppService {
  const { engine, settings, secrets, stores, demo, autostart, adapterDeps, e2e } = deps.core;
  const { windows, notifier, shortcut } = deps.ui;
  const svc = new AppService({
    engine,
    settings,
    secrets,
    host: appHost({
      openInBrowser: deps.openInBrowser,
      autostart,
      settings,
      userData: stores.userData,
      shortcut,
      refreshTray: deps.refreshTray,
    }),
    demo: demo.accounts(),
    adapterDeps,
    emit: eventSink({
      windows,
      notifier,
      e2e,
      // It logs its own failure.
      onSettings: () => runHandled(showDemoWhileNoAccounts(ctx, demo, settings, svc)),
      afterEach: () => deps.refreshTray(),
    }),
  });
  reportSaveFailures(ctx, { settings, engine, notifier, svc, userData: stores.userData });
  serveWindowsIpc(ctx, { appOrigin: deps.appOrigin, windows, handlers: svc.handlers });
  return svc;
}

/** What the service asks of the desktop: the browser, the login item, folders, the shortcut. */
function appHost(deps: {
  openInBrowser: (url: string) => Promise<void>;
  autostart: Autostart;
  settings: ElectronSettings;
  userData: string;
  shortcut: WindowsSide['shortcut'];
  refreshTray: () => void;
}): AppHost {
  const { autostart, settings, shortcut } = deps;
  return {
    openExternal: deps.openInBrowser,
    setStartAtLogin: async (enabled) => {
      const real = autostart.setEnabled(enabled);
      deps.refreshTray();
      return real;
    },
    saveFolder: (key) => saveFolder(key, settings, deps.userData),
    shortcutStatus: () => {
      shortcut.sync(); // the setting may have changed just now
      if (shortcut.registered !== null) return 'on';
      return shortcut.problem === null ? 'off' : 'taken';
    },
  };
}

/** The tray icon and its menu, and the redraw every change ends with. */
function startTray(
  ctx: Context,
  deps: { core: EngineSide; ui: WindowsSide; svc: AppService; refreshTray: () => void },
) {
  const { electron, logging } = ctx;
  const { engine, settings, autostart, e2e } = deps.core;
  const { updates, shortcut, windows } = deps.ui;
  let shellTray: ShellTray | null = null;
  const actions = trayActions(electron, {
    logger: ctx.logger,
    windows,
    svc: deps.svc,
    autostart,
    refresh: () => deps.refreshTray(),
    invalidateMenu: () => shellTray?.controller?.invalidateMenu(),
    moreItems: () => [
      ...updates.menuItems(),
      ...(logging ? [openLogsMenuItem(logging, (path) => electron.shell.openPath(path))] : []),
    ],
  });
  const tray = createTray(ctx, actions);
  shellTray = tray;
  const refresh = () => {
    shortcut.sync(); // settings changes arrive as events, like everything that refreshes the tray
    tray.refresh({
      tasks: engine.tasks(),
      health: engine.health(),
      accounts: deps.svc.activeAccounts().accounts,
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
  return { tray, actions, refresh };
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

/** The engine, calling vendors through Chromium's network stack. */
async function createEngine(
  { electron, env, logger }: Context,
  options: {
    secrets: SecretStore;
    stores: ReturnType<typeof openStores>;
    openInBrowser: (url: string) => Promise<void>;
  },
): Promise<{ engine: Engine; adapterDeps: AdapterDeps }> {
  const { settings } = options.stores;
  // One JSON file per document, written off the main thread.
  const store = new FileStateStore(join(options.stores.userData, 'state'));
  await carryOverOldOutbox(options.stores.userData, store, logger);
  const adapterDeps: AdapterDeps = {
    fetch: chromiumFetch(electron.net.request, electron.session.fromPartition(VENDOR_PARTITION)),
    clock: systemClock,
    logger,
    secrets: options.secrets,
    openExternal: options.openInBrowser,
  };
  const engine = new Engine({
    deps: adapterDeps,
    store,
    // Requests and sign-ins counted with `tasktray watch` and one-shot commands, in the CLI's
    // folder; a separate profile (TASKTRAY_USER_DATA: the end-to-end suites) keeps them to itself.
    limitsStore: env.TASKTRAY_USER_DATA ? store : new FileStateStore(sharedStateDir(env)),
    preferences: () => settings.read().notifications,
    language: () => settings.read().language,
    timeZone: systemTimeZone(),
    // The end-to-end suite cannot wait out the vendors' real poll floors.
    ...(env.TASKTRAY_E2E === '1' ? { pollFloorMs: 2_000 } : {}),
  });
  engine.on('problem', (report) => {
    // Failed writes have their own report (reportSaveFailures); this is for unreadable files.
    if (saveFailureOf(report) === null) logger.warn('engine state was unreadable', { ...report });
  });
  return { engine, adapterDeps };
}

/**
 * Completions an earlier version queued in `<userData>/state.json` are imported once, so an update
 * loses none of them; an unreadable file is kept aside. Never stops the app from starting.
 */
async function carryOverOldOutbox(userData: string, store: StateStore, logger: Logger) {
  try {
    const result = await importLegacyOutbox(userData, store, Date.now());
    if (result.kind === 'imported') logger.info('imported the old outbox', { ...result });
    if (result.kind === 'unreadable')
      logger.warn('the old state file was unreadable', { ...result });
  } catch (error) {
    logger.warn('the old state file could not be imported', { error: String(error) });
  }
}

/** Where the service's events go: every window, a notification for alerts, then the tray. */
function eventSink(deps: {
  windows: Windows;
  notifier: Notifier;
  e2e: E2eProbe | null;
  onSettings: () => void;
  afterEach: () => void;
}) {
  return <E extends IpcEventChannel>(event: E, payload: IpcEventPayload<E>) => {
    broadcast(
      deps.windows.all().map((w) => w.webContents),
      event,
      payload,
    );
    if (event === 'alert') {
      const alert = payload as IpcEventPayload<'alert'>;
      deps.notifier.show(alert);
      deps.e2e?.alerts.push(alert);
    }
    if (event === 'state:outbox' && deps.e2e)
      deps.e2e.outbox = payload as IpcEventPayload<'state:outbox'>;
    deps.e2e?.changed();
    if (event === 'state:settings') deps.onSettings();
    deps.afterEach();
  };
}

/**
 * The settings changed: the demo stops once the user has an account of their own, and returns
 * (a fresh simulator) when they have removed the last one.
 */
async function showDemoWhileNoAccounts(
  { logger }: Context,
  demo: DemoLifecycle,
  settings: ElectronSettings,
  svc: AppService,
): Promise<void> {
  try {
    const changed = await demo.sync(settings.read().accounts.length > 0);
    const accounts = demo.accounts();
    if (changed === 'stopped') {
      svc.endDemo();
      logger.info('the demo stopped: the user has accounts of their own');
    } else if (changed === 'started' && accounts) {
      // Removed meanwhile? The next settings event stops it again.
      await svc.showDemo(accounts);
      logger.info('the demo is back: the user has no account of their own');
    }
  } catch (error) {
    logger.warn('the demo could not be started or stopped', { error });
  }
}

/** The folder a write of this key goes to: the settings file's, or the engine's state folder. */
function saveFolder(key: string, settings: ElectronSettings, userData: string): string {
  return key === 'settings' ? settings.folder : join(userData, 'state');
}

/**
 * Settings or state the disk would not take: a notification (in the user's language), the log,
 * and the windows' inbox line (the app service hears the engine's own failures itself).
 */
function reportSaveFailures(
  { logger }: Context,
  deps: {
    settings: ElectronSettings;
    engine: Engine;
    notifier: Notifier;
    svc: AppService;
    userData: string;
  },
): void {
  const { settings } = deps;
  const report = saveFailureReporter({
    notify: (title, body) => deps.notifier.inform(title, body),
    logger,
    translate: () => translator(settings.read().language),
    folder: (failure) => saveFolder(failure.key, settings, deps.userData),
  });
  const settingsFailed = (reason: string) => {
    report({ key: 'settings', reason });
    deps.svc.saveFailed({ key: 'settings', reason });
  };
  settings.onWriteFailure = settingsFailed;
  deps.engine.on('problem', (problem) => {
    const failure = saveFailureOf(problem);
    if (failure) report(failure);
  });
  if (settings.unsaved !== null) settingsFailed(settings.unsaved);
}

function watchSleepAndNetwork({ electron }: Context, engine: Engine): void {
  const stopPower = watchPower({
    powerMonitor: electron.powerMonitor,
    isOnline: () => electron.net.isOnline(),
    engine,
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
  const keychain = new KeychainFirstSecretStore(
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
  service: AppService | null,
  logger: Logger,
): void {
  if (choice.kind === 'popup') windows.showPopup(choice.taskId, null);
  else if (choice.kind === 'inbox') windows.showMain();
  else if (service)
    fireAndLog(
      service.handlers['tasks:snooze']({ taskId: choice.taskId, until: Date.now() + SNOOZE_MS }),
      logger,
      'snoozing from the notification',
    );
}

/** The one IPC entry: the service's calls, plus window:* for the calling window. */
function serveWindowsIpc(
  { electron, logger }: Context,
  options: { appOrigin: string; windows: Windows; handlers: AppService['handlers'] },
): void {
  const { windows } = options;
  serveIpc({
    ipcMain: electron.ipcMain,
    ownWebContents: () => windows.ids(),
    appOrigin: options.appOrigin,
    logger,
    handlersFor: (sender): AnyHandlers => ({
      ...options.handlers,
      'window:open-inbox': async ({ taskId }: { taskId: string | null }) => {
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
