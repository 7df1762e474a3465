// The tray icon, tooltip, count and menu, redrawn whenever the engine's state changes.
import type { Menu, MenuItemConstructorOptions, NativeImage, Tray } from 'electron';
import type { Account } from '../../shared/account';
import type { Language } from '../../shared/appearance';
import type { AccountHealth } from '../../shared/health';
import type { Task } from '../../shared/task';
import { drawTrayIcon, iconText, toNativeBitmap } from './tray-icon';
import { trayMenuTemplate, type TrayMenuActions } from './tray-menu';
import { trayStatus, trayTooltip, type TrayLook } from './tray-status';

export interface TrayView {
  tasks: readonly Task[];
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
}

/** macOS puts the count beside the icon (tray title) and on the dock; elsewhere it is drawn in. */
export function drawsCount(platform: NodeJS.Platform): boolean {
  return platform !== 'darwin';
}

export function trayImage(
  deps: Pick<TrayDeps, 'createFromBitmap'>,
  look: TrayLook,
  text: string,
): NativeImage {
  const large = drawTrayIcon(look, text, 32);
  const image = deps.createFromBitmap(toNativeBitmap(large), {
    width: 32,
    height: 32,
    scaleFactor: 2,
  });
  const small = drawTrayIcon(look, text, 16);
  image.addRepresentation({ scaleFactor: 1, width: 16, height: 16, buffer: toNativeBitmap(small) });
  return image;
}

export class TrayController {
  private lastKey = '';
  /** What the tray shows now (for the end-to-end suite, which cannot see native UI). */
  snapshot = { tooltip: '', look: 'normal', text: '' };

  constructor(
    private readonly tray: Tray,
    private readonly deps: TrayDeps,
  ) {}

  update(view: TrayView): void {
    const status = trayStatus(view);
    const text = iconText(status.look, status.count, drawsCount(this.deps.platform));
    const key = `${status.look}/${text}`;
    // Redrawing an unchanged icon makes some Linux trays flicker.
    if (key !== this.lastKey) {
      this.tray.setImage(trayImage(this.deps, status.look, text));
      this.lastKey = key;
    }
    const tooltip = trayTooltip(status, view.now, view.language);
    this.tray.setToolTip(tooltip);
    this.snapshot = { tooltip, look: status.look, text };
    if (this.deps.platform === 'darwin')
      this.tray.setTitle(status.count > 0 ? String(status.count) : '');
    this.deps.setBadgeCount(status.count);
    this.tray.setContextMenu(this.deps.buildMenu(trayMenuTemplate(view, this.deps.actions)));
  }
}
