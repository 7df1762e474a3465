// How the window's task list was made from an earlier one: the changes a view patches in.
import { describe, expect, it } from 'vitest';
import { msToInstant } from '../../electron/core/time';
import { EMPTY_FILTER, patchVisibleTasks, visibleTasks } from '../../renderer/inbox/filter';
import { applyTracked, changesBetween } from '../../renderer/state/row-changes';
import { applyRowChanges, taskRow, type TaskRow } from '../../shared/task-row';
import { makeTask } from '../helpers/tasks';

const NOW = Date.parse('2026-03-10T12:00:00Z');
const HOUR = 3_600_000;

function row(id: string, dueInHours: number | null): TaskRow {
  return taskRow(
    makeTask('acme', id, {
      title: `Task ${id}`,
      dueAt: dueInHours === null ? null : msToInstant(NOW + dueInHours * HOUR),
    }),
    null,
  );
}

const byId = (rows: readonly TaskRow[]) => new Map(rows.map((r) => [r.id, r]));

describe('changes between two lists', () => {
  const first = [row('1', 5), row('2', null), row('3', -1), row('4', 1)];
  const second = applyTracked(first, { upsert: [row('2', 0.5), row('5', 3)], remove: ['acme:3'] });
  const third = applyTracked(second, { upsert: [row('3', 2)], remove: ['acme:5', 'acme:1'] });
  const fourth = applyTracked(third, { upsert: [row('1', -2)], remove: [] });

  it('gives the one change that made a list', () => {
    expect(changesBetween(first, second)).toEqual({
      upsert: [row('2', 0.5), row('5', 3)],
      remove: ['acme:3'],
    });
  });

  it('folds several changes into one that makes the same rows', () => {
    const folded = changesBetween(first, fourth);
    if (!folded) throw new Error('the lists are related');
    expect(byId(applyRowChanges(first, folded))).toEqual(byId(fourth));
    // A row gone and back is an upsert; one added and gone again is a removal.
    expect(folded.remove).toContain('acme:5');
    expect(folded.upsert.map((r) => r.id).sort()).toEqual(['acme:1', 'acme:2', 'acme:3']);
  });

  it('lets the sorted list be patched to the order a full sort gives', () => {
    const sorted = visibleTasks(first, EMPTY_FILTER, NOW);
    const folded = changesBetween(first, fourth);
    if (!folded) throw new Error('the lists are related');
    const patched = patchVisibleTasks(sorted, folded, fourth, EMPTY_FILTER, NOW);
    expect(patched.map((r) => r.id)).toEqual(
      visibleTasks(fourth, EMPTY_FILTER, NOW).map((r) => r.id),
    );
  });

  it('knows nothing of lists not made by changes from the other', () => {
    expect(changesBetween(first, [...fourth])).toBeNull();
    expect(changesBetween(fourth, first)).toBeNull();
  });
});
