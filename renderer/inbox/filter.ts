// The inbox's order, filters and groups: pure functions, so 5,000 tasks sort in one pass and the
// rules are tested without a browser.
import type { Task, TaskStatus, VendorId } from '../../shared/task';
import { isOverdueAt } from '../../shared/task-time';
import {
  byUrgency,
  urgencyKey,
  urgencyOf,
  urgencyRankAt,
  type UrgencyFields,
  type UrgencyKey,
} from '../../shared/urgency';

/** What the inbox reads of a task: an inbox row (shared/task-row.ts) or a whole task. */
export type ListedTask = UrgencyFields &
  Pick<
    Task,
    | 'accountId'
    | 'vendor'
    | 'vendorTaskId'
    | 'title'
    | 'workflowName'
    | 'stepName'
    | 'description'
    | 'assignee'
    | 'group'
    | 'entity'
  >;

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
// The parts of a sort key that do not move with the clock, once per task object (tasks are
// replaced, never mutated): a clock tick re-sorts without parsing every due time again.
const fixedKeys = new WeakMap<ListedTask, UrgencyKey<ListedTask>>();
function fixedKey<T extends ListedTask>(task: T): UrgencyKey<T> {
  let fixed = fixedKeys.get(task);
  if (fixed === undefined) {
    // Its urgency is replaced by the clock's in sortKey.
    fixed = urgencyKey<ListedTask>(task, 0);
    fixedKeys.set(task, fixed);
  }
  return fixed as UrgencyKey<T>;
}
function sortKey<T extends ListedTask>(task: T, now: number): UrgencyKey<T> {
  const fixed = fixedKey(task);
  return { ...fixed, urgency: urgencyRankAt(task, fixed.due, now) };
}

/** Puts the task into the sorted list where it sorts at `now`. */
function insertSorted<T extends ListedTask>(out: T[], task: T, now: number): void {
  const key = sortKey(task, now);
  let low = 0;
  let high = out.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (byUrgency(sortKey(out[mid] as T, now), key) < 0) low = mid + 1;
    else high = mid;
  }
  out.splice(low, 0, task);
}

