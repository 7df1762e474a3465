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
import { SIM_USERS, type SimField, type SimWorld } from './world';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

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

function field(
  name: string,
  label: string,
  type: SimField['type'],
  required: boolean,
  options: string[] = [],
): SimField {
  return { name, label, type, required, value: null, options };
}

type Template = (now: number, pick: () => number) => SimTaskInput;

const TEMPLATES: Record<VendorId, Template[]> = {
  geotareas: [
    (now) => ({
      title: 'Enviar correo de bienvenida',
      workflowName: 'Alta de cuenta nueva',
      stepName: 'Enviar correo de bienvenida',
      description: 'Enviar el correo de bienvenida al contacto de la nueva cuenta.',
      dueAt: now + 3 * HOUR,
      entity: { type: 'CUENTA', id: '738291047382910473', label: 'Acme Corp' },
      results: [
        { code: 'sent', label: 'Correo enviado' },
        { code: 'failed', label: 'Error al enviar' },
      ],
      fields: [
        field('email_address', 'Correo del contacto', 'text', true),
        field('template', 'Plantilla', 'select', true, [
          'Bienvenida estándar',
          'Bienvenida premium',
        ]),
      ],
      previousSteps: [
        {
          stepName: 'Verificar datos de contacto',
          completedBy: 'jdoe',
          completedAt: now - 2 * HOUR,
          result: 'approved',
          data: { contact_verified: true, phone_confirmed: true },
        },
      ],
    }),
    (now) => ({
      title: 'Aprobar presupuesto de obra',
      workflowName: 'Presupuestos',
      stepName: 'Aprobación del jefe de zona',
      description: 'Revisar importes y aprobar o rechazar el presupuesto.',
      dueAt: now + 45 * MINUTE,
      priority: 'high',
      entity: { type: 'PRESUPUESTO', id: '738291047382911234', label: 'Obra Calle Mayor 12' },
      results: [
        { code: 'aprobado', label: 'Aprobar' },
        { code: 'rechazado', label: 'Rechazar' },
      ],
      fields: [
        field('importe_aprobado', 'Importe aprobado (€)', 'number', true),
        field('fecha_inicio', 'Fecha de inicio', 'date', false),
        field('requiere_visita', 'Requiere visita', 'boolean', false),
      ],
    }),
  ],
  uipath: [
    (now) => ({
      title: 'Approve Purchase Request',
      workflowName: 'Procurement',
      stepName: 'Manager approval',
      description: 'Amount 2,450 EUR requested by John Doe.',
      dueAt: now + 2 * HOUR,
      extra: { taskType: 'AppTask' },
      results: [
        { code: 'approve', label: 'Approve' },
        { code: 'reject', label: 'Reject' },
      ],
      fields: [field('Comment', 'Comment', 'text', false)],
    }),
    (now) => ({
      title: 'Validate invoice INV-20931',
      workflowName: 'Invoice processing',
      stepName: 'Exception review',
      description: 'The robot could not match the PO number.',
      dueAt: now + 30 * MINUTE,
      priority: 'high',
      extra: { taskType: 'FormTask' },
      results: [{ code: 'submit', label: 'Submit' }],
      fields: [
        field('PoNumber', 'PO number', 'text', true),
        field('Amount', 'Amount', 'number', true),
        field('Approved', 'Approved', 'boolean', false),
      ],
    }),
  ],
  workflowsvc: [
    (now) => ({
      title: 'Approve model issue',
      workflowName: 'Design review',
      stepName: 'Approve model issue',
      description: 'Clash between duct and beam on level 3.',
      dueAt: now + 6 * HOUR,
      results: [],
      fields: [
        field('userChoice', 'Decision', 'select', true, ['approved', 'rejected']),
        field('note', 'Note', 'text', false),
      ],
    }),
  ],
  maxsight: [
    (now) => ({
      title: 'Review documentation',
      workflowName: 'KYC onboarding',
      stepName: 'Review',
      dueAt: null,
      createdAt: now,
      entity: {
        type: 'ENTITY',
        id: '8161163a-f227-466f-bc01-090a01e80165',
        label: 'Northwind Ltd',
      },
      results: [],
      fields: [],
    }),
    (now) => ({
      title: 'Screening hit: confirm or dismiss',
      workflowName: 'Periodic review',
      stepName: 'Screening',
      dueAt: null,
      createdAt: now - 80 * HOUR,
      results: [],
      fields: [],
    }),
  ],
};

const ESCALATING: VendorId[] = ['geotareas', 'uipath'];

export function addDemoTask(world: SimWorld, vendor: VendorId, pick: () => number): void {
  const templates = TEMPLATES[vendor];
  const template = templates[Math.floor(pick() * templates.length)] ?? templates[0];
  if (template) createSimTask(world, vendor, template(world.now(), pick));
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

/** The built-in demo accounts, one per vendor, pointing at a running simulator. */
export function demoAccounts(urls: SimulatorUrls): DemoAccount[] {
  const geo = SIM_USERS.geotareas;
  const ui = SIM_USERS.uipath;
  const tw = SIM_USERS.workflowsvc;
  const mx = SIM_USERS.maxsight;
  return [
    {
      account: {
        id: 'demo-geotareas',
        name: 'GeoTareas (demo)',
        vendor: 'geotareas',
        baseUrl: urls.geotareas,
        webUrl: urls.geotareasWeb,
        tenant: geo.tenant,
        email: geo.email,
        pollIntervalSec: 20,
      },
      secrets: { password: geo.password, apiKey: geo.apiKey },
    },
    {
      account: {
        id: 'demo-uipath',
        name: 'UiPath (demo)',
        vendor: 'uipath',
        orchestratorUrl: urls.uipathOrchestrator,
        identityUrl: urls.uipathIdentity,
        auth: { mode: 'pat' },
        pollIntervalSec: 20,
      },
      secrets: { accessToken: ui.pat },
    },
    {
      account: {
        id: 'demo-workflowsvc',
        name: 'Twinit (demo)',
        vendor: 'workflowsvc',
        origin: urls.twinitOrigin,
        nsfilter: tw.nsfilter,
        userId: tw.me.id,
        auth: { mode: 'token' },
        pollIntervalSec: 20,
      },
      secrets: { accessToken: tw.token },
    },
    {
      account: {
        id: 'demo-maxsight',
        name: 'Maxsight (demo)',
        vendor: 'maxsight',
        baseUrl: urls.maxsight,
        webUrl: urls.maxsightWeb,
        userId: mx.me.id,
        pollIntervalSec: 20,
      },
      secrets: { apiKey: mx.apiKey },
    },
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
