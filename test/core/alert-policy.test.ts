import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AlertPolicy, TOMBSTONE_MS } from '../../electron/core/alert-policy';
import { FileStateStore } from '../../electron/core/file-state-store';
import type { CorruptState } from '../../electron/core/persisted';
import { MemoryStateStore, type StateStore } from '../../electron/core/ports';
import { DEFAULT_ALERT_PREFERENCES, type AlertPreferences } from '../../shared/alert';
import type { Task } from '../../shared/task';
import { at, makeTask } from '../helpers/tasks';

const HOUR = 3600_000;
const START = Date.parse('2026-11-26T12:00:00Z');

function setup(prefs: Partial<AlertPreferences> = {}, store: StateStore = new MemoryStateStore()) {
  const clock = { now: START };
  const preferences: AlertPreferences = { ...DEFAULT_ALERT_PREFERENCES, ...prefs };
  const corrupt: CorruptState[] = [];
  const make = () =>
    new AlertPolicy({
      store,
      preferences: () => preferences,
      timeZone: 'UTC',
      onCorrupt: (report) => corrupt.push(report),
      now: () => clock.now,
    });
  /** A policy as the engine starts one: its state read back first. */
  const restart = async (accountIds: string[] = ['a']) => {
    await policy.persisted();
    const fresh = make();
    await fresh.load();
    for (const id of accountIds) await fresh.loadAccount(id);
    return fresh;
  };
  const policy = make();
  return { clock, store, preferences, corrupt, policy, make, restart };
}

const inbox = (...tasks: Task[]) => tasks;

