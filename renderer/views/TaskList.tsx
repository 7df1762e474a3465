// The task list: one tab stop (roving tabindex) over a virtualised listbox of dense one-line rows;
// ↑/↓/Home/End move, Enter opens. Quick actions float beside the hovered or focused row (only
// there: none are drawn while neither is).
import { BellOff, Check, ExternalLink, UserRoundMinus, UserRoundPlus } from 'lucide-react';
import {
  memo,
  useCallback,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type KeyboardEvent,
} from 'react';
import { useStore } from 'zustand';
import { assignmentOf, type Assignment } from '../../shared/assignment';
import type { AdapterCapabilities } from '../../shared/capabilities';
import type { TaskRow as ListedRow } from '../../shared/task-row';
import { VENDOR_LABELS, type VendorId } from '../../shared/vendors';
import type { OutboxItem } from '../../shared/outbox';
import type { Translate } from '../i18n';
import { disambiguator, dueText } from '../inbox/due-text';
import { urgencyOf, type InboxRow } from '../inbox/filter';
import { useApp, useT } from '../state/hooks';
import { inboxStore, selectTask, setActive } from '../state/inbox-store';
import { runHandled } from '../../shared/detached';
import { IconButton } from './IconButton';
import { RowIcon, RowIconSprite } from './RowIcons';
import { VendorText } from './VendorText';
import { assignSlots } from './row-slots';
import { useFixedRows, type DrawnRow } from './use-fixed-rows';

const TASK_ROW_PX = 38;
/**
 * Where the list starts in the window at the least, px: the nav, the search and the chips above it
 * take more than this at every window size. The first paint draws the rows in the rest.
 */
const LIST_TOP_MIN_PX = 120;
/** How long a row asked to take the focus may take to be drawn. */
const FOCUS_WAIT_MS = 1_000;
const GROUP_ROW_PX = 28;
const VENDOR_MARKS: Record<VendorId, string> = {
  uipath: 'U',
  workflowsvc: 'T',
  maxsight: 'M',
  geotareas: 'G',
};

interface Actions {
  complete: (task: ListedRow) => void;
  snooze: (task: ListedRow) => Promise<void>;
  openInVendor: (task: ListedRow) => Promise<void>;
  /** Claim (claimable) or release (mine), where the vendor can. */
  changeAssignment: (task: ListedRow, assignment: Exclude<Assignment, null>) => Promise<void>;
}

/** The list's lookups, built in one pass whenever the list changes (never while scrolling). */
interface ListIndex {
  /** The row index of every task row, in order (every row when nothing is grouped). */
  taskRows: number[];
  /** Task id → its row index. */
  rowOf: Map<string, number>;
  /** Title → how many listed tasks have it: repeated titles get a mark that tells them apart. */
  titles: Map<string, number>;
}

function listIndex(rows: readonly InboxRow<ListedRow>[]): ListIndex {
  const taskRows: number[] = [];
  const rowOf = new Map<string, number>();
  const titles = new Map<string, number>();
  rows.forEach((row, i) => {
    if (row.kind !== 'task') return;
    taskRows.push(i);
    rowOf.set(row.task.id, i);
    titles.set(row.task.title, (titles.get(row.task.title) ?? 0) + 1);
  });
  return { taskRows, rowOf, titles };
}

/** The 1-based position of a row among the tasks (aria-posinset), or 0 for a group header. */
function taskPosition(taskRows: readonly number[], rowIndex: number): number {
  let low = 0;
  let high = taskRows.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const at = taskRows[mid] ?? -1;
    if (at === rowIndex) return mid + 1;
    if (at < rowIndex) low = mid + 1;
    else high = mid - 1;
  }
  return 0;
}

