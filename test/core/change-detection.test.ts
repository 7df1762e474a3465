import { describe, expect, it } from 'vitest';
import { diffSnapshot } from '../../electron/core/change-detection';
import type { Task } from '../../shared/task';
import { makeTask } from '../helpers/tasks';

const byId = (tasks: Task[]) => new Map(tasks.map((t) => [t.id, t]));

describe('change detection', () => {
  it('finds new, changed and removed tasks and asks detail only for new or changed', () => {
    const detailed = makeTask('a', '1', {
      detailLoaded: true,
      completion: {
        kind: 'results',
        results: [{ code: 'ok', label: 'OK' }],
        fields: [],
        unavailableReason: null,
      },
    });
    const previous = byId([
      detailed,
      makeTask('a', '2'),
      makeTask('a', '3', { detailLoaded: true }),
    ]);
    const listed = [
      makeTask('a', '1', { overdue: true }),
      makeTask('a', '2', { escalated: true }),
      makeTask('a', '4'),
    ];
    const diff = diffSnapshot(previous, listed);
    expect(diff.added.map((t) => t.id)).toEqual(['a:4']);
    expect(diff.changed.map((t) => t.id)).toEqual(['a:2']);
    expect(diff.removed.map((t) => t.id)).toEqual(['a:3']);
    expect(diff.needDetail.map((t) => t.id)).toEqual(['a:2', 'a:4']);
    // Unchanged task 1 keeps its detail, with the list's overdue flag.
    expect(diff.tasks[0]?.detailLoaded).toBe(true);
    expect(diff.tasks[0]?.completion.results).toHaveLength(1);
    expect(diff.tasks[0]?.overdue).toBe(true);
  });

  it('asks again for detail an earlier poll did not get', () => {
    const diff = diffSnapshot(byId([makeTask('a', '1')]), [makeTask('a', '1')]);
    expect(diff.needDetail.map((t) => t.id)).toEqual(['a:1']);
    expect(diff.changed).toEqual([]);
  });

  it('keeps the task it had while its detail is still to read, unless it was read back from disk', () => {
    const kept = makeTask('a', '1', { raw: { id: '1' } });
    const restored = makeTask('a', '2', { raw: null });
    const listed = [
      makeTask('a', '1', { raw: { id: '1' }, overdue: false }),
      makeTask('a', '2', { raw: { id: '2' } }),
    ];
    const diff = diffSnapshot(byId([kept, restored]), listed);
    expect(diff.tasks[0]).toBe(kept);
    expect(diff.tasks[1]).toBe(listed[1]);
    expect(diff.needDetail).toEqual(diff.tasks);
    const overdue = diffSnapshot(byId([kept]), [makeTask('a', '1', { overdue: true })]);
    expect(overdue.tasks[0]).toEqual({ ...kept, overdue: true });
  });

  it('a steady inbox needs nothing', () => {
    const tasks = [
      makeTask('a', '1', { detailLoaded: true }),
      makeTask('a', '2', { detailLoaded: true }),
    ];
    const diff = diffSnapshot(
      byId(tasks),
      tasks.map((t) => ({ ...t, detailLoaded: false })),
    );
    expect(diff.needDetail).toEqual([]);
    expect(diff.added.length + diff.changed.length + diff.removed.length).toBe(0);
  });
  it('finds a removed task even when the new list names another task twice', () => {
    const previous = new Map([makeTask('a', '1'), makeTask('a', '2')].map((t) => [t.id, t]));
    const diff = diffSnapshot(previous, [makeTask('a', '1'), makeTask('a', '1')]);
    expect(diff.removed.map((t) => t.id)).toEqual(['a:2']);
  });
});
