// The windows' task list as rows, sent as changes: what changes a row, what does not, and that the
// changes rebuild exactly the list main has.
import { describe, expect, it } from 'vitest';
import { cachedRowsJson, TaskRowFeed } from '../../electron/app/task-rows';
import type { Task } from '../../shared/task';
import {
  applyRowChanges,
  fromWireRow,
  taskRow,
  withRow,
  type TaskRowChanges,
  type WireTaskRow,
} from '../../shared/task-row';
import { makeTask } from '../helpers/tasks';

function feed(initial: Task[]) {
  const source = { list: initial, snoozes: new Map<string, number>() };
  const sent: TaskRowChanges[] = [];
  const rows = new TaskRowFeed(
    { tasks: () => source.list, snoozedUntil: (id) => source.snoozes.get(id) ?? null },
    (changes) => sent.push(changes),
  );
  return { source, sent, rows };
}

describe('the task list as rows', () => {
  it('carries what a row shows and no detail: no form, steps, logs or vendor record', () => {
    const task = makeTask('acme', '1', {
      webUrl: 'https://example.test/task/1',
      raw: { secretish: 'vendor record' },
      completion: {
        kind: 'form',
        results: [{ code: 'ok', label: 'OK' }],
        fields: [],
        unavailableReason: null,
      },
    });
    const row = taskRow(task, 1_700_000_000_000);
    expect(row).toMatchObject({
      id: 'acme:1',
      completionKind: 'form',
      hasWebUrl: true,
      snoozedUntil: 1_700_000_000_000,
    });
    for (const detail of ['raw', 'completion', 'previousSteps', 'logs', 'locator', 'webUrl'])
      expect(row).not.toHaveProperty(detail);
    // The detail, kept current by its row.
    const moved = { ...row, title: 'Renamed', escalated: true };
    expect(withRow(task, moved)).toEqual({ ...task, title: 'Renamed', escalated: true });
  });

  it('sends only rows that changed: a detail read that changes no row field sends nothing', () => {
    const a = makeTask('acme', 'a');
    const b = makeTask('acme', 'b');
    const { source, sent, rows } = feed([a, b]);
    const first = rows.snapshot();
    expect(first.rows.map((r) => r.id)).toEqual(['acme:a', 'acme:b']);
    expect(sent).toEqual([{ version: 1, upsert: first.rows, remove: [] }]);

    // Detail arrived for b: a new object, but the same row.
    source.list = [
      a,
      { ...b, detailLoaded: true, logs: [{ at: null, level: 'info', message: 'x' }] },
    ];
    rows.update();
    expect(sent).toHaveLength(1);

    // b escalates, c is new, a is gone: one change, at the next version.
    const c = makeTask('acme', 'c');
    source.list = [{ ...b, escalated: true }, c];
    rows.update();
    expect(sent).toHaveLength(2);
    expect(sent[1]?.version).toBe(2);
    expect(sent[1]?.upsert.map((r) => [r.id, r.escalated])).toEqual([
      ['acme:b', true],
      ['acme:c', false],
    ]);
    expect(sent[1]?.remove).toEqual(['acme:a']);
    expect(rows.snapshot().version).toBe(2);
  });

  it('marks a snoozed task in its row, and sends that as a change', () => {
    const a = makeTask('acme', 'a');
    const { source, sent, rows } = feed([a]);
    rows.update();
    source.snoozes.set('acme:a', 1_800_000_000_000);
    rows.update();
    expect(sent.at(-1)?.upsert).toEqual([
      expect.objectContaining({ id: 'acme:a', snoozedUntil: 1_800_000_000_000 }),
    ]);
    expect(rows.snapshot().rows[0]?.snoozedUntil).toBe(1_800_000_000_000);
  });

  it('changes applied in order rebuild the list main has', () => {
    const tasks = Array.from({ length: 6 }, (_, i) => makeTask('acme', String(i)));
    const { source, sent, rows } = feed(tasks.slice(0, 4));
    let windowRows = rows.snapshot().rows;
    const from = sent.length;
    source.list = [tasks[1], tasks[5], { ...tasks[2], title: 'Changed' }, tasks[4]].filter(
      (t): t is Task => t !== undefined,
    );
    rows.update();
    source.list = source.list.slice(1);
    rows.update();
    for (const changes of sent.slice(from)) windowRows = applyRowChanges(windowRows, changes);
    const sorted = (list: { id: string }[]) => list.map((r) => r.id).sort();
    expect(sorted(windowRows)).toEqual(sorted(rows.snapshot().rows));
    expect(windowRows.find((r) => r.id === 'acme:2')?.title).toBe('Changed');
  });

  it('gives the rows as they travel, with their JSON, the same until the list changes', () => {
    const tasks = Array.from({ length: 3 }, (_, i) => makeTask('acme', String(i)));
    const { source, rows } = feed(tasks);
    const first = rows.wireSnapshot();
    expect(first.rows.map(fromWireRow)).toEqual(rows.snapshot().rows);
    expect(first.json()).toBe(JSON.stringify(first.rows));
    expect(cachedRowsJson(first.rows)).toBe(JSON.stringify(first.rows));
    expect(cachedRowsJson([...first.rows])).toBeNull();
    // A detail read that changes no row: the same arrays and JSON.
    source.list = [{ ...tasks[0], detailLoaded: true } as Task, ...tasks.slice(1)];
    expect(rows.wireSnapshot()).toBe(first);
    // A change: new ones, at the new version.
    source.list = [{ ...tasks[0], title: 'Renamed' } as Task, ...tasks.slice(1)];
    const second = rows.wireSnapshot();
    expect(second).not.toBe(first);
    expect(second.version).toBe(first.version + 1);
    expect(fromWireRow(second.rows[0] as WireTaskRow).title).toBe('Renamed');
    expect(JSON.parse(second.json())).toEqual(second.rows);
  });
});
