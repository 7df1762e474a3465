// What changed between two polls of one account, so details are fetched only for tasks that are
// new or changed, and detail already fetched is carried over for the rest.
import type { Task } from '../../shared/task';

/**
 * Whether the list fields that mean "the task itself changed" are the same (not `overdue`: the
 * clock moves that). Compared field by field: this runs for every task on every poll.
 */
export function sameListFields(a: Task, b: Task): boolean {
  return (
    a.status === b.status &&
    a.rawStatus === b.rawStatus &&
    a.updatedAt === b.updatedAt &&
    a.dueAt === b.dueAt &&
    a.escalated === b.escalated &&
    a.priority === b.priority &&
    a.assignee?.id === b.assignee?.id &&
    a.group?.id === b.group?.id &&
    a.title === b.title &&
    a.stepName === b.stepName
  );
}

export interface SnapshotDiff {
  /** The new list, with detail carried over from the previous snapshot where nothing changed. */
  tasks: Task[];
  added: Task[];
  changed: Task[];
  removed: Task[];
  /** Tasks whose detail must be (re)fetched. */
  needDetail: Task[];
}

export function diffSnapshot(previous: ReadonlyMap<string, Task>, listed: Task[]): SnapshotDiff {
  const added: Task[] = [];
  const changed: Task[] = [];
  const needDetail: Task[] = [];
  const seen = new Set<string>();
  // Tasks of the previous list seen again, each once: all of them (the usual poll) means none left.
  let again = 0;
  const tasks = listed.map((task) => {
    const size = seen.size;
    seen.add(task.id);
    const before = previous.get(task.id);
    if (before && seen.size !== size) again += 1;
    if (!before) {
      added.push(task);
      if (!task.detailLoaded) needDetail.push(task);
      return task;
    }
    if (!sameListFields(before, task)) {
      changed.push(task);
      if (!task.detailLoaded) needDetail.push(task);
      return task;
    }
    if (task.detailLoaded) return task;
    if (!before.detailLoaded) {
      // Unchanged, and as the list gave it before (its raw record too, unless read back from
      // disk): kept, so a backlog's every poll does not replace a thousand tasks the collector
      // then has to move and free (its longest pauses of the thread).
      const kept =
        before.raw === null && task.raw !== null
          ? task
          : before.overdue === task.overdue
            ? before
            : { ...before, overdue: task.overdue };
      // An earlier poll could not fetch it (capped, or it failed): try again.
      needDetail.push(kept);
      return kept;
    }
    // Unchanged: keep what the detail call gave, with the list's fresh overdue flag.
    return before.overdue === task.overdue ? before : { ...before, overdue: task.overdue };
  });
  const removed =
    again === previous.size ? [] : [...previous.values()].filter((task) => !seen.has(task.id));
  return { tasks, added, changed, removed, needDetail };
}
