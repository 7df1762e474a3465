// The windows with Electron's BrowserWindow faked at the module boundary.
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../electron/core/logger';
import type { BrowserWindowConstructorOptions } from 'electron';
import {
  BLUR_GRACE_MS,
  Windows,
  isEscape,
  isWaylandSession,
  routeHash,
} from '../../electron/main/windows';

class FakeWindow extends EventEmitter {
  static created: FakeWindow[] = [];
  static nextId = 1;
  visible = false;
  destroyed = false;
  url = '';
  position: [number, number] | null = null;
  alwaysOnTop: unknown[] = [];
  sent: unknown[][] = [];
  webContents = Object.assign(new EventEmitter(), {
    id: FakeWindow.nextId++,
    send: (...args: unknown[]) => this.sent.push(args),
  });
  constructor(readonly options: BrowserWindowConstructorOptions) {
    super();
    FakeWindow.created.push(this);
  }
  isDestroyed = () => this.destroyed;
  isMinimized = () => false;
  restore = () => undefined;
  show = () => (this.visible = true);
  hide = () => (this.visible = false);
  focus = () => undefined;
  loadURL = async (url: string) => {
    this.url = url;
  };
  setPosition = (x: number, y: number) => (this.position = [x, y]);
  setAlwaysOnTop = (...args: unknown[]) => (this.alwaysOnTop = args);
}

function windows(
  quitting = { value: false },
  extra: { wayland?: boolean; now?: () => number } = {},
) {
  FakeWindow.created = [];
  return new Windows({
    BrowserWindow: FakeWindow as never,
    pageUrl: 'app://tasktray/index.html',
    preload: '/app/out/preload/index.cjs',
    platform: 'linux',
    workAreaNear: () => ({ x: 0, y: 0, width: 1920, height: 1040 }),
    isQuitting: () => quitting.value,
    logger: silentLogger,
    ...extra,
  });
}

describe('windows', () => {
  it('locks every window down: isolated, sandboxed, no Node, no webviews', () => {
    const w = windows();
    w.showMain();
    w.showPopup('geo:1', null);
    for (const win of FakeWindow.created) {
      expect(win.options.webPreferences).toMatchObject({
        preload: '/app/out/preload/index.cjs',
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        webSecurity: true,
        webviewTag: false,
        disableBlinkFeatures: 'Auxclick',
        v8CacheOptions: 'bypassHeatCheck',
      });
    }
  });

  it('keeps one inbox, routed by hash, and closing it only hides it until the user quits', () => {
    const quitting = { value: false };
    const w = windows(quitting);
    const inbox = w.showMain() as unknown as FakeWindow;
    expect(inbox.url).toBe('app://tasktray/index.html#/inbox');
    inbox.emit('ready-to-show');
    expect(inbox.visible).toBe(true);
    w.showMain({ name: 'settings' });
    expect(FakeWindow.created).toHaveLength(1);
    expect(inbox.url).toBe('app://tasktray/index.html#/settings');
    let prevented = false;
    inbox.emit('close', { preventDefault: () => (prevented = true) });
    expect(prevented).toBe(true);
    expect(inbox.visible).toBe(false);
    quitting.value = true;
    prevented = false;
    inbox.emit('close', { preventDefault: () => (prevented = true) });
    expect(prevented).toBe(false);
    expect(w.ids()).toEqual(new Set([inbox.webContents.id]));
  });

  it('opens the quick-complete popup frameless on top, reuses it for the next task, and Esc hides it', () => {
    const w = windows();
    const popup = w.showPopup('geo:738291047382910473', null) as unknown as FakeWindow;
    expect(popup.options).toMatchObject({
      frame: false,
      alwaysOnTop: true,
      skipTaskbar: true,
      resizable: false,
    });
    expect(popup.url).toBe('app://tasktray/index.html#/popup/geo%3A738291047382910473');
    expect(popup.options).toMatchObject({ x: 1512, y: 552 });
    popup.emit('ready-to-show');
    expect(popup.visible).toBe(true);
    w.showPopup('uipath:42', null);
    expect(FakeWindow.created).toHaveLength(1);
    expect(popup.sent).toEqual([['tasktray:event', 'popup:task', { taskId: 'uipath:42' }]]);
    let prevented = false;
    popup.webContents.emit(
      'before-input-event',
      { preventDefault: () => (prevented = true) },
      { type: 'keyDown', key: 'Escape' },
    );
    expect(prevented).toBe(true);
    expect(popup.visible).toBe(false);
  });

  it('knows the renderer’s routes and the Escape key', () => {
    expect(routeHash({ name: 'inbox', taskId: 'a:1' })).toBe('#/inbox/a%3A1');
    expect(routeHash({ name: 'accounts' })).toBe('#/accounts');
    expect(isEscape({ type: 'keyDown', key: 'Escape' })).toBe(true);
    expect(isEscape({ type: 'keyUp', key: 'Escape' })).toBe(false);
  });

  it('hides the popup when it loses focus, but not to the focus the opening click takes back', () => {
    const clock = { now: 1_000_000 };
    const w = windows({ value: false }, { now: () => clock.now });
    const popup = w.showPopup('geo:1', null) as unknown as FakeWindow;
    popup.emit('ready-to-show');
    expect(popup.visible).toBe(true);
    // The notification centre closing right after the click.
    clock.now += BLUR_GRACE_MS - 1;
    popup.emit('blur');
    expect(popup.visible).toBe(true);
    clock.now += 2;
    popup.emit('blur');
    expect(popup.visible).toBe(false);
    // Shown again for another task: a fresh grace period.
    w.showPopup('geo:2', null);
    expect(popup.visible).toBe(true);
    popup.emit('blur');
    expect(popup.visible).toBe(true);
  });

  it('on Wayland, makes the popup an ordinary centred window (no position, no always-on-top)', () => {
    const w = windows({ value: false }, { wayland: true });
    const popup = w.showPopup('geo:1', null) as unknown as FakeWindow;
    expect(popup.options).toMatchObject({
      center: true,
      frame: true,
      skipTaskbar: false,
      alwaysOnTop: false,
    });
    expect(popup.options.x).toBeUndefined();
    expect(popup.alwaysOnTop).toEqual([]);
    w.showPopup('geo:2', null);
    expect(popup.position).toBeNull();
    expect(isWaylandSession('linux', { XDG_SESSION_TYPE: 'wayland' })).toBe(true);
    expect(isWaylandSession('linux', { WAYLAND_DISPLAY: 'wayland-0' })).toBe(true);
    expect(
      isWaylandSession('linux', {
        XDG_SESSION_TYPE: 'wayland',
        ELECTRON_OZONE_PLATFORM_HINT: 'x11',
      }),
    ).toBe(false);
    expect(isWaylandSession('linux', { XDG_SESSION_TYPE: 'x11' })).toBe(false);
    expect(isWaylandSession('darwin', { XDG_SESSION_TYPE: 'wayland' })).toBe(false);
  });
});
