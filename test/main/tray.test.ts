import { describe, expect, it } from 'vitest';
import type { AccountHealth } from '../../shared/health';
import { drawTrayIcon, iconText, toNativeBitmap } from '../../electron/main/tray-icon';
import {
  tomorrowMorning,
  trayMenuTemplate,
  type TrayMenuActions,
} from '../../electron/main/tray-menu';
import { trayStatus, trayTooltip } from '../../electron/main/tray-status';
import { TrayController, drawsCount } from '../../electron/main/tray';
import { openTasksOf } from '../../electron/host/protocol';
import { makeTask } from '../helpers/tasks';

const NOW = Date.UTC(2025, 2, 10, 12, 0);

function health(accountId: string, state: AccountHealth['state']): AccountHealth {
  return {
    accountId,
    state,
    lastError: null,
    lastSuccessAt: null,
    nextPollAt: null,
    consecutiveFailures: 0,
  };
}

function alpha(bitmap: { width: number; rgba: Uint8Array }, x: number, y: number): number {
  return bitmap.rgba[(y * bitmap.width + x) * 4 + 3] ?? -1;
}

function rgbAt(bitmap: { width: number; rgba: Uint8Array }, x: number, y: number): number[] {
  const at = (y * bitmap.width + x) * 4;
  return [...bitmap.rgba.slice(at, at + 3)];
}

describe('tray status', () => {
  it('counts open and overdue tasks and picks the most important look', () => {
    const tasks = [
      makeTask('a', '1', { dueAt: '2025-03-10T11:00:00Z' }),
      makeTask('a', '2', { dueAt: '2025-03-10T15:00:00Z' }),
      makeTask('a', '3', { dueAt: null }),
    ];
    expect(
      trayStatus({
        open: openTasksOf(tasks),
        health: [health('a', 'ok')],
        pausedUntil: null,
        now: NOW,
      }),
    ).toEqual({
      count: 3,
      overdue: 1,
      failingAccounts: 0,
      pausedUntil: null,
      look: 'overdue',
    });
    const failing = trayStatus({
      open: openTasksOf(tasks),
      health: [health('a', 'auth_failed')],
      pausedUntil: NOW + 1,
      now: NOW,
    });
    expect(failing.look).toBe('failing');
    const paused = trayStatus({
      open: openTasksOf([]),
      health: [health('a', 'rate_limited')],
      pausedUntil: NOW + 60_000,
      now: NOW,
    });
    expect(paused.look).toBe('paused');
    const expired = trayStatus({
      open: openTasksOf([]),
      health: [],
      pausedUntil: NOW - 1,
      now: NOW,
    });
    expect(expired).toMatchObject({ look: 'normal', pausedUntil: null });
  });

  it('says the counts, failures and pause in the tooltip', () => {
    const status = {
      count: 5,
      overdue: 2,
      failingAccounts: 1,
      pausedUntil: NOW + 3_600_000,
      look: 'failing' as const,
    };
    const tooltip = trayTooltip(status, NOW);
    expect(tooltip).toMatch(
      /^Tasktray — 5 open tasks, 2 overdue · 1 account failing · notifications paused until /,
    );
    expect(
      trayTooltip({ ...status, count: 1, overdue: 0, failingAccounts: 0, pausedUntil: null }, NOW),
    ).toBe('Tasktray — 1 open task');
  });
});

