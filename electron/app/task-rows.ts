// The windows' task list: every open task as a row (shared/task-row.ts), sent as the changes since
// the last version rather than whole. A poll that changed one task, or a detail read that changed
// none of a row's fields, costs the windows one row or nothing, however long the list is.
import type { Task } from '../../shared/task';
import {
  taskRow,
  toWireRow,
  type TaskRow,
  type TaskRowChanges,
  type WireTaskRow,
} from '../../shared/task-row';

/** Where the rows come from: the engine. */
export interface TaskRowSource {
  tasks(): Task[];
  snoozedUntil(taskId: string): number | null;
}

interface Built {
  snoozedUntil: number | null;
  row: TaskRow;
  /** The row as it travels to the windows. */
  wire: WireTaskRow;
  /** `wire` as JSON: two rows are the same when their keys are. */
  key: string;
}

/** Every row as it travels, and as JSON, at one version of the list (see `wireSnapshot`). */
export interface WireRows {
  version: number;
  rows: WireTaskRow[];
  /** `JSON.stringify(rows)`, joined from each row's own JSON when first asked for. */
  json(): string;
}

/** The JSON of a `WireRows.rows` array the feed gave out, for a transport that writes JSON. */
const jsonOfRows = new WeakMap<readonly WireTaskRow[], () => string>();

/**
 * `JSON.stringify(rows)` for the rows of a TaskRowFeed snapshot without serialising them again
 * (each row's JSON is kept while it is unchanged), else null.
 */
export function cachedRowsJson(rows: unknown): string | null {
  if (!Array.isArray(rows)) return null;
  return jsonOfRows.get(rows)?.() ?? null;
}

export class TaskRowFeed {
  /** Rows are rebuilt only for task objects the engine replaced (it replaces, never mutates). */
  private readonly built = new WeakMap<Task, Built>();
  /** What the windows have: id → the row as built, at `version`. */
  private readonly sent = new Map<string, Built>();
  private version = 0;
  /** The last wire snapshot: the same arrays until the list changes. */
  private wire: WireRows | null = null;
  private builtList: Built[] = [];

  constructor(
    private readonly source: TaskRowSource,
    private readonly send: (changes: TaskRowChanges) => void,
  ) {}

  private build(task: Task): Built {
    const snoozedUntil = this.source.snoozedUntil(task.id);
    const cached = this.built.get(task);
    if (cached && cached.snoozedUntil === snoozedUntil) return cached;
    const row = taskRow(task, snoozedUntil);
    const wire = toWireRow(row);
    const fresh = { snoozedUntil, row, wire, key: JSON.stringify(wire) };
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
    const builtList = new Array<Built>(tasks.length);
    const upsert: TaskRow[] = [];
    for (let i = 0; i < tasks.length; i += 1) {
      const built = this.build(tasks[i] as Task);
      rows[i] = built.row;
      builtList[i] = built;
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
    this.builtList = builtList;
    if (upsert.length > 0 || remove.length > 0) {
      this.version += 1;
      this.wire = null;
      this.send({ version: this.version, upsert, remove });
    }
    return rows;
  }

  /**
   * Every row as it travels (app:state), and the version later changes count from. A window's
   * load between two changes gets the arrays and JSON already made: answering it costs no
   * serialising of thousands of rows on the thread the engine and the windows share.
   */
  wireSnapshot(): WireRows {
    this.update();
    if (this.wire && this.wire.version === this.version) return this.wire;
    const built = this.builtList;
    const rows = built.map((entry) => entry.wire);
    let json: string | null = null;
    const rowsJson = () => (json ??= `[${built.map((entry) => entry.key).join(',')}]`);
    jsonOfRows.set(rows, rowsJson);
    this.wire = { version: this.version, rows, json: rowsJson };
    return this.wire;
  }

  /** Every row, and the version later changes count from (for app:state). */
  snapshot(): { rows: TaskRow[]; version: number } {
    const rows = this.update();
    return { rows, version: this.version };
  }
}
