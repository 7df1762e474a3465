// How each task list the window holds was made from the one before it, so views can patch what
// they derive from it (the sorted, filtered list) rather than derive it again from every row.
import { applyRowChanges, type TaskRow, type TaskRowChanges } from '../../shared/task-row';

/** Rows added or changed, and ids gone: what turns one list into a later one. */
export type RowDelta = Pick<TaskRowChanges, 'upsert' | 'remove'>;

const madeFrom = new WeakMap<readonly TaskRow[], { from: readonly TaskRow[]; changes: RowDelta }>();
/** Changes folded together at most: a view further behind than that derives its list afresh. */
const FOLD_LIMIT = 16;

/**
 * What turned `from` into `to` when `to` was made from it by changes (directly or over a few
 * steps, folded into one), else null (a fresh read of the state, or too far apart).
 */
export function changesBetween(from: readonly TaskRow[], to: readonly TaskRow[]): RowDelta | null {
  const steps: RowDelta[] = [];
  let at = to;
  while (at !== from) {
    const made = madeFrom.get(at);
    if (!made || steps.length >= FOLD_LIMIT) return null;
    steps.push(made.changes);
    at = made.from;
  }
  if (steps.length === 1) return steps[0] ?? null;
  const upsert = new Map<string, TaskRow>();
  const remove = new Set<string>();
  for (const step of steps.reverse()) {
    for (const row of step.upsert) {
      upsert.set(row.id, row);
      remove.delete(row.id);
    }
    for (const id of step.remove) {
      upsert.delete(id);
      remove.add(id);
    }
  }
  return { upsert: [...upsert.values()], remove: [...remove] };
}

/** `applyRowChanges`, remembering how the new list was made (for `changesBetween`). */
export function applyTracked(rows: readonly TaskRow[], changes: RowDelta): TaskRow[] {
  const next = applyRowChanges(rows, changes);
  madeFrom.set(next, { from: rows, changes });
  return next;
}