export function TaskList(props: {
  rows: InboxRow<ListedRow>[];
  now: number;
  accountNames: Map<string, string>;
  actions: Actions;
}) {
  const { rows, now } = props;
  const t = useT();
  const selectedId = useStore(inboxStore, (s) => s.selectedId);
  const storedActive = useStore(inboxStore, (s) => s.activeId);
  const focusList = useStore(inboxStore, (s) => s.focusList);
  const outbox = useApp((s) => s.data?.outbox);
  const vendorCaps = useApp((s) => s.data?.capabilities);
  const accountCaps = useApp((s) => s.data?.accountCapabilities);
  const capsOf = (task: ListedRow) => accountCaps?.[task.accountId] ?? vendorCaps?.[task.vendor];
  const scrollRef = useRef<HTMLDivElement>(null);
  const [hoverId, setHoverId] = useState<string | null>(null);
  // Whether the focus is in the list (a row, or its quick actions): they show for the focused row.
  const [focusInList, setFocusInList] = useState(false);

  const { taskRows, rowOf, titles } = useMemo(() => listIndex(rows), [rows]);
  const outboxByTask = useMemo(() => {
    const map = new Map<string, Exclude<OutboxItem['state'], 'done'>>();
    for (const item of outbox ?? []) if (item.state !== 'done') map.set(item.taskId, item.state);
    return map;
  }, [outbox]);
  // The tab stop: the remembered row if still listed, else the first task.
  const activeId =
    storedActive !== null && rowOf.has(storedActive)
      ? storedActive
      : (() => {
          const first = rows[taskRows[0] ?? -1];
          return first?.kind === 'task' ? first.task.id : null;
        })();

  const sizeOf = useCallback(
    (i: number) => (rows[i]?.kind === 'group' ? GROUP_ROW_PX : TASK_ROW_PX),
    [rows],
  );
  // The list is in the document (for the benchmark's account of a load; FIRST_ROW_TIMING says when
  // it was painted).
  useLayoutEffect(() => {
    performance.mark('tasktray:list');
  }, []);
  // A fast wheel over 10,000 rows draws a new screen of rows each frame: every row drawn beyond
  // the view is work in that frame, so only a few are.
  const { drawn, totalSize, scrollToIndex } = useFixedRows({
    count: rows.length,
    sizeOf,
    scrollRef,
    overscan: 2,
    firstHeight: () => window.innerHeight - LIST_TOP_MIN_PX,
  });

  // The row to focus once it is drawn: rows for a new scroll position render in a task of their
  // own (use-fixed-rows), so after a jump (End, PageDown) it may not be there yet.
  // A row that is not drawn soon after (gone from the list meanwhile) no longer takes the focus.
  const pendingFocus = useRef<{ id: string; until: number } | null>(null);
  const focusPending = () => {
    const pending = pendingFocus.current;
    if (pending === null) return;
    if (performance.now() > pending.until) {
      pendingFocus.current = null;
      return;
    }
    const selector = `[data-task-id="${CSS.escape(pending.id)}"]`;
    const row = scrollRef.current?.querySelector<HTMLElement>(selector);
    if (!row) return;
    pendingFocus.current = null;
    row.focus({ preventScroll: true });
  };
  useLayoutEffect(focusPending);
  const focusRow = (id: string) => {
    const at = rowOf.get(id);
    if (at === undefined) return;
    setActive(id);
    scrollToIndex(at);
    pendingFocus.current = { id, until: performance.now() + FOCUS_WAIT_MS };
    requestAnimationFrame(focusPending);
  };

  // Someone asked for focus back on the list (after a completion, a cancel or a Back).
  const lastFocus = useRef(focusList);
  useEffect(() => {
    if (focusList === lastFocus.current) return;
    lastFocus.current = focusList;
    if (activeId) focusRow(activeId);
  });
  // The list emptied (its last task completed): the search keeps the focus in the window.
  useEffect(
    () => () => {
      if (!document.activeElement || document.activeElement === document.body) {
        document.getElementById('inbox-search')?.focus();
      }
    },
    [],
  );

  const onKeyDown = (event: KeyboardEvent) => {
    if (!activeId) return;
    const position = taskPosition(taskRows, rowOf.get(activeId) ?? -1) - 1;
    const last = taskRows.length - 1;
    let next: number | undefined;
    if (event.key === 'ArrowDown') next = taskRows[Math.min(last, position + 1)];
    else if (event.key === 'ArrowUp') next = taskRows[Math.max(0, position - 1)];
    else if (event.key === 'Home') next = taskRows[0];
    else if (event.key === 'End') next = taskRows[last];
    else if (event.key === 'PageDown') next = taskRows[Math.min(last, position + 10)];
    else if (event.key === 'PageUp') next = taskRows[Math.max(0, position - 10)];
    else if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      selectTask(activeId);
      return;
    } else return;
    event.preventDefault();
    const row = next === undefined ? undefined : rows[next];
    if (row?.kind === 'task') focusRow(row.task.id);
  };

  // A task opened by link (#/inbox/<id>) is scrolled into view once.
  const scrolledTo = useRef<string | null>(null);
  useEffect(() => {
    if (!selectedId || scrolledTo.current === selectedId) return;
    const at = rowOf.get(selectedId);
    if (at === undefined) return;
    scrolledTo.current = selectedId;
    scrollToIndex(at, 'center');
  }, [selectedId, rowOf, scrollToIndex]);

  // The tab stop must be a drawn row: if the active one is scrolled away, the first drawn one.
  const activeDrawn = drawn.some(
    (item) => rows[item.index]?.kind === 'task' && item.index === rowOf.get(activeId ?? ''),
  );
  const firstDrawn = drawn.find((item) => rows[item.index]?.kind === 'task')?.index;
  const firstDrawnRow = firstDrawn === undefined ? undefined : rows[firstDrawn];
  const tabStopId = activeDrawn
    ? activeId
    : firstDrawnRow?.kind === 'task'
      ? firstDrawnRow.task.id
      : activeId;

  // The drawn task rows, each in its element (row-slots.ts), in the elements' order: an element
  // is never moved, only given another task. aria-posinset gives each its place in the list.
  const drawnGroups: { item: DrawnRow; row: Extract<InboxRow, { kind: 'group' }> }[] = [];
  const drawnTaskItems: { item: DrawnRow; task: ListedRow }[] = [];
  for (const item of drawn) {
    const row = rows[item.index];
    if (row?.kind === 'group') drawnGroups.push({ item, row });
    else if (row) drawnTaskItems.push({ item, task: row.task });
  }
  const heldSlots = useRef<ReadonlyMap<string, number>>(new Map());
  const slotting = assignSlots(
    drawnTaskItems.map(({ task }) => task.id),
    heldSlots.current,
    [activeId, tabStopId, hoverId, selectedId],
  );
  useLayoutEffect(() => {
    heldSlots.current = slotting.held;
  });
  const drawnTasks = drawnTaskItems
    .map((entry, i) => ({ ...entry, slot: slotting.slots[i] ?? i }))
    .sort((a, b) => a.slot - b.slot);

  // Quick actions for the hovered row, else the focused one; none before either (the first paint).
  const toolbarId = hoverId ?? (focusInList ? activeId : null);
  const toolbarIndex = toolbarId ? rowOf.get(toolbarId) : undefined;
  const toolbarRow = toolbarIndex === undefined ? undefined : rows[toolbarIndex];
  const toolbarItem = drawn.find((item) => item.index === toolbarIndex);

  return (
    <div
      ref={scrollRef}
      className="task-list"
      onMouseLeave={() => setHoverId(null)}
      onFocus={() => setFocusInList(true)}
      onBlur={(event) => {
        if (!event.currentTarget.contains(event.relatedTarget)) setFocusInList(false);
      }}
    >
      <RowIconSprite />
      <div
        role="listbox"
        aria-label={t('inbox.list')}
        className="task-list-inner"
        style={{ height: totalSize }}
        onKeyDown={onKeyDown}
      >
        {drawnGroups.map(({ item, row }) => (
          <div
            key={`group:${row.key}`}
            role="presentation"
            className="group-row"
            style={{ transform: `translateY(${item.start}px)`, height: item.size }}
          >
            <span className="group-title">
              {row.label} <span className="muted">({row.count})</span>
            </span>
          </div>
        ))}
        {drawnTasks.map(({ item, task, slot }) => (
          <TaskRow
            key={slot}
            top={item.start}
            height={item.size}
            task={task}
            now={now}
            t={t}
            selected={task.id === selectedId}
            active={task.id === tabStopId}
            position={taskPosition(taskRows, item.index)}
            size={taskRows.length}
            accountName={props.accountNames.get(task.accountId) ?? task.accountId}
            mark={(titles.get(task.title) ?? 0) > 1 ? disambiguator(task) : null}
            snoozedUntil={task.snoozedUntil}
            outbox={outboxByTask.get(task.id)}
            claimable={assignmentOf(task, capsOf(task)) === 'claimable'}
            onHover={setHoverId}
            onFocusRow={setActive}
          />
        ))}
      </div>
      {toolbarRow?.kind === 'task' && toolbarItem && (
        <QuickActions
          task={toolbarRow.task}
          top={toolbarItem.start}
          height={toolbarItem.size}
          t={t}
          actions={props.actions}
          capabilities={capsOf(toolbarRow.task)}
        />
      )}
    </div>
  );
}

