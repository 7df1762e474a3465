// The inbox's order, filters and groups: pure functions, so 5,000 tasks sort in one pass and the
// rules are tested without a browser.
import type { Task, TaskStatus, VendorId } from '../../shared/task';
import { isOverdueAt } from '../../shared/task-time';
import { byUrgency, urgencyKey, urgencyOf, type UrgencyKey } from '../../shared/urgency';

export const GROUP_BYS = ['none', 'account', 'vendor', 'status'] as const;
export type GroupBy = (typeof GROUP_BYS)[number];

export interface InboxFilter {
  accountId: string | null;
  vendor: VendorId | null;
  status: TaskStatus | null;
  overdueOnly: boolean;
  escalatedOnly: boolean;
  dueSoonOnly: boolean;
  /** Only tasks the user holds: unassigned ones they could claim are left out. */
  mineOnly: boolean;
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
  mineOnly: false,
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
    filter.mineOnly ||
    filter.search.trim() !== ''
  );
}

// The order is shared with main (the global shortcut opens the most urgent task).
export {
  compareUrgency,
  DUE_SOON_MS,
  URGENCIES,
  urgencyOf,
  type Urgency,
} from '../../shared/urgency';
type SortKey = UrgencyKey;
const sortKey = urgencyKey;

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

/**
 * `claimable` says which tasks nobody holds yet and the user could claim (shared/assignment's rule,
 * which needs the vendors' capabilities): "mine only" leaves them out.
 */
export function visibleTasks(
  tasks: Task[],
  filter: InboxFilter,
  now: number,
  claimable: (task: Task) => boolean = () => false,
): Task[] {
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
      (!filter.mineOnly || !claimable(task)) &&
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
