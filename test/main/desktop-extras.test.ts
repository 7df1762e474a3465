// The log file, tasktray:// links and the global shortcut, in plain Node: Electron's app and
// globalShortcut are replaced by small in-memory versions that behave as the real ones do.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../electron/core/logger';
import {
  findDeepLinkArg,
  listenForDeepLinks,
  parseDeepLink,
  type DeepLinkApp,
  type TaskLink,
} from '../../electron/main/deep-link';
import {
  installGlobalShortcut,
  type GlobalShortcutPort,
} from '../../electron/main/global-shortcut';
import { installLogging, openLogsMenuItem } from '../../electron/main/log-file';
import { adoptOldAppFiles } from '../../electron/main/user-data';
import type { GlobalShortcutSetting } from '../../shared/settings';
import { DEFAULT_SETTINGS, readSettings } from '../../shared/settings';
import { mostUrgentTask } from '../../shared/urgency';
import { makeTask } from '../helpers/tasks';

describe('the log file', () => {
  it('writes one JSON line per record, secrets masked, below the level dropped', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tasktray-logs-'));
    const echoed: string[] = [];
    const { logger, file } = installLogging({ dir, level: 'info', echo: (l) => echoed.push(l) });
    logger.addSecret('s3cr3t-value');
    logger.info('signed in with s3cr3t-value', { password: 'hunter2', account: 'acme' });
    logger.debug('too chatty');
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(1);
    const record = JSON.parse(lines[0] ?? '') as Record<string, unknown>;
    expect(record).toMatchObject({
      level: 'info',
      msg: 'signed in with [redacted]',
      password: '[redacted]',
      account: 'acme',
    });
    expect(readFileSync(file, 'utf8')).not.toMatch(/s3cr3t|hunter2/);
    expect(echoed).toEqual(lines);
  });

  it('rotates past its size, keeping a fixed number of old files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tasktray-logs-'));
    const { logger, file } = installLogging({ dir, level: 'info', maxBytes: 2_000, archives: 2 });
    for (let i = 0; i < 200; i += 1) logger.info('a line long enough to fill the file', { i });
    expect(existsSync(file)).toBe(true);
    expect(existsSync(join(dir, 'main.1.log'))).toBe(true);
    expect(existsSync(join(dir, 'main.2.log'))).toBe(true);
    expect(existsSync(join(dir, 'main.3.log'))).toBe(false);
    for (const name of ['main.log', 'main.1.log', 'main.2.log'])
      expect(statSync(join(dir, name)).size).toBeLessThan(2_500);
    // The newest record is in main.log, the one before the last rotation in main.1.log.
    expect(readFileSync(file, 'utf8')).toContain('"i":199');
  });

  it('"Open logs…" opens the log folder, and logs when the OS could not', async () => {
    const opened: string[] = [];
    const records: string[] = [];
    const dir = mkdtempSync(join(tmpdir(), 'tasktray-logs-'));
    const logging = installLogging({ dir, level: 'info', echo: (l) => records.push(l) });
    const failed = new Promise<void>((resolve) => {
      const item = openLogsMenuItem(logging, async (path) => {
        opened.push(path);
        setImmediate(resolve);
        return 'No application is registered for folders';
      });
      expect(item.label).toBe('Open logs…');
      (item.click as () => void)();
    });
    await failed;
    expect(opened).toEqual([dir]);
    expect(records.join('\n')).toContain('could not open the log folder');
  });
});

