// Decides which alerts to raise: each (task, kind) once, ever — across polls, restarts and crashes —
// with the first sync of an account summarised, bursts coalesced, and quiet hours, pauses, muted
// accounts and snoozed tasks holding alerts (counted, released later) rather than losing them.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import {
  AlertKindSchema,
  type Alert,
  type AlertKind,
  type AlertPreferences,
  type HeldCounts,
} from '../../shared/alert';
import type { Language } from '../../shared/appearance';
import { translator } from '../../shared/i18n/translate';
import { instantToMs, type Task } from '../../shared/task';
import { describeTaskAlert, summarise } from './alert-text';
import { loadPersisted, type CorruptionReporter } from './persisted';
import type { StateStore } from './ports';
import { msToInstant } from './time';

/** A task gone from the inbox is remembered this long, so its return is not "new" again. */
export const TOMBSTONE_MS = 7 * 24 * 3600_000;

const URGENCY: Record<AlertKind, Alert['urgency']> = {
  new: 'normal',
  overdue: 'critical',
  escalated: 'critical',
};
/** One alert per task per cycle: the most urgent kind speaks for the others. */
const KIND_ORDER: AlertKind[] = ['escalated', 'overdue', 'new'];

/**
 * Per task, compact because it is rewritten on every change of a large inbox:
 * [alerted kinds as bits, the due time they were judged against, when it left the inbox].
 */
const TaskSeenSchema = z.tuple([
  z.number().int().min(0).max(7),
  z.string().nullable(),
  z.number().nullable(),
]);
type TaskSeen = z.infer<typeof TaskSeenSchema>;
const BIT: Record<AlertKind, number> = { new: 1, overdue: 2, escalated: 4 };
const MASK = 0;
const DUE = 1;
const GONE = 2;

const HeldSchema = z.object({
  taskId: z.string(),
  accountId: z.string(),
  kind: AlertKindSchema,
  reason: z.enum(['quiet', 'paused', 'muted', 'snoozed']),
  at: z.number(),
});
type Held = z.infer<typeof HeldSchema>;

const AccountSeenSchema = z.object({
  version: z.literal(1),
  initialized: z.boolean(),
  tasks: z.record(z.string(), TaskSeenSchema),
});
type AccountSeen = z.infer<typeof AccountSeenSchema>;

/** What is shared by all accounts; each account's seen-state is kept under its own key. */
const PolicyStateSchema = z.object({
  version: z.literal(1),
  held: z.array(HeldSchema),
  /** Task id → snoozed until (epoch ms). */
  snoozes: z.record(z.string(), z.number()),
});
type PolicyState = z.infer<typeof PolicyStateSchema>;

const STATE_KEY = 'alerts/held';
// Per account, so a poll rewrites its own account's seen tasks and no other account's (the held
// alerts and snoozes, under STATE_KEY, are one file for all accounts and rewritten when they change).
const accountKey = (accountId: string) => `seen/${accountId}`;
const emptyState = (): PolicyState => ({ version: 1, held: [], snoozes: {} });
const emptyAccount = (): AccountSeen => ({ version: 1, initialized: false, tasks: {} });

/** Due instants already read, by their text: every poll asks again of every task in the inbox. */
const dueTimes = new Map<string, number>();
const DUE_TIMES_KEPT = 100_000;

/** `isOverdueAt`, reading each due time once (its text is the same from poll to poll). */
function isOverdueAt(task: Task, now: number): boolean {
  if (task.overdue) return true;
  if (task.dueAt === null) return false;
  let due = dueTimes.get(task.dueAt);
  if (due === undefined) {
    due = instantToMs(task.dueAt);
    if (dueTimes.size >= DUE_TIMES_KEPT) dueTimes.clear();
    dueTimes.set(task.dueAt, due);
  }
  return due <= now;
}

/** The kinds (as bits) that apply to a task now and were not alerted yet. */
function freshBits(task: Task, alerted: number, now: number): number {
  let fresh = 0;
  if (!(alerted & BIT.new)) fresh |= BIT.new;
  if (!(alerted & BIT.overdue) && isOverdueAt(task, now)) fresh |= BIT.overdue;
  if (task.escalated && !(alerted & BIT.escalated)) fresh |= BIT.escalated;
  return fresh;
}

function minuteOfDay(now: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(now));
  const hour = Number(parts.find((p) => p.type === 'hour')?.value ?? 0);
  const minute = Number(parts.find((p) => p.type === 'minute')?.value ?? 0);
  return hour * 60 + minute;
}

export function inQuietHours(prefs: AlertPreferences, now: number, timeZone: string): boolean {
  const quiet = prefs.quietHours;
  if (!quiet || quiet.startMinute === quiet.endMinute) return false;
  const minute = minuteOfDay(now, timeZone);
  return quiet.startMinute < quiet.endMinute
    ? minute >= quiet.startMinute && minute < quiet.endMinute
    : minute >= quiet.startMinute || minute < quiet.endMinute;
}

