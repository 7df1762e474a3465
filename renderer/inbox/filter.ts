// The inbox's order, filters and groups: pure functions, so 5,000 tasks sort in one pass and the
// rules are tested without a browser.
import type { Task, TaskStatus, VendorId } from '../../shared/task';
import { instantToMs, isOverdueAt } from '../../shared/task-time';

export const GROUP_BYS = ['none', 'account', 'vendor', 'status'] as const;
export type GroupBy = (typeof GROUP_BYS)[number];

export interface InboxFilter {
  accountId: string | null;
  vendor: VendorId | null;
  status: TaskStatus | null;
  overdueOnly: boolean;
  escalatedOnly: boolean;
  dueSoonOnly: boolean;
  search: string;
  groupBy: GroupBy;
}

export const EMPTY_FILTER: InboxFilter = {
  accountId: null,
  vendor: null,
  status: null,
  overdueOnly: false,
  escalatedOnly: false,
  dueSoonOnly: false,
  search: '',
  groupBy: 'none',
};

export function isFiltered(filter: InboxFilter): boolean {
  return (
    filter.accountId !== null ||
    filter.vendor !== null ||
    filter.status !== null ||
    filter.overdueOnly ||
    filter.escalatedOnly ||
    filter.dueSoonOnly ||
    filter.search.trim() !== ''
  );
}

const PRIORITY_RANK = { critical: 0, high: 1, normal: 2, low: 3 } as const;

/** A task due within this long is "due soon": it sorts and looks apart from the rest. */
export const DUE_SOON_MS = 2 * 3_600_000;

/** How urgent a task is now, most urgent first; the inbox sorts and draws by it. */
export const URGENCIES = ['overdue', 'escalated', 'soon', 'normal'] as const;
export type Urgency = (typeof URGENCIES)[number];
const URGENCY_RANK: Record<Urgency, number> = { overdue: 0, escalated: 1, soon: 2, normal: 3 };

export function urgencyOf(task: Task, now: number): Urgency {
  if (isOverdueAt(task, now)) return 'overdue';
  if (task.escalated) return 'escalated';
  if (task.dueAt !== null && instantToMs(task.dueAt) - now <= DUE_SOON_MS) return 'soon';
  return 'normal';
}

interface SortKey {
  task: Task;
  urgency: number;
  /** Due time; tasks without one sort after those with one. */
  due: number;
  priority: number;
  created: number;
}

function sortKey(task: Task, now: number): SortKey {
  return {
    task,
    urgency: URGENCY_RANK[urgencyOf(task, now)],
    due: task.dueAt === null ? Number.POSITIVE_INFINITY : instantToMs(task.dueAt),
    priority: PRIORITY_RANK[task.priority ?? 'normal'],
    created: task.createdAt === null ? 0 : instantToMs(task.createdAt),
  };
}

/**
 * Overdue, then escalated, then due soon, then the rest; within each the earliest due time first
 * (tasks without one last), then by priority, then the oldest (it has waited longest).
 */
function byUrgency(a: SortKey, b: SortKey): number {
  return (
    a.urgency - b.urgency ||
    (a.due === b.due ? 0 : a.due < b.due ? -1 : 1) ||
    a.priority - b.priority ||
    a.created - b.created ||
    (a.task.id < b.task.id ? -1 : a.task.id > b.task.id ? 1 : 0)
  );
}

/** The inbox order as a comparator over tasks (keys are computed once per sort in visibleTasks). */
export function compareUrgency(now: number): (a: Task, b: Task) => number {
  return (a, b) => byUrgency(sortKey(a, now), sortKey(b, now));
}

// The text a search looks in, built once per task object (tasks are replaced, never mutated).
const haystacks = new WeakMap<Task, string>();
function haystack(task: Task): string {
  let text = haystacks.get(task);
  if (text === undefined) {
    text = [
      task.title,
      task.workflowName,
      task.stepName,
      task.description,
      task.entity?.label,
      task.entity?.id,
      task.assignee?.name,
      task.group?.name,
      task.vendorTaskId,
    ]
      .filter(Boolean)
      .join('\n')
      .toLocaleLowerCase();
    haystacks.set(task, text);
  }
  return text;
}

export function visibleTasks(tasks: Task[], filter: InboxFilter, now: number): Task[] {
  const words = filter.search.toLocaleLowerCase().split(/\s+/).filter(Boolean);
  const keys: SortKey[] = [];
  for (const task of tasks) {
    if (
      (filter.accountId === null || task.accountId === filter.accountId) &&
      (filter.vendor === null || task.vendor === filter.vendor) &&
      (filter.status === null || task.status === filter.status) &&
      (!filter.overdueOnly || isOverdueAt(task, now)) &&
      (!filter.escalatedOnly || task.escalated) &&
      (!filter.dueSoonOnly || urgencyOf(task, now) === 'soon') &&
      words.every((word) => haystack(task).includes(word))
    ) {
      keys.push(sortKey(task, now));
    }
  }
  // Keys computed once per task: Date.parse inside the comparator would run ~n·log n times.
  return keys.sort(byUrgency).map((key) => key.task);
}

export type InboxRow =
  { kind: 'group'; key: string; label: string; count: number } | { kind: 'task'; task: Task };

/** The list as drawn: tasks in order, under a header per group when grouping is on. */
export function inboxRows(
  tasks: Task[],
  groupBy: GroupBy,
  groupLabel: (groupBy: Exclude<GroupBy, 'none'>, key: string) => string,
): InboxRow[] {
  if (groupBy === 'none') return tasks.map((task) => ({ kind: 'task', task }));
  const groups = new Map<string, Task[]>();
  for (const task of tasks) {
    const key =
      groupBy === 'account' ? task.accountId : groupBy === 'vendor' ? task.vendor : task.status;
    const list = groups.get(key) ?? [];
    list.push(task);
    groups.set(key, list);
  }
  const rows: InboxRow[] = [];
  // Groups keep the order of their most urgent task.
  for (const [key, list] of groups) {
    rows.push({ kind: 'group', key, label: groupLabel(groupBy, key), count: list.length });
    for (const task of list) rows.push({ kind: 'task', task });
  }
  return rows;
}
