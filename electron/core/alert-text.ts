// The words of an alert: which task, what happened and when it is due.
import { randomUUID } from 'node:crypto';
import type { Alert, AlertKind } from '../../shared/alert';
import { describeDue } from '../../shared/relative-time';
import { instantToMs, isOverdueAt, type Task } from '../../shared/task';
import { msToInstant } from './time';

const HEADLINE: Record<AlertKind | 'reminder', string> = {
  new: 'New task',
  overdue: 'Overdue',
  escalated: 'Escalated',
  reminder: 'Reminder',
};

export function describeTaskAlert(
  task: Task,
  kind: AlertKind | 'reminder',
  now: number,
): { title: string; body: string } {
  const due = describeDue(task.dueAt === null ? null : instantToMs(task.dueAt), now);
  const where = [
    task.workflowName,
    task.stepName && task.stepName !== task.title ? task.stepName : null,
  ]
    .filter(Boolean)
    .join(' · ');
  const entity = task.entity ? task.entity.label : null;
  const body = [where || null, entity, due ? due[0]?.toUpperCase() + due.slice(1) : null]
    .filter(Boolean)
    .join(' — ');
  return { title: `${HEADLINE[kind]}: ${task.title}`, body: body || 'Open Tasktray for details.' };
}

/** One alert for many tasks: "12 open tasks, 2 overdue". */
export function summarise(
  accountId: string | null,
  tasks: Task[],
  now: number,
  label: string,
): Alert {
  const overdue = tasks.filter((t) => isOverdueAt(t, now)).length;
  const escalated = tasks.filter((t) => t.escalated).length;
  const parts = [`${tasks.length} open task${tasks.length === 1 ? '' : 's'}`];
  if (overdue > 0) parts.push(`${overdue} overdue`);
  if (escalated > 0) parts.push(`${escalated} escalated`);
  return {
    id: randomUUID(),
    kind: 'summary',
    accountId,
    taskIds: tasks.map((t) => t.id),
    title: label,
    body: parts.join(', '),
    at: msToInstant(now),
    urgency: overdue > 0 || escalated > 0 ? 'critical' : 'normal',
  };
}