export interface AlertPolicyOptions {
  store: StateStore;
  preferences: () => AlertPreferences;
  /** The zone quiet hours are read in: the machine's. */
  timeZone: string;
  onCorrupt: CorruptionReporter;
  now: () => number;
  /** The language alert texts are written in (the settings'); English when not given. */
  language?: () => Language;
}

interface Candidate {
  task: Task;
  kind: AlertKind;
}

export class AlertPolicy {
  private state: PolicyState = emptyState();
  private readonly accounts = new Map<string, AccountSeen>();
  /** Writes under way, by key; `persisted()` waits for them. */
  private readonly writes = new Map<string, Promise<void>>();
  /**
   * How many tasks each account's seen-state holds: when a poll lists them all, no task left the
   * inbox and the look for those that did (thousands of keys each poll) is skipped.
   */
  private readonly entryCounts = new Map<string, number>();
  /** Saves of an account's seen-state queued behind an earlier write and not started yet. */
  private readonly waitingSaves = new Set<string>();

  constructor(private readonly options: AlertPolicyOptions) {}

  /** Reads what is shared by all accounts (held alerts, snoozes); once, before anything else. */
  async load(): Promise<void> {
    this.state = await loadPersisted(
      this.options.store,
      STATE_KEY,
      PolicyStateSchema,
      emptyState,
      this.options.onCorrupt,
      this.options.now(),
    );
  }

  /** Reads an account's seen-state; before its first poll. */
  async loadAccount(accountId: string): Promise<void> {
    if (this.accounts.has(accountId)) return;
    const seen = await loadPersisted(
      this.options.store,
      accountKey(accountId),
      AccountSeenSchema,
      emptyAccount,
      this.options.onCorrupt,
      this.options.now(),
    );
    if (!this.accounts.has(accountId)) {
      this.accounts.set(accountId, seen);
      this.entryCounts.set(accountId, Object.keys(seen.tasks).length);
    }
  }

  /**
   * Resolves when every decision so far is on disk. Callers await it before showing the alerts
   * those decisions produced: after a crash, an alert shown is never shown again.
   */
  async persisted(): Promise<void> {
    await Promise.all(this.writes.values());
  }

  /**
   * A poll's full list of open tasks for one account. Returns the alerts to show now; marks
   * everything it decided on as alerted (held ones included) and starts persisting it: await
   * `persisted()` before showing them, so a crash right after cannot repeat them.
   */
  observe(accountId: string, accountName: string, tasks: Task[]): Alert[] {
    const now = this.options.now();
    const account = this.account(accountId);
    const seen = account.tasks;
    let changed = !account.initialized;
    const present = new Set<string>();
    const candidates: Candidate[] = [];
    let entries = this.entryCounts.get(accountId) ?? Number.NaN;

    for (const task of tasks) {
      present.add(task.id);
      let entry: TaskSeen | undefined = seen[task.id];
      if (!entry) {
        entry = [0, task.dueAt, null];
        seen[task.id] = entry;
        entries += 1;
        changed = true;
      }
      if (entry[GONE] !== null) {
        entry[GONE] = null;
        changed = true;
      }
      // A new deadline or a cleared escalation is a new fact: it may alert again.
      if (entry[DUE] !== task.dueAt) {
        if (!isOverdueAt(task, now)) entry[MASK] &= ~BIT.overdue;
        entry[DUE] = task.dueAt;
        changed = true;
      }
      if (!task.escalated && entry[MASK] & BIT.escalated) {
        entry[MASK] &= ~BIT.escalated;
        changed = true;
      }

      const fresh = freshBits(task, entry[MASK], now);
      if (fresh === 0) continue;
      changed = true;
      entry[MASK] |= fresh;
      if (!account.initialized) continue;
      const kind = KIND_ORDER.find((k) => fresh & BIT[k]);
      if (kind) candidates.push({ task, kind });
    }

    // Every task it knows was listed (the usual poll): none left, none to forget.
    if (entries !== present.size) {
      for (const id in seen) {
        const entry = seen[id];
        if (!entry || present.has(id)) continue;
        if (entry[GONE] === null) {
          entry[GONE] = now;
          changed = true;
        } else if (now - entry[GONE] > TOMBSTONE_MS) {
          delete seen[id];
          entries -= 1;
          changed = true;
        }
      }
    }
    if (!Number.isNaN(entries)) this.entryCounts.set(accountId, entries);
    const held = this.state.held.filter((h) => h.accountId !== accountId || present.has(h.taskId));
    const heldChanged = held.length !== this.state.held.length;
    this.state.held = held;

    let alerts: Alert[];
    const heldBefore = this.state.held.length;
    if (!account.initialized) {
      account.initialized = true;
      alerts = this.firstSyncSummary(accountId, accountName, tasks, now);
    } else {
      alerts = this.deliver(accountId, accountName, candidates, now);
    }
    // A steady inbox writes nothing.
    if (changed) this.saveAccount(accountId);
    if (heldChanged || this.state.held.length !== heldBefore) this.save();
    return alerts;
  }

