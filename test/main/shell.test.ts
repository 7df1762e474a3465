// The whole shell (launchApp → startShell) in Node, with the Electron test double: real windows in
// Chromium loading the built renderer through the shell's app:// handler and the real preload,
// the real engine polling the demo simulator through the shell's own fetch binding.
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { silentLogger } from '../../electron/core/logger';
import { MemorySecretStore, ORIGINS_ENTRY } from '../../electron/core/ports';
import type { Engine } from '../../electron/core/engine';
import { chromiumFetch } from '../../electron/host/chromium-fetch';
import { serveEngineHost, type RunningHost } from '../../electron/host/engine-host';
import { launchApp } from '../../electron/main/launch-app';
import type { RunningShell, ShellOptions } from '../../electron/main/shell';
import type { RunningDemo } from '../../electron/simulator/demo';
import { startSimulator, type RunningSimulator } from '../../electron/simulator/server';
import { createSimTask } from '../../electron/simulator/task-factory';
import { SIM_USERS } from '../../electron/simulator/world';
import type { TasktrayApi } from '../../shared/ipc';
import { assertRendererBuilt, launchChromium, RENDERER_DIR } from '../helpers/browser';
import {
  createElectronDouble,
  doubleChanges,
  type DoubleOptions,
  type ElectronDouble,
  type WindowDouble,
} from '../shell/electron-double';

// electron-store (under the settings store) imports `electron` itself; it needs only this much.
vi.mock('electron', () => ({
  default: {
    app: { getPath: () => '/nonexistent-userdata', getVersion: () => '0.1.0' },
    ipcMain: { on: () => undefined },
    shell: {},
  },
}));

const HOUR = 3_600_000;
/** The demo's own scenario stands still, so counts move only when a test moves them. */
const STILL = {
  newTaskEveryMs: HOUR,
  overdueEveryMs: HOUR,
  escalateEveryMs: HOUR,
  completeElsewhereEveryMs: HOUR,
};

/** The part of the TASKTRAY_E2E probe (electron/main/e2e-probe.ts) this file reads. */
interface E2eProbeView {
  alerts: { id: string; kind: string; taskIds: string[] }[];
  outbox: { taskId: string; state: string }[];
  tray: { tooltip: string } | null;
  simControlUrl?: string;
  chooseNotification?: (alertId: string, actionIndex: number | null) => void;
  until(check: (probe: E2eProbeView) => boolean): Promise<void>;
}

let browser: Browser;

