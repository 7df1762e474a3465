// The quick-complete popup (#/popup/<taskId>): the task in brief and its completion form. Success
// or Esc asks the shell to close the window; a browser tab falls back to the inbox.
import { lazy, Suspense, useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { assignmentOf } from '../../shared/assignment';
import type { VendorErrorInfo } from '../../shared/errors';
import type { Task } from '../../shared/task';
import { instantToMs } from '../../shared/task-time';
import { VENDOR_LABELS } from '../../shared/vendors';
import { getApi } from '../api';
import { errorInfo } from '../errors';
import { dueText } from '../inbox/due-text';
import { capabilitiesOf, useApp, useT } from '../state/hooks';
import { CompletionForm } from './CompletionForm';
import { ErrorBox } from './ErrorBox';
import { navigate } from './route';
import { TaskBadges } from './TaskBadges';
import { useTaskDetail } from './task-detail-data';
import { runHandled } from '../../shared/detached';

// Claim loads as its own chunk, as in the detail: only an unassigned task offers it.
const ClaimButton = lazy(() => import('./ClaimButton').then((m) => ({ default: m.ClaimButton })));

function closePopup(): void {
  runHandled(
    getApi()
      .call('window:close', null)
      .catch(() => undefined)
      .finally(() => navigate({ name: 'inbox', taskId: null })),
  );
}

export function Popup(props: { taskId: string }) {
  const t = useT();
  const now = useApp((s) => s.now);
  const popupTaskId = useApp((s) => s.popupTaskId);
  const { task, loading, error, reload } = useTaskDetail(props.taskId);
  const onDone = useCallback(() => closePopup(), []);
  const caps = useApp((s) => (task ? capabilitiesOf(s.data, task) : undefined));
  const assignment = task ? assignmentOf(task, caps) : null;
  // Once Claim was offered, the button stays (as Release) with its confirmation after the claim.
  const [claimOffered, setClaimOffered] = useState(false);
  useEffect(() => {
    if (assignment === 'claimable') setClaimOffered(true);
  }, [assignment]);
  // Someone else claimed it as Submit tried to: Claim is no longer on offer.
  const [taken, setTaken] = useState(false);
  const onTaken = useCallback(() => setTaken(true), []);

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
      <header className="popup-head">
        {/* Cut at two lines to keep the form in view: the whole title shows on hover. */}
        <h1 className="popup-title" dir="auto" title={task.title}>
          {task.title}
        </h1>
        <p className="detail-sub">
          <TaskBadges task={task} now={now} />{' '}
          <span className={due !== null && due <= now ? 'due overdue-text' : 'due'}>
            {dueText(task, now, t)}
          </span>
        </p>
        <WorkflowLine task={task} />
        {task.description && <PopupDescription text={task.description} />}
      </header>
      {claimOffered && assignment && !taken && (
        <div className="popup-claim">
          {assignment === 'claimable' && (
            <p className="popup-claim-notice">{t('people.claimableNotice')}</p>
          )}
          <Suspense fallback={null}>
            <ClaimButton
              task={task}
              assignment={assignment}
              primary={task.completion.kind === 'none'}
            />
          </Suspense>
        </div>
      )}
      {task.completion.kind === 'none' ? (
        <VendorOnly task={task} />
      ) : (
        <CompletionForm task={task} onDone={onDone} onCancel={closePopup} onTaken={onTaken} />
      )}
    </main>
  );
}

/**
 * Account · workflow · step on one line (which of the user's accounts the task is from: the popup
 * shows nothing else of it), cut with an ellipsis — the form needs the room — and whole on hover.
 */
function WorkflowLine(props: { task: Task }) {
  const { task } = props;
  const account = useApp(
    (s) =>
      s.data?.accounts.find((a) => a.account.id === task.accountId)?.account.name ??
      s.data?.accountNames[task.accountId] ??
      task.accountId,
  );
  // A step named as the task (GeoTareas titles its tasks by their step) is said once, above.
  const step = task.stepName === task.title ? null : task.stepName;
  const text = [account, task.workflowName, step].filter(Boolean).join(' · ');
  return (
    <p className="muted popup-line" dir="auto" title={text}>
      {text}
    </p>
  );
}

/**
 * The description, cut to a few lines that scroll. When it does scroll, it takes the keyboard focus
 * too (a named region), so it can be read to the end without a mouse; a short one is no tab stop.
 */
function PopupDescription(props: { text: string }) {
  const t = useT();
  const ref = useRef<HTMLDivElement>(null);
  const [scrolls, setScrolls] = useState(false);
  useLayoutEffect(() => {
    const element = ref.current;
    if (!element) return;
    const check = () => setScrolls(element.scrollHeight > element.clientHeight + 1);
    check();
    const observer = new ResizeObserver(check);
    observer.observe(element);
    return () => observer.disconnect();
  }, [props.text]);
  return (
    <div
      ref={ref}
      className="popup-description vendor-text"
      dir="auto"
      {...(scrolls ? { tabIndex: 0, role: 'region', 'aria-label': t('detail.description') } : {})}
    >
      {props.text}
    </div>
  );
}

/** A task completed only in the vendor's site: say so, and offer to go there. */
function VendorOnly(props: { task: Task }) {
  const t = useT();
  const { task } = props;
  const vendor = VENDOR_LABELS[task.vendor];
  const [error, setError] = useState<VendorErrorInfo | null>(null);
  const open = async () => {
    setError(null);
    try {
      await getApi().call('tasks:open-in-vendor', { taskId: task.id });
      closePopup();
    } catch (e) {
      setError(errorInfo(e));
    }
  };
  return (
    <div className="popup-body" onKeyDown={(e) => e.key === 'Escape' && closePopup()}>
      <p className="notice">
        {task.completion.unavailableReason ?? t('detail.cannotComplete', { vendor })}
      </p>
      {error && <ErrorBox error={error} />}
      <div className="form-actions">
        {task.webUrl && (
          <button type="button" className="primary" autoFocus onClick={() => runHandled(open())}>
            {t('popup.openIn', { vendor })}
          </button>
        )}
        <button type="button" onClick={closePopup}>
          {t('common.close')}
        </button>
      </div>
    </div>
  );
}