  /**
   * Between polls: tasks whose due time has passed by the local clock. Takes the latest known
   * open tasks per account.
   */
  checkDue(tasksByAccount: Map<string, { name: string; tasks: Task[] }>): Alert[] {
    const now = this.options.now();
    const alerts: Alert[] = [];
    let changed = false;
    for (const [accountId, { name, tasks }] of tasksByAccount) {
      const account = this.account(accountId);
      if (!account.initialized) continue;
      const candidates: Candidate[] = [];
      for (const task of tasks) {
        const entry = account.tasks[task.id];
        if (!entry || entry[MASK] & BIT.overdue || !isOverdueAt(task, now)) continue;
        entry[MASK] |= BIT.overdue;
        candidates.push({ task, kind: 'overdue' });
        changed = true;
      }
      alerts.push(...this.deliver(accountId, name, candidates, now));
    }
    if (changed) {
      for (const accountId of tasksByAccount.keys()) this.saveAccount(accountId);
      this.save();
    }
    return alerts;
  }

  /**
   * Held alerts whose reason has passed: snoozes that ran out come back as reminders; what
   * quiet hours, a pause or a mute held comes back as one summary. `openTasks` are the tasks
   * still open, by id: held alerts about tasks that left the inbox are dropped.
   */
  release(openTasks: Map<string, Task>): Alert[] {
    const now = this.options.now();
    const prefs = this.options.preferences();
    const quiet = inQuietHours(prefs, now, this.options.timeZone);
    const paused = prefs.pausedUntil !== null && prefs.pausedUntil > now;
    const out: Alert[] = [];
    const keep: Held[] = [];
    const released: Held[] = [];
    for (const held of this.state.held) {
      const task = openTasks.get(held.taskId);
      if (!task) continue;
      const stillHeld =
        (held.reason === 'snoozed' && (this.state.snoozes[held.taskId] ?? 0) > now) ||
        (held.reason === 'quiet' && quiet) ||
        (held.reason === 'paused' && paused) ||
        (held.reason === 'muted' && prefs.mutedAccounts.includes(held.accountId));
      if (stillHeld) keep.push(held);
      else if (held.reason === 'snoozed') {
        delete this.state.snoozes[held.taskId];
        out.push(this.alertFor(task, 'reminder', now));
      } else released.push(held);
    }
    // Snoozes that held nothing still end.
    for (const [taskId, until] of Object.entries(this.state.snoozes)) {
      if (until <= now && !keep.some((h) => h.taskId === taskId)) delete this.state.snoozes[taskId];
    }
    if (released.length > 0) {
      const tasks = released.flatMap((held) => openTasks.get(held.taskId) ?? []);
      const t = translator(this.language());
      out.push(summarise(null, tasks, now, t('alert.summary.held'), this.language()));
    }
    const changed = keep.length !== this.state.held.length || out.length > 0;
    this.state.held = keep;
    if (changed) this.save();
    return out;
  }

  /** Holds a task's alerts until `until`; it comes back as a reminder then. */
  snooze(task: Task, until: number): void {
    this.state.snoozes[task.id] = until;
    if (!this.state.held.some((held) => held.taskId === task.id && held.reason === 'snoozed')) {
      this.state.held.push({
        taskId: task.id,
        accountId: task.accountId,
        kind: 'new',
        reason: 'snoozed',
        at: this.options.now(),
      });
    }
    this.save();
  }

  unsnooze(taskId: string): void {
    delete this.state.snoozes[taskId];
    this.state.held = this.state.held.filter(
      (h) => !(h.taskId === taskId && h.reason === 'snoozed'),
    );
    this.save();
  }

  snoozedUntil(taskId: string): number | null {
    return this.state.snoozes[taskId] ?? null;
  }

  heldCounts(): HeldCounts {
    const counts: HeldCounts = { quiet: 0, paused: 0, muted: 0, snoozed: 0 };
    for (const held of this.state.held) counts[held.reason] += 1;
    return counts;
  }

  /** When something may need releasing next: the earliest snooze end (quiet hours are polled). */
  nextSnoozeEnd(): number | null {
    const ends = Object.values(this.state.snoozes);
    return ends.length === 0 ? null : Math.min(...ends);
  }

