// The inbox: every account's open tasks in one virtualised list, most urgent first, with a search,
// quick-filter chips and more filters behind one button; the selected task's detail beside it on a
// wide window, or sliding over the list on a tray-sized one.
import { Keyboard, RefreshCw, SlidersHorizontal } from 'lucide-react';
import { lazy, Suspense, useEffect, useMemo, useRef, useState } from 'react';
import { useStore } from 'zustand';
import { assignmentOf } from '../../shared/assignment';
import type { Task } from '../../shared/task';
import type { TaskRow } from '../../shared/task-row';
import { VENDOR_LABELS, VENDORS, type VendorId } from '../../shared/vendors';
import { localizeError } from '../../shared/i18n/error-text';
import { getApi } from '../api';
import { formatInstant, type Translate } from '../i18n';
import {
  EMPTY_FILTER,
  GROUP_BYS,
  inboxRows,
  isFiltered,
  type GroupBy,
  type InboxFilter,
} from '../inbox/filter';
import { useVisibleTasks } from '../inbox/use-visible-tasks';
import { shortcutFor } from '../inbox/shortcuts';
import { errorInfo } from '../errors';
import { reloadState } from '../state/app-store';
import { useApp, useLanguage, useT } from '../state/hooks';
import {
  clearToast,
  inboxStore,
  returnFocusToList,
  selectTask,
  setFilter,
  showToast,
  startCompleting,
} from '../state/inbox-store';
import { changeAssignment } from './change-assignment';
import { SelectField } from './Field';
import { errorMessage } from './outbox-text';
import { navigate } from './route';
import { snoozeUntil } from '../inbox/snooze';
import { TaskList } from './TaskList';
import { runHandled, runDetached } from '../../shared/detached';
import { IconButton } from './IconButton';

// The detail (with the completion, reassign and snooze forms) is its own chunk, fetched once the
// list is up so that opening a task does not wait for it.
const loadTaskDetail = () => import('./TaskDetail');
const TaskDetail = lazy(() => loadTaskDetail().then((m) => ({ default: m.TaskDetail })));
// Parts the list's first paint does not draw (most loads: nothing failing, nothing being sent)
// load as their own chunks when they have something to show, to keep the main chunk small.
const ShortcutsHelp = lazy(() =>
  import('./ShortcutsHelp').then((m) => ({ default: m.ShortcutsHelp })),
);
const AccountProblems = lazy(() =>
  import('./AccountProblems').then((m) => ({ default: m.AccountProblems })),
);
const OutboxPanel = lazy(() => import('./OutboxPanel').then((m) => ({ default: m.OutboxPanel })));
const SaveFailures = lazy(() =>
  import('./SaveFailures').then((m) => ({ default: m.SaveFailures })),
);
const LoadFailed = lazy(() => import('./ErrorBox').then((m) => ({ default: m.ErrorBox })));

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
/** The list while the state loads: one array, so the memos do not run again for nothing. */
const NO_ROWS: TaskRow[] = [];
/** Below this width the detail slides over the list instead of sitting beside it. */
const NARROW_QUERY = '(max-width: 759px)';

function useNarrow(): boolean {
  const [narrow, setNarrow] = useState(() => window.matchMedia(NARROW_QUERY).matches);
  useEffect(() => {
    const query = window.matchMedia(NARROW_QUERY);
    const onChange = () => setNarrow(query.matches);
    query.addEventListener('change', onChange);
    return () => query.removeEventListener('change', onChange);
  }, []);
  return narrow;
}

/** Quick actions shared by the row toolbar and the shortcuts. */
export function useTaskActions() {
  const t = useT();
  const language = useLanguage();
  return useMemo(
    () => ({
      complete: (task: TaskRow) => startCompleting(task.id),
      // The row's snoozed mark comes with the list's change that main sends.
      snooze: async (task: TaskRow) => {
        const until = snoozeUntil('1h', new Date());
        try {
          await getApi().call('tasks:snooze', { taskId: task.id, until });
          showToast(
            t('toast.snoozed', { title: task.title, time: formatInstant(until, language) }),
          );
        } catch (error) {
          showToast(errorMessage(errorInfo(error), t));
        }
      },
      openInVendor: async (task: TaskRow) => {
        try {
          await getApi().call('tasks:open-in-vendor', { taskId: task.id });
        } catch (error) {
          showToast(errorMessage(errorInfo(error), t));
        }
      },
      changeAssignment: async (task: TaskRow, assignment: 'claimable' | 'mine') => {
        showToast(t(assignment === 'claimable' ? 'people.claiming' : 'people.releasing'));
        try {
          showToast(await changeAssignment(task, assignment, t));
        } catch (error) {
          const { message, hint } = localizeError(errorInfo(error), t);
          showToast(hint ? `${message} ${t('error.hint', { hint })}` : message);
        }
      },
    }),
    [t, language],
  );
}

