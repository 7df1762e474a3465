// The inbox's sorted, filtered list, kept up to date by patching: while the engine is still
// polling thousands of tasks, each change to the list re-sorts only the rows that changed.
import { useMemo, useRef } from 'react';
import type { TaskRow } from '../../shared/task-row';
import { changesBetween } from '../state/row-changes';
import { patchVisibleTasks, retimeVisibleTasks, visibleTasks, type InboxFilter } from './filter';

interface Derived {
  all: readonly TaskRow[];
  filter: InboxFilter;
  now: number;
  claimable: (task: TaskRow) => boolean;
  visible: readonly TaskRow[];
}

/**
 * `visibleTasks(all, filter, now, claimable)`: patched from the last result when only the list
 * changed and the store knows how (changesBetween), or only the clock moved (the rows whose
 * urgency changed move), sorted afresh otherwise (a new filter, a fresh read of the state).
 */
export function useVisibleTasks(
  all: readonly TaskRow[],
  filter: InboxFilter,
  now: number,
  claimable: (task: TaskRow) => boolean,
): readonly TaskRow[] {
  const last = useRef<Derived | null>(null);
  return useMemo(() => {
    const before = last.current;
    const same = before !== null && before.filter === filter && before.claimable === claimable;
    const changes = same && before.now === now ? changesBetween(before.all, all) : null;
    const visible =
      before && changes
        ? patchVisibleTasks(before.visible, changes, all, filter, now, claimable)
        : same && before.all === all
          ? retimeVisibleTasks(before.visible, before.now, now, all, filter, claimable)
          : visibleTasks(all, filter, now, claimable);
    last.current = { all, filter, now, claimable, visible };
    return visible;
  }, [all, filter, now, claimable]);
}
