// The inbox's order, filters, groups and search, without a browser.
import { describe, expect, it } from 'vitest';
import { msToInstant } from '../../electron/core/time';
import {
  EMPTY_FILTER,
  inboxRows,
  isFiltered,
  patchVisibleTasks,
  retimeVisibleTasks,
  urgencyOf,
  visibleTasks,
} from '../../renderer/inbox/filter';
import { applyRowChanges, taskRow, type TaskRow } from '../../shared/task-row';
import type { Task } from '../../shared/task';
import { compareUrgency } from '../../shared/urgency';
import { makeTask } from '../helpers/tasks';

const NOW = Date.parse('2026-03-10T12:00:00Z');
const HOUR = 3_600_000;

const tasks = [
  makeTask('acme', '1', { title: 'Old normal', createdAt: msToInstant(NOW - 5 * HOUR) }),
  makeTask('acme', '2', { title: 'New normal', createdAt: msToInstant(NOW - HOUR) }),
  makeTask('acme', '3', { title: 'Past due', dueAt: msToInstant(NOW - 60_000) }),
  makeTask('beta', '4', {
    title: 'Escalated one',
    vendor: 'uipath',
    escalated: true,
    entity: { type: 'INVOICE', id: 'INV-20931', label: 'Northwind invoice' },
  }),
  makeTask('beta', '5', {
    title: 'Critical',
    vendor: 'uipath',
    priority: 'critical',
    status: 'in_progress',
  }),
];

describe('inbox order and filters', () => {
  it('"mine only" leaves out the tasks the user could claim', () => {
    const claimable = (task: Task) => task.vendorTaskId === '4';
    const mine = visibleTasks(tasks, { ...EMPTY_FILTER, mineOnly: true }, NOW, claimable);
    expect(mine.map((t) => t.title)).not.toContain('Escalated one');
    expect(mine).toHaveLength(tasks.length - 1);
    expect(isFiltered({ ...EMPTY_FILTER, mineOnly: true })).toBe(true);
    expect(visibleTasks(tasks, EMPTY_FILTER, NOW, claimable)).toHaveLength(tasks.length);
  });

  it('puts overdue, then escalated, then by priority, then the longest waiting first', () => {
    const order = visibleTasks(tasks, EMPTY_FILTER, NOW).map((t) => t.title);
    expect(order).toEqual(['Past due', 'Escalated one', 'Critical', 'Old normal', 'New normal']);
  });

  it('sorts a task due in 43 min (due soon) above tasks due in 6 h, and by due time', () => {
    const list = [
      makeTask('acme', 'a', { title: 'In 6 h', dueAt: msToInstant(NOW + 6 * HOUR) }),
      makeTask('acme', 'b', { title: 'No due time', priority: 'critical' }),
      makeTask('acme', 'c', { title: 'In 43 min', dueAt: msToInstant(NOW + 43 * 60_000) }),
      makeTask('acme', 'd', { title: 'In 3 h', dueAt: msToInstant(NOW + 3 * HOUR) }),
    ];
    expect(visibleTasks(list, EMPTY_FILTER, NOW).map((t) => t.title)).toEqual([
      'In 43 min',
      'In 3 h',
      'In 6 h',
      'No due time',
    ]);
    expect(urgencyOf(list[2] as Task, NOW)).toBe('soon');
    expect(urgencyOf(list[0] as Task, NOW)).toBe('normal');
    const soon = visibleTasks(list, { ...EMPTY_FILTER, dueSoonOnly: true }, NOW);
    expect(soon.map((t) => t.title)).toEqual(['In 43 min']);
  });

  it('counts a task overdue by the local clock even before the vendor says so', () => {
    const overdue = visibleTasks(tasks, { ...EMPTY_FILTER, overdueOnly: true }, NOW);
    expect(overdue.map((t) => t.title)).toEqual(['Past due']);
    // Half a minute earlier it was not due yet.
    expect(visibleTasks(tasks, { ...EMPTY_FILTER, overdueOnly: true }, NOW - 2 * 60_000)).toEqual(
      [],
    );
  });

  it('filters by account, vendor, status and escalation', () => {
    const pick = (f: Partial<typeof EMPTY_FILTER>) =>
      visibleTasks(tasks, { ...EMPTY_FILTER, ...f }, NOW).map((t) => t.vendorTaskId);
    expect(pick({ accountId: 'beta' })).toEqual(['4', '5']);
    expect(pick({ vendor: 'geotareas' })).toEqual(['3', '1', '2']);
    expect(pick({ status: 'in_progress' })).toEqual(['5']);
    expect(pick({ escalatedOnly: true })).toEqual(['4']);
  });

  it('searches every word in title, entity and ids, case-insensitively', () => {
    const search = (text: string) =>
      visibleTasks(tasks, { ...EMPTY_FILTER, search: text }, NOW).map((t) => t.vendorTaskId);
    expect(search('northwind')).toEqual(['4']);
    expect(search('inv-20931')).toEqual(['4']);
    expect(search('normal new')).toEqual(['2']);
    expect(search('nothing like this')).toEqual([]);
    expect(isFiltered({ ...EMPTY_FILTER, search: '  ' })).toBe(false);
    expect(isFiltered({ ...EMPTY_FILTER, search: 'x' })).toBe(true);
  });

  it('groups under headers that keep the order of their most urgent task', () => {
    const sorted = visibleTasks(tasks, EMPTY_FILTER, NOW);
    const rows = inboxRows(sorted, 'account', (_by, key) => key.toUpperCase());
    expect(
      rows.map((r) => (r.kind === 'group' ? `[${r.label} ${r.count}]` : r.task.vendorTaskId)),
    ).toEqual(['[ACME 3]', '3', '1', '2', '[BETA 2]', '4', '5']);
    expect(inboxRows(sorted, 'none', () => '')).toHaveLength(5);
  });

  // Its speed is a figure in bench/inbox-filter.bench.ts (`npm run bench`), not a timed test.
  it('finds and orders the matches among 5,000 tasks', () => {
    const many = Array.from({ length: 5_000 }, (_, i) =>
      makeTask(`acct-${i % 7}`, String(i), {
        title: `Task number ${i}`,
        dueAt: msToInstant(NOW + ((i % 50) - 10) * HOUR),
        escalated: i % 97 === 0,
      }),
    );
    const result = visibleTasks(many, { ...EMPTY_FILTER, search: 'number 4' }, NOW);
    expect(result.length).toBeGreaterThan(1_000);
    expect(result).toEqual([...result].sort(compareUrgency(NOW)));
  });
});

