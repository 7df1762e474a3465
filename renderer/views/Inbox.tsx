// The inbox: every account's open tasks in one virtualised list, most urgent first, with filters,
// groups and a search; the selected task's detail beside it.
import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useMemo, useRef, type KeyboardEvent } from 'react';
import { useStore } from 'zustand';
import type { Task } from '../../shared/task';
import { instantToMs } from '../../shared/task-time';
import { VENDOR_LABELS, VENDORS, type VendorId } from '../../shared/vendors';
import { getApi } from '../api';
import { describeDueIn, type Translate } from '../i18n';
import {
  EMPTY_FILTER,
  GROUP_BYS,
  inboxRows,
  isFiltered,
  visibleTasks,
  type GroupBy,
  type InboxRow,
} from '../inbox/filter';
import { reloadState } from '../state/app-store';
import { useApp, useT } from '../state/hooks';
import { inboxStore, selectTask, setFilter } from '../state/inbox-store';
import { ErrorBox } from './ErrorBox';
import { OutboxPanel } from './OutboxPanel';
import { navigate } from './route';
import { TaskBadges } from './TaskBadges';
import { TaskDetail } from './TaskDetail';

const TASK_ROW_PX = 68;
// Keyed by status so the type checker notices a status added to the model.
const STATUS_ORDER: Record<Task['status'], number> = {
  open: 0,
  in_progress: 1,
  completed: 2,
  other: 3,
};
const TASK_STATUSES = (Object.keys(STATUS_ORDER) as Task['status'][]).sort(
  (a, b) => STATUS_ORDER[a] - STATUS_ORDER[b],
);
const GROUP_ROW_PX = 34;

export function Inbox() {
  const t = useT();
  const status = useApp((s) => s.status);
  const loadError = useApp((s) => s.loadError);
  const data = useApp((s) => s.data);
  const now = useApp((s) => s.now);
  const filter = useStore(inboxStore, (s) => s.filter);
  const selectedId = useStore(inboxStore, (s) => s.selectedId);

  const accountNames = useMemo(() => {
    const names = new Map<string, string>(Object.entries(data?.accountNames ?? {}));
    for (const view of data?.accounts ?? []) names.set(view.account.id, view.account.name);
    for (const task of data?.tasks ?? [])
      if (!names.has(task.accountId)) names.set(task.accountId, task.accountId);
    return names;
  }, [data?.accountNames, data?.accounts, data?.tasks]);
  const tasks = useMemo(
    () => visibleTasks(data?.tasks ?? [], filter, now),
    [data?.tasks, filter, now],
  );
  const rows = useMemo(
    () =>
      inboxRows(tasks, filter.groupBy, (by, key) =>
        by === 'account'
          ? (accountNames.get(key) ?? key)
          : by === 'vendor'
            ? VENDOR_LABELS[key as VendorId]
            : t(`status.${key as Task['status']}`),
      ),
    [tasks, filter.groupBy, accountNames, t],
  );
  const outboxByTask = useMemo(() => {
    const map = new Map<string, 'pending' | 'failed'>();
    for (const item of data?.outbox ?? [])
      if (item.state !== 'done') map.set(item.taskId, item.state);
    return map;
  }, [data?.outbox]);

  if (status === 'error' && loadError) {
    return (
      <section className="inbox-state">
        <h1>{t('load.failed')}</h1>
        <ErrorBox error={loadError} onRetry={() => void reloadState(getApi())} />
      </section>
    );
  }
  if (status === 'loading' || !data) {
    return (
      <p className="inbox-state" role="status">
        {t('inbox.loading')}
      </p>
    );
  }
  const troubled = data.health.filter((h) => h.lastError && h.state !== 'ok');

  return (
    <div className="inbox">
      <section className="inbox-list-pane" aria-labelledby="inbox-heading">
        <div className="inbox-head">
          <h1 id="inbox-heading">{t('inbox.heading')}</h1>
          <span className="muted" role="status" aria-live="polite">
            {t('inbox.count', { shown: tasks.length, total: data.tasks.length })}
          </span>
          <button
            type="button"
            className="small"
            onClick={() => void getApi().call('engine:refresh', { accountId: null })}
          >
            {t('inbox.refresh')}
          </button>
        </div>
        <Filters t={t} accountNames={accountNames} />
        {troubled.map((h) => (
          <div key={h.accountId} className="health-problem">
            <strong>
              {accountNames.get(h.accountId) ?? h.accountId}: {t(`health.${h.state}`)}
            </strong>
            {h.lastError && <ErrorBox error={h.lastError} />}
          </div>
        ))}
        {data.demo && (
          <p className="notice">
            {t('demo.banner')}{' '}
            <a href="#/accounts" className="link">
              {t('demo.add')}
            </a>
          </p>
        )}
        <OutboxPanel />
        {rows.length === 0 ? (
          <EmptyState
            t={t}
            filtered={isFiltered(filter)}
            noAccounts={data.accounts.length === 0 && !data.demo}
          />
        ) : (
          <TaskList
            rows={rows}
            now={now}
            t={t}
            selectedId={selectedId}
            accountNames={accountNames}
            outbox={outboxByTask}
          />
        )}
      </section>
      <section className="inbox-detail-pane" aria-label={t('inbox.selectHint')}>
        {selectedId ? (
          <TaskDetail key={selectedId} taskId={selectedId} onCompleted={() => selectTask(null)} />
        ) : (
          <p className="placeholder">{t('inbox.selectHint')}</p>
        )}
      </section>
    </div>
  );
}

