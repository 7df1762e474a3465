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
  /** What the windows have: id → key, at `version`. */
  private sent = new Map<string, string>();
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

  /** Sends what changed since the last version, if anything did; returns the rows as they are. */
  update(): TaskRow[] {
    const rows: TaskRow[] = [];
    const upsert: TaskRow[] = [];
    const now = new Map<string, string>();
    for (const task of this.source.tasks()) {
      const { row, key } = this.build(task);
      rows.push(row);
      now.set(row.id, key);
      if (this.sent.get(row.id) !== key) upsert.push(row);
    }
    const remove = [...this.sent.keys()].filter((id) => !now.has(id));
    this.sent = now;
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
