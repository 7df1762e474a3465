// The windows' task list: every open task as a row (shared/task-row.ts), sent as the changes since
// the last version rather than whole. A poll that changed one task, or a detail read that changed
// none of a row's fields, costs the windows one row or nothing, however long the list is.
import type { Task } from '../../shared/task';
import { taskRow, type TaskRow, type TaskRowChanges } from '../../shared/task-row';

/** Where the rows come from: the engine. */
export interface TaskRowSource {
  tasks(): Task[];
  snoozedUntil(taskId: string): number | null;
}

interface Built {
  snoozedUntil: number | null;
  row: TaskRow;
  /** The row as JSON: two rows are the same when their keys are. */
  key: string;
}

export class TaskRowFeed {
  /** Rows are rebuilt only for task objects the engine replaced (it replaces, never mutates). */
  private readonly built = new WeakMap<Task, Built>();
  /** What the windows have: id → the row as built, at `version`. */
  private readonly sent = new Map<string, Built>();
  private version = 0;

  constructor(
    private readonly source: TaskRowSource,
    private readonly send: (changes: TaskRowChanges) => void,
  ) {}

  private build(task: Task): Built {
    const snoozedUntil = this.source.snoozedUntil(task.id);
    const cached = this.built.get(task);
    if (cached && cached.snoozedUntil === snoozedUntil) return cached;
    const row = taskRow(task, snoozedUntil);
    const fresh = { snoozedUntil, row, key: JSON.stringify(row) };
    this.built.set(task, fresh);
    return fresh;
  }

  /**
   * Sends what changed since the last version, if anything did; returns the rows as they are.
   * Runs on every change the engine makes (each detail read of a 10,000-task first sync), on the
   * thread the windows share: rows unchanged since the last call are recognised by identity, and
   * the ids are gathered into a set only when some task has gone.
   */
  update(): TaskRow[] {
    const tasks = this.source.tasks();
    const rows = new Array<TaskRow>(tasks.length);
    const upsert: TaskRow[] = [];
    for (let i = 0; i < tasks.length; i += 1) {
      const built = this.build(tasks[i] as Task);
      rows[i] = built.row;
      const before = this.sent.get(built.row.id);
      if (before === built) continue;
      this.sent.set(built.row.id, built);
      if (before?.key !== built.key) upsert.push(built.row);
    }
    const remove: string[] = [];
    // Every task's id is in `sent` now: more entries than tasks means some task has gone.
    if (this.sent.size > tasks.length) {
      const listed = new Set(rows.map((row) => row.id));
      for (const id of this.sent.keys()) {
        if (listed.has(id)) continue;
        remove.push(id);
        this.sent.delete(id);
      }
    }
    if (upsert.length > 0 || remove.length > 0) {
      this.version += 1;
      this.send({ version: this.version, upsert, remove });
    }
    return rows;
  }

  /** Every row, and the version later changes count from (for app:state). */
  snapshot(): { rows: TaskRow[]; version: number } {
    const rows = this.update();
    return { rows, version: this.version };
  }
}
