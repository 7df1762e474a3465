// The demo scenario: a realistic trickle of tasks arriving, falling due and escalating across all
// four simulated vendors, so a new user sees Tasktray work in the first minute.
import type { AccountInput, SecretName } from '../../shared/account';
import type { VendorId } from '../../shared/task';
import {
  startSimulator,
  type RunningSimulator,
  type SimLimits,
  type SimulatorUrls,
} from './server';
import { createSimTask, type SimTaskInput } from './task-factory';
import demoTasks from './demo-tasks.json';
import { parseDemoTemplates, type DemoTemplate } from './demo-templates';
import { SIM_USERS, type SimWorld } from './world';

const MINUTE = 60_000;

/** How the scenario moves; the defaults give something to see within the first minute. */
export interface DemoPace {
  newTaskEveryMs: number;
  overdueEveryMs: number;
  escalateEveryMs: number;
  completeElsewhereEveryMs: number;
}

export const DEFAULT_DEMO_PACE: DemoPace = {
  newTaskEveryMs: 25_000,
  overdueEveryMs: 40_000,
  escalateEveryMs: 55_000,
  completeElsewhereEveryMs: 90_000,
};

/** A small deterministic generator (mulberry32), so a demo run can be replayed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Read through its schema when the demo module loads: a mistake in the file names itself.
const TEMPLATES = parseDemoTemplates(demoTasks);

function fromTemplate(template: DemoTemplate, now: number): SimTaskInput {
  // A copy: the world keeps (and the factory fills in) what it is given.
  const { dueInMinutes, createdMinutesAgo, fields, previousSteps, ...rest } =
    structuredClone(template);
  return {
    ...rest,
    dueAt: dueInMinutes === null ? null : now + dueInMinutes * MINUTE,
    ...(createdMinutesAgo === undefined ? {} : { createdAt: now - createdMinutesAgo * MINUTE }),
    fields: fields.map((field) => ({ ...field, value: null })),
    ...(previousSteps
      ? {
          previousSteps: previousSteps.map(({ completedMinutesAgo, ...step }) => ({
            ...step,
            completedAt: now - completedMinutesAgo * MINUTE,
          })),
        }
      : {}),
  };
}

const ESCALATING: VendorId[] = ['geotareas', 'uipath'];

export function addDemoTask(world: SimWorld, vendor: VendorId, pick: () => number): void {
  const templates = TEMPLATES[vendor];
  const template = templates[Math.floor(pick() * templates.length)] ?? templates[0];
  if (template) createSimTask(world, vendor, fromTemplate(template, world.now()));
}

/** Fills the world with a first inbox: a few tasks per vendor, one already overdue. */
export function seedDemoWorld(world: SimWorld, seed = 1): () => number {
  const pick = random(seed);
  for (const vendor of Object.keys(TEMPLATES) as VendorId[]) {
    for (let i = 0; i < 3; i += 1) addDemoTask(world, vendor, pick);
  }
  const first = world.list('geotareas')[0];
  if (first)
    world.update('geotareas', first.id, (task) => (task.dueAt = world.now() - 20 * MINUTE));
  return pick;
}

function openTasks(world: SimWorld, vendors?: VendorId[]) {
  return [...world.tasks.values()].filter(
    (task) => task.status !== 'completed' && (!vendors || vendors.includes(task.vendor)),
  );
}

