// The engine at scale (issue 10): 20 accounts (five per vendor) × 1,000 open tasks each, over real
// HTTP to a simulator in a process of its own. As in the app, the engine runs in the engine host,
// a process of its own (here a Node child in utilityProcess's place), and this process plays
// main: it answers the host (keychain, settings), passes its events on to a window, and redraws
// the tray from its summaries. The figure with the target is this process's longest event-loop
// stall over a first sync and the poll after it — the stall the tray and the windows would see.
import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readdirSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { MessageChannel } from 'node:worker_threads';
import type { Menu, MenuItemConstructorOptions, NativeImage, Tray } from 'electron';
import { silentLogger } from '../electron/core/logger';
import { MemorySecretStore } from '../electron/core/ports';
import { bindSecrets } from '../electron/core/secret-origins';
import type { TraySummary } from '../electron/host/protocol';
import { EngineClient } from '../electron/main/engine-client';
import { TrayController } from '../electron/main/tray';
import { demoAccounts } from '../electron/simulator/demo';
import { AccountSchema, secretOrigins, type Account, type SecretName } from '../shared/account';
import type { IpcEventPayload } from '../shared/ipc';
import { DEFAULT_SETTINGS, type Settings } from '../shared/settings';
import type { Figure } from './engine.bench';
import { stallMeter } from './stall-meter';

type Stall = ReturnType<ReturnType<typeof stallMeter>['stop']>;

/** The tray as Electron would take it: the drawing is real, the OS calls record nothing. */
function benchTray(): TrayController {
  const image = { addRepresentation: () => undefined } as unknown as NativeImage;
  const tray = {
    setImage: () => undefined,
    setToolTip: () => undefined,
    setTitle: () => undefined,
    setContextMenu: () => undefined,
  } as unknown as Tray;
  return new TrayController(tray, {
    platform: 'linux',
    createFromBitmap: () => image,
    buildMenu: (template: MenuItemConstructorOptions[]) => template as unknown as Menu,
    setBadgeCount: () => false,
    actions: {
      openInbox: () => undefined,
      refreshNow: () => undefined,
      pauseUntil: () => undefined,
      openSettings: () => undefined,
      openAccounts: () => undefined,
      setStartAtLogin: () => undefined,
      quit: () => undefined,
      now: () => Date.now(),
    },
  });
}

async function benchAccounts(
  urls: Parameters<typeof demoAccounts>[0],
  perVendor: number,
  keychain: MemorySecretStore,
): Promise<Account[]> {
  const accounts: Account[] = [];
  for (const demo of demoAccounts(urls)) {
    for (let k = 0; k < perVendor; k += 1) {
      const account = AccountSchema.parse({
        ...demo.account,
        id: `${demo.account.id}-${k}`,
        name: `${demo.account.name} ${k}`,
        pollIntervalSec: 5,
      });
      accounts.push(account);
      for (const [name, value] of Object.entries(demo.secrets))
        await keychain.set(account.id, name as SecretName, value);
      // Saved for these origins, as the app's Accounts view saves them.
      await bindSecrets(keychain, account.id, secretOrigins(account));
    }
  }
  return accounts;
}

function hostChild(): ChildProcess {
  return fork(new URL('./host-process.ts', import.meta.url), [], {
    execArgv: ['--import', 'tsx', '--expose-gc'],
    // Structured clone, as utilityProcess's messages (the tray summary carries a Float64Array).
    serialization: 'advanced',
  });
}

