// Binds the engine to Electron: stores, secrets, the demo, the service, IPC, the tray, the
// notifications and the windows. Every decision is in a small module beside this one; this file
// only connects them to Electron's objects, which it is given (see electron-api.ts).
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { translator } from '../../shared/i18n/translate';
import type { IpcEventChannel, IpcEventPayload } from '../../shared/ipc';
import type { AdapterDeps } from '../core/adapter';
import { AppService, isOpenableVendorUrl } from '../app/app-service';
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
import { attachTrayClicks, TrayController, trayImage, type TrayDeps } from './tray';
import type { TrayMenuActions } from './tray-menu';
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
  const { app } = electron;
  let refreshTray: () => void = () => undefined;
  setUpApp(ctx);
  const openInBrowser = browserOpener(electron);
  const devUrl = !app.isPackaged ? ctx.env.ELECTRON_RENDERER_URL : undefined;
  const appOrigin = devUrl ? new URL(devUrl).origin : APP_ORIGIN;
  lockDownWindows(ctx, {
    appOrigin,
    devUrl,
    rendererDir: options.rendererDir ?? join(here, '../renderer'),
    openInBrowser,
  });

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

  // Updates and the optional global shortcut; their callbacks reach the windows and tray later.
  const updates = installUpdates({
    isPackaged: app.isPackaged,
    feed: resolveUpdateFeed({
      env: ctx.env,
      // electron-builder writes app-update.yml beside app.asar when built with a feed.
      appUpdateConfig: app.isPackaged ? join(process.resourcesPath, 'app-update.yml') : null,
      exists: existsSync,
    }),
    configDir: app.getPath('userData'),
    loadUpdater: async () => (await import('electron-updater')).autoUpdater,
    logger: ctx.logger,
    onChange: () => refreshTray(),
  });
  const shortcut = installGlobalShortcut({
    globalShortcut: electron.globalShortcut,
    setting: () => settings.read().globalShortcut,
    mostUrgentTaskId: () => mostUrgentTask(engine.tasks(), Date.now())?.id ?? null,
    openPopup: (taskId) => windows.showPopup(taskId, null),
    openInbox: () => windows.showMain(),
    logger: ctx.logger,
  });
  const quit = quitCleanly(
    app,
    () => {
      updates.stop();
      shortcut.dispose();
      return [engine.stop(), demo.stop()];
    },
    () => ctx.logger.warn('quit without waiting longer for the engine to stop'),
  );
  const windows = createWindows(ctx, {
    pageUrl: devUrl ? `${devUrl}/` : `${APP_ORIGIN}/index.html`,
    preload: options.preloadPath ?? join(here, '../preload/index.cjs'),
    isQuitting: quit.isQuitting,
  });

  let service: AppService | null = null;
  const notifier = new Notifier({
    create: (notification) => new electron.Notification(notification),
    isSupported: () => electron.Notification.isSupported(),
    platform: ctx.platform,
    language: () => settings.read().language,
    onChoice: (choice) => onNotificationChoice(choice, windows, service, ctx.logger),
  });
  const svc = new AppService({
    engine,
    settings,
    secrets,
    host: {
      openExternal: openInBrowser,
      setStartAtLogin: async (enabled) => {
        const real = autostart.setEnabled(enabled);
        refreshTray();
        return real;
      },
      saveFolder: (key) => saveFolder(key, settings, stores.userData),
      shortcutStatus: () => {
        shortcut.sync(); // the setting may have changed just now
        if (shortcut.registered !== null) return 'on';
        return shortcut.problem === null ? 'off' : 'taken';
      },
    },
    demo: demo.accounts(),
    adapterDeps,
    emit: eventSink({
      windows,
      notifier,
      e2e,
      // It logs its own failure.
      onSettings: () => runHandled(showDemoWhileNoAccounts(ctx, demo, settings, svc)),
      afterEach: () => refreshTray(),
    }),
  });
  service = svc;
  reportSaveFailures(ctx, { settings, engine, notifier, svc, userData: stores.userData });
  serveWindowsIpc(ctx, { appOrigin, windows, handlers: svc.handlers });

  let shellTray: ShellTray | null = null;
  const actions = trayActions(electron, {
    logger: ctx.logger,
    windows,
    svc,
    autostart,
    refresh: () => refreshTray(),
    invalidateMenu: () => shellTray?.controller?.invalidateMenu(),
    moreItems: () => [
      ...updates.menuItems(),
      ...(ctx.logging
        ? [openLogsMenuItem(ctx.logging, (path) => electron.shell.openPath(path))]
        : []),
    ],
  });
  const tray = createTray(ctx, actions);
  shellTray = tray;
  refreshTray = () => {
    shortcut.sync(); // settings changes arrive as events, like everything that refreshes the tray
    tray.refresh({
      tasks: engine.tasks(),
      health: engine.health(),
      accounts: svc.activeAccounts().accounts,
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
  setInterval(() => refreshTray(), TRAY_REFRESH_MS).unref();
  watchSleepAndNetwork(ctx, engine);

  await svc.start();
  refreshTray();
  informSettingsProblem(ctx, settings, notifier);
  if (e2e) fillE2eProbe(e2e, { demo, notifier, actions, autostart });

  const hidden = startsHidden(
    options.argv ?? process.argv,
    ctx.platform === 'darwin' && app.getLoginItemSettings().wasOpenedAtLogin,
  );
  // A tasktray:// link at launch opens its popup alone, not the inbox too.
  if (!hidden && options.showInboxAtStart !== false) windows.showMain();
  tray.show(
    hidden && ctx.platform === 'linux' ? (options.trayDelayMs ?? LINUX_LOGIN_TRAY_DELAY_MS) : 0,
    () => refreshTray(),
  );
  return {
    showInbox: () => windows.showMain(),
    openTask: (taskId) => windows.showPopup(taskId, null),
    engine,
    demo: () => demo.running(),
  };
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

function trayActions(
  { app }: ElectronApi,
  deps: {
    logger: Logger;
    windows: Windows;
    svc: AppService;
    autostart: Autostart;
    refresh: () => void;
    invalidateMenu: () => void;
    moreItems: TrayMenuActions['moreItems'];
  },
): TrayMenuActions {
  const { windows, svc, autostart, logger } = deps;
  return {
    openInbox: () => windows.showMain(),
    refreshNow: () =>
      fireAndLog(
        svc.handlers['engine:refresh']({ accountId: null }),
        logger,
        'refresh from the tray',
      ),
    pauseUntil: (until) =>
      fireAndLog(svc.handlers['notifications:pause']({ until }), logger, 'pausing notifications'),
    openSettings: () => windows.showMain({ name: 'settings' }),
    openAccounts: () => windows.showMain({ name: 'accounts' }),
    setStartAtLogin: (enabled) => {
      // Ask the OS first: the settings may already say so while the OS disagrees.
      const real = autostart.setEnabled(enabled);
      fireAndLog(
        svc.handlers['settings:update']({ startAtLogin: real }),
        logger,
        'saving start at login',
      );
      // The menu's checkbox flipped itself: redraw it even if the OS kept the old state.
      deps.invalidateMenu();
      deps.refresh();
    },
    quit: () => app.quit(),
    now: () => Date.now(),
    moreItems: deps.moreItems,
  };
}

interface ShellTray {
  controller: TrayController | null;
  refresh(view: Parameters<TrayController['update']>[0]): void;
  /** Puts the icon in the tray after `delayMs`, then draws it with `draw`. */
  show(delayMs: number, draw: () => void): void;
}

function createTray({ electron, platform }: Context, actions: TrayMenuActions): ShellTray {
  const { app, nativeImage, Menu, screen, Tray } = electron;
  const deps: TrayDeps = {
    platform,
    createFromBitmap: (buffer, size) => nativeImage.createFromBitmap(buffer, size),
    buildMenu: (template) => Menu.buildFromTemplate(template),
    setBadgeCount: (count) => app.setBadgeCount(count),
    actions,
    scaleFactor: () => screen.getPrimaryDisplay().scaleFactor,
  };
  const shellTray: ShellTray = {
    controller: null,
    refresh: (view) => shellTray.controller?.update(view),
    show: (delayMs, draw) => {
      const create = () => {
        const tray = new Tray(trayImage(deps, 'normal', '', deps.scaleFactor?.()));
        const controller = new TrayController(tray, deps);
        attachTrayClicks(tray, platform, controller, actions.openInbox);
        shellTray.controller = controller;
        draw();
      };
      if (delayMs > 0) setTimeout(create, delayMs).unref();
      else create();
    },
  };
  // The dock icon (macOS) or a relaunch shows the inbox once every window is hidden.
  app.on('activate', () => actions.openInbox());
  return shellTray;
}

/** What the Playwright suite reads from main (TASKTRAY_E2E=1 only): native UI has no DOM. */
interface E2eProbe {
  alerts: IpcEventPayload<'alert'>[];
  outbox: IpcEventPayload<'state:outbox'>;
  simControlUrl?: string;
  simControlToken?: string;
  tray: { tooltip: string; look: string; text: string } | null;
  chooseNotification?: (alertId: string, actionIndex: number | null) => void;
  setStartAtLogin?: (enabled: boolean) => void;
  startAtLogin?: () => boolean;
  /**
   * Resolves once `check` holds, tested now and after every alert, outbox or tray change, so the
   * suite waits for the event itself rather than polling on a clock.
   */
  until: (check: (probe: E2eProbe) => boolean) => Promise<void>;
  changed: () => void;
}

function fillE2eProbe(
  e2e: E2eProbe,
  deps: { demo: DemoLifecycle; notifier: Notifier; actions: TrayMenuActions; autostart: Autostart },
): void {
  e2e.simControlUrl = deps.demo.running()?.sim.urls.control;
  e2e.simControlToken = deps.demo.running()?.sim.controlToken;
  e2e.chooseNotification = (alertId, actionIndex) => {
    const alert = e2e.alerts.find((a) => a.id === alertId);
    if (!alert) throw new Error(`No alert ${alertId}`);
    deps.notifier.choose(alert, actionIndex);
  };
  e2e.setStartAtLogin = (enabled) => deps.actions.setStartAtLogin(enabled);
  e2e.startAtLogin = () => deps.autostart.isEnabled();
}

function createE2eProbe(): E2eProbe {
  const waiting = new Set<() => void>();
  const probe: E2eProbe = {
    alerts: [],
    outbox: [],
    tray: null,
    until: (check) =>
      new Promise<void>((resolve) => {
        const test = () => {
          if (!check(probe)) return;
          waiting.delete(test);
          resolve();
        };
        waiting.add(test);
        test();
      }),
    changed: () => {
      for (const test of [...waiting]) test();
    },
  };
  (globalThis as { tasktrayE2E?: E2eProbe }).tasktrayE2E = probe;
  return probe;
}