// The text a search looks in, built once per task object.
const haystacks = new WeakMap<ListedTask, string>();
function haystack(task: ListedTask): string {
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

/** The search's words: lower case, split at white space. */
function searchWords(filter: InboxFilter): string[] {
  return filter.search.toLocaleLowerCase().split(/\s+/).filter(Boolean);
}

function shown<T extends ListedTask>(
  task: T,
  filter: InboxFilter,
  now: number,
  claimable: (task: T) => boolean,
  words: readonly string[],
): boolean {
  return (
    (filter.accountId === null || task.accountId === filter.accountId) &&
    (filter.vendor === null || task.vendor === filter.vendor) &&
    (filter.status === null || task.status === filter.status) &&
    (!filter.overdueOnly || isOverdueAt(task, now)) &&
    (!filter.escalatedOnly || task.escalated) &&
    (!filter.dueSoonOnly || urgencyOf(task, now) === 'soon') &&
    (!filter.mineOnly || !claimable(task)) &&
    words.every((word) => haystack(task).includes(word))
  );
}

/**
 * `claimable` says which tasks nobody holds yet and the user could claim (shared/assignment's rule,
 * which needs the vendors' capabilities): "mine only" leaves them out.
 */
export function visibleTasks<T extends ListedTask>(
  tasks: readonly T[],
  filter: InboxFilter,
  now: number,
  claimable: (task: T) => boolean = () => false,
): T[] {
  const words = searchWords(filter);
  const keys: UrgencyKey<T>[] = [];
  for (const task of tasks) {
    if (shown(task, filter, now, claimable, words)) keys.push(sortKey(task, now));
  }
  // Keys computed once per task: Date.parse inside the comparator would run ~n·log n times.
  return keys.sort(byUrgency).map((key) => key.task);
}

/** Above this many changed rows a full sort is as quick as patching them in one by one. */
const PATCH_LIMIT = 256;

/**
 * `visibleTasks` after a change to the list, from what it gave before the change (same filter,
 * clock and claim rule): the changed and removed rows leave, the changed and added ones that pass
 * the filter go in where they sort. The order is a total one (ids break ties), so this is the
 * order a full sort gives — in O(n + k·log n) rather than O(n·log n), with no key per task: while
 * the engine is still polling 10,000 tasks, a change mid-scroll must not cost a frame.
 */
export function patchVisibleTasks<T extends ListedTask>(
  sorted: readonly T[],
  changes: { upsert: readonly T[]; remove: readonly string[] },
  /** The whole list after the change: too many changes are sorted in full from it. */
  all: readonly T[],
  filter: InboxFilter,
  now: number,
  claimable: (task: T) => boolean = () => false,
): T[] {
  if (changes.upsert.length + changes.remove.length > PATCH_LIMIT) {
    return visibleTasks(all, filter, now, claimable);
  }
  const leaving = new Set(changes.remove);
  for (const task of changes.upsert) leaving.add(task.id);
  const out = leaving.size === 0 ? [...sorted] : sorted.filter((task) => !leaving.has(task.id));
  const words = searchWords(filter);
  for (const task of changes.upsert) {
    if (shown(task, filter, now, claimable, words)) insertSorted(out, task, now);
  }
  return out;
}

/**
 * `visibleTasks` at a later clock, from what it gave at `before` (same tasks, filter and claim
 * rule). Only a task's urgency moves with the clock (a due time passing, or coming within
 * DUE_SOON_MS): the tasks whose urgency changed leave and go back in where they now sort, the rest
 * keep their order. When none changed the same array comes back, so nothing derived from it is
 * derived again: the 15 s tick that redraws "in 2 h" costs a pass over the list, not a sort.
 */
export function retimeVisibleTasks<T extends ListedTask>(
  sorted: readonly T[],
  before: number,
  now: number,
  /** The whole list: a filter on the clock (overdue, due soon) is applied afresh to it. */
  all: readonly T[],
  filter: InboxFilter,
  claimable: (task: T) => boolean = () => false,
): readonly T[] {
  if (filter.overdueOnly || filter.dueSoonOnly) return visibleTasks(all, filter, now, claimable);
  const moved: T[] = [];
  for (const task of sorted) {
    const due = fixedKey(task).due;
    if (urgencyRankAt(task, due, before) !== urgencyRankAt(task, due, now)) moved.push(task);
  }
  if (moved.length === 0) return sorted;
  if (moved.length > PATCH_LIMIT) return visibleTasks(all, filter, now, claimable);
  const leaving = new Set<T>(moved);
  const out = sorted.filter((task) => !leaving.has(task));
  for (const task of moved) insertSorted(out, task, now);
  return out;
}

export type InboxRow<T extends ListedTask = ListedTask> =
  { kind: 'group'; key: string; label: string; count: number } | { kind: 'task'; task: T };

/** The list as drawn: tasks in order, under a header per group when grouping is on. */
export function inboxRows<T extends ListedTask & Pick<Task, 'status'>>(
  tasks: readonly T[],
  groupBy: GroupBy,
  groupLabel: (groupBy: Exclude<GroupBy, 'none'>, key: string) => string,
): InboxRow<T>[] {
  if (groupBy === 'none') return tasks.map((task) => ({ kind: 'task', task }));
  const groups = new Map<string, T[]>();
  for (const task of tasks) {
    const key =
      groupBy === 'account' ? task.accountId : groupBy === 'vendor' ? task.vendor : task.status;
    const list = groups.get(key) ?? [];
    list.push(task);
    groups.set(key, list);
  }
  const rows: InboxRow<T>[] = [];
  // Groups keep the order of their most urgent task.
  for (const [key, list] of groups) {
    rows.push({ kind: 'group', key, label: groupLabel(groupBy, key), count: list.length });
    for (const task of list) rows.push({ kind: 'task', task });
  }
  return rows;
}
