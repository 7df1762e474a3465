// The app's windows: one inbox (which also shows settings and accounts by route) and one
// quick-complete popup, all loading the renderer with the same locked-down preferences.
import type { BrowserWindow, BrowserWindowConstructorOptions, Input } from 'electron';
import { EVENT_CHANNEL } from '../preload/channels';
import { routeHash, type Route } from '../../shared/routes';
import { popupPosition, type Rect } from './popup-position';
import { fireAndLog, type Logger } from '../core/logger';

export { routeHash, type Route } from '../../shared/routes';

export const POPUP_SIZE = { width: 400, height: 480 } as const;

/**
 * A blur this soon after the popup was shown is the notification centre (or the tray) taking
 * focus back from the click that opened it, not the user leaving: the popup stays.
 */
export const BLUR_GRACE_MS = 600;

export function isEscape(input: Pick<Input, 'type' | 'key'>): boolean {
  return input.type === 'keyDown' && input.key === 'Escape';
}

type WindowOptions = Omit<BrowserWindowConstructorOptions, 'webPreferences'>;

export interface WindowDeps {
  BrowserWindow: new (options: BrowserWindowConstructorOptions) => BrowserWindow;
  /** The renderer's page without a hash: app://tasktray/index.html, or the dev server. */
  pageUrl: string;
  preload: string;
  icon?: string;
  platform: NodeJS.Platform;
  workAreaNear(anchor: Rect | null): Rect;
  /** True once the user quits: from then on closing really closes. */
  isQuitting(): boolean;
  /**
   * A Wayland session: windows cannot place themselves or stay on top there, so the popup is an
   * ordinary centred window with a frame and a taskbar entry.
   */
  wayland?: boolean;
  now?(): number;
  /** Where a page that failed to load is reported. */
  logger: Logger;
}

/** Wayland, as Electron on Linux will use it (the session says so and X11 is not forced). */
export function isWaylandSession(platform: NodeJS.Platform, env: NodeJS.ProcessEnv): boolean {
  if (platform !== 'linux') return false;
  if (env.ELECTRON_OZONE_PLATFORM_HINT === 'x11') return false;
  return env.XDG_SESSION_TYPE === 'wayland' || Boolean(env.WAYLAND_DISPLAY);
}

export class Windows {
  private inboxWindow: BrowserWindow | null = null;
  private popupWindow: BrowserWindow | null = null;
  private popupShownAt = 0;

  constructor(private readonly deps: WindowDeps) {}

  /** Our windows' webContents ids: the only senders IPC trusts. */
  ids(): Set<number> {
    return new Set(this.all().map((w) => w.webContents.id));
  }

  all(): BrowserWindow[] {
    return [this.inboxWindow, this.popupWindow].filter(
      (w): w is BrowserWindow => w !== null && !w.isDestroyed(),
    );
  }

  showMain(route: Route = { name: 'inbox', taskId: null }): BrowserWindow {
    let win = this.inboxWindow;
    if (!win || win.isDestroyed()) {
      win = this.create({
        width: 1100,
        height: 720,
        minWidth: 640,
        minHeight: 420,
        show: false,
        title: 'Tasktray',
        ...(this.deps.icon ? { icon: this.deps.icon } : {}),
      });
      this.keepOnClose(win);
      const created = win;
      win.once('ready-to-show', () => created.show());
      this.inboxWindow = win;
    } else {
      if (win.isMinimized()) win.restore();
      win.show();
      win.focus();
    }
    fireAndLog(
      win.loadURL(this.deps.pageUrl + routeHash(route)),
      this.deps.logger,
      'loading the window',
    );
    return win;
  }

  showPopup(taskId: string, anchor: Rect | null): BrowserWindow {
    const wayland = this.deps.wayland === true;
    const place = wayland
      ? null
      : popupPosition(POPUP_SIZE, this.deps.workAreaNear(anchor), anchor, this.deps.platform);
    this.popupShownAt = this.now();
    const existing = this.popupWindow;
    if (existing && !existing.isDestroyed()) {
      // Already showing the renderer: tell it which task, no reload.
      existing.webContents.send(EVENT_CHANNEL, 'popup:task', { taskId });
      if (place) existing.setPosition(place.x, place.y);
      existing.show();
      existing.focus();
      return existing;
    }
    const win = this.create({
      ...POPUP_SIZE,
      ...(place ?? { center: true }),
      show: false,
      frame: wayland,
      resizable: false,
      minimizable: wayland,
      maximizable: false,
      fullscreenable: false,
      skipTaskbar: !wayland,
      alwaysOnTop: !wayland,
      title: 'Tasktray',
    });
    if (!wayland) win.setAlwaysOnTop(true, 'pop-up-menu');
    win.webContents.on('before-input-event', (event, input) => {
      if (isEscape(input)) {
        event.preventDefault();
        win.hide();
      }
    });
    // A quick-complete popup goes away when the user clicks elsewhere, like a menu.
    win.on('blur', () => {
      if (this.now() - this.popupShownAt < BLUR_GRACE_MS) return;
      if (!win.isDestroyed() && !wayland) win.hide();
    });
    win.once('ready-to-show', () => {
      this.popupShownAt = this.now();
      win.show();
      win.focus();
    });
    this.keepOnClose(win);
    this.popupWindow = win;
    fireAndLog(
      win.loadURL(this.deps.pageUrl + routeHash({ name: 'popup', taskId })),
      this.deps.logger,
      'loading the popup',
    );
    return win;
  }

  /** The popup window, if one was made. */
  get popup(): BrowserWindow | null {
    return this.popupWindow && !this.popupWindow.isDestroyed() ? this.popupWindow : null;
  }

  private now(): number {
    return this.deps.now ? this.deps.now() : Date.now();
  }

  /** Hides the window a call came from (the popup's "close", or Esc in the renderer). */
  hide(win: BrowserWindow | null): void {
    if (win && !win.isDestroyed()) win.hide();
  }

  /** Every window gets the same locked-down preferences; the renderer is untrusted content. */
  private create(options: WindowOptions): BrowserWindow {
    const { BrowserWindow } = this.deps;
    return new BrowserWindow({
      ...options,
      webPreferences: {
        preload: this.deps.preload, // eng-disable PRELOAD_JS_CHECK (it exposes only TasktrayApi)
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        nodeIntegrationInWorker: false,
        nodeIntegrationInSubFrames: false,
        webSecurity: true,
        allowRunningInsecureContent: false,
        experimentalFeatures: false,
        webviewTag: false,
        navigateOnDragDrop: false,
        spellcheck: false,
        // V8's compiled code of the windows' scripts is kept from their first load, not only from
        // a script's second (Chromium's default heat check): the second window is already quick.
        v8CacheOptions: 'bypassHeatCheck',
        // A middle click would otherwise open a link in a new window, bypassing window.open's handler.
        disableBlinkFeatures: 'Auxclick',
      },
    });
  }

  /** Closing hides: the app lives on in the tray until the user quits. */
  private keepOnClose(win: BrowserWindow): void {
    win.on('close', (event) => {
      if (!this.deps.isQuitting()) {
        event.preventDefault();
        win.hide();
      }
    });
  }
}