export async function engineAtScale(
  tasksPerAccount = 1_000,
  accountsPerVendor = 5,
): Promise<Figure[]> {
  const sim = fork(new URL('./sim-process.ts', import.meta.url), [String(tasksPerAccount)], {
    execArgv: ['--import', 'tsx'],
  });
  const [ready] = (await once(sim, 'message')) as [{ urls: Parameters<typeof demoAccounts>[0] }];
  const keychain = new MemorySecretStore();
  const accounts = await benchAccounts(ready.urls, accountsPerVendor, keychain);
  const userData = mkdtempSync(join(tmpdir(), 'tasktray-bench-host-'));
  let settings: Settings = { ...DEFAULT_SETTINGS, accounts };
  const tray = benchTray();
  let summary: TraySummary | null = null;
  // One open window: each event is posted to it as the app's webContents.send would.
  const window = new MessageChannel();
  window.port1.unref();
  window.port2.unref();
  const redraw = () => {
    if (!summary) return;
    tray.update({
      open: summary.open,
      health: summary.health,
      accounts: summary.accounts,
      pausedUntil: settings.notifications.pausedUntil,
      startAtLogin: false,
      now: Date.now(),
      language: settings.language,
    });
  };
  // Two successful polls of every account: the first sync, and a poll over a known inbox.
  const successes = new Map<string, Set<number>>();
  let synced: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (synced = resolve));
  const child = hostChild();
  const client = new EngineClient({
    fork: () => ({
      postMessage: (message) => child.send(message as never),
      on: (event: 'message' | 'exit', listener: (value: never) => void) =>
        child.on(event, listener as (...args: unknown[]) => void),
      kill: () => child.kill(),
    }),
    init: () => ({
      userData,
      settingsFolder: userData,
      settings,
      limitsDir: null,
      e2e: false,
      pollFloorMs: 0,
      demo: {},
      logLevel: 'warn',
    }),
    answers: {
      'secret:get': ({ accountId, name }) => keychain.get(accountId, name),
      'secret:set': async ({ accountId, name, value }) => {
        await keychain.set(accountId, name, value);
        return null;
      },
      'secret:delete': async ({ accountId, name }) => {
        await keychain.delete(accountId, name);
        return null;
      },
      'settings:write': async (next) => {
        settings = next;
        return null;
      },
      openExternal: async () => null,
      setStartAtLogin: async ({ enabled }) => enabled,
      shortcutStatus: async () => 'off',
    },
    onEvent: (event, json) => {
      window.port1.postMessage([event, json]);
      if (event === 'alert') JSON.parse(json) as IpcEventPayload<'alert'>;
      redraw();
    },
    onTray: (next) => {
      summary = next;
      redraw();
      for (const health of next.health) {
        if (health.state !== 'ok' || health.lastSuccessAt === null) continue;
        const seen = successes.get(health.accountId) ?? new Set<number>();
        seen.add(health.lastSuccessAt);
        successes.set(health.accountId, seen);
      }
      if (accounts.every((a) => (successes.get(a.id)?.size ?? 0) >= 2)) synced();
    },
    onSaveFailed: () => undefined,
    onDemo: () => undefined,
    onRestarted: () => undefined,
    onGaveUp: (code) => console.error(`the engine host exited (${code})`),
    logger: silentLogger,
  });
  const meter = stallMeter();
  child.send('bench:start');
  await client.start();
  await done;
  const mainStall = meter.stop();
  child.send('bench:stall');
  const hostStall = await new Promise<Stall | null>((resolve) => {
    const listener = (message: unknown) => {
      if (typeof message === 'object' && message !== null && 'benchStall' in message) {
        child.off('message', listener);
        resolve((message as { benchStall: Stall | null }).benchStall);
      }
    };
    child.on('message', listener);
  });
  const count = summary === null ? 0 : (summary as TraySummary).open.count;
  await client.stop();
  sim.send('close');
  await once(sim, 'exit');
  const expected = tasksPerAccount * accounts.length;
  if (count !== expected) throw new Error(`expected ${expected} tasks in the tray, saw ${count}`);
  let bytes = 0;
  for (const folder of ['snapshot', 'seen', 'budget']) {
    const dir = join(userData, 'state', folder);
    for (const name of readdirSync(dir)) bytes += statSync(join(dir, name)).size;
  }
  const perThousand = bytes / (expected / 1_000) / 1024 / 1024;
  const load = loadavg()[0]?.toFixed(1);
  const how = (stall: Stall) =>
    stall.onCpu
      ? `its own on-CPU time; ${stall.wallMs.toFixed(0)} ms by the wall clock at load ${load}`
      : 'wall clock';
  return [
    {
      name: `longest event-loop stall of main (tray and windows) while the engine host syncs ${accounts.length} accounts × ${tasksPerAccount} tasks, first sync and next poll (${how(mainStall)})`,
      value: mainStall.cpuMs,
      unit: 'ms',
      target: '≤ 16 ms',
      ok: mainStall.cpuMs <= 16,
      ...(hostStall
        ? {
            detail: `the engine host's own longest stall meanwhile, in its process: ${hostStall.cpuMs.toFixed(1)} ms (${how(hostStall)}); no window or tray waits on it`,
          }
        : {}),
    },
    {
      name: 'state on disk per 1,000 tasks',
      value: perThousand,
      unit: 'MB',
      target: '≤ 2 MB',
      ok: perThousand <= 2,
    },
  ];
}