function EmptyState(props: { t: Translate; filtered: boolean; noAccounts: boolean }) {
  const { t } = props;
  if (props.filtered) {
    return (
      <div className="empty">
        <p>{t('inbox.noMatch')}</p>
        <button
          type="button"
          onClick={() =>
            setFilter({ ...EMPTY_FILTER, groupBy: inboxStore.getState().filter.groupBy })
          }
        >
          {t('inbox.clearFilters')}
        </button>
      </div>
    );
  }
  if (props.noAccounts) {
    return (
      <div className="empty">
        <p>{t('inbox.noAccounts')}</p>
        <p className="muted">{t('inbox.noAccountsHint')}</p>
        <button type="button" onClick={() => navigate({ name: 'accounts' })}>
          {t('accounts.add')}
        </button>
      </div>
    );
  }
  return (
    <div className="empty">
      <p>{t('inbox.empty')}</p>
      <p className="muted">{t('inbox.emptyHint')}</p>
    </div>
  );
}

function Filters(props: { t: Translate; accountNames: Map<string, string> }) {
  const { t } = props;
  const filter = useStore(inboxStore, (s) => s.filter);
  return (
    <div className="filters">
      <div className="field grow">
        <label htmlFor="inbox-search">{t('inbox.search')}</label>
        <input
          id="inbox-search"
          type="search"
          placeholder={t('inbox.searchPlaceholder')}
          value={filter.search}
          onChange={(e) => setFilter({ search: e.target.value })}
        />
      </div>
      <div className="field">
        <label htmlFor="inbox-account">{t('inbox.account')}</label>
        <select
          id="inbox-account"
          value={filter.accountId ?? ''}
          onChange={(e) => setFilter({ accountId: e.target.value || null })}
        >
          <option value="">{t('common.all')}</option>
          {[...props.accountNames].map(([id, name]) => (
            <option key={id} value={id}>
              {name}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="inbox-vendor">{t('inbox.vendor')}</label>
        <select
          id="inbox-vendor"
          value={filter.vendor ?? ''}
          onChange={(e) => setFilter({ vendor: (e.target.value || null) as VendorId | null })}
        >
          <option value="">{t('common.all')}</option>
          {VENDORS.map((v) => (
            <option key={v} value={v}>
              {VENDOR_LABELS[v]}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="inbox-status">{t('inbox.status')}</label>
        <select
          id="inbox-status"
          value={filter.status ?? ''}
          onChange={(e) =>
            setFilter({
              status: TASK_STATUSES.find((s) => s === e.target.value) ?? null,
            })
          }
        >
          <option value="">{t('common.all')}</option>
          {TASK_STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`status.${s}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="inbox-group">{t('inbox.groupBy')}</label>
        <select
          id="inbox-group"
          value={filter.groupBy}
          onChange={(e) => setFilter({ groupBy: e.target.value as GroupBy })}
        >
          {GROUP_BYS.map((g) => (
            <option key={g} value={g}>
              {t(`inbox.group.${g}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="field field-check">
        <input
          id="inbox-overdue"
          type="checkbox"
          checked={filter.overdueOnly}
          onChange={(e) => setFilter({ overdueOnly: e.target.checked })}
        />
        <label htmlFor="inbox-overdue">{t('inbox.overdueOnly')}</label>
      </div>
      <div className="field field-check">
        <input
          id="inbox-escalated"
          type="checkbox"
          checked={filter.escalatedOnly}
          onChange={(e) => setFilter({ escalatedOnly: e.target.checked })}
        />
        <label htmlFor="inbox-escalated">{t('inbox.escalatedOnly')}</label>
      </div>
    </div>
  );
}

function TaskList(props: {
  rows: InboxRow[];
  now: number;
  t: Translate;
  selectedId: string | null;
  accountNames: Map<string, string>;
  outbox: Map<string, 'pending' | 'failed'>;
}) {
  const { rows, now, t, selectedId } = props;
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: (i) => (rows[i]?.kind === 'group' ? GROUP_ROW_PX : TASK_ROW_PX),
    getItemKey: (i) => {
      const row = rows[i];
      return row?.kind === 'task' ? row.task.id : `group:${row?.key ?? i}`;
    },
    overscan: 8,
  });
  const taskIndexes = useMemo(() => rows.flatMap((r, i) => (r.kind === 'task' ? [i] : [])), [rows]);

  // Arrow keys move through tasks; the list scrolls and focus follows.
  const onKeyDown = useCallback(
    (event: KeyboardEvent) => {
      if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
      event.preventDefault();
      const current = taskIndexes.findIndex((i) => {
        const row = rows[i];
        return row?.kind === 'task' && row.task.id === selectedId;
      });
      const next =
        taskIndexes[
          Math.max(
            0,
            Math.min(taskIndexes.length - 1, current + (event.key === 'ArrowDown' ? 1 : -1)),
          )
        ];
      const row = next === undefined ? undefined : rows[next];
      if (next === undefined || row?.kind !== 'task') return;
      selectTask(row.task.id);
      virtualizer.scrollToIndex(next);
      requestAnimationFrame(() =>
        scrollRef.current
          ?.querySelector<HTMLElement>(`[data-task-id="${CSS.escape(row.task.id)}"]`)
          ?.focus(),
      );
    },
    [rows, taskIndexes, selectedId, virtualizer],
  );

  return (
    <div ref={scrollRef} className="task-list" onKeyDown={onKeyDown}>
      <div
        role="list"
        aria-label={t('inbox.list')}
        className="task-list-inner"
        style={{ height: virtualizer.getTotalSize() }}
      >
        {virtualizer.getVirtualItems().map((item) => {
          const row = rows[item.index];
          if (!row) return null;
          return (
            <div
              key={item.key}
              role="listitem"
              className={row.kind === 'group' ? 'group-row' : 'task-row-wrap'}
              style={{ transform: `translateY(${item.start}px)`, height: item.size }}
            >
              {row.kind === 'group' ? (
                <h2 className="group-title">
                  {row.label} <span className="muted">({row.count})</span>
                </h2>
              ) : (
                <TaskRow
                  task={row.task}
                  now={now}
                  t={t}
                  selected={row.task.id === selectedId}
                  accountName={props.accountNames.get(row.task.accountId) ?? row.task.accountId}
                  outbox={props.outbox.get(row.task.id)}
                />
              )}
            </div>
          );
        })}
      </div>
    </div>
  );
}

function TaskRow(props: {
  task: Task;
  now: number;
  t: Translate;
  selected: boolean;
  accountName: string;
  outbox: 'pending' | 'failed' | undefined;
}) {
  const { task, now, t } = props;
  const due = task.dueAt === null ? null : instantToMs(task.dueAt);
  const overdue = due !== null && due <= now;
  return (
    <button
      type="button"
      className={`task-row${props.selected ? ' selected' : ''}${task.escalated ? ' escalated' : ''}${overdue || task.overdue ? ' overdue' : ''}`}
      aria-current={props.selected ? 'true' : undefined}
      data-task-id={task.id}
      onClick={() => selectTask(task.id)}
    >
      <span className="task-title">{task.title}</span>
      <span className="task-meta">
        <TaskBadges task={task} now={now} outbox={props.outbox} />
        <span className={overdue ? 'due overdue-text' : 'due'}>{describeDueIn(due, now, t)}</span>
        <span className="muted">
          {props.accountName}
          {task.workflowName ? ` · ${task.workflowName}` : ''}
          {task.stepName && task.stepName !== task.title ? ` · ${task.stepName}` : ''}
        </span>
      </span>
    </button>
  );
}
