// The inbox's order, filters, groups and search, without a browser.
import { describe, expect, it } from 'vitest';
import { msToInstant } from '../../electron/core/time';
import {
  EMPTY_FILTER,
  inboxRows,
  isFiltered,
  urgencyOf,
  visibleTasks,
} from '../../renderer/inbox/filter';
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