export function Inbox() {
  const t = useT();
  const status = useApp((s) => s.status);
  const loadError = useApp((s) => s.loadError);
  const data = useApp((s) => s.data);
  const now = useApp((s) => s.now);
  const filter = useStore(inboxStore, (s) => s.filter);
  const selectedId = useStore(inboxStore, (s) => s.selectedId);
  const activeId = useStore(inboxStore, (s) => s.activeId);
  const sending = useApp((s) => s.data?.outbox.some((item) => item.state !== 'done') ?? false);
  const hasSaveFailures = useApp((s) => (s.data?.saveFailures.length ?? 0) > 0);
  const narrow = useNarrow();
  const narrowRef = useRef(narrow);
  narrowRef.current = narrow;
  const [help, setHelp] = useState(false);
  const actions = useTaskActions();

  const accountNames = useMemo(() => {
    const names = new Map<string, string>(Object.entries(data?.accountNames ?? {}));
    for (const view of data?.accounts ?? []) names.set(view.account.id, view.account.name);
    for (const task of data?.tasks ?? [])
      if (!names.has(task.accountId)) names.set(task.accountId, task.accountId);
    return names;
  }, [data?.accountNames, data?.accounts, data?.tasks]);
  const vendorCaps = data?.capabilities;
  const accountCaps = data?.accountCapabilities;
  const claimable = useMemo(
    () => (task: TaskRow) =>
      assignmentOf(task, accountCaps?.[task.accountId] ?? vendorCaps?.[task.vendor]) ===
      'claimable',
    [vendorCaps, accountCaps],
  );
  const anyClaimable = useMemo(() => (data?.tasks ?? []).some(claimable), [data?.tasks, claimable]);
  const tasks = useVisibleTasks(data?.tasks ?? NO_ROWS, filter, now, claimable);
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

  // Shortcuts act on the row holding the list's focus (or the open task).
  const target = useMemo(() => {
    const id = selectedId ?? activeId;
    return id ? (data?.tasks.find((task) => task.id === id) ?? null) : null;
  }, [selectedId, activeId, data?.tasks]);
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape' && help) {
        setHelp(false);
        return;
      }
      // Esc outside a form leaves a tray-sized detail for the list.
      if (
        event.key === 'Escape' &&
        narrowRef.current &&
        inboxStore.getState().selectedId !== null &&
        !(event.target as HTMLElement | null)?.closest('form, input, select, textarea')
      ) {
        event.preventDefault();
        selectTask(null);
        returnFocusToList();
        return;
      }
      const action = shortcutFor(event);
      if (!action) return;
      if (action === 'help') setHelp(true);
      else if (action === 'search') document.getElementById('inbox-search')?.focus();
      else if (!target) return;
      else if (action === 'complete') actions.complete(target);
      else if (action === 'snooze') runHandled(actions.snooze(target));
      else if (action === 'vendor' && target.hasWebUrl) runHandled(actions.openInVendor(target));
      else return;
      event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [help, target, actions]);

  // Once the list is drawn, the detail's chunk is fetched in the background.
  const ready = status === 'ready';
  useEffect(() => {
    if (!ready) return;
    const timer = setTimeout(() => void loadTaskDetail().catch(() => undefined), 500);
    return () => clearTimeout(timer);
  }, [ready]);

  if (status === 'error' && loadError) {
    return (
      <section className="inbox-state">
        <h1>{t('load.failed')}</h1>
        <Suspense fallback={<p role="status">{t('common.loading')}</p>}>
          <LoadFailed error={loadError} onRetry={() => runHandled(reloadState(getApi()))} />
        </Suspense>
      </section>
    );
  }
  // A state slower than the window's first draw waits for (main.tsx), or one read again: the
  // inbox draws its frame (search, chips, an empty list) and the count says loading.
  const loaded = status === 'ready' && data !== null ? data : null;
  const detailOpen = selectedId !== null;
  const closeDetail = () => {
    selectTask(null);
    returnFocusToList();
  };

  return (
    <div className={`inbox${narrow ? ' narrow' : ''}${detailOpen ? ' detail-open' : ''}`}>
      <section
        className="inbox-list-pane"
        aria-labelledby="inbox-heading"
        inert={narrow && detailOpen ? true : undefined}
      >
        <div className="inbox-head">
          <h1 id="inbox-heading" className="visually-hidden">
            {t('inbox.heading')}
          </h1>
          <label htmlFor="inbox-search" className="visually-hidden">
            {t('inbox.search')}
          </label>
          <input
            id="inbox-search"
            className="search"
            type="search"
            placeholder={t('inbox.searchPlaceholder')}
            value={filter.search}
            onChange={(e) => setFilter({ search: e.target.value })}
            onKeyDown={(e) => {
              if (e.key === 'ArrowDown') {
                e.preventDefault();
                returnFocusToList();
              }
            }}
          />
          <IconButton
            label={t('inbox.refresh')}
            icon={RefreshCw}
            onClick={() =>
              runDetached(getApi().call('engine:refresh', { accountId: null }), (error) =>
                showToast(errorMessage(errorInfo(error), t)),
              )
            }
          />
          <IconButton label={t('shortcuts.button')} icon={Keyboard} onClick={() => setHelp(true)} />
        </div>
        <Filters
          t={t}
          accountNames={accountNames}
          count={loaded ? { shown: tasks.length, total: loaded.tasks.length } : null}
          claiming={anyClaimable}
        />
        {loaded && <Problems t={t} accountNames={accountNames} demo={loaded.demo} />}
        {hasSaveFailures && (
          <Suspense fallback={null}>
            <SaveFailures accountNames={accountNames} />
          </Suspense>
        )}
        {sending && (
          <Suspense fallback={null}>
            <OutboxPanel />
          </Suspense>
        )}
        {!loaded ? (
          <div className="task-list" aria-busy="true">
            {/* In the rows' own type (title, due time, vendor mark), so the fonts the rows use
                are found and ready by the time they come. */}
            <div className="loading-row" aria-hidden="true">
              <span className="task-title">{t('inbox.loading')}</span>
              <span className="due due-overdue">…</span>
              <span className="vendor-mark">·</span>
            </div>
          </div>
        ) : rows.length === 0 ? (
          <EmptyState
            t={t}
            filtered={isFiltered(filter)}
            noAccounts={loaded.accounts.length === 0 && !loaded.demo}
          />
        ) : (
          <TaskList rows={rows} now={now} accountNames={accountNames} actions={actions} />
        )}
      </section>
      <section
        className="inbox-detail-pane"
        aria-label={t('inbox.detail')}
        hidden={narrow && !detailOpen}
      >
        {selectedId ? (
          <>
            {narrow && (
              <button type="button" className="back-button" autoFocus onClick={closeDetail}>
                <span aria-hidden="true">←</span> {t('inbox.back')}
              </button>
            )}
            <Suspense fallback={<p className="placeholder">{t('detail.loadingDetail')}</p>}>
              <TaskDetail
                key={selectedId}
                taskId={selectedId}
                onCompleted={(task) => {
                  showToast(t('toast.completed', { title: task.title }));
                  closeDetail();
                }}
                // Beside the list, it takes the focus back; over it (narrow), the list is inert, so
                // the detail keeps the focus on its Complete button.
                onCancel={narrow ? undefined : returnFocusToList}
                onBack={narrow ? closeDetail : undefined}
              />
            </Suspense>
          </>
        ) : (
          <p className="placeholder">{t('inbox.selectHint')}</p>
        )}
      </section>
      <Toast t={t} />
      {help && (
        <Suspense fallback={null}>
          <ShortcutsHelp t={t} onClose={() => setHelp(false)} />
        </Suspense>
      )}
    </div>
  );
}

