// Everything the vendor gave that matters about one task, with its actions: complete, open in the
// vendor's site, snooze, claim or release, reassign, comments.
import { lazy, Suspense, useEffect, useRef, useState, type ReactNode } from 'react';
import { assignmentOf } from '../../shared/assignment';
import type { VendorErrorInfo } from '../../shared/errors';
import type { JsonValue, Party, Task } from '../../shared/task';
import { instantToMs } from '../../shared/task-time';
import { VENDOR_LABELS } from '../../shared/vendors';
import { getApi } from '../api';
import { errorInfo } from '../errors';
import { formatInstant, type Translate } from '../i18n';
import { dueText } from '../inbox/due-text';
import { capabilitiesOf, useApp, useLanguage, useT } from '../state/hooks';
import { useTaskDetail } from './task-detail-data';
import { CompletionForm } from './CompletionForm';
import { ErrorBox } from './ErrorBox';
import { ReassignForm } from './ReassignForm';
import { SnoozeControl } from './SnoozeControl';
import { TaskBadges } from './TaskBadges';
import { useStore } from 'zustand';
import { inboxStore } from '../state/inbox-store';
import { runHandled } from '../../shared/detached';

// Claim/Release and comments load as their own chunks (the main chunk's budget); comments are read
// from the vendor only when their section is opened.
const ClaimButton = lazy(() => import('./ClaimButton').then((m) => ({ default: m.ClaimButton })));
const TaskComments = lazy(() =>
  import('./TaskComments').then((m) => ({ default: m.TaskComments })),
);