beforeAll(async () => {
  assertRendererBuilt();
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

/**
 * The running shell, and the engine host it started: in the double, utilityProcess.fork runs the
 * host in this process behind a MessageChannel, so a test can look at its engine and demo.
 */
interface TestShell extends RunningShell {
  readonly engine: Engine;
  demo(): RunningDemo | null;
}

function testShell(shell: RunningShell, double: ElectronDouble): TestShell {
  const host = () => {
    const running = double.utility.at(-1)?.running as RunningHost | null | undefined;
    if (!running) throw new Error('the engine host has not started');
    return running;
  };
  return {
    ...shell,
    get engine() {
      return host().engine;
    },
    demo: () => host().demo.running(),
  };
}

/** utilityProcess.fork in the double: the engine host, over the double's net as in the app. */
const hostInProcess: DoubleOptions['utility'] = (_path, link, api) =>
  serveEngineHost({ link, fetch: chromiumFetch((options) => api.net.request(options)) });

interface Launched {
  double: ElectronDouble;
  shell: TestShell;
  home: string;
  stop(): Promise<void>;
}

async function launch(
  options: Partial<ShellOptions> = {},
  doubleOptions: Partial<DoubleOptions> = {},
): Promise<Launched> {
  const home = mkdtempSync(join(tmpdir(), 'tasktray-shell-'));
  const double = await createElectronDouble({
    browser,
    userData: join(home, 'userData'),
    utility: hostInProcess,
    ...doubleOptions,
  });
  const shell = await launchApp(double.api, {
    platform: 'linux',
    env: { XDG_CONFIG_HOME: join(home, 'config') },
    argv: [],
    execPath: '/opt/Tasktray/tasktray',
    rendererDir: RENDERER_DIR,
    preloadPath: '/unused/preload.cjs',
    keychain: new MemorySecretStore(),
    logger: silentLogger,
    demo: { seed: 11, pace: STILL },
    ...options,
  });
  if (!shell) throw new Error('launchApp did not start a shell');
  return {
    double,
    shell: testShell(shell, double),
    home,
    stop: async () => {
      double.app.quit();
      await until(() => expect(double.app.quitted).toBe(true));
      await double.close();
    },
  };
}

/**
 * Waits for a condition: checked now, then again after each change the double records (the tray
 * is redrawn on every event the engine sends). The timeout only ends a wait no event will end,
 * failing with the check's last word.
 */
async function until<T>(check: () => T | Promise<T>, timeout = 20_000): Promise<T> {
  let expired = false;
  const timer = setTimeout(() => {
    expired = true;
    doubleChanges.emit('change');
  }, timeout);
  try {
    for (;;) {
      // Listening before checking: a change during an async check is not missed.
      const next = once(doubleChanges, 'change');
      try {
        return await check();
      } catch (error) {
        if (expired) throw error;
      }
      await next;
    }
  } finally {
    clearTimeout(timer);
  }
}

function tray(double: ElectronDouble) {
  const t = double.trays.at(-1);
  if (!t) throw new Error('No tray yet');
  return t;
}

function trayMenu(double: ElectronDouble) {
  const menu = tray(double).contextMenu;
  if (!menu) throw new Error('The tray has no context menu');
  return menu;
}

function openCount(double: ElectronDouble): number {
  const match = /(\d+) open task/.exec(tray(double).tooltip);
  return match ? Number(match[1]) : 0;
}

/** The window the shell shows the inbox, settings and accounts in (the first one it made). */
function mainWindow(double: ElectronDouble): WindowDouble {
  const win = double.windows[0];
  if (!win) throw new Error('No window yet');
  return win;
}

async function hashOf(win: WindowDouble): Promise<string> {
  const page = await win.page();
  return page.evaluate(() => window.location.hash);
}

/** The window shows something: its main landmark has text, and the renderer threw nothing. */
async function expectNotBlank(page: Page, heading: RegExp): Promise<void> {
  await page
    .getByRole('heading', { name: heading })
    .first()
    .waitFor({ timeout: 15_000 })
    .catch(async (error: unknown) => {
      const body = await page.locator('body').innerHTML();
      throw new Error(`${page.url()} shows no ${heading} heading. Body: ${body.slice(0, 600)}`, {
        cause: error,
      });
    });
  const text = await page.locator('body').innerText();
  expect(text.trim().length).toBeGreaterThan(20);
}

function call(page: Page, channel: string, payload: unknown): Promise<unknown> {
  return page.evaluate(
    ([c, p]) =>
      (window as unknown as { tasktray: TasktrayApi }).tasktray.call(c as never, p as never),
    [channel, payload] as const,
  );
}

describe('the shell on Linux, with the demo', () => {
  let app: Launched;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    app = await launch();
    const page = await mainWindow(app.double).page();
    page.on('pageerror', (error) => pageErrors.push(error.message));
  }, 60_000);

  afterAll(async () => {
    await app?.stop();
  }, 30_000);

  it('opens the inbox on launch, through app:// and the real preload, with no app menu bar', async () => {
    const { double } = app;
    const win = mainWindow(double);
    expect(win.url).toBe('app://tasktray/index.html#/inbox');
    await until(() => expect(win.visible).toBe(true));
    const page = await win.page();
    await page.locator('.task-row').first().waitFor({ timeout: 20_000 });
    expect(double.applicationMenu).toEqual({ set: true, menu: null });
    // A standard, secure scheme whose scripts keep V8's code cache between loads.
    expect(double.privilegedSchemes).toMatchObject([
      { scheme: 'app', privileges: { standard: true, secure: true, codeCache: true } },
    ]);
    // The tray counts what the inbox lists.
    await until(() => expect(openCount(double)).toBeGreaterThan(0), 20_000);
    expect(app.shell.engine.tasks().length).toBe(openCount(double));
  }, 40_000);

  it('opens each tray menu item’s window on its route, and none of them is blank', async () => {
    const { double } = app;
    const win = mainWindow(double);
    const page = await win.page();
    win.hide();
    trayMenu(double).click('Settings…');
    await until(async () => expect(await hashOf(win)).toBe('#/settings'));
    expect(win.visible).toBe(true);
    await expectNotBlank(page, /settings/i);

    trayMenu(double).click('GeoTareas (demo)');
    await until(async () => expect(await hashOf(win)).toBe('#/accounts'));
    await expectNotBlank(page, /accounts/i);

    win.hide();
    trayMenu(double).click('Open inbox');
    await until(async () => expect(await hashOf(win)).toBe('#/inbox'));
    expect(win.visible).toBe(true);
    await page.locator('.task-row').first().waitFor();
    // One window for all three: the routes change, no second inbox.
    expect(double.windows).toHaveLength(1);
    expect(pageErrors).toEqual([]);
  }, 60_000);

  it('rebuilds the tray menu only when it changes', async () => {
    const { double } = app;
    const page = await mainWindow(double).page();
    const built = double.menusBuilt.length;
    const set = tray(double).contextMenuSets;
    // Each of these makes the shell redraw the tray with nothing changed.
    for (let i = 0; i < 3; i += 1) await call(page, 'settings:update', {});
    expect(double.menusBuilt.length).toBe(built);
    expect(tray(double).contextMenuSets).toBe(set);

    trayMenu(double).click('Pause notifications', 'For 1 hour');
    await until(() => expect(trayMenu(double).item('Notifications paused')).toBeTruthy());
    expect(double.menusBuilt.length).toBe(built + 1);
    trayMenu(double).click('Notifications paused', 'Resume');
    await until(() => expect(trayMenu(double).item('Pause notifications')).toBeTruthy());
  });

  it('notification click → popup → complete: the task leaves and the tray count drops', async () => {
    const { double, shell } = app;
    const demo = shell.demo();
    if (!demo) throw new Error('The demo is not running');
    await until(() => expect(openCount(double)).toBe(shell.engine.tasks().length));
    const task = createSimTask(demo.sim.world, 'workflowsvc', {
      results: [],
      fields: [],
      title: 'Shell test: approve purchase order',
    });
    trayMenu(double).click('Refresh now');
    const notification = await until(() => {
      const found = double.notifications.find((n) =>
        String(n.options.title).includes('Shell test: approve purchase order'),
      );
      if (!found?.shown) throw new Error('no notification yet');
      return found;
    }, 20_000);
    const before = openCount(double);
    const taskId = `demo-workflowsvc:${task.id}`;
    expect(shell.engine.tasks().some((t) => t.id === taskId)).toBe(true);

    notification.click();
    const popup = await until(() => {
      const found = double.windows[1];
      if (!found?.visible) throw new Error('no popup yet');
      return found;
    });
    expect(popup.url).toBe(`app://tasktray/index.html#/popup/${encodeURIComponent(taskId)}`);
    expect(popup.options).toMatchObject({
      width: 400,
      height: 480,
      frame: false,
      alwaysOnTop: true,
    });
    const page = await popup.page();
    // A workflowsvc step with no fields: the form is just its submit button.
    await page.locator('button[type=submit].primary').click({ timeout: 15_000 });

    await until(() => expect(popup.visible).toBe(false), 20_000);
    await until(() => {
      expect(shell.engine.tasks().some((t) => t.id === taskId)).toBe(false);
      expect([openCount(double), shell.engine.tasks().length]).toEqual([before - 1, before - 1]);
    }, 20_000);
    expect(demo.sim.world.get('workflowsvc', task.id)?.status).not.toBe('open');
  }, 60_000);

  it('a second instance shows the first one’s inbox', async () => {
    const { double } = app;
    const win = mainWindow(double);
    win.hide();
    double.app.emit('second-instance', {}, ['/opt/Tasktray/tasktray'], '/home/user');
    await until(() => expect(win.visible).toBe(true));
    expect(win.focused).toBe(true);
  });

  it('start at login writes and removes the XDG autostart entry, and the menu says so', async () => {
    const { double, home } = app;
    const entry = join(home, 'config', 'autostart', 'tasktray.desktop');
    expect(existsSync(entry)).toBe(false);
    expect(trayMenu(double).item('Start at login').checked).toBe(false);
    trayMenu(double).click('Start at login');
    expect(readFileSync(entry, 'utf8')).toContain('Exec=/opt/Tasktray/tasktray');
    await until(() => expect(trayMenu(double).item('Start at login').checked).toBe(true));
    trayMenu(double).click('Start at login');
    expect(existsSync(entry)).toBe(false);
    await until(() => expect(trayMenu(double).item('Start at login').checked).toBe(false));
  });

  it('pauses polling while the machine sleeps and polls again on waking', async () => {
    const { double, shell } = app;
    double.powerMonitor.emit('suspend');
    // The engine host hears of it by message.
    await until(() => expect(shell.engine.isPaused).toBe(true));
    expect(shell.engine.health().every((h) => h.state === 'paused')).toBe(true);
    double.powerMonitor.emit('resume');
    await until(() => expect(shell.engine.isPaused).toBe(false));
  });

  it('stops the demo simulator once a real account is added through the contract', async () => {
    const { double, shell } = app;
    const demo = shell.demo();
    if (!demo) throw new Error('The demo is not running');
    const demoPort = new URL(demo.sim.urls.origin).port;
    const vendor: RunningSimulator = await startSimulator();
    try {
      const page = await mainWindow(double).page();
      await call(page, 'accounts:save', {
        account: {
          id: 'my-maxsight',
          name: 'My Maxsight',
          vendor: 'maxsight',
          baseUrl: vendor.urls.maxsight,
          userId: SIM_USERS.maxsight.me.id,
        },
        secrets: { apiKey: SIM_USERS.maxsight.apiKey },
      });
      await until(() => expect(shell.demo()).toBeNull(), 10_000);
      await expect(fetch(`http://127.0.0.1:${demoPort}/`)).rejects.toThrow();
      // The tray lists the user's account only, and the windows are told the demo is over.
      await until(() => expect(trayMenu(double).item('My Maxsight')).toBeTruthy());
      expect(() => trayMenu(double).item('GeoTareas (demo)')).toThrow();
      const state = (await call(page, 'app:state', null)) as { demo: boolean };
      expect(state.demo).toBe(false);
    } finally {
      await vendor.close();
    }
  }, 40_000);

  it('brings the demo back when the last real account is removed, and retires it for the next one', async () => {
    const { double, shell } = app;
    const win = mainWindow(double);
    const page = await win.page();
    await page.goto(page.url().replace(/#.*$/, '#/inbox'));
    expect(shell.demo()).toBeNull();
    await call(page, 'accounts:remove', { accountId: 'my-maxsight' });
    const demo = await until(() => {
      const running = shell.demo();
      if (!running) throw new Error('the demo has not returned');
      return running;
    });
    // A fresh simulator, answering, whose four accounts the engine watches and the tray lists.
    expect((await fetch(`${demo.sim.urls.origin}/`)).status).toBeLessThan(500);
    await until(() =>
      expect(
        shell.engine
          .accounts()
          .map((a) => a.id)
          .sort(),
      ).toEqual(['demo-geotareas', 'demo-maxsight', 'demo-uipath', 'demo-workflowsvc']),
    );
    await until(() => expect(trayMenu(double).item('GeoTareas (demo)')).toBeTruthy());
    await until(() => expect(openCount(double)).toBeGreaterThan(0));
    // The open window learns it without a reload: the demo's tasks and its marker.
    await page.getByText('Demo tasks.').first().waitFor({ timeout: 20_000 });
    await page.locator('.task-row').first().waitFor();

    const vendor: RunningSimulator = await startSimulator();
    try {
      await call(page, 'accounts:save', {
        account: {
          id: 'my-maxsight',
          name: 'My Maxsight',
          vendor: 'maxsight',
          baseUrl: vendor.urls.maxsight,
          userId: SIM_USERS.maxsight.me.id,
        },
        secrets: { apiKey: SIM_USERS.maxsight.apiKey },
      });
      await until(() => expect(shell.demo()).toBeNull());
      await expect(fetch(`${demo.sim.urls.origin}/`)).rejects.toThrow();
      await until(() => expect(trayMenu(double).item('My Maxsight')).toBeTruthy());
    } finally {
      await vendor.close();
    }
  }, 60_000);

  it('the global shortcut in Settings: off by default, a key another app holds is said on the setting, another key works', async () => {
    const { double, shell } = app;
    const win = mainWindow(double);
    const page = await win.page();
    await page.getByRole('main').first().waitFor({ timeout: 20_000 }); // the launch's page is in
    win.hide();
    trayMenu(double).click('Settings…');
    await until(async () => expect(await hashOf(win)).toBe('#/settings'));
    const toggle = page.getByLabel(/keyboard shortcut, from any app/);
    const key = page.getByLabel('Shortcut', { exact: true });
    const status = page.locator('#settings-shortcut-status');
    expect(await toggle.isChecked()).toBe(false);
    expect(await key.inputValue()).toBe('CommandOrControl+Alt+T');
    expect(double.shortcuts.size).toBe(0);

    // Another application holds Ctrl+Alt+T.
    const otherApp = () => undefined;
    double.shortcuts.set('CommandOrControl+Alt+T', otherApp);
    // The box follows the settings main sends back, a round trip later: click, then wait for what
    // the click changes (Playwright's check() wants the state changed as the click returns).
    await toggle.click();
    await until(async () =>
      expect(await status.textContent()).toBe(
        'CommandOrControl+Alt+T is already used by another application; choose another shortcut.',
      ),
    );
    expect(await key.getAttribute('aria-invalid')).toBe('true');
    expect(double.shortcuts.get('CommandOrControl+Alt+T')).toBe(otherApp);

    await key.fill('CommandOrControl+Alt+Y');
    await key.press('Enter');
    await until(async () =>
      expect(await status.textContent()).toBe('CommandOrControl+Alt+Y opens the most urgent task.'),
    );
    expect(
      await page.getByLabel('Shortcut', { exact: true }).getAttribute('aria-invalid'),
    ).toBeNull();
    // Pressing it opens the most urgent task's popup, or the inbox when there is no task.
    win.hide();
    const urgent = shell.engine.tasks().length > 0;
    double.shortcuts.get('CommandOrControl+Alt+Y')?.();
    if (urgent) (await popupOf(double)).hide();
    else
      await until(async () => expect(win.visible && (await hashOf(win)) === '#/inbox').toBe(true));
    trayMenu(double).click('Settings…');
    await until(async () => expect(await hashOf(win)).toBe('#/settings'));

    await toggle.click();
    await until(() => expect(double.shortcuts.has('CommandOrControl+Alt+Y')).toBe(false));
    // The window hears of it with the settings the engine host sends after.
    await until(async () => expect(await status.textContent()).toBe(''));
    double.shortcuts.delete('CommandOrControl+Alt+T');
  }, 60_000);
});

/** Every demo account has been polled once: the first sync's summary is behind us. */
async function firstSyncDone(shell: TestShell): Promise<void> {
  await until(() => {
    const health = shell.engine.health();
    expect(health.length).toBe(4);
    expect(health.every((h) => h.state === 'ok' && h.lastSuccessAt !== null)).toBe(true);
  });
}

/** A new workflowsvc step on the demo, polled at once: its notification. */
async function newTaskNotification(launched: Launched, title: string) {
  const { shell, double } = launched;
  const demo = shell.demo();
  if (!demo) throw new Error('The demo is not running');
  await firstSyncDone(shell);
  const task = createSimTask(demo.sim.world, 'workflowsvc', { title, results: [], fields: [] });
  shell.engine.refreshNow();
  const notification = await until(() => {
    const found = double.notifications.find((n) => String(n.options.title).includes(title));
    if (!found?.shown) throw new Error('no notification yet');
    return found;
  });
  return { notification, taskId: `demo-workflowsvc:${task.id}` };
}

function popupOf(double: ElectronDouble): Promise<WindowDouble> {
  return until(() => {
    const found = double.windows.find((w) => w.url.includes('#/popup/'));
    if (!found?.visible) throw new Error('no popup yet');
    return found;
  });
}

describe('the shell at its edges', () => {
  it('a corrupt settings file: defaults, a notification, and the file kept aside', async () => {
    const home = mkdtempSync(join(tmpdir(), 'tasktray-corrupt-'));
    const userData = join(home, 'userData');
    mkdirSync(userData, { recursive: true });
    writeFileSync(join(userData, 'settings.json'), '{"theme": "dark",');
    const launched = await launch({}, { userData });
    try {
      const told = launched.double.notifications.find(
        (n) => n.options.title === 'Tasktray settings were reset',
      );
      expect(told?.shown).toBe(true);
      expect(String(told?.options.body)).toMatch(/settings\.json\.corrupt-/);
      expect(readdirSync(userData).some((f) => f.startsWith('settings.json.corrupt-'))).toBe(true);
      const page = await mainWindow(launched.double).page();
      const state = (await until(() => call(page, 'app:state', null))) as {
        settings: { theme: string };
      };
      expect(state.settings.theme).toBe('system');
    } finally {
      await launched.stop();
    }
  }, 60_000);

  it('an engine host that dies is started again: the windows reload and the tray counts again', async () => {
    const launched = await launch();
    try {
      const { double, shell } = launched;
      await until(() => expect(openCount(double)).toBeGreaterThan(0));
      const first = double.utility[0];
      if (!first) throw new Error('no engine host was forked');
      const dead = first.running as RunningHost;
      const page = await mainWindow(double).page();
      const reloaded = page.waitForEvent('load');
      first.crash(1);
      // Its process is gone in a real crash: the in-process stand-in stops its work too.
      await Promise.all([dead.engine.stop(), dead.demo.stop()]);
      await reloaded;
      await until(() => expect(double.utility[1]?.running).toBeTruthy());
      expect(double.utility[1]?.modulePath).toBe(first.modulePath);
      // The new host's demo, on a fresh simulator: its tasks reach the tray and the window.
      await until(() => {
        expect(shell.engine.tasks().length).toBeGreaterThan(0);
        expect(openCount(double)).toBe(shell.engine.tasks().length);
      }, 20_000);
      // The reloaded window reads its state from the new host.
      await until(async () => {
        const state = (await call(page, 'app:state', null)) as { tasks: unknown[] };
        expect(state.tasks.length).toBeGreaterThan(0);
      }, 20_000);
    } finally {
      await launched.stop();
    }
  }, 60_000);

  it('the probe the real-Electron suite reads: its waits end on the tray, alert and outbox events', async () => {
    const home = mkdtempSync(join(tmpdir(), 'tasktray-probe-'));
    const launched = await launch({
      env: { XDG_CONFIG_HOME: join(home, 'config'), TASKTRAY_E2E: '1' },
    });
    const holder = globalThis as unknown as { tasktrayE2E?: E2eProbeView };
    try {
      const probe = holder.tasktrayE2E;
      if (!probe) throw new Error('TASKTRAY_E2E=1 set no probe');
      await probe.until((p) => /^Tasktray — [1-9]\d* open tasks?/.test(p.tray?.tooltip ?? ''));
      const demo = launched.shell.demo();
      if (!demo) throw new Error('The demo is not running');
      expect(probe.simControlUrl).toBe(demo.sim.urls.control);
      const task = createSimTask(demo.sim.world, 'workflowsvc', {
        results: [],
        fields: [],
        title: 'Probe test: sign the delivery note',
      });
      const taskId = `demo-workflowsvc:${task.id}`;
      launched.shell.engine.refreshNow();
      await probe.until((p) => p.alerts.some((a) => a.taskIds.includes(taskId)));
      const alert = probe.alerts.find((a) => a.taskIds.includes(taskId) && a.kind !== 'summary');
      probe.chooseNotification?.(alert?.id ?? '', null);
      const popup = await until(() => {
        const found = launched.double.windows[1];
        if (!found?.visible) throw new Error('no popup yet');
        return found;
      });
      const page = await popup.page();
      await page.locator('button[type=submit].primary').click({ timeout: 15_000 });
      await probe.until((p) => p.outbox.some((i) => i.taskId === taskId && i.state === 'done'));
      expect(demo.sim.world.get('workflowsvc', task.id)?.status).not.toBe('open');
    } finally {
      delete holder.tasktrayE2E;
      await launched.stop();
    }
  }, 60_000);

  it('completions an earlier version queued in state.json are carried over once, the file moved aside', async () => {
    const home = mkdtempSync(join(tmpdir(), 'tasktray-legacy-'));
    const userData = join(home, 'userData');
    mkdirSync(userData, { recursive: true });
    const queued = {
      id: 'old-item-1',
      accountId: 'demo-geotareas',
      taskId: 'demo-geotareas:1',
      vendorTaskId: '1',
      locator: {},
      taskTitle: 'Queued before the update',
      op: { type: 'complete', request: { resultCode: 'ok', data: {}, comment: null } },
      createdAt: Date.now() - 60_000,
      attempts: 1,
      nextAttemptAt: Date.now() + 3_600_000,
      state: 'pending',
      lastError: null,
      doneAt: null,
    };
    writeFileSync(
      join(userData, 'state.json'),
      JSON.stringify({ outbox: { version: 1, items: [queued] } }),
    );
    const launched = await launch({}, { userData });
    try {
      expect(launched.shell.engine.outbox.get('old-item-1')?.taskTitle).toBe(
        'Queued before the update',
      );
      expect(existsSync(join(userData, 'state.json'))).toBe(false);
      expect(readdirSync(userData).some((f) => f.startsWith('state.json.imported-'))).toBe(true);
    } finally {
      await launched.stop();
    }
  }, 60_000);

  it('a launch with a tasktray:// link opens that task’s popup alone, not the inbox too', async () => {
    const taskId = 'demo-workflowsvc:wf-1';
    const launched = await launch({
      argv: ['/opt/Tasktray/tasktray', `tasktray://task/${encodeURIComponent(taskId)}`],
    });
    try {
      const popup = await popupOf(launched.double);
      expect(popup.url).toBe(`app://tasktray/index.html#/popup/${encodeURIComponent(taskId)}`);
      await until(() => expect(tray(launched.double).tooltip).toMatch(/Tasktray/));
      // The only window is the popup: no inbox was made, let alone shown.
      expect(launched.double.windows).toHaveLength(1);
      expect(launched.double.windows.some((w) => w.url.includes('#/inbox'))).toBe(false);
      // A later launch by hand still shows the inbox.
      launched.double.app.emit('second-instance', {}, ['/opt/Tasktray/tasktray'], '/home/user');
      await until(() =>
        expect(launched.double.windows.some((w) => w.url.includes('#/inbox') && w.visible)).toBe(
          true,
        ),
      );
    } finally {
      await launched.stop();
    }
  }, 60_000);

  it('settings the disk refuses: the window says so, a notification says what to check, the inbox keeps a line', async () => {
    const launched = await launch();
    try {
      const userData = launched.double.app.getPath('userData');
      const page = await mainWindow(launched.double).page();
      await page.locator('.task-row').first().waitFor({ timeout: 20_000 });
      // settings.json becomes a non-empty folder: no write can replace it.
      rmSync(join(userData, 'settings.json'));
      mkdirSync(join(userData, 'settings.json', 'blocked'), { recursive: true });
      writeFileSync(join(userData, 'settings.json', 'blocked', 'x'), 'x');
      const result = (await call(page, 'settings:update', { theme: 'dark' }).then(
        () => null,
        (error: unknown) => String(error),
      )) as string | null;
      expect(result).toMatch(/Tasktray could not save your settings: /);
      const told = await until(() => {
        const found = launched.double.notifications.find(
          (n) => n.options.title === 'Tasktray could not save its data',
        );
        if (!found?.shown) throw new Error('no notification yet');
        return found;
      });
      expect(String(told.options.body)).toMatch(
        /^Tasktray could not save your settings: .+\. Check the free disk space and the permissions of /,
      );
      expect(String(told.options.body)).toContain(userData);
      // The inbox says it too, and keeps saying it after the notification has gone.
      const line = page.locator('.save-problems summary');
      await line.waitFor();
      expect(await line.textContent()).toContain('Not saved: your settings');
    } finally {
      await launched.stop();
    }
  }, 60_000);

  it('stored secrets never go to a host the settings file names instead of theirs', async () => {
    const received: string[] = [];
    const other = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        received.push(
          `${req.url} ${JSON.stringify(req.headers)} ${Buffer.concat(chunks).toString()}`,
        );
        res.writeHead(401, { 'Content-Type': 'application/json' }).end('{"success":false}');
      });
    });
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    const otherUrl = `http://127.0.0.1:${(other.address() as AddressInfo).port}/apidev/v1`;
    const home = mkdtempSync(join(tmpdir(), 'tasktray-origin-'));
    const userData = join(home, 'userData');
    mkdirSync(userData, { recursive: true });
    // The keychain holds this account's secrets, saved for another host than the file now names.
    const keychain = new MemorySecretStore();
    await keychain.set('acme-geo', 'password', 'geo-password-for-the-real-host');
    await keychain.set('acme-geo', 'apiKey', 'gtk_real_host_key');
    await keychain.set('acme-geo', ORIGINS_ENTRY, JSON.stringify(['https://acme.geotareas.com']));
    writeFileSync(
      join(userData, 'settings.json'),
      JSON.stringify({
        version: 1,
        accounts: [
          {
            id: 'acme-geo',
            name: 'Acme',
            vendor: 'geotareas',
            baseUrl: otherUrl,
            tenant: 'acme.geotareas.com',
            email: 'maria@acme.com',
          },
        ],
      }),
    );
    const launched = await launch({ keychain }, { userData });
    try {
      const health = await until(() => {
        const found = launched.shell.engine.health().find((h) => h.accountId === 'acme-geo');
        if (!found?.lastError) throw new Error('not polled yet');
        return found;
      });
      expect(health.lastError).toMatchObject({ vendorCode: 'secrets_for_other_origin' });
      const everything = received.join('\n');
      expect(everything).not.toContain('geo-password-for-the-real-host');
      expect(everything).not.toContain('gtk_real_host_key');
      expect(await keychain.get('acme-geo', 'password')).toBe('geo-password-for-the-real-host');
    } finally {
      await launched.stop();
      other.closeAllConnections();
      await new Promise((resolve) => other.close(resolve));
    }
  }, 60_000);

  it('another Tasktray already runs: this one quits before starting anything', async () => {
    const home = mkdtempSync(join(tmpdir(), 'tasktray-second-'));
    const double = await createElectronDouble({
      browser,
      userData: join(home, 'userData'),
      singleInstanceLock: false,
    });
    try {
      expect(await launchApp(double.api, { platform: 'linux', logger: silentLogger })).toBeNull();
      expect(double.app.quitRequested).toBe(1);
      expect(double.trays).toHaveLength(0);
      expect(double.windows).toHaveLength(0);
    } finally {
      await double.close();
    }
  });

  it('Linux at login: the tray icon waits for the panel, no window opens, Settings opens on its route', async () => {
    const launched = await launch({ argv: ['--hidden'], trayDelayMs: 300 });
    try {
      // startShell has returned: the icon is not there yet.
      expect(launched.double.trays).toHaveLength(0);
      await until(() => expect(launched.double.trays).toHaveLength(1));
      await until(() => expect(tray(launched.double).tooltip).toMatch(/Tasktray/));
      expect(launched.double.windows).toHaveLength(0);
      // The first window this run makes opens straight on the route asked for.
      trayMenu(launched.double).click('Settings…');
      const win = mainWindow(launched.double);
      expect(win.url).toBe('app://tasktray/index.html#/settings');
      await until(() => expect(win.visible).toBe(true));
      // Blank here before the renderer's fix (React error #185 from Settings loaded directly).
      await expectNotBlank(await win.page(), /settings/i);
      expect(win.errors).toEqual([]);
    } finally {
      await launched.stop();
    }
  }, 60_000);

  it('Wayland: the popup is an ordinary centred window that stays on blur', async () => {
    const launched = await launch({
      argv: ['--hidden'],
      trayDelayMs: 1,
      env: { XDG_SESSION_TYPE: 'wayland', XDG_CONFIG_HOME: join(tmpdir(), 'unused-config') },
    });
    try {
      const { notification } = await newTaskNotification(launched, 'Shell test: Wayland popup');
      notification.click();
      const popup = await popupOf(launched.double);
      expect(popup.options).toMatchObject({ center: true, frame: true, alwaysOnTop: false });
      expect(popup.options.x).toBeUndefined();
      expect(popup.alwaysOnTop).toEqual([]);
      popup.blur();
      expect(popup.visible).toBe(true);
    } finally {
      await launched.stop();
    }
  }, 60_000);
});

