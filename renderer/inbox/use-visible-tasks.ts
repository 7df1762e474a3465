// The inbox's sorted, filtered list, kept up to date by patching: while the engine is still
// polling thousands of tasks, each change to the list re-sorts only the rows that changed.
import { useMemo, useRef } from 'react';
import type { TaskRow } from '../../shared/task-row';
import { changesBetween } from '../state/row-changes';
import { patchVisibleTasks, visibleTasks, type InboxFilter } from './filter';

interface Derived {
  all: readonly TaskRow[];
  filter: InboxFilter;
  now: number;
  claimable: (task: TaskRow) => boolean;
  visible: TaskRow[];
}

/**
 * `visibleTasks(all, filter, now, claimable)`: patched from the last result when only the list
 * changed and the store knows how (changesBetween), sorted afresh otherwise (a new filter, a
 * clock tick, a fresh read of the state).
 */
export function useVisibleTasks(
  all: readonly TaskRow[],
  filter: InboxFilter,
  now: number,
  claimable: (task: TaskRow) => boolean,
): TaskRow[] {
  const last = useRef<Derived | null>(null);
  return useMemo(() => {
    const before = last.current;
    const changes =
      before && before.filter === filter && before.now === now && before.claimable === claimable
        ? changesBetween(before.all, all)
        : null;
    const visible =
      before && changes
        ? patchVisibleTasks(before.visible, changes, all, filter, now, claimable)
        : visibleTasks(all, filter, now, claimable);
    last.current = { all, filter, now, claimable, visible };
    return visible;
  }, [all, filter, now, claimable]);
}