describe('alert policy', () => {
  it('summarises the first sync of an account, then stays quiet on the same data', () => {
    const { policy } = setup();
    const tasks = inbox(
      makeTask('a', '1'),
      makeTask('a', '2', { dueAt: at(START - HOUR) }),
      makeTask('a', '3', { escalated: true }),
    );
    const first = policy.observe('a', 'GeoTareas', tasks);
    expect(first).toHaveLength(1);
    expect(first[0]).toMatchObject({
      kind: 'summary',
      title: 'GeoTareas',
      body: '3 open tasks, 1 overdue, 1 escalated',
    });
    expect(first[0]?.taskIds).toEqual(['a:1', 'a:2', 'a:3']);
    expect(policy.observe('a', 'GeoTareas', tasks)).toEqual([]);
  });

  it('alerts a new task once, and never again after a restart', async () => {
    const { policy, restart } = setup();
    policy.observe('a', 'A', inbox(makeTask('a', '1')));
    const tasks = inbox(
      makeTask('a', '1'),
      makeTask('a', '2', { dueAt: at(START + 2 * HOUR), workflowName: 'Alta', stepName: 'Enviar' }),
    );
    const alerts = policy.observe('a', 'A', tasks);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({
      kind: 'new',
      taskIds: ['a:2'],
      title: 'New task: Task 2',
      urgency: 'normal',
    });
    expect(alerts[0]?.body).toContain('Due in 2 h');
    expect(policy.observe('a', 'A', tasks)).toEqual([]);
    const restarted = await restart();
    expect(restarted.observe('a', 'A', tasks)).toEqual([]);
  });

  it('raises one alert for a task that is new and already overdue', () => {
    const { policy, clock } = setup();
    policy.observe('a', 'A', []);
    const task = makeTask('a', '9', { dueAt: at(START - 5 * 60_000) });
    const alerts = policy.observe('a', 'A', [task]);
    expect(alerts.map((a) => a.kind)).toEqual(['overdue']);
    expect(alerts[0]?.urgency).toBe('critical');
    clock.now += HOUR;
    expect(policy.observe('a', 'A', [task])).toEqual([]);
  });

  it('notices a due time passing between polls, by the local clock', () => {
    const { policy, clock } = setup();
    const task = makeTask('a', '1', { dueAt: at(START + 30 * 60_000) });
    policy.observe('a', 'A', [task]);
    const latest = new Map([['a', { name: 'A', tasks: [task] }]]);
    expect(policy.checkDue(latest)).toEqual([]);
    clock.now += 31 * 60_000;
    const due = policy.checkDue(latest);
    expect(due.map((a) => [a.kind, a.taskIds[0]])).toEqual([['overdue', 'a:1']]);
    expect(due[0]?.body).toContain('Was due 1 minute ago');
    expect(policy.checkDue(latest)).toEqual([]);
    expect(policy.observe('a', 'A', [task])).toEqual([]);
  });

  it('alerts an escalation and re-arms when a new deadline is set', () => {
    const { policy, clock } = setup();
    policy.observe('a', 'A', [makeTask('a', '1', { dueAt: at(START - HOUR) })]);
    expect(
      policy
        .observe('a', 'A', [makeTask('a', '1', { dueAt: at(START - HOUR), escalated: true })])
        .map((a) => a.kind),
    ).toEqual(['escalated']);
    // The deadline moves to tomorrow, then passes again: a new overdue.
    policy.observe('a', 'A', [
      makeTask('a', '1', { dueAt: at(START + 24 * HOUR), escalated: true }),
    ]);
    clock.now += 25 * HOUR;
    expect(
      policy
        .observe('a', 'A', [makeTask('a', '1', { dueAt: at(START + 24 * HOUR), escalated: true })])
        .map((a) => a.kind),
    ).toEqual(['overdue']);
  });

  it('folds a burst into one summary', () => {
    const { policy } = setup({ maxAlertsPerCycle: 3 });
    policy.observe('a', 'A', []);
    const burst = ['1', '2', '3', '4', '5'].map((id) => makeTask('a', id));
    const alerts = policy.observe('a', 'A', burst);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ kind: 'summary', body: '5 open tasks' });
    expect(policy.observe('a', 'A', burst)).toEqual([]);
  });

  it('does not call a task new when it comes back within the tombstone window', () => {
    const { policy, clock } = setup();
    policy.observe('a', 'A', [makeTask('a', '1')]);
    policy.observe('a', 'A', []);
    clock.now += HOUR;
    expect(policy.observe('a', 'A', [makeTask('a', '1')])).toEqual([]);
    policy.observe('a', 'A', []);
    clock.now += TOMBSTONE_MS + HOUR;
    policy.observe('a', 'A', []);
    expect(policy.observe('a', 'A', [makeTask('a', '1')]).map((a) => a.kind)).toEqual(['new']);
  });

  it('holds alerts in quiet hours and releases them as one summary afterwards', () => {
    // 22:00 → 07:00 UTC; START is 12:00.
    const { policy, clock } = setup({ quietHours: { startMinute: 22 * 60, endMinute: 7 * 60 } });
    policy.observe('a', 'A', []);
    clock.now = Date.parse('2026-11-26T23:30:00Z');
    const tasks = [makeTask('a', '1'), makeTask('a', '2', { escalated: true })];
    expect(policy.observe('a', 'A', tasks)).toEqual([]);
    expect(policy.heldCounts()).toEqual({ quiet: 2, paused: 0, muted: 0, snoozed: 0 });
    const open = new Map(tasks.map((t) => [t.id, t]));
    expect(policy.release(open)).toEqual([]);
    clock.now = Date.parse('2026-11-27T07:05:00Z');
    const released = policy.release(open);
    expect(released).toHaveLength(1);
    expect(released[0]).toMatchObject({
      kind: 'summary',
      title: 'While notifications were held',
      body: '2 open tasks, 1 escalated',
    });
    expect(policy.heldCounts().quiet).toBe(0);
    expect(policy.observe('a', 'A', tasks)).toEqual([]);
  });

  it('holds a muted account’s alerts and counts them', () => {
    const { policy, preferences } = setup({ mutedAccounts: ['a'] });
    expect(policy.observe('a', 'A', [makeTask('a', '1')])).toEqual([]);
    expect(policy.observe('a', 'A', [makeTask('a', '1'), makeTask('a', '2')])).toEqual([]);
    expect(policy.heldCounts().muted).toBe(1);
    preferences.mutedAccounts = [];
    const out = policy.release(new Map([['a:2', makeTask('a', '2')]]));
    expect(out.map((a) => a.taskIds)).toEqual([['a:2']]);
  });

  it('holds a snoozed task and reminds when the snooze ends', () => {
    const { policy, clock } = setup();
    const task = makeTask('a', '1', { dueAt: at(START + 10 * 60_000) });
    policy.observe('a', 'A', [task]);
    policy.snooze(task, START + HOUR);
    clock.now += 20 * 60_000;
    expect(policy.checkDue(new Map([['a', { name: 'A', tasks: [task] }]]))).toEqual([]);
    expect(policy.heldCounts().snoozed).toBe(1);
    expect(policy.snoozedUntil(task.id)).toBe(START + HOUR);
    expect(policy.release(new Map([[task.id, task]]))).toEqual([]);
    clock.now = START + HOUR + 1;
    const out = policy.release(new Map([[task.id, task]]));
    expect(out.map((a) => [a.kind, a.title])).toEqual([['reminder', 'Reminder: Task 1']]);
    expect(policy.heldCounts().snoozed).toBe(0);
    expect(policy.snoozedUntil(task.id)).toBeNull();
  });

  it('drops held alerts for tasks that left the inbox', () => {
    const { policy } = setup({ pausedUntil: START + HOUR });
    policy.observe('a', 'A', []);
    policy.observe('a', 'A', [makeTask('a', '1')]);
    expect(policy.heldCounts().paused).toBe(1);
    policy.observe('a', 'A', []);
    expect(policy.heldCounts().paused).toBe(0);
  });

  it('keeps a corrupt state aside, reports it and starts clean', async () => {
    const store = new MemoryStateStore();
    await store.write('alerts/held', { version: 1, accounts: 'garbage' });
    store.putRaw('seen/a', '{"version": 1, "initiali');
    const { restart, corrupt } = setup({}, store);
    const policy = await restart();
    expect(corrupt.map((c) => c.key)).toEqual(['alerts/held', 'seen/a']);
    expect(await store.read(corrupt[0]?.keptAs ?? '')).toEqual({ version: 1, accounts: 'garbage' });
    expect(store.raw(corrupt[1]?.keptAs ?? '')).toBe('{"version": 1, "initiali');
    expect(corrupt[1]?.problem).toBe('not valid JSON');
    expect(policy.observe('a', 'A', [makeTask('a', '1')])[0]?.kind).toBe('summary');
  });

  it('skips kinds the user turned off', () => {
    const { policy } = setup({ kinds: { new: false, overdue: true, escalated: true } });
    policy.observe('a', 'A', []);
    expect(policy.observe('a', 'A', [makeTask('a', '1')])).toEqual([]);
    expect(
      policy.observe('a', 'A', [makeTask('a', '1', { escalated: true })]).map((a) => a.kind),
    ).toEqual(['escalated']);
  });
  it('saves a thousand-task seen-state in slices, with every decision on disk once persisted', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tasktray-seen-'));
    const { policy, restart } = setup({}, new FileStateStore(dir));
    const tasks = Array.from({ length: 1_000 }, (_, i) => makeTask('a', String(i)));
    policy.observe('a', 'A', tasks);
    // Decisions while the first save is still being written: each lands, the last one whole.
    const added = [makeTask('a', 'late-1'), makeTask('a', 'late-2')];
    expect(policy.observe('a', 'A', [...tasks, added[0] as Task])).toHaveLength(1);
    expect(policy.observe('a', 'A', [...tasks, ...added])).toHaveLength(1);
    const restarted = await restart();
    expect(restarted.observe('a', 'A', [...tasks, ...added])).toEqual([]);
    const onDisk = JSON.parse(readFileSync(join(dir, 'seen', 'a.json'), 'utf8')) as {
      tasks: Record<string, unknown>;
    };
    expect(Object.keys(onDisk.tasks)).toHaveLength(1_002);
  });

  it('keeps saving after one save failed', async () => {
    const store = new MemoryStateStore();
    const { policy, restart } = setup({}, store);
    let failNext = true;
    // Whichever way the store is asked to write (at once, or in slices), the first seen-state
    // write fails.
    const failingOnce =
      (write: (key: string, value: unknown) => Promise<void>) => (key: string, value: unknown) => {
        if (failNext && key.startsWith('seen/')) {
          failNext = false;
          return Promise.reject(new Error('disk full'));
        }
        return write(key, value);
      };
    store.write = failingOnce(store.write.bind(store));
    store.writePaced = failingOnce(store.writePaced.bind(store));
    policy.observe('a', 'A', [makeTask('a', '1')]);
    await expect(policy.persisted()).rejects.toThrow('disk full');
    expect(policy.observe('a', 'A', [makeTask('a', '1'), makeTask('a', '2')])).toHaveLength(1);
    const restarted = await restart();
    expect(restarted.observe('a', 'A', [makeTask('a', '1'), makeTask('a', '2')])).toEqual([]);
  });
});