describe('the shell on macOS', () => {
  let app: Launched;

  beforeAll(async () => {
    app = await launch({ platform: 'darwin' });
  }, 60_000);

  afterAll(async () => {
    await app?.stop();
  }, 30_000);

  it('a click opens the inbox and a right-click the menu; no context menu opens on both', async () => {
    const { double } = app;
    await until(() => expect(tray(double).tooltip).toMatch(/open task/));
    expect(tray(double).contextMenuSets).toBe(0);
    expect(double.applicationMenu.set).toBe(false);
    const win = mainWindow(double);
    await until(() => expect(win.visible).toBe(true));
    win.hide();
    tray(double).click();
    await until(() => expect(win.visible).toBe(true));
    expect(tray(double).poppedUp).toHaveLength(0);
    tray(double).rightClick();
    expect(tray(double).poppedUp).toHaveLength(1);
    expect(tray(double).poppedUp[0]?.item('Open inbox')).toBeTruthy();
    // The count goes beside the icon, not into it.
    expect(tray(double).title).toBe(String(openCount(double)));
  }, 30_000);

  it('the dock icon (activate) shows the inbox once every window is hidden', async () => {
    const { double } = app;
    const win = mainWindow(double);
    win.hide();
    double.app.emit('activate', {}, false);
    await until(() => expect(win.visible).toBe(true));
  });
});

