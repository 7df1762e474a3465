// The engine host: the engine, the app service, the demo simulator and the engine's state files,
// in a process of their own (Electron's utilityProcess), so a first sync of thousands of tasks —
// its parsing, diffing and garbage collection — never holds up the tray and the windows. Main
// talks to it over one link (protocol.ts): the windows' calls go in, their events come out.
import { join } from 'node:path';
import { runHandled } from '../../shared/detached';
import { saveFailureOf } from '../../shared/save-failures';
import { mostUrgentTask } from '../../shared/urgency';
import type { IpcEventChannel, IpcEventPayload } from '../../shared/ipc';
import { AppService, type AppHost } from '../app/app-service';
import { engineSecrets } from '../app/engine-secrets';
import { RpcEndpoint, type Handlers, type MessageLink } from '../app/host-link';
import { runCall } from '../app/ipc-dispatch';
import type { AdapterDeps } from '../core/adapter';
import { Engine } from '../core/engine';
import { FileStateStore } from '../core/file-state-store';
import { importLegacyOutbox } from '../core/legacy-outbox';
import { createLogger, type LogLevel, type Logger } from '../core/logger';
import { systemClock, type FetchLike, type StateStore } from '../core/ports';
import { systemTimeZone } from '../core/time';
import { startDemo } from '../simulator/demo';
import { startDemoWhileShown, type DemoLifecycle } from './demo-lifecycle';
import { keychainThroughMain } from './keychain-link';
import {
  openTasksOf,
  type HostInit,
  type HostMethods,
  type HostNotice,
  type MainMethods,
  type MainNotice,
} from './protocol';
import { SettingsMirror } from './settings-mirror';

/** How long the engine's changes gather before the tray hears of them, together. */
const TRAY_SETTLE_MS = 50;

const LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error'];

export interface EngineHostDeps {
  link: MessageLink;
  /** How the engine calls vendors: Chromium's network stack in the app. */
  fetch: FetchLike;
}

export interface RunningHost {
  engine: Engine;
  service: AppService;
  demo: DemoLifecycle;
}

type Rpc = RpcEndpoint<HostMethods, MainMethods, MainNotice, HostNotice>;

/** Serves main over `link`: waits for its init, starts everything, then says it is ready. */
export function serveEngineHost(deps: EngineHostDeps): Promise<RunningHost> {
  let started: Promise<RunningHost> | null = null;
  let init: (value: HostInit) => void = () => undefined;
  const initialised = new Promise<HostInit>((resolve) => {
    init = resolve;
  });
  const running = async () => {
    if (!started) throw new Error('The engine host has not been started yet.');
    return started;
  };
  const handlers: Handlers<HostMethods> = {
    call: async ({ channel, payload }) => {
      const { service } = await running();
      const result = await runCall(
        service.handlers,
        { ok: true, channel, data: payload },
        hostLogger,
      );
      return JSON.stringify(result);
    },
    mostUrgent: async () => {
      const { engine } = await running();
      return mostUrgentTask(engine.tasks(), Date.now())?.id ?? null;
    },
    stop: async () => {
      const { engine, demo } = await running();
      await Promise.allSettled([engine.stop(), demo.stop()]);
      return null;
    },
  };
  let minLevel = 0;
  const rpc: Rpc = new RpcEndpoint(deps.link, handlers, (notice) => {
    if (notice.type === 'init') init(notice.init);
    else runHandledNotice(notice);
  });
  const hostLogger = createLogger((record) => {
    if (LEVELS.indexOf(record.level) < minLevel) return;
    try {
      rpc.notify({ type: 'log', record });
    } catch {
      // A field structured clone cannot copy: the line still goes, without its fields.
      rpc.notify({ type: 'log', record: { ...record, fields: { unloggable: true } } });
    }
  });
  const runHandledNotice = (notice: Exclude<MainNotice, { type: 'init' }>) => {
    started?.then(
      ({ engine, service }) => {
        if (notice.type === 'save-failed') service.saveFailed(notice.failure);
        else if (notice.op === 'pause') engine.pause();
        else if (notice.op === 'resume') engine.resume();
        else engine.refreshNow();
      },
      () => undefined, // a failed start is reported by whoever started it
    );
  };
  started = initialised.then((value) => {
    minLevel = Math.max(0, LEVELS.indexOf(value.logLevel));
    return startHost(value, rpc, deps.fetch, hostLogger);
  });
  return started;
}

