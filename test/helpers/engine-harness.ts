// The engine against the real simulator over real HTTP, on a controllable clock.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine } from '../../electron/core/engine';
import { createLogger, type LogRecord } from '../../electron/core/logger';
import { FileStateStore } from '../../electron/core/file-state-store';
import type { CorruptState } from '../../electron/core/persisted';
import {
  MemorySecretStore,
  MemoryStateStore,
  type FetchLike,
  type StateStore,
} from '../../electron/core/ports';
import { demoAccounts } from '../../electron/simulator/demo';
import {
  startSimulator,
  type RunningSimulator,
  type SimLimits,
} from '../../electron/simulator/server';
import { createSimTask, type SimTaskInput } from '../../electron/simulator/task-factory';
import { SimWorld } from '../../electron/simulator/world';
import { AccountSchema, SECRET_NAMES, type Account, type SecretName } from '../../shared/account';
import { DEFAULT_ALERT_PREFERENCES, type Alert, type AlertPreferences } from '../../shared/alert';
import type { AccountHealth } from '../../shared/health';
import type { VendorId } from '../../shared/task';
import { FakeClock } from './fake-clock';

export const START = Date.parse('2026-11-26T09:00:00Z');

export interface SentRequest {
  vendor: VendorId;
  method: string;
  path: string;
  at: number;
  status: number;
}

export interface EngineHarness {
  clock: FakeClock;
  sim: RunningSimulator;
  world: SimWorld;
  store: StateStore;
  secrets: MemorySecretStore;
  accounts: Account[];
  preferences: AlertPreferences;
  engine: Engine;
  alerts: Alert[];
  health: AccountHealth[];
  sent: SentRequest[];
  logs: LogRecord[];
  /** A new engine on the same store and simulator: a restart. */
  restart(): Promise<void>;
  /**
   * Another engine on the same state and simulator, as another process would be (not started).
   * `elsewhere` (with `stateDir`): as the tray app beside the CLI — its own state folder and its
   * own ids for the same vendor accounts, counting requests and sign-ins in the harness's folder.
   */
  another(options?: { elsewhere?: boolean }): Promise<Engine>;
  close(): Promise<void>;
}

function vendorOf(url: string): VendorId {
  const first = new URL(url).pathname.split('/')[1];
  if (first === 'geotareas' || first === 'uipath' || first === 'maxsight') return first;
  return 'workflowsvc';
}

export async function startEngineHarness(
  options: {
    vendors?: VendorId[];
    limits?: SimLimits;
    pollIntervalSec?: number;
    preferences?: Partial<AlertPreferences>;
    /** State in files in this folder, as the app and the CLI keep it; in memory without. */
    stateDir?: string;
    /** Persisted state that could not be read back (the engine's `problem` events). */
    onProblem?: (report: CorruptState) => void;
  } = {},
): Promise<EngineHarness> {
  const clock = new FakeClock(START);
  const world = new SimWorld(() => clock.now());
  const sim = await startSimulator({ world, limits: options.limits });
  const store: StateStore = options.stateDir
    ? withIo(new FileStateStore(options.stateDir), clock)
    : new MemoryStateStore();
  const secrets = new MemorySecretStore();
  const vendors = options.vendors ?? ['geotareas', 'uipath', 'workflowsvc', 'maxsight'];
  const accounts: Account[] = [];
  for (const demo of demoAccounts(sim.urls)) {
    if (!vendors.includes(demo.account.vendor)) continue;
    const account = AccountSchema.parse({
      ...demo.account,
      pollIntervalSec: options.pollIntervalSec ?? 60,
    });
    accounts.push(account);
    for (const [name, value] of Object.entries(demo.secrets))
      await secrets.set(account.id, name as SecretName, value);
  }
  const sent: SentRequest[] = [];
  const logs: LogRecord[] = [];
  const tracked = clock.track((input, init) => fetch(input, init));
  const recording: FetchLike = async (input, init) => {
    const at = clock.now();
    const response = await tracked(input, init);
    const url = new URL(input.toString());
    sent.push({
      vendor: vendorOf(url.toString()),
      method: init?.method ?? 'GET',
      path: url.pathname,
      at,
      status: response.status,
    });
    return response;
  };
  const preferences: AlertPreferences = { ...DEFAULT_ALERT_PREFERENCES, ...options.preferences };
  const alerts: Alert[] = [];
  const health: AccountHealth[] = [];
  const make = async (
    engineStore: StateStore = store,
    engineAccounts: Account[] = accounts,
    limitsStore?: StateStore,
  ) => {
    const engine = new Engine({
      deps: {
        fetch: recording,
        clock,
        logger: createLogger((r) => logs.push(r)),
        secrets,
        timeoutMs: 5_000,
      },
      store: engineStore,
      ...(limitsStore ? { limitsStore } : {}),
      preferences: () => preferences,
      timeZone: 'UTC',
    });
    engine.on('alert', (alert) => alerts.push(alert));
    if (options.onProblem) engine.on('problem', options.onProblem);
    engine.on('health', (h) => health.push(h));
    await engine.setAccounts(engineAccounts);
    return engine;
  };
  const others: Engine[] = [];
  const harness: EngineHarness = {
    clock,
    sim,
    world,
    store,
    secrets,
    accounts,
    preferences,
    engine: await make(),
    alerts,
    health,
    sent,
    logs,
    async restart() {
      await harness.engine.stop();
      harness.engine = await make();
      harness.engine.start();
    },
    async another(anotherOptions = {}) {
      const shared = () =>
        options.stateDir ? withIo(new FileStateStore(options.stateDir), clock) : store;
      let other: Engine;
      if (anotherOptions.elsewhere) {
        const renamed = accounts.map((account) => ({ ...account, id: `app-${account.id}` }));
        for (const account of accounts) {
          for (const name of SECRET_NAMES) {
            const value = await secrets.get(account.id, name);
            if (value !== null) await secrets.set(`app-${account.id}`, name, value);
          }
        }
        const own = withIo(new FileStateStore(mkdtempSync(join(tmpdir(), 'tasktray-app-'))), clock);
        other = await make(own, renamed, shared());
      } else {
        other = await make(shared());
      }
      others.push(other);
      return other;
    },
    async close() {
      for (const other of others) await other.stop();
      await harness.engine.stop();
      await sim.close();
    },
  };
  return harness;
}

/** A GeoTareas task with two results and one required field, as most engine tests want. */
export function createGeoTask(world: SimWorld, input: SimTaskInput = {}) {
  return createSimTask(world, 'geotareas', {
    results: [
      { code: 'sent', label: 'Sent' },
      { code: 'failed', label: 'Failed' },
    ],
    fields: [
      {
        name: 'email_address',
        label: 'Email',
        type: 'text',
        required: true,
        value: null,
        options: [],
      },
    ],
    ...input,
  });
}

/** A store whose file I/O the fake clock waits for, like requests in flight. */
export function withIo(store: FileStateStore, clock: FakeClock): StateStore {
  return {
    read: (key) => clock.hold(() => store.read(key)),
    write: (key, value) => clock.hold(() => store.write(key, value)),
    writePaced: (key, value) => clock.hold(() => store.writePaced(key, value)),
    delete: (key) => clock.hold(() => store.delete(key)),
    list: (folder) => clock.hold(() => store.list(folder)),
    keepAside: (key, now) => clock.hold(() => store.keepAside(key, now)),
    // The release is file I/O too (the login ledger awaits it before the sign-in goes on).
    claim: (name, claimOptions) =>
      clock
        .hold(() => store.claim(name, claimOptions))
        .then((release) => release && (() => clock.hold(release))),
  };
}
