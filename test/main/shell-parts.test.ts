// The shell's small parts that the end-to-end double cannot show on its own: Windows toasts kept
// for the Action Center, markup-safe Linux bodies, the login item Windows will really run, the
// memoised tray menu and its icon at the display's scale, the bounded quit, and the demo's life.
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { Alert } from '../../shared/alert';
import { LoginItemAutostart } from '../../electron/main/autostart';
import { openTasksOf } from '../../electron/host/protocol';
import { startDemoWhileShown } from '../../electron/host/demo-lifecycle';
import { escapeMarkup, notificationSpec } from '../../electron/main/notification-text';
import { ACTION_CENTER_KEEP, Notifier } from '../../electron/main/notifier';
import { QUIT_TIMEOUT_MS, quitCleanly, stopWithin } from '../../electron/main/quit';
import { TrayController, trayImage } from '../../electron/main/tray';
import type { TrayMenuActions } from '../../electron/main/tray-menu';
import type { RunningDemo } from '../../electron/simulator/demo';
import { makeTask } from '../helpers/tasks';

const alert = (overrides: Partial<Alert> = {}): Alert => ({
  id: 'al-1',
  kind: 'new',
  accountId: 'geo',
  taskIds: ['geo:1'],
  title: 'New task: R&D <draft> review',
  body: 'Budgets — R&D <North> & South',
  at: '2025-03-10T12:00:00Z',
  urgency: 'normal',
  ...overrides,
});

function notifierOn(platform: NodeJS.Platform) {
  const created: (EventEmitter & { options: Record<string, unknown> })[] = [];
  const choices: unknown[] = [];
  const notifier = new Notifier({
    create: (options) => {
      const n = Object.assign(new EventEmitter(), { options, show: () => undefined });
      created.push(n as never);
      return n as never;
    },
    isSupported: () => true,
    platform,
    onChoice: (choice) => choices.push(choice),
  });
  return { notifier, created, choices };
}

describe('notifications per platform', () => {
  it('Windows: a toast whose banner timed out stays referenced, so a click in the Action Center works', () => {
    const { notifier, created, choices } = notifierOn('win32');
    notifier.show(alert());
    created[0]?.emit('close', { reason: 'timedOut' });
    expect(notifier.liveCount).toBe(1);
    created[0]?.emit('click');
    expect(choices).toEqual([{ kind: 'popup', taskId: 'geo:1' }]);
    expect(notifier.liveCount).toBe(0);
    // Dismissed by the user: gone from the Action Center, let go.
    notifier.show(alert({ id: 'al-2' }));
    created[1]?.emit('close', { reason: 'userCanceled' });
    expect(notifier.liveCount).toBe(0);
  });

  it('Windows: keeps only the newest toasts of the Action Center', () => {
    const { notifier, created } = notifierOn('win32');
    for (let i = 0; i < ACTION_CENTER_KEEP + 5; i += 1) {
      notifier.show(alert({ id: `al-${i}` }));
      created[i]?.emit('close', { reason: 'timedOut' });
    }
    expect(notifier.liveCount).toBe(ACTION_CENTER_KEEP);
  });

  it('elsewhere a closed notification is let go', () => {
    const { notifier, created } = notifierOn('linux');
    notifier.show(alert());
    created[0]?.emit('close', {});
    expect(notifier.liveCount).toBe(0);
  });

  it('Windows toasts get Complete… and Snooze too; Linux bodies are escaped for markup', () => {
    expect(notificationSpec(alert(), 'win32').actions).toEqual(['Complete…', 'Snooze']);
    const linux = notificationSpec(alert(), 'linux');
    expect(linux.actions).toEqual([]);
    expect(linux.body).toBe('Budgets — R&amp;D &lt;North&gt; &amp; South');
    // The summary is plain text by the notification spec: left as it is.
    expect(linux.title).toBe('New task: R&D <draft> review');
    expect(notificationSpec(alert(), 'darwin').body).toBe('Budgets — R&D <North> & South');
    expect(escapeMarkup('a<b>&c')).toBe('a&lt;b&gt;&amp;c');
  });
});

describe('start at login on Windows', () => {
  it('reads executableWillLaunchAtLogin: an entry switched off in Task Manager is off', () => {
    const settings = { openAtLogin: true, executableWillLaunchAtLogin: false };
    const app = { getLoginItemSettings: () => settings, setLoginItemSettings: () => undefined };
    expect(new LoginItemAutostart(app, 'win32').isEnabled()).toBe(false);
    settings.executableWillLaunchAtLogin = true;
    expect(new LoginItemAutostart(app, 'win32').isEnabled()).toBe(true);
    // macOS has no such field: openAtLogin is the answer there.
    expect(
      new LoginItemAutostart(
        { ...app, getLoginItemSettings: () => ({ openAtLogin: true }) },
        'darwin',
      ).isEnabled(),
    ).toBe(true);
  });
});