async function startHost(
  init: HostInit,
  rpc: Rpc,
  fetch: FetchLike,
  logger: Logger,
): Promise<RunningHost> {
  const settings = new SettingsMirror(init.settings, (next) => rpc.request('settings:write', next));
  const keychain = keychainThroughMain({
    get: (p) => rpc.request('secret:get', p),
    set: (p) => rpc.request('secret:set', p),
    delete: (p) => rpc.request('secret:delete', p),
  });
  const demo = await startDemoWhileShown(settings.read().accounts.length > 0, () =>
    // The simulator's control API is for the end-to-end suites only; the demo runs without it.
    startDemo({ controlApi: init.e2e, ...init.demo }),
  );
  // Stored secrets go only to the origins they were saved for, whatever the settings file says.
  const secrets = engineSecrets({
    keychain,
    accounts: () => settings.read().accounts,
    demo: () => demo.accounts(),
  });
  const stateDir = join(init.userData, 'state');
  const store = new FileStateStore(stateDir);
  await carryOverOldOutbox(init.userData, store, logger);
  const openExternal = async (url: string) => {
    await rpc.request('openExternal', { url });
  };
  const adapterDeps: AdapterDeps = {
    fetch,
    clock: systemClock,
    logger,
    secrets,
    openExternal,
  };
  const engine = new Engine({
    deps: adapterDeps,
    store,
    // Requests and sign-ins counted with `tasktray watch` and one-shot commands, in the CLI's
    // folder; a separate profile (the end-to-end suites) keeps them to itself.
    limitsStore: init.limitsDir ? new FileStateStore(init.limitsDir) : store,
    preferences: () => settings.read().notifications,
    language: () => settings.read().language,
    timeZone: systemTimeZone(),
    ...(init.pollFloorMs === null ? {} : { pollFloorMs: init.pollFloorMs }),
  });
  const host: AppHost = {
    openExternal,
    setStartAtLogin: (enabled) => rpc.request('setStartAtLogin', { enabled }),
    shortcutStatus: () => rpc.request('shortcutStatus', null),
    saveFolder: (key) => (key === 'settings' ? init.settingsFolder : stateDir),
  };
  const tray = traySender(rpc, engine, () => service);
  const service: AppService = new AppService({
    engine,
    settings,
    secrets,
    host,
    demo: demo.accounts(),
    adapterDeps,
    emit: <E extends IpcEventChannel>(event: E, payload: IpcEventPayload<E>) => {
      if (event === 'alert') tray.now();
      rpc.notify({ type: 'event', event, json: JSON.stringify(payload) });
      if (event === 'state:settings') {
        // It logs its own failure.
        runHandled(
          showDemoWhileNoAccounts({ demo, settings, service, logger, rpc, e2e: init.e2e }),
        );
      }
      tray.soon();
    },
  });
  // The tray counts what the engine holds, which can change with no row changing (a completed
  // task leaves the rows at once, and the engine's list at the next poll).
  for (const event of ['tasks', 'health', 'outbox'] as const) engine.on(event, tray.soon);
  engine.on('problem', (report) => {
    // A refused write: main notifies (the service shows it in the windows itself).
    const failure = saveFailureOf(report);
    if (failure) rpc.notify({ type: 'save-failed', failure });
    else logger.warn('engine state was unreadable', { ...report });
  });
  await service.start();
  announceDemo(rpc, demo, init.e2e);
  rpc.notify({ type: 'ready' });
  tray.now();
  return { engine, service, demo };
}

/**
 * The tray's summary (a count, whatever the number of tasks), sent once the engine's changes
 * settle; at once before an alert, so the count never lags the notification it goes with.
 */
function traySender(rpc: Rpc, engine: Engine, service: () => AppService) {
  let timer: ReturnType<typeof setTimeout> | null = null;
  const send = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    const accounts = service().activeAccounts().accounts;
    rpc.notify({
      type: 'tray',
      summary: {
        open: openTasksOf(engine.tasks()),
        health: engine.health(),
        accounts: accounts.map(({ id, name }) => ({ id, name })),
      },
    });
  };
  return {
    soon: () => {
      timer ??= setTimeout(send, TRAY_SETTLE_MS);
    },
    now: send,
  };
}

/** The end-to-end suites reach the demo's simulator through its control API. */
function announceDemo(rpc: Rpc, demo: DemoLifecycle, e2e: boolean): void {
  if (!e2e) return;
  const sim = demo.running()?.sim;
  rpc.notify({
    type: 'demo',
    control: sim?.controlToken ? { url: sim.urls.control, token: sim.controlToken } : null,
  });
}

/**
 * The settings changed: the demo stops once the user has an account of their own, and returns
 * (a fresh simulator) when they have removed the last one.
 */
async function showDemoWhileNoAccounts(deps: {
  demo: DemoLifecycle;
  settings: SettingsMirror;
  service: AppService;
  logger: Logger;
  rpc: Rpc;
  e2e: boolean;
}): Promise<void> {
  const { demo, logger, service } = deps;
  try {
    const changed = await demo.sync(deps.settings.read().accounts.length > 0);
    const accounts = demo.accounts();
    if (changed === 'stopped') {
      service.endDemo();
      logger.info('the demo stopped: the user has accounts of their own');
    } else if (changed === 'started' && accounts) {
      // Removed meanwhile? The next settings event stops it again.
      await service.showDemo(accounts);
      logger.info('the demo is back: the user has no account of their own');
    }
    if (changed) announceDemo(deps.rpc, demo, deps.e2e);
  } catch (error) {
    logger.warn('the demo could not be started or stopped', { error });
  }
}

/**
 * Completions an earlier version queued in `<userData>/state.json` are imported once, so an update
 * loses none of them; an unreadable file is kept aside. Never stops the app from starting.
 */
async function carryOverOldOutbox(userData: string, store: StateStore, logger: Logger) {
  try {
    const result = await importLegacyOutbox(userData, store, Date.now());
    if (result.kind === 'imported') logger.info('imported the old outbox', { ...result });
    if (result.kind === 'unreadable')
      logger.warn('the old state file was unreadable', { ...result });
  } catch (error) {
    logger.warn('the old state file could not be imported', { error: String(error) });
  }
}
