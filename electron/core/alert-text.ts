// The words of an alert, in the settings' language: which task, what happened and when it is due.
import { randomUUID } from 'node:crypto';
import type { Alert, AlertKind } from '../../shared/alert';
import type { Language } from '../../shared/appearance';
import { describeDueIn, translator, type MessageKey } from '../../shared/i18n/translate';
import { instantToMs, isOverdueAt, type Task } from '../../shared/task';
import { msToInstant } from './time';

const HEADLINE: Record<AlertKind | 'reminder', MessageKey> = {
  new: 'alert.new',
  overdue: 'alert.overdue',
  escalated: 'alert.escalated',
  reminder: 'alert.reminder',
};

export function describeTaskAlert(
  task: Task,
  kind: AlertKind | 'reminder',
  now: number,
  language: Language = 'en',
): { title: string; body: string } {
  const t = translator(language);
  const due = task.dueAt === null ? null : describeDueIn(instantToMs(task.dueAt), now, t);
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
  return { title: t(HEADLINE[kind], { title: task.title }), body: body || t('alert.noDetails') };
}

/** One alert for many tasks: "12 open tasks, 2 overdue". */
export function summarise(
  accountId: string | null,
  tasks: Task[],
  now: number,
  label: string,
  language: Language = 'en',
): Alert {
  const t = translator(language);
  const overdue = tasks.filter((task) => isOverdueAt(task, now)).length;
  const escalated = tasks.filter((task) => task.escalated).length;
  const parts = [t('alert.summary.open', { count: tasks.length })];
  if (overdue > 0) parts.push(t('alert.summary.overdue', { count: overdue }));
  if (escalated > 0) parts.push(t('alert.summary.escalated', { count: escalated }));
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