/** One step of the scenario; exported so tests can drive it without timers. */
export function demoStep(world: SimWorld, kind: keyof DemoPace, pick: () => number): void {
  const vendors = Object.keys(TEMPLATES) as VendorId[];
  const choose = <T>(items: T[]): T | undefined => items[Math.floor(pick() * items.length)];
  switch (kind) {
    case 'newTaskEveryMs': {
      const vendor = choose(vendors);
      if (vendor) addDemoTask(world, vendor, pick);
      return;
    }
    case 'overdueEveryMs': {
      const task = choose(
        openTasks(world).filter((t) => t.dueAt !== null && t.dueAt > world.now()),
      );
      if (task) world.update(task.vendor, task.id, (t) => (t.dueAt = world.now() + 15_000));
      return;
    }
    case 'escalateEveryMs': {
      const task = choose(openTasks(world, ESCALATING).filter((t) => !t.escalated));
      if (task) world.update(task.vendor, task.id, (t) => (t.escalated = true));
      return;
    }
    case 'completeElsewhereEveryMs': {
      const task = choose(openTasks(world));
      if (task) {
        world.update(task.vendor, task.id, (t) => {
          t.status = 'completed';
          t.completion = {
            by: 'elsewhere',
            at: world.now(),
            result: null,
            data: {},
            comment: null,
          };
        });
      }
      return;
    }
  }
}

export interface DemoAccount {
  account: AccountInput;
  secrets: Partial<Record<SecretName, string>>;
}

/** What every demo account has alike: its id and name from the vendor, a short poll interval. */
function demoAccount(
  name: string,
  account: DistributiveOmit<AccountInput, 'id' | 'name'>,
  secrets: DemoAccount['secrets'],
): DemoAccount {
  return {
    account: {
      id: `demo-${account.vendor}`,
      name: `${name} (demo)`,
      pollIntervalSec: 20,
      ...account,
    },
    secrets,
  };
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** The built-in demo accounts, one per vendor, pointing at a running simulator. */
export function demoAccounts(urls: SimulatorUrls): DemoAccount[] {
  const geo = SIM_USERS.geotareas;
  const ui = SIM_USERS.uipath;
  const tw = SIM_USERS.workflowsvc;
  const mx = SIM_USERS.maxsight;
  return [
    demoAccount(
      'GeoTareas',
      {
        vendor: 'geotareas',
        baseUrl: urls.geotareas,
        webUrl: urls.geotareasWeb,
        tenant: geo.tenant,
        email: geo.email,
      },
      { password: geo.password, apiKey: geo.apiKey },
    ),
    demoAccount(
      'UiPath',
      {
        vendor: 'uipath',
        orchestratorUrl: urls.uipathOrchestrator,
        identityUrl: urls.uipathIdentity,
        auth: { mode: 'pat' },
      },
      { accessToken: ui.pat },
    ),
    demoAccount(
      'Twinit',
      {
        vendor: 'workflowsvc',
        origin: urls.twinitOrigin,
        nsfilter: tw.nsfilter,
        userId: tw.me.id,
        auth: { mode: 'token' },
      },
      { accessToken: tw.token },
    ),
    demoAccount(
      'Maxsight',
      { vendor: 'maxsight', baseUrl: urls.maxsight, webUrl: urls.maxsightWeb, userId: mx.me.id },
      { apiKey: mx.apiKey },
    ),
  ];
}

export interface RunningDemo {
  sim: RunningSimulator;
  accounts: DemoAccount[];
  stop(): Promise<void>;
}

/** Starts the simulator with the demo scenario running on timers that never keep the process alive. */
export async function startDemo(
  options: {
    pace?: Partial<DemoPace>;
    seed?: number;
    limits?: SimLimits;
    controlApi?: boolean;
  } = {},
): Promise<RunningDemo> {
  const sim = await startSimulator({
    ...(options.limits ? { limits: options.limits } : {}),
    ...(options.controlApi === undefined ? {} : { controlApi: options.controlApi }),
  });
  const pick = seedDemoWorld(sim.world, options.seed ?? Date.now() % 100_000);
  const pace = { ...DEFAULT_DEMO_PACE, ...options.pace };
  const timers = (Object.keys(pace) as (keyof DemoPace)[]).map((kind) => {
    const timer = setInterval(() => demoStep(sim.world, kind, pick), pace[kind]);
    timer.unref();
    return timer;
  });
  return {
    sim,
    accounts: demoAccounts(sim.urls),
    stop: async () => {
      for (const timer of timers) clearInterval(timer);
      await sim.close();
    },
  };
}
