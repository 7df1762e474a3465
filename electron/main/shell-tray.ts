// The tray's side of the shell: what its menu items do, and the icon itself, made when the shell
// says (at a Linux login, once the panel's tray watcher is likely up).
import { fireAndLog, type Logger } from '../core/logger';
import type { Autostart } from './autostart';
import type { ElectronApi } from './electron-api';
import type { EngineClient } from './engine-client';
import { attachTrayClicks, TrayController, trayImage, type TrayDeps } from './tray';
import type { TrayMenuActions } from './tray-menu';
import type { Windows } from './windows';

export function trayActions(
  { app }: ElectronApi,
  deps: {
    logger: Logger;
    windows: Windows;
    engine: () => EngineClient;
    autostart: Autostart;
    refresh: () => void;
    invalidateMenu: () => void;
    moreItems: TrayMenuActions['moreItems'];
  },
): TrayMenuActions {
  const { windows, engine, autostart, logger } = deps;
  return {
    openInbox: () => windows.showMain(),
    refreshNow: () =>
      fireAndLog(
        engine().value('engine:refresh', { accountId: null }),
        logger,
        'refresh from the tray',
      ),
    pauseUntil: (until) =>
      fireAndLog(engine().value('notifications:pause', { until }), logger, 'pausing notifications'),
    openSettings: () => windows.showMain({ name: 'settings' }),
    openAccounts: () => windows.showMain({ name: 'accounts' }),
    setStartAtLogin: (enabled) => {
      // Ask the OS first: the settings may already say so while the OS disagrees.
      const real = autostart.setEnabled(enabled);
      fireAndLog(
        engine().value('settings:update', { startAtLogin: real }),
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

export interface ShellTray {
  controller: TrayController | null;
  refresh(view: Parameters<TrayController['update']>[0]): void;
  /** Puts the icon in the tray after `delayMs`, then draws it with `draw`. */
  show(delayMs: number, draw: () => void): void;
}

export function createTray(
  { electron, platform }: { electron: ElectronApi; platform: NodeJS.Platform },
  actions: TrayMenuActions,
): ShellTray {
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