describe('patching a change into the sorted list', () => {
  // A small deterministic generator: the same lists on every run.
  function random(seed: number): () => number {
    let state = seed;
    return () => {
      state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
      return state / 2_147_483_648;
    };
  }
  const PRIORITIES = [null, 'low', 'normal', 'high', 'critical'] as const;
  function randomTask(next: () => number, id: number): TaskRow {
    // Few distinct due and created times: ties are common, so the ids must break them.
    const due = next() < 0.2 ? null : msToInstant(NOW + Math.floor(next() * 8 - 3) * HOUR);
    const task = makeTask(next() < 0.5 ? 'acme' : 'beta', String(id), {
      title: `Task ${id}${next() < 0.3 ? ' invoice' : ''}`,
      dueAt: due,
      createdAt: next() < 0.3 ? null : msToInstant(NOW - Math.floor(next() * 3) * HOUR),
      priority: PRIORITIES[Math.floor(next() * PRIORITIES.length)] ?? null,
      escalated: next() < 0.1,
      overdue: next() < 0.05,
      status: next() < 0.8 ? 'open' : 'in_progress',
    });
    return taskRow(task, null);
  }
  const FILTERS = [
    EMPTY_FILTER,
    { ...EMPTY_FILTER, search: 'invoice' },
    { ...EMPTY_FILTER, accountId: 'beta', dueSoonOnly: true },
    { ...EMPTY_FILTER, mineOnly: true },
  ];
  const claimable = (task: TaskRow) => task.vendorTaskId.endsWith('7');

  it('gives the order a full sort gives, for additions, changes and removals', () => {
    const next = random(42);
    for (const filter of FILTERS) {
      for (let round = 0; round < 25; round += 1) {
        const before = Array.from({ length: 60 }, (_, i) => randomTask(next, i));
        const sorted = visibleTasks(before, filter, NOW, claimable);
        const upsert = Array.from({ length: 1 + Math.floor(next() * 8) }, () =>
          // Existing ids (a changed task) and new ones (an added task).
          randomTask(next, Math.floor(next() * 80)),
        );
        const byId = new Map(upsert.map((task) => [task.id, task]));
        const remove = before
          .filter((task) => !byId.has(task.id) && next() < 0.05)
          .map((task) => task.id);
        const after = applyRowChanges(before, { upsert: [...byId.values()], remove });
        const changes = { upsert: [...byId.values()], remove };
        const patched = patchVisibleTasks(sorted, changes, after, filter, NOW, claimable);
        expect(patched.map((task) => task.id)).toEqual(
          visibleTasks(after, filter, NOW, claimable).map((task) => task.id),
        );
      }
    }
  });

  it('gives the order a full sort gives when the clock moves, and the same list when none moved', () => {
    const next = random(7);
    const filters = [...FILTERS, { ...EMPTY_FILTER, overdueOnly: true }];
    for (const filter of filters) {
      for (let round = 0; round < 25; round += 1) {
        const all = Array.from({ length: 80 }, (_, i) => randomTask(next, i));
        const before = NOW + Math.floor(next() * 4 * HOUR);
        const later = before + Math.floor(next() * 3 * HOUR);
        const sorted = visibleTasks(all, filter, before, claimable);
        const retimed = retimeVisibleTasks(sorted, before, later, all, filter, claimable);
        expect(retimed.map((task) => task.id)).toEqual(
          visibleTasks(all, filter, later, claimable).map((task) => task.id),
        );
      }
    }
    // A tick that moves no task across an urgency band: the very list it was given.
    const all = [makeTask('acme', '1', { dueAt: msToInstant(NOW + 10 * HOUR) })].map((task) =>
      taskRow(task, null),
    );
    const sorted = visibleTasks(all, EMPTY_FILTER, NOW);
    expect(retimeVisibleTasks(sorted, NOW, NOW + 15_000, all, EMPTY_FILTER)).toBe(sorted);
  });

  it('leaves the list it was given as it was', () => {
    const sorted = visibleTasks(tasks, EMPTY_FILTER, NOW);
    const copy = [...sorted];
    const changed = makeTask('acme', '1', { dueAt: msToInstant(NOW - HOUR) });
    patchVisibleTasks(sorted, { upsert: [changed], remove: ['acme:3'] }, tasks, EMPTY_FILTER, NOW);
    expect(sorted).toEqual(copy);
  });
});
