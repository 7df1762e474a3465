// Start at login, launch mode, sleep/network handling, popup placement and notifications.
import { EventEmitter } from 'node:events';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Alert } from '../../shared/alert';
import {
  LoginItemAutostart,
  XdgAutostart,
  autostartPath,
  createAutostart,
  desktopEntry,
  launchCommand,
} from '../../electron/main/autostart';
import { startsHidden } from '../../electron/main/launch';
import { notificationChoice, notificationSpec } from '../../electron/main/notification-text';
import { Notifier } from '../../electron/main/notifier';
import { popupPosition } from '../../electron/main/popup-position';
import { watchPower } from '../../electron/main/power';

describe('launch', () => {
  it('starts hidden when the OS started it at login, with the inbox when a person did', () => {
    expect(startsHidden(['/opt/Tasktray/tasktray', '--hidden'], false)).toBe(true);
    expect(startsHidden(['/opt/Tasktray/tasktray'], true)).toBe(true);
    expect(startsHidden(['/opt/Tasktray/tasktray'], false)).toBe(false);
  });
});

describe('start at login on Linux (XDG autostart)', () => {
  it('writes a desktop entry that starts the app hidden, quoting paths with spaces', () => {
    const entry = desktopEntry(['/home/ana/My Apps/Tasktray.AppImage', '--hidden']);
    expect(entry).toContain('[Desktop Entry]\nType=Application');
    expect(entry).toContain('Exec="/home/ana/My Apps/Tasktray.AppImage" --hidden\n');
    expect(entry).toContain('X-GNOME-Autostart-enabled=true');
    expect(desktopEntry(['/opt/a"b$c', '--hidden'])).toContain(
      'Exec="/opt/a\\\\"b\\\\$c" --hidden',
    );
  });

  it('uses the AppImage file, not its temporary mount, and names the app folder in development', () => {
    expect(
      launchCommand('/tmp/.mount_x/tasktray', { APPIMAGE: '/home/a/Tasktray.AppImage' }, null),
    ).toEqual(['/home/a/Tasktray.AppImage', '--hidden']);
    expect(launchCommand('/opt/Tasktray/tasktray', {}, null)).toEqual([
      '/opt/Tasktray/tasktray',
      '--hidden',
    ]);
    expect(launchCommand('/repo/node_modules/electron/dist/electron', {}, '/repo')).toEqual([
      '/repo/node_modules/electron/dist/electron',
      '/repo',
      '--hidden',
    ]);
    expect(autostartPath({ XDG_CONFIG_HOME: '/x/config' })).toBe(
      '/x/config/autostart/tasktray.desktop',
    );
    expect(autostartPath({}, '/home/ana')).toBe('/home/ana/.config/autostart/tasktray.desktop');
  });

  it('turns on and off with a real file, and reads an entry the desktop disabled as off', () => {
    const path = join(
      mkdtempSync(join(tmpdir(), 'tasktray-xdg-')),
      'autostart',
      'tasktray.desktop',
    );
    const autostart = new XdgAutostart(path, ['/opt/Tasktray/tasktray', '--hidden']);
    expect(autostart.isEnabled()).toBe(false);
    expect(autostart.setEnabled(true)).toBe(true);
    expect(readFileSync(path, 'utf8')).toContain('Exec=/opt/Tasktray/tasktray --hidden');
    writeFileSync(path, `${readFileSync(path, 'utf8')}Hidden=true\n`);
    expect(autostart.isEnabled()).toBe(false);
    expect(autostart.setEnabled(false)).toBe(false);
    expect(existsSync(path)).toBe(false);
  });
});

describe('start at login on macOS and Windows (login items)', () => {
  it('asks Electron with the hidden flag and reports what the OS says', () => {
    let openAtLogin = false;
    const calls: unknown[] = [];
    const app = {
      getLoginItemSettings: (options?: { args?: string[] }) => {
        calls.push(['get', options]);
        return { openAtLogin };
      },
      setLoginItemSettings: (settings: { openAtLogin: boolean; args?: string[] }) => {
        calls.push(['set', settings]);
        openAtLogin = settings.openAtLogin;
      },
    };
    const autostart = new LoginItemAutostart(app);
    expect(autostart.setEnabled(true)).toBe(true);
    expect(calls[0]).toEqual(['set', { openAtLogin: true, args: ['--hidden'] }]);
    expect(
      createAutostart({ platform: 'win32', app, execPath: 'x', env: {}, appPath: null }),
    ).toBeInstanceOf(LoginItemAutostart);
    expect(
      createAutostart({ platform: 'darwin', app, execPath: 'x', env: {}, appPath: null }),
    ).toBeInstanceOf(LoginItemAutostart);
    expect(
      createAutostart({ platform: 'linux', app, execPath: 'x', env: {}, appPath: null }),
    ).toBeInstanceOf(XdgAutostart);
  });
});

