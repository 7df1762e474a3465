// What a row says about time: "due in 43 min", "3 h overdue", or — for a task overdue without a
// due time (vendors that have none) — why: "open for 4 d".
import type { Task } from '../../shared/task';
import { instantToMs, isOverdueAt } from '../../shared/task-time';
import { describeDueIn, relativeTime, type Translate } from '../i18n';

export function dueText(
  task: Pick<Task, 'dueAt' | 'createdAt' | 'overdue'>,
  now: number,
  t: Translate,
): string {
  if (task.dueAt !== null) return describeDueIn(instantToMs(task.dueAt), now, t);
  if (task.createdAt !== null && isOverdueAt(task, now)) {
    const openedAgo = Math.min(0, instantToMs(task.createdAt) - now);
    return t('due.openFor', { when: relativeTime(openedAgo, t.language) });
  }
  return t('due.none');
}

/** A short mark that tells tasks with the same title apart: their entity, else their id. */
export function disambiguator(task: Pick<Task, 'entity' | 'vendorTaskId'>): string {
  if (task.entity) return task.entity.label || task.entity.id;
  return `#${task.vendorTaskId.length > 10 ? task.vendorTaskId.slice(-8) : task.vendorTaskId}`;
}