describe('tasktray:// links', () => {
  it('accepts tasktray://task/<account>:<task>, decoded', () => {
    expect(parseDeepLink('tasktray://task/acme-geo:674839201748392018')).toEqual({
      ok: true,
      link: { kind: 'task', taskId: 'acme-geo:674839201748392018' },
    });
    expect(parseDeepLink('tasktray://task/demo-uipath%3A58294')).toEqual({
      ok: true,
      link: { kind: 'task', taskId: 'demo-uipath:58294' },
    });
  });

  it('refuses anything else, saying why', () => {
    const refused = [
      'https://task/acme:1',
      'tasktray://settings/acme:1',
      'tasktray://task/',
      'tasktray://task/acme:1/extra',
      'tasktray://task/acme:1?then=https://evil.example',
      'tasktray://task/acme:1#x',
      'tasktray://user:pw@task/acme:1',
      'tasktray://task/no-colon',
      'tasktray://task/ACME:1',
      'tasktray://task/acme:%0Aforged',
      'tasktray://task/acme:%E0%A4%A',
      `tasktray://task/acme:${'9'.repeat(400)}`,
      'not a url',
    ];
    for (const raw of refused) {
      const parsed = parseDeepLink(raw);
      expect(parsed.ok, raw).toBe(false);
      if (!parsed.ok) expect(parsed.reason.length).toBeGreaterThan(0);
    }
  });

  it('finds the link among the arguments Chromium passes', () => {
    expect(findDeepLinkArg(['--allow-file-access-from-files', 'tasktray://task/a:1', '--x'])).toBe(
      'tasktray://task/a:1',
    );
    expect(findDeepLinkArg(['--hidden'])).toBeNull();
  });

  /** Electron's app as far as links go: it remembers the registration and emits open-url. */
  function fakeApp() {
    const registered: unknown[][] = [];
    const listeners: ((event: { preventDefault(): void }, url: string) => void)[] = [];
    const app: DeepLinkApp = {
      setAsDefaultProtocolClient: (...args: unknown[]) => {
        registered.push(args);
        return true;
      },
      on: (_event, listener) => listeners.push(listener),
    };
    const openUrl = (url: string) => {
      let prevented = false;
      for (const l of listeners) l({ preventDefault: () => (prevented = true) }, url);
      return prevented;
    };
    return { app, registered, openUrl };
  }

  it('registers the scheme, queues links until the shell runs, then opens each popup', () => {
    const { app, registered, openUrl } = fakeApp();
    const links = listenForDeepLinks({
      app,
      argv: ['/opt/Tasktray/tasktray', 'tasktray://task/acme:1'],
      defaultApp: false,
      logger: silentLogger,
    });
    expect(registered).toEqual([['tasktray']]);
    expect(openUrl('tasktray://task/acme:2')).toBe(true); // macOS, before ready
    const opened: TaskLink[] = [];
    links.deliverTo((link) => opened.push(link));
    expect(opened.map((l) => l.taskId)).toEqual(['acme:1', 'acme:2']);
    // A second instance (Windows, Linux) hands over its argv: a link is not "show the inbox".
    expect(links.offer(['/opt/Tasktray/tasktray', 'tasktray://task/acme:3'])).toBe(true);
    expect(links.offer(['/opt/Tasktray/tasktray'])).toBe(false);
    expect(links.offer(['/opt/Tasktray/tasktray', 'tasktray://task/acme:1?x=1'])).toBe(true);
    expect(opened.map((l) => l.taskId)).toEqual(['acme:1', 'acme:2', 'acme:3']);
  });

  it('in a development run registers electron with the app path', () => {
    const { app, registered } = fakeApp();
    listenForDeepLinks({
      app,
      argv: ['/usr/lib/electron/electron', '/work/app'],
      defaultApp: true,
      logger: silentLogger,
    });
    expect(registered).toEqual([['tasktray', '/usr/lib/electron/electron', ['/work/app']]]);
  });
});

