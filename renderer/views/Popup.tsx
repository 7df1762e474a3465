// The quick-complete popup (#/popup/<taskId>): the task in brief and its completion form. Success
// or Esc asks the shell to close the window; a browser tab falls back to the inbox.
import { useCallback, useEffect } from 'react';
import { instantToMs } from '../../shared/task-time';
import { getApi } from '../api';
import { describeDueIn } from '../i18n';
import { useApp, useT } from '../state/hooks';
import { CompletionForm } from './CompletionForm';
import { ErrorBox } from './ErrorBox';
import { navigate } from './route';
import { TaskBadges } from './TaskBadges';
import { useTaskDetail } from './TaskDetail';

function closePopup(): void {
  void getApi()
    .call('window:close', null)
    .catch(() => undefined)
    .finally(() => navigate({ name: 'inbox', taskId: null }));
}

export function Popup(props: { taskId: string }) {
  const t = useT();
  const now = useApp((s) => s.now);
  const popupTaskId = useApp((s) => s.popupTaskId);
  const { task, loading, error, reload } = useTaskDetail(props.taskId);
  const onDone = useCallback(() => closePopup(), []);

  // The shell reuses one popup window: a popup:task event points it at another task.
  useEffect(() => {
    if (popupTaskId && popupTaskId !== props.taskId)
      navigate({ name: 'popup', taskId: popupTaskId });
  }, [popupTaskId, props.taskId]);

  if (!task) {
    return (
      <main className="popup" onKeyDown={(e) => e.key === 'Escape' && closePopup()}>
        {loading ? (
          <p role="status">{t('detail.loadingDetail')}</p>
        ) : error ? (
          <ErrorBox error={error} onRetry={reload} />
        ) : (
          <p>{t('detail.notFound')}</p>
        )}
        <button type="button" onClick={closePopup}>
          {t('common.close')}
        </button>
      </main>
    );
  }
  const due = task.dueAt === null ? null : instantToMs(task.dueAt);
  return (
    <main className="popup">
      <header>
        <h1 className="popup-title">{task.title}</h1>
        <p className="detail-sub">
          <TaskBadges task={task} now={now} />{' '}
          <span className={due !== null && due <= now ? 'due overdue-text' : 'due'}>
            {describeDueIn(due, now, t)}
          </span>
        </p>
        {(task.workflowName || task.stepName) && (
          <p className="muted">{[task.workflowName, task.stepName].filter(Boolean).join(' · ')}</p>
        )}
        {task.description && <p>{task.description}</p>}
      </header>
      {task.completion.kind === 'none' ? (
        <>
          <p className="notice">
            {task.completion.unavailableReason ??
              t('detail.cannotComplete', { vendor: task.vendor })}
          </p>
          <button type="button" onClick={closePopup}>
            {t('common.close')}
          </button>
        </>
      ) : (
        <CompletionForm task={task} onDone={onDone} onCancel={closePopup} />
      )}
    </main>
  );
}
