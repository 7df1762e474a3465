// A task as the inbox lists it: what a row draws, sorts, filters and searches, and no more. The
// windows receive every task in this form (app:state, state:tasks); a task's detail — its results,
// form fields, earlier steps, logs, vendor record — comes from `tasks:load` when it is opened.
// Zod-free: the windows' bundle reads it; the schema beside the others is in shared/task.ts.
import type { Task } from './task';

/** The fields a row shares with the task, under the same names and meanings. */
export const TASK_ROW_FIELDS = [
  'id',
  'accountId',
  'vendor',
  'vendorTaskId',
  'title',
  'workflowName',
  'stepName',
  'description',
  'status',
  'priority',
  'createdAt',
  'dueAt',
  'overdue',
  'escalated',
  'assignee',
  'group',
  'entity',
] as const satisfies readonly (keyof Task)[];

export type TaskRowField = (typeof TASK_ROW_FIELDS)[number];

export type TaskRow = Pick<Task, TaskRowField> & {
  /** `completion.kind`: whether the task can be completed here, and how. */
  completionKind: Task['completion']['kind'];
  /** Whether the task has a page in the vendor's site (open-in-vendor goes by task id). */
  hasWebUrl: boolean;
  /** Alerts for this task are held until then (epoch ms), or null; may lie in the past. */
  snoozedUntil: number | null;
};

export function taskRow(task: Task, snoozedUntil: number | null): TaskRow {
  return {
    id: task.id,
    accountId: task.accountId,
    vendor: task.vendor,
    vendorTaskId: task.vendorTaskId,
    title: task.title,
    workflowName: task.workflowName,
    stepName: task.stepName,
    description: task.description,
    status: task.status,
    priority: task.priority,
    createdAt: task.createdAt,
    dueAt: task.dueAt,
    overdue: task.overdue,
    escalated: task.escalated,
    assignee: task.assignee,
    group: task.group,
    entity: task.entity,
    completionKind: task.completion.kind,
    hasWebUrl: task.webUrl !== null && task.webUrl !== '',
    snoozedUntil,
  };
}

/**
 * The order a row's values travel in. A row crosses to the windows (app:state, state:tasks) as the
 * array of its values in this order rather than as an object naming every field again: 2,000 rows
 * are ~0.6 MB of JSON instead of ~1.07 MB, for the host to write and the window to read before its
 * first paint.
 */
export const TASK_ROW_WIRE = [
  ...TASK_ROW_FIELDS,
  'completionKind',
  'hasWebUrl',
  'snoozedUntil',
] as const satisfies readonly (keyof TaskRow)[];

// Generic, so that TypeScript maps the tuple's elements and keeps it a tuple.
type ValuesOf<Fields extends readonly (keyof TaskRow)[]> = {
  -readonly [I in keyof Fields]: TaskRow[Fields[I]];
};
/** A row as it travels: its values in TASK_ROW_WIRE's order. */
export type WireTaskRow = ValuesOf<typeof TASK_ROW_WIRE>;

export function toWireRow(row: TaskRow): WireTaskRow {
  return TASK_ROW_WIRE.map((field) => row[field]) as WireTaskRow;
}

/**
 * The row from its values. Written out rather than looped over TASK_ROW_WIRE: a window reads
 * thousands before its first paint, and one object shape built in one go is several times quicker
 * to make and to read (test/main/ipc.test.ts checks each position against TASK_ROW_WIRE).
 */
export function fromWireRow(wire: WireTaskRow): TaskRow {
  return {
    id: wire[0],
    accountId: wire[1],
    vendor: wire[2],
    vendorTaskId: wire[3],
    title: wire[4],
    workflowName: wire[5],
    stepName: wire[6],
    description: wire[7],
    status: wire[8],
    priority: wire[9],
    createdAt: wire[10],
    dueAt: wire[11],
    overdue: wire[12],
    escalated: wire[13],
    assignee: wire[14],
    group: wire[15],
    entity: wire[16],
    completionKind: wire[17],
    hasWebUrl: wire[18],
    snoozedUntil: wire[19],
  };
}

/**
 * A task's detail kept current by its row: the list fields as the latest poll saw them over the
 * detail loaded when the task was opened.
 */
export function withRow(task: Task, row: TaskRow | null): Task {
  if (row === null || row.id !== task.id) return task;
  const { completionKind: _kind, hasWebUrl: _web, snoozedUntil: _snoozed, ...listed } = row;
  return { ...task, ...listed };
}

/** What changed in the list since the version before `version`: rows added or changed, ids gone. */
export interface TaskRowChanges {
  /** The list's version once these changes are applied; they apply to version − 1 only. */
  version: number;
  upsert: TaskRow[];
  remove: string[];
}

/** TaskRowChanges as they travel (the `state:tasks` event): rows as WireTaskRow. */
export interface WireTaskRowChanges {
  version: number;
  upsert: WireTaskRow[];
  remove: string[];
}

export function toWireChanges(changes: TaskRowChanges): WireTaskRowChanges {
  return { ...changes, upsert: changes.upsert.map(toWireRow) };
}

export function fromWireChanges(changes: WireTaskRowChanges): TaskRowChanges {
  return { ...changes, upsert: changes.upsert.map(fromWireRow) };
}

/** The list with the changes applied: changed rows in place, new ones at the end. */
export function applyRowChanges(
  rows: readonly TaskRow[],
  changes: Pick<TaskRowChanges, 'upsert' | 'remove'>,
): TaskRow[] {
  const gone = new Set(changes.remove);
  const pending = new Map(changes.upsert.map((row) => [row.id, row]));
  const out: TaskRow[] = [];
  for (const row of rows) {
    if (gone.has(row.id)) continue;
    const changed = pending.get(row.id);
    if (changed) pending.delete(row.id);
    out.push(changed ?? row);
  }
  for (const row of pending.values()) out.push(row);
  return out;
}