function Toast(props: { t: Translate }) {
  const toast = useStore(inboxStore, (s) => s.toast);
  useEffect(() => {
    if (!toast) return;
    const timer = setTimeout(() => clearToast(toast.id), 6_000);
    return () => clearTimeout(timer);
  }, [toast]);
  return (
    <div className="toast-region" role="status" aria-live="polite">
      {toast && (
        <div className="toast">
          <span dir="auto">{toast.text}</span>
          <button
            type="button"
            className="small"
            aria-label={props.t('toast.dismiss')}
            onClick={() => clearToast(toast.id)}
          >
            ×
          </button>
        </div>
      )}
    </div>
  );
}

/** Failing accounts in one line, with a way to fix them; the demo's own notice beside it. */
function Problems(props: { t: Translate; accountNames: Map<string, string>; demo: boolean }) {
  const { t } = props;
  const health = useApp((s) => s.data?.health);
  const troubled = useMemo(
    () => (health ?? []).filter((h) => h.lastError && h.state !== 'ok'),
    [health],
  );
  return (
    <>
      {troubled.length > 0 && (
        <Suspense fallback={null}>
          <AccountProblems t={t} accountNames={props.accountNames} troubled={troubled} />
        </Suspense>
      )}
      {(troubled.length > 0 || props.demo) && (
        <p className="status-line">
          {props.demo && <span className="muted">{t('demo.short')} </span>}
          <a href="#/accounts" className="link">
            {troubled.length > 0 ? t('inbox.fix') : t('demo.add')}
          </a>
        </p>
      )}
    </>
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

function Chip(props: { pressed: boolean; onToggle: () => void; label: string; kind: string }) {
  return (
    <button
      type="button"
      className={`chip chip-${props.kind}`}
      aria-pressed={props.pressed}
      onClick={props.onToggle}
    >
      {props.label}
    </button>
  );
}

function Filters(props: {
  t: Translate;
  accountNames: Map<string, string>;
  /** Tasks shown and listed; null while the state loads. */
  count: { shown: number; total: number } | null;
  /** Some tasks could be claimed: offer "mine only". */
  claiming: boolean;
}) {
  const { t } = props;
  const filter = useStore(inboxStore, (s) => s.filter);
  const more =
    filter.accountId !== null ||
    filter.vendor !== null ||
    filter.status !== null ||
    filter.groupBy !== 'none';
  // The panel's fields (four selects and their options: most of the inbox head) are drawn once it
  // is opened, or open because one of them is set, not for a closed panel nobody sees.
  const [opened, setOpened] = useState(more);
  return (
    <div className="filters">
      <div className="chips" role="group" aria-label={t('inbox.chips')}>
        <Chip
          kind="overdue"
          pressed={filter.overdueOnly}
          onToggle={() => setFilter({ overdueOnly: !filter.overdueOnly })}
          label={t('inbox.chip.overdue')}
        />
        <Chip
          kind="escalated"
          pressed={filter.escalatedOnly}
          onToggle={() => setFilter({ escalatedOnly: !filter.escalatedOnly })}
          label={t('inbox.chip.escalated')}
        />
        <Chip
          kind="soon"
          pressed={filter.dueSoonOnly}
          onToggle={() => setFilter({ dueSoonOnly: !filter.dueSoonOnly })}
          label={t('inbox.chip.soon')}
        />
        {(props.claiming || filter.mineOnly) && (
          <Chip
            kind="mine"
            pressed={filter.mineOnly}
            onToggle={() => setFilter({ mineOnly: !filter.mineOnly })}
            label={t('people.mine')}
          />
        )}
        <span className="count muted" role="status" aria-live="polite">
          {props.count ? t('inbox.count', props.count) : t('inbox.loading')}
        </span>
      </div>
      <details
        className="more-filters"
        open={more || undefined}
        onToggle={(event) => setOpened(event.currentTarget.open)}
      >
        <summary>
          <SlidersHorizontal aria-hidden="true" size={14} /> {t('inbox.moreFilters')}
        </summary>
        {(opened || more) && (
          <FilterFields t={t} accountNames={props.accountNames} filter={filter} />
        )}
      </details>
    </div>
  );
}

function FilterFields(props: {
  t: Translate;
  accountNames: Map<string, string>;
  filter: InboxFilter;
}) {
  const { t, filter } = props;
  const all = { value: '', label: t('common.all') };
  return (
    <div className="filter-fields">
      <SelectField
        id="inbox-account"
        label={t('inbox.account')}
        value={filter.accountId ?? ''}
        options={[all, ...[...props.accountNames].map(([value, label]) => ({ value, label }))]}
        onChange={(value) => setFilter({ accountId: value || null })}
      />
      <SelectField
        id="inbox-vendor"
        label={t('inbox.vendor')}
        value={filter.vendor ?? ''}
        options={[all, ...VENDORS.map((v) => ({ value: v, label: VENDOR_LABELS[v] }))]}
        onChange={(value) => setFilter({ vendor: VENDORS.find((v) => v === value) ?? null })}
      />
      <SelectField
        id="inbox-status"
        label={t('inbox.status')}
        value={filter.status ?? ''}
        options={[all, ...TASK_STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) }))]}
        onChange={(value) => setFilter({ status: TASK_STATUSES.find((s) => s === value) ?? null })}
      />
      <SelectField
        id="inbox-group"
        label={t('inbox.groupBy')}
        value={filter.groupBy}
        options={GROUP_BYS.map((g) => ({ value: g, label: t(`inbox.group.${g}`) }))}
        onChange={(value) => setFilter({ groupBy: value as GroupBy })}
      />
    </div>
  );
}