describe('tray icon', () => {
  it('writes the count, caps it at 99+, and marks a failing icon with nothing open', () => {
    expect(iconText('normal', 7, true)).toBe('7');
    expect(iconText('overdue', 42, true)).toBe('42');
    expect(iconText('normal', 1234, true)).toBe('99+');
    expect(iconText('normal', 0, true)).toBe('');
    expect(iconText('failing', 0, true)).toBe('!');
    expect(iconText('normal', 7, false)).toBe('');
    expect(drawsCount('darwin')).toBe(false);
    expect(drawsCount('linux')).toBe(true);
    expect(drawsCount('win32')).toBe(true);
  });

  it('draws a different shape for each look, so it reads without colour', () => {
    const size = 32;
    const shapes = (['normal', 'overdue', 'failing', 'paused'] as const).map((look) => {
      const bitmap = drawTrayIcon(look, '', size);
      expect(bitmap.rgba).toHaveLength(size * size * 4);
      return [alpha(bitmap, 16, 16), alpha(bitmap, 3, 3), alpha(bitmap, 6, 6)]
        .map((a) => a > 127)
        .join();
    });
    expect(new Set(shapes).size).toBe(4);
    // The paused ring is hollow; the others are filled in the middle.
    expect(alpha(drawTrayIcon('paused', '', size), 16, 16)).toBe(0);
    expect(alpha(drawTrayIcon('normal', '', size), 16, 16)).toBe(255);
    // The overdue square fills its corner region; the circle does not.
    expect(alpha(drawTrayIcon('overdue', '', size), 4, 4)).toBeGreaterThan(200);
    expect(alpha(drawTrayIcon('normal', '', size), 4, 4)).toBeLessThan(60);
  });

  it('draws the digits in white inside the icon at both sizes', () => {
    for (const size of [16, 32]) {
      const plain = drawTrayIcon('normal', '', size);
      const withCount = drawTrayIcon('normal', '88', size);
      let white = 0;
      for (let y = 0; y < size; y += 1) {
        for (let x = 0; x < size; x += 1) {
          if (rgbAt(withCount, x, y).join() === '255,255,255') white += 1;
        }
      }
      // "88" is two 3×5 glyphs of 13 lit cells each, scaled.
      const scale = size === 32 ? 2 : 1;
      expect(white).toBe(26 * scale * scale);
      expect(withCount.rgba).not.toEqual(plain.rgba);
    }
    expect(() => drawTrayIcon('normal', '99+', 16)).not.toThrow();
    expect(() => drawTrayIcon('normal', 'x', 16)).toThrow(/No glyph/);
  });

  it('converts to the premultiplied BGRA that nativeImage.createFromBitmap takes', () => {
    const bitmap = { width: 2, height: 1, rgba: new Uint8Array([255, 0, 0, 255, 0, 0, 255, 128]) };
    expect([...toNativeBitmap(bitmap)]).toEqual([0, 0, 255, 255, 128, 0, 0, 128]);
  });
});

