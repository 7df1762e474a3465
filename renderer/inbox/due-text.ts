// What a row says about time: "due in 43 min", "3 h overdue", or — for a task overdue without a
// due time (vendors that have none) — why: "open for 4 d".
import { instantToMs, isOverdueAt, type Task } from '../../shared/task';
import { describeDueIn, type Translate } from '../i18n';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

function span(ms: number, t: Translate): string {
  if (ms < MINUTE) return t('span.lessThanMinute');
  if (ms < HOUR) return t('span.min', { n: Math.round(ms / MINUTE) });
  if (ms < DAY) return t('span.h', { n: Math.round(ms / HOUR) });
  return t('span.d', { n: Math.round(ms / DAY) });
}

export function dueText(task: Task, now: number, t: Translate): string {
  if (task.dueAt !== null) return describeDueIn(instantToMs(task.dueAt), now, t);
  if (task.createdAt !== null && isOverdueAt(task, now)) {
    return t('due.openFor', { span: span(Math.max(0, now - instantToMs(task.createdAt)), t) });
  }
  return t('due.none');
}

/** A short mark that tells tasks with the same title apart: their entity, else their id. */
export function disambiguator(task: Task): string {
  if (task.entity) return task.entity.label || task.entity.id;
  return `#${task.vendorTaskId.length > 10 ? task.vendorTaskId.slice(-8) : task.vendorTaskId}`;
}
