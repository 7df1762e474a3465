// What "most urgent" means, for the inbox's order and for the global shortcut's pick: one rule.
import { instantToMs, isOverdueAt, type Task } from './task';

const PRIORITY_RANK = { critical: 0, high: 1, normal: 2, low: 3 } as const;

function time(instant: string | null): number {
  return instant === null ? 0 : instantToMs(instant);
}

export interface UrgencyKey {
  task: Task;
  escalated: number;
  overdue: number;
  priority: number;
  created: number;
  due: number;
}

export function urgencyKey(task: Task, now: number): UrgencyKey {
  return {
    task,
    escalated: Number(task.escalated),
    overdue: Number(isOverdueAt(task, now)),
    priority: PRIORITY_RANK[task.priority ?? 'normal'],
    created: time(task.createdAt),
    due: time(task.dueAt),
  };
}

/**
 * Most urgent first: escalated, then overdue, then by priority, then the newest. Within the same
 * urgency an earlier due time comes first.
 */
export function byUrgency(a: UrgencyKey, b: UrgencyKey): number {
  return (
    b.escalated - a.escalated ||
    b.overdue - a.overdue ||
    a.priority - b.priority ||
    b.created - a.created ||
    a.due - b.due ||
    a.task.id.localeCompare(b.task.id)
  );
}

/** The inbox order as a comparator over tasks (keys are computed once per sort in visibleTasks). */
export function compareUrgency(now: number): (a: Task, b: Task) => number {
  return (a, b) => byUrgency(urgencyKey(a, now), urgencyKey(b, now));
}

/** The open task that needs the user first, or null when there is none. */
export function mostUrgentTask(tasks: readonly Task[], now: number): Task | null {
  let best: UrgencyKey | null = null;
  for (const task of tasks) {
    if (task.status === 'completed') continue;
    const key = urgencyKey(task, now);
    if (best === null || byUrgency(key, best) < 0) best = key;
  }
  return best?.task ?? null;
}