function QuickActions(props: {
  task: ListedRow;
  top: number;
  height: number;
  t: Translate;
  actions: Actions;
  capabilities: AdapterCapabilities | undefined;
}) {
  const { task, t, actions } = props;
  const assignment = assignmentOf(task, props.capabilities);
  // One nobody holds completes too: the form's Submit claims it first (shared/assignment.ts).
  const canComplete = task.completionKind !== 'none' && (props.capabilities?.complete ?? true);
  const vendor = VENDOR_LABELS[task.vendor];
  const [busy, setBusy] = useState(false);
  return (
    <div
      className="quick-actions"
      role="toolbar"
      aria-label={t('row.actions', { title: task.title })}
      style={{ transform: `translateY(${props.top}px)`, height: props.height }}
    >
      {canComplete && (
        <IconButton
          label={t('detail.complete')}
          shortcut="c"
          icon={Check}
          onClick={() => actions.complete(task)}
        />
      )}
      {assignment && (
        <button
          type="button"
          className="icon-button"
          title={t(assignment === 'claimable' ? 'people.claim' : 'people.release')}
          aria-label={t(assignment === 'claimable' ? 'people.claimFor' : 'people.releaseFor', {
            title: task.title,
          })}
          aria-disabled={busy || undefined}
          aria-busy={busy || undefined}
          onClick={() => {
            if (busy) return;
            setBusy(true);
            runHandled(actions.changeAssignment(task, assignment).finally(() => setBusy(false)));
          }}
        >
          {assignment === 'claimable' ? (
            <UserRoundPlus aria-hidden="true" size={16} />
          ) : (
            <UserRoundMinus aria-hidden="true" size={16} />
          )}
        </button>
      )}
      <IconButton
        label={t('row.snooze')}
        shortcut="s"
        icon={BellOff}
        onClick={() => runHandled(actions.snooze(task))}
      />
      {task.hasWebUrl && (
        <IconButton
          label={t('row.open', { vendor })}
          shortcut="o"
          icon={ExternalLink}
          onClick={() => runHandled(actions.openInVendor(task))}
        />
      )}
    </div>
  );
}