export function TaskDetail(props: {
  taskId: string;
  onCompleted: (task: Task) => void;
  /** The completion form was cancelled: the list takes focus back (else the Complete button). */
  onCancel?: (() => void) | undefined;
  /** Esc on a tray-sized window goes back to the list. */
  onBack?: (() => void) | undefined;
}) {
  const t = useT();
  const language = useLanguage();
  const now = useApp((s) => s.now);
  const accounts = useApp((s) => s.data?.accounts);
  const accountNames = useApp((s) => s.data?.accountNames);
  const accountUsers = useApp((s) => s.data?.accountUsers);
  const outboxState = useApp(
    (s) => s.data?.outbox.find((i) => i.taskId === props.taskId && i.state !== 'done')?.state,
  );
  const { task, row, loading, error, reload } = useTaskDetail(props.taskId);
  const caps = useApp((s) => (task ? capabilitiesOf(s.data, task) : undefined));
  const requested = useStore(inboxStore, (s) => s.completeId === props.taskId);
  const [completing, setCompleting] = useState(requested);
  const [actionError, setActionError] = useState<VendorErrorInfo | null>(null);
  // Someone else claimed it as the form's Submit tried to: Claim is no longer on offer.
  const [takenId, setTakenId] = useState<string | null>(null);
  useEffect(() => {
    if (requested) setCompleting(true);
  }, [requested]);
  // The form was cancelled with nowhere else to go: the focus returns to the button that opened
  // it, once that is enabled again.
  const completeButton = useRef<HTMLButtonElement>(null);
  const [refocus, setRefocus] = useState(false);
  useEffect(() => {
    if (!refocus || completing) return;
    setRefocus(false);
    completeButton.current?.focus();
  }, [refocus, completing]);

  if (!task) {
    if (loading) return <p className="placeholder">{t('detail.loadingDetail')}</p>;
    return error ? (
      <ErrorBox error={error} onRetry={reload} />
    ) : (
      <p className="placeholder">{t('detail.notFound')}</p>
    );
  }
  const vendor = VENDOR_LABELS[task.vendor];
  const accountName =
    accounts?.find((a) => a.account.id === task.accountId)?.account.name ??
    accountNames?.[task.accountId] ??
    task.accountId;
  const due = task.dueAt === null ? null : instantToMs(task.dueAt);
  const assignment = takenId === task.id ? null : assignmentOf(task, caps);
  // Nobody holds it yet: the form's Submit claims it first (shared/assignment.ts), as the popup's.
  const canComplete = task.completion.kind !== 'none' && (caps?.complete ?? true);

  const openInVendor = async () => {
    setActionError(null);
    try {
      await getApi().call('tasks:open-in-vendor', { taskId: task.id });
    } catch (e) {
      setActionError(errorInfo(e));
    }
  };

  return (
    <article
      className="task-detail"
      aria-labelledby="task-detail-title"
      onKeyDown={(e) => {
        if (e.key === 'Escape' && !completing && props.onBack) {
          e.preventDefault();
          props.onBack();
        }
      }}
    >
      <header>
        <h2 id="task-detail-title" dir="auto">
          {task.title}
        </h2>
        <p className="detail-sub">
          <TaskBadges task={task} now={now} outbox={outboxState} />{' '}
          <span className={due !== null && due <= now ? 'due overdue-text' : 'due'}>
            {dueText(task, now, t)}
          </span>
        </p>
      </header>
      <div className="detail-actions">
        {canComplete && (
          <button
            ref={completeButton}
            type="button"
            className="primary"
            onClick={() => setCompleting(true)}
            disabled={completing}
          >
            {t('detail.complete')}
          </button>
        )}
        {task.webUrl && (
          <button type="button" onClick={() => runHandled(openInVendor())}>
            {t('detail.openIn', { vendor })}
          </button>
        )}
        {assignment && (
          <Suspense fallback={null}>
            <ClaimButton task={task} assignment={assignment} primary={!canComplete} />
          </Suspense>
        )}
        <SnoozeControl taskId={task.id} snoozedUntil={row?.snoozedUntil ?? null} />
      </div>
      {actionError && <ErrorBox error={actionError} />}
      {assignment === 'claimable' && <p className="notice">{t('people.claimableNotice')}</p>}
      {!canComplete && (
        <p className="notice">
          {task.completion.unavailableReason ?? t('detail.cannotComplete', { vendor })}
        </p>
      )}
      {completing && canComplete && (
        <CompletionForm
          task={task}
          onDone={() => props.onCompleted(task)}
          onTaken={() => setTakenId(task.id)}
          onCancel={() => {
            setCompleting(false);
            inboxStore.setState({ completeId: null });
            if (props.onCancel) props.onCancel();
            else setRefocus(true);
          }}
        />
      )}
      {loading && !task.detailLoaded && <p className="muted">{t('detail.loadingDetail')}</p>}
      {error && <ErrorBox error={error} onRetry={reload} />}
      <dl className="facts">
        <Fact label={t('detail.account')}>{`${accountName} · ${vendor}`}</Fact>
        <Fact label={t('detail.workflow')}>{task.workflowName}</Fact>
        <Fact label={t('detail.step')}>{task.stepName}</Fact>
        <Fact label={t('detail.description')}>
          {task.description && <span className="vendor-text">{task.description}</span>}
        </Fact>
        <Fact label={t('detail.entity')}>
          {task.entity && `${task.entity.label} (${task.entity.type} ${task.entity.id})`}
        </Fact>
        <Fact label={t('detail.assignee')}>
          {task.assignee && assigneeText(task.assignee, accountUsers?.[task.accountId], t)}
        </Fact>
        <Fact label={t('detail.group')}>{task.group?.name}</Fact>
        <Fact label={t('detail.due')}>{due !== null && formatInstant(due, language)}</Fact>
        <Fact label={t('priority.label')}>{task.priority && t(`priority.${task.priority}`)}</Fact>
        <Fact label={t('detail.created')}>
          {task.createdAt && formatInstant(instantToMs(task.createdAt), language)}
        </Fact>
        <Fact
          label={t('detail.vendorStatus')}
        >{`${t(`status.${task.status}`)} (${task.rawStatus})`}</Fact>
      </dl>
      {task.previousSteps.length > 0 && (
        <DetailSection id="prev-steps" heading={t('detail.previousSteps')}>
          <ol className="steps">
            {task.previousSteps.map((step, i) => (
              <li key={`${step.stepName}-${i}`}>
                <strong>{step.stepName}</strong>
                {step.completedBy && ` ${t('detail.completedBy', { who: step.completedBy })}`}
                {step.completedAt && ` · ${formatInstant(instantToMs(step.completedAt), language)}`}
                {step.result && <div>{t('detail.result', { result: step.result })}</div>}
                {Object.keys(step.data).length > 0 && (
                  <dl className="facts small">
                    {Object.entries(step.data).map(([k, v]) => (
                      <Fact key={k} label={k}>
                        {showJson(v)}
                      </Fact>
                    ))}
                  </dl>
                )}
              </li>
            ))}
          </ol>
        </DetailSection>
      )}
      {task.logs.length > 0 && (
        <DetailSection id="task-logs" heading={t('detail.logs')}>
          <ul className="logs">
            {task.logs.map((log, i) => (
              <li key={i}>
                {log.at && <time>{formatInstant(instantToMs(log.at), language)}</time>}{' '}
                <span className="muted">{log.level}</span> {log.message}
              </li>
            ))}
          </ul>
        </DetailSection>
      )}
      {caps && (caps.reassignToUser || caps.reassignToGroup) && (
        <ReassignForm
          taskId={task.id}
          toUser={caps.reassignToUser}
          toGroup={caps.reassignToGroup}
          picker={caps.assigneePicker ?? false}
          distributions={caps.groupDistributions ?? []}
        />
      )}
      {caps?.comments && <CommentsSection taskId={task.id} />}
    </article>
  );
}

function CommentsSection(props: { taskId: string }) {
  const t = useT();
  const [open, setOpen] = useState(false);
  return (
    <details className="comments-section" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>{t('comments.heading')}</summary>
      {open && (
        <Suspense fallback={<p className="muted">{t('comments.loading')}</p>}>
          <TaskComments taskId={props.taskId} />
        </Suspense>
      )}
    </details>
  );
}

/** The assignee by name; the user as "You" (some vendors give only an id, the user's own). */
function assigneeText(assignee: Party, ownId: string | undefined, t: Translate): string {
  if (ownId === undefined || assignee.id.toLowerCase() !== ownId.toLowerCase())
    return assignee.name;
  return assignee.name === assignee.id
    ? t('detail.you')
    : t('detail.youNamed', { name: assignee.name });
}

function showJson(value: JsonValue): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function Fact(props: { label: string; children: ReactNode }) {
  if (
    props.children === null ||
    props.children === undefined ||
    props.children === false ||
    props.children === ''
  ) {
    return null;
  }
  return (
    <div className="fact">
      <dt>{props.label}</dt>
      <dd dir="auto">{props.children}</dd>
    </div>
  );
}

/** A titled part of the detail (previous steps, logs), named for screen readers by its heading. */
function DetailSection(props: { id: string; heading: string; children: ReactNode }) {
  return (
    <section aria-labelledby={props.id}>
      <h3 id={props.id}>{props.heading}</h3>
      {props.children}
    </section>
  );
}
