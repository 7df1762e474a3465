// The tray icon, tooltip, count and menu, redrawn whenever the engine's state changes.
import type { Menu, MenuItemConstructorOptions, NativeImage, Tray } from 'electron';
import type { Account } from '../../shared/account';
import type { Language } from '../../shared/appearance';
import type { AccountHealth } from '../../shared/health';
import type { OpenTasks } from '../host/protocol';
import { drawTrayIcon, iconText, toNativeBitmap } from './tray-icon';
import { trayMenuTemplate, type TrayMenuActions } from './tray-menu';
import { trayStatus, trayTooltip, type TrayLook } from './tray-status';

export interface TrayView {
  /** The open tasks as the engine host counts them. */
  open: OpenTasks;
  health: readonly AccountHealth[];
  accounts: readonly Pick<Account, 'id' | 'name'>[];
  pausedUntil: number | null;
  startAtLogin: boolean;
  now: number;
  /** The settings' language; English when not given. */
  language?: Language;
}

export interface TrayDeps {
  platform: NodeJS.Platform;
  createFromBitmap(
    buffer: Buffer,
    options: { width: number; height: number; scaleFactor: number },
  ): NativeImage;
  buildMenu(template: MenuItemConstructorOptions[]): Menu;
  /** Electron's app.setBadgeCount: the dock (macOS) or the Unity launcher; false elsewhere. */
  setBadgeCount(count: number): boolean;
  actions: TrayMenuActions;
  /**
   * The display's scale factor (1.25, 1.5… on Windows): the icon is also drawn at that size, or
   * the OS scales the nearest one and the count goes blurry.
   */
  scaleFactor?(): number;
}

/** macOS puts the count beside the icon (tray title) and on the dock; elsewhere it is drawn in. */
export function drawsCount(platform: NodeJS.Platform): boolean {
  return platform !== 'darwin';
}

/** The tray icon's size in points: 16 × 16 on every desktop. */
const ICON_POINTS = 16;

export function trayImage(
  deps: Pick<TrayDeps, 'createFromBitmap'>,
  look: TrayLook,
  text: string,
  displayScale = 1,
): NativeImage {
  const large = drawTrayIcon(look, text, ICON_POINTS * 2);
  const image = deps.createFromBitmap(toNativeBitmap(large), {
    width: ICON_POINTS * 2,
    height: ICON_POINTS * 2,
    scaleFactor: 2,
  });
  const scales = new Set([1, Math.round(displayScale * 100) / 100]);
  scales.delete(2);
  for (const scaleFactor of scales) {
    // Drawn in whole pixels at this size, so the digits stay sharp at 125 % or 150 %.
    const size = Math.round(ICON_POINTS * scaleFactor);
    if (size <= 0) continue;
    const bitmap = drawTrayIcon(look, text, size);
    image.addRepresentation({
      scaleFactor,
      width: size,
      height: size,
      buffer: toNativeBitmap(bitmap),
    });
  }
  return image;
}

/** What the tray's menu items say and do, without the click handlers: equal keys, equal menus. */
export function menuKey(template: readonly MenuItemConstructorOptions[]): string {
  return JSON.stringify(template, (key, value: unknown) => (key === 'click' ? undefined : value));
}

/**
 * Clicks: the inbox on a click; the menu on a right-click on macOS, where a context menu set on
 * the tray would open on every click as well. Windows and Linux show the set context menu.
 */
export function attachTrayClicks(
  tray: Pick<Tray, 'on' | 'popUpContextMenu'>,
  platform: NodeJS.Platform,
  controller: Pick<TrayController, 'menu'>,
  openInbox: () => void,
): void {
  tray.on('click', () => openInbox());
  if (platform === 'darwin') {
    tray.on('right-click', () => {
      const menu = controller.menu;
      if (menu) tray.popUpContextMenu(menu);
    });
  }
}

export class TrayController {
  private lastKey = '';
  private lastMenuKey = '';
  /** The menu as last built. */
  menu: Menu | null = null;
  /** What the tray shows now (for the end-to-end suite, which cannot see native UI). */
  snapshot = { tooltip: '', look: 'normal', text: '' };

  constructor(
    private readonly tray: Tray,
    private readonly deps: TrayDeps,
  ) {}

  update(view: TrayView): void {
    const status = trayStatus(view);
    const text = iconText(status.look, status.count, drawsCount(this.deps.platform));
    // Redrawing an unchanged icon makes some Linux trays flicker.
    const scale = this.deps.scaleFactor?.() ?? 1;
    const key = `${status.look}/${text}@${scale}`;
    if (key !== this.lastKey) {
      this.tray.setImage(trayImage(this.deps, status.look, text, scale));
      this.lastKey = key;
    }
    const tooltip = trayTooltip(status, view.now, view.language);
    this.tray.setToolTip(tooltip);
    this.snapshot = { tooltip, look: status.look, text };
    if (this.deps.platform === 'darwin')
      this.tray.setTitle(status.count > 0 ? String(status.count) : '');
    this.deps.setBadgeCount(status.count);
    this.updateMenu(view);
  }

  /** The next update rebuilds the menu (after a checkbox the OS may have refused). */
  invalidateMenu(): void {
    this.lastMenuKey = '';
  }

  /** Rebuilt only when it changed: a rebuilt menu closes an open one on some desktops. */
  private updateMenu(view: TrayView): void {
    const template = trayMenuTemplate(view, this.deps.actions);
    const key = menuKey(template);
    if (key === this.lastMenuKey) return;
    this.lastMenuKey = key;
    this.menu = this.deps.buildMenu(template);
    if (this.deps.platform !== 'darwin') this.tray.setContextMenu(this.menu);
  }
}