describe('the tray', () => {
  function controller(scale: number) {
    const built: unknown[] = [];
    const reps: { scaleFactor: number; width: number }[][] = [];
    const log: string[] = [];
    const tray = {
      setImage: () => log.push('image'),
      setToolTip: () => undefined,
      setTitle: () => undefined,
      setContextMenu: () => log.push('menu'),
    };
    const actions = {} as TrayMenuActions;
    const c = new TrayController(tray as never, {
      platform: 'win32',
      createFromBitmap: (_buffer, size) => {
        const list = [{ scaleFactor: size.scaleFactor, width: size.width }];
        reps.push(list);
        return {
          addRepresentation: (r: { scaleFactor: number; width: number }) => list.push(r),
        } as never;
      },
      buildMenu: (template) => {
        built.push(template);
        return { template } as never;
      },
      setBadgeCount: () => false,
      actions,
      scaleFactor: () => scale,
    });
    return { c, built, reps, log };
  }
  const view = (count: number) => ({
    open: openTasksOf(
      Array.from({ length: count }, (_, i) => makeTask('a', String(i), { dueAt: null })),
    ),
    health: [],
    accounts: [{ id: 'a', name: 'A' }],
    pausedUntil: null,
    startAtLogin: false,
    now: Date.UTC(2025, 2, 10, 12, 0),
  });

  it('rebuilds the menu only when it changes, not on every event or every 30 s', () => {
    const { c, built, log } = controller(1);
    c.update(view(2));
    c.update(view(3)); // the count is in the icon, not in the menu
    c.update({ ...view(3), now: view(3).now + 30_000 });
    expect(built).toHaveLength(1);
    expect(log.filter((l) => l === 'menu')).toHaveLength(1);
    c.update({ ...view(3), startAtLogin: true });
    expect(built).toHaveLength(2);
    c.invalidateMenu();
    c.update({ ...view(3), startAtLogin: true });
    expect(built).toHaveLength(3);
  });

  it('draws the icon at the display’s own scale, so the count is sharp at 125 % and 150 %', () => {
    for (const [scale, size] of [
      [1.25, 20],
      [1.5, 24],
      [1.75, 28],
    ] as const) {
      const { c, reps } = controller(scale);
      c.update(view(7));
      expect(reps.at(-1)).toEqual(
        expect.arrayContaining([
          { scaleFactor: 2, width: 32 },
          expect.objectContaining({ scaleFactor: 1, width: 16 }),
          expect.objectContaining({ scaleFactor: scale, width: size }),
        ]),
      );
    }
    const images: number[] = [];
    trayImage(
      {
        createFromBitmap: () => {
          images.push(0);
          return { addRepresentation: () => images.push(1) } as never;
        },
      },
      'normal',
      '3',
      2,
    );
    expect(images).toEqual([0, 1]); // 2× is the base image: not drawn twice
  });
});

describe('quitting', () => {
  it('waits for the engine, but not for ever', async () => {
    expect(await stopWithin([Promise.resolve(), Promise.reject(new Error('x'))], 1_000)).toBe(
      'stopped',
    );
    expect(await stopWithin([new Promise(() => undefined)], 10)).toBe('timed-out');
    expect(QUIT_TIMEOUT_MS).toBeLessThanOrEqual(10_000);
  });

  it('holds will-quit until the engine stopped or the time ran out, then quits for real', async () => {
    const app = Object.assign(new EventEmitter(), {
      quits: 0,
      quit() {
        app.quits += 1;
        app.emit('before-quit');
        let prevented = false;
        app.emit('will-quit', { preventDefault: () => (prevented = true) });
        if (!prevented) app.emit('quit');
      },
    });
    const timedOut: string[] = [];
    const quit = quitCleanly(
      app,
      () => [new Promise(() => undefined)], // an engine that never stops
      () => timedOut.push('timed out'),
      20,
    );
    const quitted = new Promise((resolve) => app.once('quit', resolve));
    expect(quit.isQuitting()).toBe(false);
    app.quit();
    expect(quit.isQuitting()).toBe(true);
    await quitted;
    expect(timedOut).toEqual(['timed out']);
    expect(app.quits).toBe(2);
  });
});

describe('the demo’s life', () => {
  function fakeDemo() {
    const calls: string[] = [];
    const start = async (): Promise<RunningDemo> => {
      calls.push('start');
      return {
        sim: {} as RunningDemo['sim'],
        accounts: [],
        stop: async () => {
          calls.push('stop');
        },
      };
    };
    return { calls, start };
  }

  it('never starts when the user already has accounts', async () => {
    const { calls, start } = fakeDemo();
    const demo = await startDemoWhileShown(true, start);
    expect(demo.accounts()).toBeNull();
    expect(demo.running()).toBeNull();
    expect(calls).toEqual([]);
  });

  it('runs while shown and stops once, when the first real account arrives', async () => {
    const { calls, start } = fakeDemo();
    const demo = await startDemoWhileShown(false, start);
    expect(demo.running()).not.toBeNull();
    expect(await demo.sync(false)).toBeNull();
    expect(await demo.sync(true)).toBe('stopped');
    expect(await demo.sync(true)).toBeNull();
    await demo.stop();
    expect(calls).toEqual(['start', 'stop']);
    expect(demo.running()).toBeNull();
  });

  it('returns when the last real account goes, once however many events ask at the same time', async () => {
    const { calls, start } = fakeDemo();
    const demo = await startDemoWhileShown(true, start);
    const answers = await Promise.all([demo.sync(false), demo.sync(false), demo.sync(false)]);
    expect(answers.sort()).toEqual([null, null, 'started']);
    expect(demo.running()).not.toBeNull();
    expect(demo.accounts()).toEqual({ accounts: [], secrets: expect.anything() });
    expect(await demo.sync(true)).toBe('stopped');
    expect(demo.accounts()).toBeNull();
    await demo.stop();
    // Stopped for good: nothing starts it again.
    expect(await demo.sync(false)).toBeNull();
    expect(calls).toEqual(['start', 'stop']);
  });
});