describe('the shell on Windows', () => {
  let app: Launched;
  const displays = [
    {
      id: 1,
      bounds: { x: 0, y: 0, width: 1920, height: 1080 },
      workArea: { x: 0, y: 0, width: 1920, height: 1040 },
      scaleFactor: 1.5,
    },
    {
      id: 2,
      bounds: { x: 1920, y: 0, width: 2560, height: 1440 },
      workArea: { x: 1920, y: 0, width: 2560, height: 1400 },
      scaleFactor: 1,
    },
  ];

  beforeAll(async () => {
    app = await launch(
      { platform: 'win32', argv: ['--hidden'] },
      { displays, loginItems: { executableWillLaunchAtLogin: false } },
    );
  }, 60_000);

  afterAll(async () => {
    await app?.stop();
  }, 30_000);

  it('draws the tray icon at the display’s 150 % as well, and sets the app id, no menu bar', () => {
    const { double } = app;
    const sizes = tray(double).image.representations.map((r) => [r.scaleFactor, r.width]);
    expect(sizes).toEqual(
      expect.arrayContaining([
        [1, 16],
        [1.5, 24],
        [2, 32],
      ]),
    );
    expect(double.app.appUserModelId).toBe('com.tasktray.app');
    expect(double.applicationMenu).toEqual({ set: true, menu: null });
  });

  it('start at login follows what Windows will really launch, not just the registry entry', async () => {
    const { double } = app;
    const redraw = async () => {
      trayMenu(double).click('Pause notifications', 'For 1 hour');
      await until(() => expect(trayMenu(double).item('Notifications paused')).toBeTruthy());
      trayMenu(double).click('Notifications paused', 'Resume');
      await until(() => expect(trayMenu(double).item('Pause notifications')).toBeTruthy());
    };
    double.app.loginItem = { openAtLogin: true, args: ['--hidden'] };
    double.app.executableWillLaunchAtLogin = true;
    await redraw();
    expect(trayMenu(double).item('Start at login').checked).toBe(true);
    // Switched off in Task Manager: the registry entry stays, Windows will not run it.
    double.app.executableWillLaunchAtLogin = false;
    await redraw();
    expect(trayMenu(double).item('Start at login').checked).toBe(false);
  });

  it('offers Complete… and Snooze on the toast; a click after it timed out still opens the popup on the cursor’s display', async () => {
    const { double } = app;
    double.cursor.x = 2500;
    double.cursor.y = 600;
    const { notification, taskId } = await newTaskNotification(app, 'Shell test: Windows toast');
    expect(notification.options.actions).toEqual([
      { type: 'button', text: 'Complete…' },
      { type: 'button', text: 'Snooze' },
    ]);
    notification.timeOut();
    notification.click();
    const popup = await popupOf(double);
    expect(popup.url).toContain(encodeURIComponent(taskId));
    const [x = 0, y = 0] = popup.position ?? [];
    expect(x).toBeGreaterThanOrEqual(1920);
    expect(x + 400).toBeLessThanOrEqual(1920 + 2560);
    expect(y + 480).toBeLessThanOrEqual(1400);
  }, 40_000);
});
