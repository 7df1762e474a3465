// Overdue / escalated / outbox marks, readable at a glance and by a screen reader.
import type { Task } from '../../shared/task';
import { isOverdueAt } from '../../shared/task-time';
import type { OutboxItem } from '../../shared/outbox';
import { useT } from '../state/hooks';

export function TaskBadges(props: { task: Task; now: number; outbox?: OutboxItem['state'] }) {
  const t = useT();
  const { task, now, outbox } = props;
  return (
    <span className="badges">
      {isOverdueAt(task, now) && <span className="badge badge-overdue">{t('badge.overdue')}</span>}
      {task.escalated && <span className="badge badge-escalated">{t('badge.escalated')}</span>}
      {outbox === 'pending' && <span className="badge badge-sending">{t('badge.sending')}</span>}
      {outbox === 'failed' && <span className="badge badge-failed">{t('badge.failed')}</span>}
    </span>
  );
}