describe('sleep and network', () => {
  afterEach(() => vi.useRealTimers());

  it('pauses on suspend, resumes and refreshes on wake and when the network returns', () => {
    vi.useFakeTimers();
    const power = new EventEmitter();
    let online = true;
    const log: string[] = [];
    const engine = {
      pause: () => log.push('pause'),
      resume: () => log.push('resume'),
      refreshNow: () => log.push('refresh'),
    };
    const stop = watchPower({
      powerMonitor: power,
      isOnline: () => online,
      engine,
      checkEveryMs: 1000,
    });
    power.emit('suspend');
    power.emit('resume');
    expect(log).toEqual(['pause', 'resume', 'refresh']);
    online = false;
    vi.advanceTimersByTime(1000);
    expect(log).toHaveLength(3);
    online = true;
    vi.advanceTimersByTime(1000);
    vi.advanceTimersByTime(1000);
    expect(log).toEqual(['pause', 'resume', 'refresh', 'resume', 'refresh']);
    stop();
  });
});

describe('popup placement', () => {
  const workArea = { x: 0, y: 0, width: 1920, height: 1040 };
  const size = { width: 400, height: 480 };

  it('sits under a tray at the top and above a tray at the bottom, inside the screen', () => {
    expect(
      popupPosition(
        size,
        { x: 0, y: 25, width: 1920, height: 1055 },
        { x: 1800, y: 0, width: 24, height: 24 },
        'darwin',
      ),
    ).toEqual({
      x: 1512,
      y: 33, // just below the menu bar's work-area edge
    });
    expect(
      popupPosition(size, workArea, { x: 1700, y: 1044, width: 24, height: 36 }, 'win32'),
    ).toEqual({
      x: 1512,
      y: 552,
    });
    expect(popupPosition(size, workArea, { x: 5, y: 1044, width: 24, height: 36 }, 'win32').x).toBe(
      8,
    );
  });

  it('goes to the notification corner when the tray does not say where it is', () => {
    expect(popupPosition(size, workArea, { x: 0, y: 0, width: 0, height: 0 }, 'linux')).toEqual({
      x: 1512,
      y: 552,
    });
    expect(popupPosition(size, workArea, null, 'darwin')).toEqual({ x: 1512, y: 8 });
  });
});

const alert = (overrides: Partial<Alert> = {}): Alert => ({
  id: 'al-1',
  kind: 'overdue',
  accountId: 'geo',
  taskIds: ['geo:738291047382910473'],
  title: 'Overdue: Aprobar presupuesto de obra',
  body: 'Presupuestos — Obra Calle Mayor 12 — 2 h overdue',
  at: '2025-03-10T12:00:00Z',
  urgency: 'critical',
  ...overrides,
});

describe('notifications', () => {
  it('carry the engine’s words, urgency and, on macOS, Complete… and Snooze', () => {
    const mac = notificationSpec(alert(), 'darwin');
    expect(mac).toEqual({
      title: 'Overdue: Aprobar presupuesto de obra',
      body: 'Presupuestos — Obra Calle Mayor 12 — 2 h overdue',
      urgency: 'critical',
      timeoutType: 'never',
      actions: ['Complete…', 'Snooze'],
      taskId: 'geo:738291047382910473',
    });
    expect(notificationSpec(alert({ kind: 'new', urgency: 'normal' }), 'linux')).toMatchObject({
      urgency: 'normal',
      timeoutType: 'default',
      actions: [],
    });
    const summary = notificationSpec(alert({ kind: 'summary', taskIds: ['a:1', 'a:2'] }), 'darwin');
    expect(summary).toMatchObject({ actions: [], taskId: null });
    expect(notificationChoice(summary, null)).toEqual({ kind: 'inbox' });
    expect(notificationChoice(mac, null)).toEqual({
      kind: 'popup',
      taskId: 'geo:738291047382910473',
    });
    expect(notificationChoice(mac, 0)).toEqual({ kind: 'popup', taskId: 'geo:738291047382910473' });
    expect(notificationChoice(mac, 1)).toEqual({
      kind: 'snooze',
      taskId: 'geo:738291047382910473',
    });
  });

  it('shows through Electron’s Notification, keeps it alive until used, and routes clicks', () => {
    const created: (EventEmitter & { options: unknown; shown: boolean })[] = [];
    const choices: unknown[] = [];
    const notifier = new Notifier({
      create: (options) => {
        const n = Object.assign(new EventEmitter(), {
          options,
          shown: false,
          show: () => (n.shown = true),
        });
        created.push(n);
        return n as never;
      },
      isSupported: () => true,
      platform: 'darwin',
      onChoice: (choice) => choices.push(choice),
    });
    expect(notifier.show(alert())).toBe(true);
    expect(notifier.show(alert({ id: 'al-2' }))).toBe(true);
    expect(created[0]?.shown).toBe(true);
    expect(created[0]?.options).toMatchObject({
      title: 'Overdue: Aprobar presupuesto de obra',
      urgency: 'critical',
      actions: [
        { type: 'button', text: 'Complete…' },
        { type: 'button', text: 'Snooze' },
      ],
    });
    expect(notifier.liveCount).toBe(2);
    created[0]?.emit('click');
    created[1]?.emit('action', {}, 1);
    expect(choices).toEqual([
      { kind: 'popup', taskId: 'geo:738291047382910473' },
      { kind: 'snooze', taskId: 'geo:738291047382910473' },
    ]);
    expect(notifier.liveCount).toBe(0);
  });

  it('says when the desktop cannot show notifications', () => {
    const notifier = new Notifier({
      create: () => {
        throw new Error('must not be called');
      },
      isSupported: () => false,
      platform: 'linux',
      onChoice: () => undefined,
    });
    expect(notifier.show(alert())).toBe(false);
  });
});
