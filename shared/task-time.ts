// Due-time arithmetic on tasks, without zod: the windows' bundle reads this, the engine too.
import type { Task } from './task';

/** Milliseconds of an ISO 8601 UTC instant, for sorting and arithmetic. */
export function instantToMs(instant: string): number {
  return Date.parse(instant);
}

/** Overdue by the vendor's word or by the local clock, even between polls. */
export function isOverdueAt(task: Pick<Task, 'overdue' | 'dueAt'>, now: number): boolean {
  return task.overdue || (task.dueAt !== null && instantToMs(task.dueAt) <= now);
}