const URGENCY_LABELS = {
  overdue: 'badge.overdue',
  escalated: 'badge.escalated',
  soon: 'badge.soon',
} as const;

/**
 * Element Timing on the first row's title: the browser reports when it was painted, which is when a
 * user sees the list (bench/renderer.bench.ts reads it).
 */
const FIRST_ROW_TIMING = { elementtiming: 'first-row' } as const;

// Memoised on plain values: while scrolling, only the elements given another task render.
const TaskRow = memo(function TaskRow(props: {
  top: number;
  height: number;
  task: ListedRow;
  now: number;
  t: Translate;
  selected: boolean;
  active: boolean;
  position: number;
  size: number;
  accountName: string;
  mark: string | null;
  snoozedUntil: number | null;
  outbox: Exclude<OutboxItem['state'], 'done'> | undefined;
  claimable: boolean;
  onHover: (id: string) => void;
  onFocusRow: (id: string) => void;
}) {
  const { task, now, t } = props;
  const urgency = urgencyOf(task, now);
  // An escalated task that is also overdue keeps both marks.
  const marks = (
    urgency === 'normal'
      ? []
      : urgency === 'overdue' && task.escalated
        ? ['overdue', 'escalated']
        : [urgency]
  ) as (keyof typeof URGENCY_LABELS)[];
  const snoozed = props.snoozedUntil !== null && props.snoozedUntil > now;
  return (
    <div
      role="option"
      aria-selected={props.selected}
      aria-posinset={props.position}
      aria-setsize={props.size}
      tabIndex={props.active ? 0 : -1}
      data-task-id={task.id}
      className={`task-row urgency-${urgency}${props.selected ? ' selected' : ''}`}
      style={{ transform: `translateY(${props.top}px)`, height: props.height }}
      title={`${props.accountName} · ${VENDOR_LABELS[task.vendor]}${task.workflowName ? ` · ${task.workflowName}` : ''}`}
      onClick={() => selectTask(task.id)}
      onFocus={() => props.onFocusRow(task.id)}
      onMouseEnter={() => props.onHover(task.id)}
    >
      <span className="row-marks">
        {marks.map((m) => (
          <span key={m} className={`badge badge-${m}`}>
            <RowIcon name={m} size={12} />
            <span className="visually-hidden">{t(URGENCY_LABELS[m])}</span>
          </span>
        ))}
      </span>
      <VendorText className="task-title" {...(props.position === 1 ? FIRST_ROW_TIMING : {})}>
        {task.title}
      </VendorText>
      {props.mark && <VendorText className="task-mark muted">{props.mark}</VendorText>}
      {(props.claimable || snoozed || props.outbox !== undefined) && (
        <span className="row-flags">
          {props.claimable && (
            <span className="flag flag-claimable" title={t('people.claimable')}>
              <RowIcon name="claimable" size={13} />
              <span className="visually-hidden">{t('people.claimable')}</span>
            </span>
          )}
          {snoozed && (
            <span className="flag" title={t('badge.snoozed')}>
              <RowIcon name="snoozed" size={13} />
              <span className="visually-hidden">{t('badge.snoozed')}</span>
            </span>
          )}
          {props.outbox === 'pending' && (
            <span className="flag badge-sending" title={t('badge.sending')}>
              <RowIcon name="sending" size={13} />
              <span className="visually-hidden">{t('badge.sending')}</span>
            </span>
          )}
          {props.outbox === 'failed' && (
            <span className="flag badge-failed" title={t('badge.failed')}>
              <RowIcon name="failed" size={13} />
              <span className="visually-hidden">{t('badge.failed')}</span>
            </span>
          )}
        </span>
      )}
      <span className={`due due-${urgency}`}>{dueText(task, now, t)}</span>
      <span className={`vendor-mark vendor-${task.vendor}`} aria-hidden="true">
        {VENDOR_MARKS[task.vendor]}
      </span>
      <span className="visually-hidden">
        {props.accountName} · {VENDOR_LABELS[task.vendor]}
      </span>
    </div>
  );
});
