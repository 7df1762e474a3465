// Overdue / escalated / due-soon / outbox marks, told apart by icon and shape as well as colour,
// and readable by a screen reader.
import { AlarmClock, ChevronsUp, Hourglass } from 'lucide-react';
import type { OutboxItem } from '../../shared/outbox';
import type { Task } from '../../shared/task';
import { urgencyOf } from '../inbox/filter';
import { useT } from '../state/hooks';

export function TaskBadges(props: { task: Task; now: number; outbox?: OutboxItem['state'] }) {
  const t = useT();
  const { task, now, outbox } = props;
  const urgency = urgencyOf(task, now);
  return (
    <span className="badges">
      {urgency === 'overdue' && (
        <span className="badge badge-overdue">
          <AlarmClock aria-hidden="true" size={12} strokeWidth={2.5} />
          {t('badge.overdue')}
        </span>
      )}
      {task.escalated && (
        <span className="badge badge-escalated">
          <ChevronsUp aria-hidden="true" size={12} strokeWidth={2.5} />
          {t('badge.escalated')}
        </span>
      )}
      {urgency === 'soon' && (
        <span className="badge badge-soon">
          <Hourglass aria-hidden="true" size={12} strokeWidth={2.5} />
          {t('badge.soon')}
        </span>
      )}
      {(outbox === 'pending' || outbox === 'sending') && (
        <span className="badge badge-sending">{t('badge.sending')}</span>
      )}
      {outbox === 'failed' && <span className="badge badge-failed">{t('badge.failed')}</span>}
    </span>
  );
}