describe('the global shortcut', () => {
  /** Electron's globalShortcut: one owner per accelerator; some are held by other apps. */
  function shortcuts(takenElsewhere: string[] = []) {
    const held = new Map<string, () => void>();
    const port: GlobalShortcutPort = {
      register: (accelerator, callback) => {
        if (takenElsewhere.includes(accelerator) || held.has(accelerator)) return false;
        held.set(accelerator, callback);
        return true;
      },
      unregister: (accelerator) => void held.delete(accelerator),
    };
    return { port, held, press: (accelerator: string) => held.get(accelerator)?.() };
  }

  it('is off by default in the settings, and older settings files read as off', () => {
    expect(DEFAULT_SETTINGS.globalShortcut.enabled).toBe(false);
    const old = readSettings({ version: 1, theme: 'dark' });
    expect(old.ok && old.settings.globalShortcut.enabled).toBe(false);
    const bad = readSettings({ version: 1, globalShortcut: { enabled: true, accelerator: 'T' } });
    expect(bad.ok).toBe(false);
  });

  it('follows the setting, and opens the popup on the most urgent task', async () => {
    const { port, held, press } = shortcuts();
    let setting: GlobalShortcutSetting = { enabled: false, accelerator: 'CommandOrControl+Alt+T' };
    const now = Date.parse('2026-12-02T10:00:00Z');
    const tasks = [
      makeTask('a', 'calm', { dueAt: '2026-12-09T10:00:00Z' }),
      makeTask('a', 'late', { dueAt: '2026-12-01T10:00:00Z' }),
      makeTask('a', 'done', { status: 'completed', escalated: true }),
    ];
    const popups: string[] = [];
    let inbox = 0;
    let current = tasks;
    // The engine host answers which task is most urgent: a press opens something once it has.
    let acted: () => void = () => undefined;
    const pressed = (accelerator: string) => {
      const done = new Promise<void>((resolve) => (acted = resolve));
      press(accelerator);
      return done;
    };
    const shortcut = installGlobalShortcut({
      globalShortcut: port,
      setting: () => setting,
      mostUrgentTaskId: async () => mostUrgentTask(current, now)?.id ?? null,
      openPopup: (id) => {
        popups.push(id);
        acted();
      },
      openInbox: () => {
        inbox += 1;
        acted();
      },
      logger: silentLogger,
    });
    expect(held.size).toBe(0);
    setting = { enabled: true, accelerator: 'CommandOrControl+Alt+T' };
    shortcut.sync();
    expect([...held.keys()]).toEqual(['CommandOrControl+Alt+T']);
    await pressed('CommandOrControl+Alt+T');
    expect(popups).toEqual(['a:late']);
    current = [];
    await pressed('CommandOrControl+Alt+T');
    expect(inbox).toBe(1);
    setting = { enabled: true, accelerator: 'Shift+Alt+K' };
    shortcut.sync();
    expect([...held.keys()]).toEqual(['Shift+Alt+K']);
    setting = { ...setting, enabled: false };
    shortcut.sync();
    expect(held.size).toBe(0);
  });

  it('says so when another application holds the key', () => {
    const { port } = shortcuts(['CommandOrControl+Alt+T']);
    const shortcut = installGlobalShortcut({
      globalShortcut: port,
      setting: () => ({ enabled: true, accelerator: 'CommandOrControl+Alt+T' }),
      mostUrgentTaskId: async () => null,
      openPopup: () => undefined,
      openInbox: () => undefined,
      logger: silentLogger,
    });
    expect(shortcut.registered).toBeNull();
    expect(shortcut.problem).toMatch(/already used by another application/);
  });
});

describe('the app folder after productName', () => {
  it('takes over only the app’s own files from the folder it shared with the CLI', () => {
    const base = mkdtempSync(join(tmpdir(), 'tasktray-appdata-'));
    const old = join(base, 'tasktray');
    const fresh = join(base, 'Tasktray');
    mkdirSync(old);
    for (const name of ['settings.json', 'secrets-encrypted.json', 'state.json', 'config.json'])
      writeFileSync(join(old, name), `{"from":"${name}"}`);
    expect(adoptOldAppFiles(old, fresh).sort()).toEqual([
      'secrets-encrypted.json',
      'settings.json',
    ]);
    expect(readFileSync(join(fresh, 'settings.json'), 'utf8')).toBe('{"from":"settings.json"}');
    expect(existsSync(join(fresh, 'state.json'))).toBe(false);
    expect(existsSync(join(fresh, 'config.json'))).toBe(false);
    // The old files stay for the CLI; a second start changes nothing, nor overwrites.
    expect(existsSync(join(old, 'settings.json'))).toBe(true);
    writeFileSync(join(fresh, 'settings.json'), '{"changed":true}');
    expect(adoptOldAppFiles(old, fresh)).toEqual([]);
    expect(readFileSync(join(fresh, 'settings.json'), 'utf8')).toBe('{"changed":true}');
    expect(adoptOldAppFiles(old, old)).toEqual([]);
  });
});