  /** Forgets an account entirely (it was removed). */
  forgetAccount(accountId: string): void {
    this.accounts.delete(accountId);
    this.entryCounts.delete(accountId);
    this.track(accountKey(accountId), this.options.store.delete(accountKey(accountId)));
    this.state.held = this.state.held.filter((h) => h.accountId !== accountId);
    this.save();
  }

  private holdReason(accountId: string, taskId: string, now: number): Held['reason'] | null {
    const prefs = this.options.preferences();
    if ((this.state.snoozes[taskId] ?? 0) > now) return 'snoozed';
    if (prefs.mutedAccounts.includes(accountId)) return 'muted';
    if (prefs.pausedUntil !== null && prefs.pausedUntil > now) return 'paused';
    if (inQuietHours(prefs, now, this.options.timeZone)) return 'quiet';
    return null;
  }

  private deliver(
    accountId: string,
    accountName: string,
    candidates: Candidate[],
    now: number,
  ): Alert[] {
    const prefs = this.options.preferences();
    const shown: Candidate[] = [];
    for (const candidate of candidates) {
      if (!prefs.kinds[candidate.kind]) continue;
      const reason = this.holdReason(accountId, candidate.task.id, now);
      if (reason === null) {
        shown.push(candidate);
        continue;
      }
      const already = this.state.held.find(
        (h) => h.taskId === candidate.task.id && h.reason === reason,
      );
      if (already) {
        // Keep the most urgent kind held for the task.
        if (KIND_ORDER.indexOf(candidate.kind) < KIND_ORDER.indexOf(already.kind))
          already.kind = candidate.kind;
      } else {
        this.state.held.push({
          taskId: candidate.task.id,
          accountId,
          kind: candidate.kind,
          reason,
          at: now,
        });
      }
    }
    if (shown.length > prefs.maxAlertsPerCycle) {
      return [
        summarise(
          accountId,
          shown.map((c) => c.task),
          now,
          accountName,
          this.language(),
        ),
      ];
    }
    return shown.map(({ task, kind }) => this.alertFor(task, kind, now));
  }

  private firstSyncSummary(
    accountId: string,
    accountName: string,
    tasks: Task[],
    now: number,
  ): Alert[] {
    if (tasks.length === 0) return [];
    const prefs = this.options.preferences();
    if (prefs.mutedAccounts.includes(accountId)) return [];
    return [summarise(accountId, tasks, now, accountName, this.language())];
  }

  private language(): Language {
    return this.options.language?.() ?? 'en';
  }

  private alertFor(task: Task, kind: AlertKind | 'reminder', now: number): Alert {
    const { title, body } = describeTaskAlert(task, kind, now, this.language());
    return {
      id: randomUUID(),
      kind,
      accountId: task.accountId,
      taskIds: [task.id],
      title,
      body,
      at: msToInstant(now),
      urgency: kind === 'reminder' ? 'normal' : URGENCY[kind],
    };
  }

  private account(accountId: string): AccountSeen {
    let account = this.accounts.get(accountId);
    if (!account) {
      // Not loaded (the engine loads each account first): start afresh rather than fail.
      account = emptyAccount();
      this.accounts.set(accountId, account);
      this.entryCounts.set(accountId, 0);
    }
    return account;
  }

  /**
   * Writes the account's seen-state once the write before it has landed, serialised in slices
   * where the store can (a thousand tasks take milliseconds at once). A save asked for while one
   * is still waiting to start is that one: it reads the state when it starts, so it carries every
   * decision made until then, and `persisted()` waits for it.
   */
  private saveAccount(accountId: string): void {
    const key = accountKey(accountId);
    if (this.waitingSaves.has(key)) return;
    this.waitingSaves.add(key);
    const { store } = this.options;
    // After the earlier write whatever became of it: a failed save is reported by its own promise.
    const earlier = (this.writes.get(key) ?? Promise.resolve()).catch(() => undefined);
    const write = earlier.then(() => {
      this.waitingSaves.delete(key);
      const account = this.accounts.get(accountId);
      // Forgotten meanwhile: its file was deleted and stays so.
      if (!account) return;
      // Decisions made while this is serialised change entries in place; each is written as it
      // is when reached, and every such decision asks for a save of its own after this one.
      return store.writePaced ? store.writePaced(key, account) : store.write(key, account);
    });
    this.track(key, write);
  }

  private save(): void {
    this.track(STATE_KEY, this.options.store.write(STATE_KEY, this.state));
  }

  private track(key: string, write: Promise<void>): void {
    // A write carries the whole document: once a later one lands, an earlier failure is mended.
    const previous = (this.writes.get(key) ?? Promise.resolve()).catch(() => undefined);
    const settled = Promise.all([previous, write]).then(() => undefined);
    this.writes.set(key, settled);
    settled.then(
      () => {
        if (this.writes.get(key) === settled) this.writes.delete(key);
      },
      () => undefined,
    );
  }
}
