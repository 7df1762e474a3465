// The app's windows: one inbox (which also shows settings and accounts by route) and one
// quick-complete popup, all loading the renderer with the same locked-down preferences.
import type { BrowserWindow, BrowserWindowConstructorOptions, Input } from 'electron';
import { EVENT_CHANNEL } from '../preload/channels';
import { routeHash, type Route } from '../../shared/routes';
import { popupPosition, type Rect } from './popup-position';

export { routeHash, type Route } from '../../shared/routes';

export const POPUP_SIZE = { width: 400, height: 480 } as const;

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
}

export class Windows {
  private inboxWindow: BrowserWindow | null = null;
  private popupWindow: BrowserWindow | null = null;

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
    void win.loadURL(this.deps.pageUrl + routeHash(route));
    return win;
  }

  showPopup(taskId: string, anchor: Rect | null): BrowserWindow {
    const { x, y } = popupPosition(
      POPUP_SIZE,
      this.deps.workAreaNear(anchor),
      anchor,
      this.deps.platform,
    );
    const existing = this.popupWindow;
    if (existing && !existing.isDestroyed()) {
      // Already showing the renderer: tell it which task, no reload.
      existing.webContents.send(EVENT_CHANNEL, 'popup:task', { taskId });
      existing.setPosition(x, y);
      existing.show();
      existing.focus();
      return existing;
    }
    const win = this.create({
      ...POPUP_SIZE,
      x,
      y,
      show: false,
      frame: false,
      resizable: false,
      minimizable: false,
      maximizable: false,
      fullscreenable: false,
      skipTaskbar: true,
      alwaysOnTop: true,
      title: 'Tasktray',
    });
    win.setAlwaysOnTop(true, 'pop-up-menu');
    win.webContents.on('before-input-event', (event, input) => {
      if (isEscape(input)) {
        event.preventDefault();
        win.hide();
      }
    });
    win.once('ready-to-show', () => {
      win.show();
      win.focus();
    });
    this.keepOnClose(win);
    this.popupWindow = win;
    void win.loadURL(this.deps.pageUrl + routeHash({ name: 'popup', taskId }));
    return win;
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