describe('tray menu', () => {
  function recorder() {
    const calls: unknown[][] = [];
    const actions: TrayMenuActions = {
      openInbox: () => calls.push(['openInbox']),
      refreshNow: () => calls.push(['refreshNow']),
      pauseUntil: (until) => calls.push(['pauseUntil', until]),
      openSettings: () => calls.push(['openSettings']),
      openAccounts: () => calls.push(['openAccounts']),
      setStartAtLogin: (enabled) => calls.push(['setStartAtLogin', enabled]),
      quit: () => calls.push(['quit']),
    };
    return { calls, actions };
  }
  const state = {
    accounts: [
      { id: 'geo', name: 'GeoTareas' },
      { id: 'ui', name: 'UiPath' },
    ],
    health: [health('geo', 'ok'), health('ui', 'auth_failed')],
    pausedUntil: null,
    startAtLogin: true,
    now: NOW,
  };
  const click = (item: { click?: unknown } | undefined, checked = false) =>
    (item?.click as (i: { checked: boolean }) => void)({ checked });

  it('lists the actions, each account with its health, and the real start-at-login state', () => {
    const { actions } = recorder();
    const template = trayMenuTemplate(state, actions);
    expect(template.map((i) => i.label ?? i.type)).toEqual([
      'Open inbox',
      'Refresh now',
      'Pause notifications',
      'separator',
      'Accounts',
      'GeoTareas — OK',
      'UiPath — Sign-in needed',
      'separator',
      'Settings…',
      'Start at login',
      'separator',
      'Quit Tasktray',
    ]);
    const login = template.find((i) => i.label === 'Start at login');
    expect(login).toMatchObject({ type: 'checkbox', checked: true });
    expect(trayMenuTemplate({ ...state, accounts: [] }, actions).map((i) => i.label)).toContain(
      'No accounts',
    );
  });

  it('puts the items other modules add (Restart to update, Open logs…) above Quit', () => {
    const { actions } = recorder();
    const more = [{ label: 'Restart to update (0.2.0)' }, { label: 'Open logs…' }];
    const labels = trayMenuTemplate(state, { ...actions, moreItems: () => more }).map(
      (i) => i.label ?? i.type,
    );
    expect(labels.slice(-4)).toEqual([
      'Restart to update (0.2.0)',
      'Open logs…',
      'separator',
      'Quit Tasktray',
    ]);
  });

  it('runs the right action for each item', () => {
    const { calls, actions } = recorder();
    const template = trayMenuTemplate(state, actions);
    const byLabel = (label: string) => template.find((i) => i.label === label);
    click(byLabel('Open inbox'));
    click(byLabel('Refresh now'));
    click(byLabel('UiPath — Sign-in needed'));
    click(byLabel('Settings…'));
    click(byLabel('Start at login'), false);
    click(byLabel('Quit Tasktray'));
    const pause = byLabel('Pause notifications')?.submenu as {
      label: string;
      enabled?: boolean;
      click: () => void;
    }[];
    pause[0]?.click();
    pause[1]?.click();
    expect(pause[2]?.enabled).toBe(false);
    expect(calls).toEqual([
      ['openInbox'],
      ['refreshNow'],
      ['openAccounts'],
      ['openSettings'],
      ['setStartAtLogin', false],
      ['quit'],
      ['pauseUntil', NOW + 3_600_000],
      ['pauseUntil', tomorrowMorning(NOW)],
    ]);
  });

  it('offers Resume while paused', () => {
    const { calls, actions } = recorder();
    const template = trayMenuTemplate({ ...state, pausedUntil: NOW + 1000 }, actions);
    const pause = template.find((i) => i.label === 'Notifications paused');
    const resume = (pause?.submenu as { label: string; enabled?: boolean; click: () => void }[])[2];
    expect(resume?.enabled).toBe(true);
    resume?.click();
    expect(calls).toEqual([['pauseUntil', null]]);
  });

  it('"until tomorrow" is tomorrow at 08:00 local time', () => {
    const at = new Date(tomorrowMorning(new Date(2025, 5, 30, 23, 30).getTime()));
    expect([at.getFullYear(), at.getMonth(), at.getDate(), at.getHours(), at.getMinutes()]).toEqual(
      [2025, 6, 1, 8, 0],
    );
  });
});

describe('tray controller', () => {
  it('sets image, tooltip, menu and badge; on macOS the count goes in the title', () => {
    for (const platform of ['linux', 'darwin'] as const) {
      const log: string[] = [];
      const images: { buffer: Buffer; reps: number }[] = [];
      const tray = {
        setImage: () => log.push('image'),
        setToolTip: (text: string) => log.push(`tooltip:${text}`),
        setTitle: (text: string) => log.push(`title:${text}`),
        setContextMenu: () => log.push('menu'),
      };
      const { actions } = { actions: {} as TrayMenuActions };
      const controller = new TrayController(tray as never, {
        platform,
        createFromBitmap: (buffer) => {
          const image = { buffer, reps: 0, addRepresentation: () => (image.reps += 1) };
          images.push(image);
          return image as never;
        },
        buildMenu: (template) => ({ items: template }) as never,
        setBadgeCount: (count) => {
          log.push(`badge:${count}`);
          return true;
        },
        actions,
      });
      const view = {
        open: openTasksOf([
          makeTask('a', '1', { dueAt: null }),
          makeTask('a', '2', { dueAt: null }),
        ]),
        health: [health('a', 'ok')],
        accounts: [{ id: 'a', name: 'A' }],
        pausedUntil: null,
        startAtLogin: false,
        now: NOW,
      };
      controller.update(view);
      controller.update(view);
      expect(log.filter((l) => l === 'image')).toHaveLength(1); // unchanged icon is not redrawn
      expect(log).toContain('tooltip:Tasktray — 2 open tasks');
      expect(log).toContain('badge:2');
      expect(images[0]?.reps).toBe(1);
      expect(controller.snapshot).toEqual({
        tooltip: 'Tasktray — 2 open tasks',
        look: 'normal',
        text: platform === 'darwin' ? '' : '2',
      });
      expect(log.includes('title:2')).toBe(platform === 'darwin');
    }
  });
});
