// Binds the engine to Electron: stores, secrets, the demo, the service, IPC, the tray, the
// notifications and the windows. Every decision is in a small module beside this one; this file
// only connects them to Electron's objects.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  app,
  BrowserWindow,
  globalShortcut,
  ipcMain,
  Menu,
  nativeImage,
  net,
  Notification,
  powerMonitor,
  protocol,
  safeStorage,
  screen,
  session,
  shell,
  Tray,
} from 'electron';
import type { IpcEventChannel, IpcEventPayload } from '../../shared/ipc';
import type { AdapterDeps } from '../core/adapter';
import { AppService, isOpenableVendorUrl, secretsWithDemo } from '../core/app-service';
import type { AnyHandlers } from '../core/ipc-dispatch';
import { Engine } from '../core/engine';
import { systemClock, type FetchLike } from '../core/ports';
import { systemTimeZone } from '../core/time';
import { KeytarSecretStore } from '../platform/keychain';
import { startDemo } from '../simulator/demo';
import { appResponse } from './app-protocol';
import { mostUrgentTask } from '../../shared/urgency';
import { createAutostart } from './autostart';
import { installGlobalShortcut } from './global-shortcut';
import { installLogging, openLogsMenuItem } from './log-file';
import { installUpdates } from './updates';
import { toDemoAccounts } from './demo-accounts';
import { guardWebContents } from './guard';
import { broadcast, serveIpc } from './ipc';
import { startsHidden } from './launch';
import { SNOOZE_MS, type NotificationChoice } from './notification-text';
import { Notifier } from './notifier';
import { watchPower } from './power';
import { KeychainFirstSecretStore } from './secret-store';
import { APP_ORIGIN, APP_SCHEME, devCsp } from './security';
import { ElectronSettings, ElectronStateStore, openStore } from './settings-store';
import { TrayController, trayImage } from './tray';
import type { TrayMenuActions } from './tray-menu';
import { Windows } from './windows';

const here = dirname(fileURLToPath(import.meta.url));

export interface RunningShell {
  showInbox(): void;
  /** The popup on one task (a tasktray://task/<id> link). */
  openTask(taskId: string): void;
}

