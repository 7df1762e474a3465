// What "most urgent" means, for the inbox's order and for the global shortcut's pick: one rule.
import type { Task } from './task';
import { instantToMs, isOverdueAt } from './task-time';

const PRIORITY_RANK = { critical: 0, high: 1, normal: 2, low: 3 } as const;

/** A task due within this long is "due soon": it sorts and looks apart from the rest. */
export const DUE_SOON_MS = 2 * 3_600_000;

/** How urgent a task is now, most urgent first; the inbox sorts and draws by it. */
export const URGENCIES = ['overdue', 'escalated', 'soon', 'normal'] as const;
export type Urgency = (typeof URGENCIES)[number];
const URGENCY_RANK: Record<Urgency, number> = { overdue: 0, escalated: 1, soon: 2, normal: 3 };

/** What the order reads of a task: a whole task or an inbox row (shared/task-row.ts). */
export type UrgencyFields = Pick<
  Task,
  'id' | 'status' | 'overdue' | 'dueAt' | 'escalated' | 'priority' | 'createdAt'
>;

export function urgencyOf(
  task: Pick<Task, 'overdue' | 'dueAt' | 'escalated'>,
  now: number,
): Urgency {
  if (isOverdueAt(task, now)) return 'overdue';
  if (task.escalated) return 'escalated';
  if (task.dueAt !== null && instantToMs(task.dueAt) - now <= DUE_SOON_MS) return 'soon';
  return 'normal';
}

/** The rank `urgencyOf` gives, from a due time already in ms (Infinity: none); for re-sorting. */
export function urgencyRankAt(
  task: Pick<Task, 'overdue' | 'escalated'>,
  dueMs: number,
  now: number,
): number {
  if (task.overdue || dueMs <= now) return URGENCY_RANK.overdue;
  if (task.escalated) return URGENCY_RANK.escalated;
  if (dueMs - now <= DUE_SOON_MS) return URGENCY_RANK.soon;
  return URGENCY_RANK.normal;
}

export interface UrgencyKey<T extends UrgencyFields = Task> {
  task: T;
  urgency: number;
  /** Due time; tasks without one sort after those with one. */
  due: number;
  priority: number;
  created: number;
}

export function urgencyKey<T extends UrgencyFields>(task: T, now: number): UrgencyKey<T> {
  // Each instant parsed once: a window sorts thousands of tasks before its first paint.
  const due = task.dueAt === null ? Number.POSITIVE_INFINITY : instantToMs(task.dueAt);
  return {
    task,
    urgency: urgencyRankAt(task, due, now),
    due,
    priority: PRIORITY_RANK[task.priority ?? 'normal'],
    created: task.createdAt === null ? 0 : instantToMs(task.createdAt),
  };
}

/**
 * Overdue, then escalated, then due soon, then the rest; within each the earliest due time first
 * (tasks without one last), then by priority, then the oldest (it has waited longest).
 */
export function byUrgency<T extends UrgencyFields>(a: UrgencyKey<T>, b: UrgencyKey<T>): number {
  return (
    a.urgency - b.urgency ||
    (a.due === b.due ? 0 : a.due < b.due ? -1 : 1) ||
    a.priority - b.priority ||
    a.created - b.created ||
    (a.task.id < b.task.id ? -1 : a.task.id > b.task.id ? 1 : 0)
  );
}

/** The inbox order as a comparator over tasks (keys are computed once per sort in visibleTasks). */
export function compareUrgency<T extends UrgencyFields>(now: number): (a: T, b: T) => number {
  return (a, b) => byUrgency(urgencyKey(a, now), urgencyKey(b, now));
}

/** The open task that needs the user first, or null when there is none. */
export function mostUrgentTask<T extends UrgencyFields>(
  tasks: readonly T[],
  now: number,
): T | null {
  let best: UrgencyKey<T> | null = null;
  for (const task of tasks) {
    if (task.status === 'completed') continue;
    const key = urgencyKey(task, now);
    if (best === null || byUrgency(key, best) < 0) best = key;
  }
  return best?.task ?? null;
}
