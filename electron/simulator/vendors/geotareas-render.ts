// SimTask → GeoTareas JSON: snake_case records, BigInt ids as strings, zone-less local times.
import { Temporal } from 'temporal-polyfill';
import {
  FIELD_LABEL_KEY,
  FIELD_OPTIONS_KEY,
  INBOX_INCLUDES_GROUP_TASKS,
  ZONELESS_TIMES_ARE_TENANT_LOCAL,
} from '../../core/assumptions/geotareas';
import { systemTimeZone } from '../../core/time';
import { SIM_USERS, type SimJson, type SimParty, type SimTask, type SimWorld } from '../world';

const tenantZones = new WeakMap<SimWorld, string>();

/**
 * The zone a simulated tenant writes its zone-less times in: the machine's own, as an account
 * without `timeZone` assumes (the demo account), unless a test names one for its world.
 */
export function tenantTimeZone(world: SimWorld): string {
  if (!ZONELESS_TIMES_ARE_TENANT_LOCAL) return 'UTC';
  let zone = tenantZones.get(world);
  if (zone === undefined) {
    // Asking the machine is slow (Intl) and every rendered task asks: once per world.
    zone = systemTimeZone();
    tenantZones.set(world, zone);
  }
  return zone;
}

export function setGeoTareasTenantTimeZone(world: SimWorld, zone: string): void {
  tenantZones.set(world, zone);
}

/** Where the simulated web app lives below the vendor prefix: account.webUrl = `{origin}/geotareas/app`. */
export const GEOTAREAS_SIM_WEB_PREFIX = '/app';

const STATUS_OUT: Record<SimTask['status'], string> = {
  open: 'PENDING',
  in_progress: 'IN_PROGRESS',
  completed: 'COMPLETED',
};

export function vendorStatus(task: SimTask): string {
  return STATUS_OUT[task.status];
}

/** `2026-03-17T11:30:00`: wall-clock time in the tenant's zone, no offset, whole seconds. */
export function localTime(ms: number, zone: string): string {
  // Every list renders every task's times again: Temporal is slow, the answers never change.
  const key = `${zone} ${ms}`;
  let text = renderedTimes.get(key);
  if (text === undefined) {
    text = Temporal.Instant.fromEpochMilliseconds(ms)
      .toZonedDateTimeISO(zone)
      .toPlainDateTime()
      .toString({ smallestUnit: 'second' });
    if (renderedTimes.size >= 50_000) renderedTimes.clear();
    renderedTimes.set(key, text);
  }
  return text;
}
const renderedTimes = new Map<string, string>();

/** Each task's instance id: `extra.instanceId`, else derived from its id (stable, BigInt). */
export function instanceIdOf(task: SimTask): string {
  const given = task.extra.instanceId;
  if (typeof given === 'string') return given;
  try {
    // The docs' example pair: 674839201748392018 → 591847302948571634.
    const derived = BigInt(task.id) - 82991898799820384n;
    return (derived > 0n ? derived : BigInt(task.id) + 1n).toString();
  } catch {
    return `${task.id}0`;
  }
}

function party(value: SimParty | null): SimJson {
  return value ? { id: value.id, name: value.name } : null;
}

/**
 * GeoTareas names a task by its step: `step_name` is the display name, so it carries the
 * vendor-neutral title (SimTask.stepName has no GeoTareas field of its own).
 */
export function renderSummary(task: SimTask, zone: string): { [key: string]: SimJson } {
  return {
    id: task.id,
    instance_id: instanceIdOf(task),
    workflow_name: task.workflowName,
    step_name: task.title,
    status: vendorStatus(task),
    assigned_to_user: party(task.assignee),
    assigned_to_group: party(task.group),
    entity: task.entity ? { ...task.entity } : null,
    due_date: task.dueAt === null ? null : localTime(task.dueAt, zone),
    escalated: task.escalated,
    created_at: localTime(task.createdAt, zone),
  };
}

function renderField(field: SimTask['fields'][number]): SimJson {
  const out: { [key: string]: SimJson } = {
    id: `f_${field.name}`,
    name: field.name,
    type: field.type,
    required: field.required,
    value: field.value,
    // [I] extras the adapter reads when present (assumptions/geotareas.ts).
    [FIELD_LABEL_KEY]: field.label,
  };
  if (field.type === 'select') {
    out[FIELD_OPTIONS_KEY] = field.options.map((option) => ({ value: option, label: option }));
  }
  return out;
}

/** The detail shape, with the summary's fields in the documented order. */
export function renderDetail(task: SimTask, zone: string): { [key: string]: SimJson } {
  const summary = renderSummary(task, zone);
  return {
    id: summary.id ?? null,
    instance_id: summary.instance_id ?? null,
    workflow_name: summary.workflow_name ?? null,
    step_name: summary.step_name ?? null,
    step_description: task.description,
    status: summary.status ?? null,
    assigned_to_user: summary.assigned_to_user ?? null,
    assigned_to_group: summary.assigned_to_group ?? null,
    due_date: summary.due_date ?? null,
    escalated: task.escalated,
    entity: summary.entity ?? null,
    available_results: task.results.map((r) => ({ code: r.code, label: r.label })),
    fields: task.fields.map(renderField),
    previous_steps_data: task.previousSteps.map((step) => ({
      step_name: step.stepName,
      completed_by: step.completedBy,
      completed_at: localTime(step.completedAt, zone),
      result: step.result,
      captured_data: step.data,
    })),
    created_at: summary.created_at ?? null,
  };
}

/** The people and groups the simulated tenant knows; only the demo user can sign in. */
export interface GeoSimUser extends SimParty {
  email: string | null;
  password: string | null;
  groups: string[];
}

const G = SIM_USERS.geotareas;

export const GEO_SIM_USERS: GeoSimUser[] = [
  { ...G.me, email: G.email, password: G.password, groups: [G.myGroup.id] },
  { ...G.other, email: null, password: null, groups: [G.otherGroup.id] },
];

export const GEO_SIM_GROUPS: SimParty[] = [{ ...G.myGroup }, { ...G.otherGroup }];

/** [I] The inbox: tasks assigned to the user or to one of the user's groups. */
export function inInbox(task: SimTask, user: GeoSimUser): boolean {
  return (
    task.assignee?.id === user.id ||
    (INBOX_INCLUDES_GROUP_TASKS && task.group !== null && user.groups.includes(task.group.id))
  );
}

/** A plain page for "open in GeoTareas" in the demo. */
export function webPage(task: SimTask | undefined, id: string): string {
  const esc = (text: string) => text.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
  const body = task
    ? `<h1>${esc(task.title)}</h1><p>${esc(task.workflowName)} · ${esc(vendorStatus(task))}</p><p>${esc(task.description ?? '')}</p>`
    : `<h1>Tarea ${esc(id)} no encontrada</h1>`;
  return `<!doctype html><meta charset="utf-8"><title>GeoTareas</title><body style="font:16px system-ui;margin:3em">${body}</body>`;
}