export async function startShell(): Promise<RunningShell> {
  const logging = installLogging({
    dir: app.getPath('logs'),
    level: process.env.TASKTRAY_LOG === 'debug' ? 'debug' : 'info',
    echo: (line) => process.stderr.write(`${line}\n`),
  });
  const logger = logging.logger;
  const platform = process.platform;
  if (platform === 'win32') app.setAppUserModelId('com.tasktray.app');
  let quitting = false;
  app.on('before-quit', () => {
    quitting = true;
  });
  // A tray app outlives its windows: only "Quit" ends it.
  app.on('window-all-closed', () => undefined);

  // Every way out to the browser goes through here, and only for vendor pages (https; plain http
  // only on loopback, the demo simulator's).
  const openInBrowser = async (url: string): Promise<void> => {
    if (!isOpenableVendorUrl(url)) throw new Error(`Tasktray opens only https pages, not ${url}`);
    await shell.openExternal(url); // eng-disable OPEN_EXTERNAL_JS_CHECK (checked just above)
  };

  // ── where the windows come from, and what they may do ────────────────────
  const devUrl = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined;
  const appOrigin = devUrl ? new URL(devUrl).origin : APP_ORIGIN;
  const rendererDir = join(here, '../renderer');
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
    guardWebContents(contents, appOrigin, (url) => void openInBrowser(url)),
  );

  // ── state: settings, engine state, secrets, the demo ─────────────────────
  const userData = app.getPath('userData');
  const settingsFile = openStore(userData, 'settings');
  const settings = new ElectronSettings(settingsFile.store, { keptAside: settingsFile.keptAside });
  const stateFile = openStore(userData, 'state');
  const secretsFile = openStore(userData, 'secrets-encrypted');
  const keychain = new KeychainFirstSecretStore(
    new KeytarSecretStore(),
    new ElectronStateStore(secretsFile.store),
    safeStorage,
    platform,
  );
  // The simulator's control API is for the end-to-end suite only; the demo runs without it.
  const demoRun = await startDemo({ controlApi: process.env.TASKTRAY_E2E === '1' });
  const demo = await toDemoAccounts(demoRun.accounts);
  const secrets = secretsWithDemo(keychain, demo);

  const autostart = createAutostart({
    platform,
    app,
    execPath: process.execPath,
    env: process.env,
    appPath: app.isPackaged ? null : app.getAppPath(),
  });
  // First run of an installed app: do what the default settings promise.
  if (app.isPackaged && settings.fresh && settings.read().startAtLogin && !autostart.isEnabled()) {
    autostart.setEnabled(true);
  }

  // ── the engine and the one implementation of the IPC contract ────────────
  const fetchViaChromium: FetchLike = (input, init) =>
    net.fetch(typeof input === 'string' ? input : input.href, init);
  const adapterDeps: AdapterDeps = {
    fetch: fetchViaChromium,
    clock: systemClock,
    logger,
    secrets,
    openExternal: openInBrowser,
  };
  let service: AppService | null = null;
  const engine = new Engine({
    deps: adapterDeps,
    store: new ElectronStateStore(stateFile.store),
    preferences: () => settings.read().notifications,
    timeZone: systemTimeZone(),
    // The end-to-end suite cannot wait out the vendors' real poll floors.
    ...(process.env.TASKTRAY_E2E === '1' ? { pollFloorMs: 2_000 } : {}),
  });
  engine.on('problem', (report) => logger.warn('engine state was unreadable', { ...report }));

  const windows = new Windows({
    BrowserWindow,
    pageUrl: devUrl ? `${devUrl}/` : `${APP_ORIGIN}/index.html`,
    preload: join(here, '../preload/index.cjs'),
    platform,
    workAreaNear: (anchor) =>
      (anchor ? screen.getDisplayMatching(anchor) : screen.getPrimaryDisplay()).workArea,
    isQuitting: () => quitting,
  });

  const e2e = process.env.TASKTRAY_E2E === '1' ? createE2eProbe() : null;

  const onChoice = (choice: NotificationChoice) => {
    if (choice.kind === 'popup') windows.showPopup(choice.taskId, null);
    else if (choice.kind === 'inbox') windows.showMain();
    else
      void service?.handlers['tasks:snooze']({
        taskId: choice.taskId,
        until: Date.now() + SNOOZE_MS,
      });
  };
  const notifier = new Notifier({
    create: (options) => new Notification(options),
    isSupported: () => Notification.isSupported(),
    platform,
    onChoice,
  });

  let refreshTray: () => void = () => undefined;
  const emit = <E extends IpcEventChannel>(event: E, payload: IpcEventPayload<E>) => {
    broadcast(
      windows.all().map((w) => w.webContents),
      event,
      payload,
    );
    if (event === 'alert') {
      const alert = payload as IpcEventPayload<'alert'>;
      notifier.show(alert);
      e2e?.alerts.push(alert);
    }
    refreshTray();
  };

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
    },
    demo,
    adapterDeps,
    emit,
  });
  service = svc;

  serveIpc({
    ipcMain,
    ownWebContents: () => windows.ids(),
    appOrigin,
    logger,
    handlersFor: (sender): AnyHandlers => ({
      ...svc.handlers,
      'window:open-inbox': async ({ taskId }: { taskId: string | null }) => {
        windows.showMain({ name: 'inbox', taskId });
        return null;
      },
      'window:close': async () => {
        windows.hide(BrowserWindow.fromWebContents(sender));
        return null;
      },
    }),
  });

  // ── updates and the global shortcut ──────────────────────────────────────
  const updates = installUpdates({
    isPackaged: app.isPackaged,
    loadUpdater: async () => (await import('electron-updater')).autoUpdater,
    logger,
    onChange: () => refreshTray(),
  });
  const shortcut = installGlobalShortcut({
    globalShortcut,
    setting: () => settings.read().globalShortcut,
    mostUrgentTaskId: () => mostUrgentTask(engine.tasks(), Date.now())?.id ?? null,
    openPopup: (taskId) => windows.showPopup(taskId, null),
    openInbox: () => windows.showMain(),
    logger,
  });

  // ── the tray ─────────────────────────────────────────────────────────────
  const actions: TrayMenuActions = {
    openInbox: () => windows.showMain(),
    refreshNow: () => void svc.handlers['engine:refresh']({ accountId: null }),
    pauseUntil: (until) => void svc.handlers['notifications:pause']({ until }),
    openSettings: () => windows.showMain({ name: 'settings' }),
    openAccounts: () => windows.showMain({ name: 'accounts' }),
    setStartAtLogin: (enabled) => {
      // Ask the OS first: the settings may already say so while the OS disagrees.
      const real = autostart.setEnabled(enabled);
      void svc.handlers['settings:update']({ startAtLogin: real });
      refreshTray();
    },
    quit: () => app.quit(),
    moreItems: () => [...updates.menuItems(), openLogsMenuItem(logging, (p) => shell.openPath(p))],
  };
  const trayDeps = {
    platform,
    createFromBitmap: (
      buffer: Buffer,
      size: { width: number; height: number; scaleFactor: number },
    ) => nativeImage.createFromBitmap(buffer, size),
    buildMenu: (template: Parameters<typeof Menu.buildFromTemplate>[0]) =>
      Menu.buildFromTemplate(template),
    setBadgeCount: (count: number) => app.setBadgeCount(count),
    actions,
  };
  const tray = new Tray(trayImage(trayDeps, 'normal', ''));
  const trayController = new TrayController(tray, trayDeps);
  tray.on('click', () => windows.showMain());
  refreshTray = () => {
    shortcut.sync(); // settings changes arrive as events, like everything that refreshes the tray
    const view = {
      tasks: engine.tasks(),
      health: engine.health(),
      accounts: svc.activeAccounts().accounts,
      pausedUntil: settings.read().notifications.pausedUntil,
      startAtLogin: autostart.isEnabled(),
      now: Date.now(),
    };
    trayController.update(view);
    if (e2e) e2e.tray = { ...trayController.snapshot };
  };
  // Pauses run out and "overdue" arrives with the clock, not with an event.
  setInterval(() => refreshTray(), 30_000).unref();

  // ── run ──────────────────────────────────────────────────────────────────
  const stopPower = watchPower({ powerMonitor, isOnline: () => net.isOnline(), engine });
  let cleaned = false;
  app.on('will-quit', (event) => {
    if (cleaned) return;
    event.preventDefault();
    stopPower();
    updates.stop();
    shortcut.dispose();
    void Promise.allSettled([engine.stop(), demoRun.stop()]).then(() => {
      cleaned = true;
      app.quit();
    });
  });

  await svc.start();
  refreshTray();
  if (settings.problem) {
    notifier.inform(
      settings.problem.title,
      `${settings.problem.message} The old file is kept as ${settings.problem.keptAside}.`,
    );
    logger.warn('settings problem', { ...settings.problem });
  }
  if (e2e) {
    e2e.simControlUrl = demoRun.sim.urls.control;
    e2e.simControlToken = demoRun.sim.controlToken;
    e2e.chooseNotification = (alertId, actionIndex) => {
      const alert = e2e.alerts.find((a) => a.id === alertId);
      if (!alert) throw new Error(`No alert ${alertId}`);
      notifier.choose(alert, actionIndex);
    };
    e2e.setStartAtLogin = (enabled) => actions.setStartAtLogin(enabled);
    e2e.startAtLogin = () => autostart.isEnabled();
  }

  const hidden = startsHidden(
    process.argv,
    platform === 'darwin' && app.getLoginItemSettings().wasOpenedAtLogin,
  );
  if (!hidden) windows.showMain();
  return {
    showInbox: () => windows.showMain(),
    openTask: (taskId) => windows.showPopup(taskId, null),
  };
}

/** What the Playwright suite reads from main (TASKTRAY_E2E=1 only): native UI has no DOM. */
interface E2eProbe {
  alerts: IpcEventPayload<'alert'>[];
  simControlUrl?: string;
  simControlToken?: string;
  tray: { tooltip: string; look: string; text: string } | null;
  chooseNotification?: (alertId: string, actionIndex: number | null) => void;
  setStartAtLogin?: (enabled: boolean) => void;
  startAtLogin?: () => boolean;
}

function createE2eProbe(): E2eProbe {
  const probe: E2eProbe = { alerts: [], tray: null };
  (globalThis as { tasktrayE2E?: E2eProbe }).tasktrayE2E = probe;
  return probe;
}
