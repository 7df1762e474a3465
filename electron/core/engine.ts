// The engine: accounts → adapters behind their request budgets → one scheduler → change detection
// → alert policy, plus the completion outbox. The tray app and the CLI each bind it to their world.
import { EventEmitter } from 'node:events';
import { z } from 'zod';
import type { Account } from '../../shared/account';
import type { Alert, AlertPreferences, HeldCounts } from '../../shared/alert';
import type { AccountHealth } from '../../shared/health';
import type { OutboxItem } from '../../shared/outbox';
import {
  TaskSchema,
  instantToMs,
  type CompletionRequest,
  type ReassignTarget,
  type Task,
} from '../../shared/task';
import type { AdapterDeps, VendorAdapter } from './adapter';
import { AlertPolicy } from './alert-policy';
import { diffSnapshot, sameListFields } from './change-detection';
import { assertCompletable } from './completion-check';
import { Outbox } from './outbox';
import { readPersisted, type CorruptState } from './persisted';
import type { KeyValueStore } from './ports';
import { DEFAULT_BUDGET, inLane, RateBudget } from './rate-budget';
import { ADAPTERS, createAdapter } from './registry';
import { Scheduler } from './scheduler';
import { capTaskText } from './task-text-limits';
import { toVendorError, VendorError } from './vendor-error';

/** Read slots per window kept for what the user opens, beyond what the polls' list calls use. */
export const USER_READ_HEADROOM = 2;
/** Even with nothing due, the watcher looks this often (quiet hours ending, pauses running out). */
export const WATCH_TICK_MS = 60_000;

const SnapshotSchema = z.object({ version: z.literal(1), tasks: z.array(TaskSchema) });
const snapshotKey = (accountId: string) => `snapshot.${accountId}`;
/** When an account's recent requests were sent, so a restart (or the next CLI command) keeps to its limits. */
const budgetKey = (accountId: string) => `budget.${accountId}`;
const BudgetMemorySchema = z.object({
  read: z.array(z.number()).max(10_000),
  write: z.array(z.number()).max(10_000),
});

export interface EngineEvents {
  tasks: [accountId: string];
  alert: [alert: Alert];
  health: [health: AccountHealth];
  outbox: [item: OutboxItem];
  /** Persisted state that could not be read back: kept aside, replaced by defaults. */
  problem: [report: CorruptState];
}

export interface EngineOptions {
  deps: AdapterDeps;
  store: KeyValueStore;
  preferences: () => AlertPreferences;
  /** The zone quiet hours are read in. */
  timeZone: string;
  /**
   * Overrides the vendors' poll floors (their cache windows). Only for the simulator, which
   * caches nothing: the latency benchmark polls every second or two.
   */
  pollFloorMs?: number;
}

interface AccountRuntime {
  account: Account;
  adapter: VendorAdapter;
  budget: RateBudget;
  tasks: Map<string, Task>;
  intervalMs: number;
  /** Tasks whose detail is read in the background, with the budget the list calls leave. */
  detailQueue: Set<string>;
  detailWorker: Promise<void> | null;
  detailStop: AbortController;
  /** The last background detail failure, reported by the next poll. */
  detailError: unknown;
}

export class Engine extends EventEmitter<EngineEvents> {
  private readonly runtimes = new Map<string, AccountRuntime>();
  private readonly scheduler: Scheduler;
  private readonly policy: AlertPolicy;
  readonly outbox: Outbox;
  private started = false;
  private watcher: { wake: AbortController; stop: AbortController; done: Promise<void> } | null =
    null;

  constructor(private readonly options: EngineOptions) {
    super();
    const onCorrupt = (report: CorruptState) => this.emit('problem', report);
    const { clock } = options.deps;
    this.scheduler = new Scheduler({ clock, onHealth: (health) => this.emit('health', health) });
    this.policy = new AlertPolicy({
      store: options.store,
      preferences: options.preferences,
      timeZone: options.timeZone,
      onCorrupt,
      now: () => clock.now(),
    });
    this.outbox = new Outbox({
      store: options.store,
      clock,
      adapterFor: (accountId) => this.runtimes.get(accountId)?.adapter,
      onChange: (item) => this.onOutboxChange(item),
      onCorrupt,
    });
  }

  // ── accounts ──────────────────────────────────────────────────────────────

  /** Makes the engine watch exactly these accounts (added, changed, removed). */
  async setAccounts(accounts: Account[]): Promise<void> {
    const wanted = new Map(accounts.map((account) => [account.id, account]));
    for (const [id, runtime] of this.runtimes) {
      const next = wanted.get(id);
      if (!next || JSON.stringify(next) !== JSON.stringify(runtime.account)) {
        await this.scheduler.remove(id);
        await this.stopDetails(runtime);
        this.runtimes.delete(id);
        if (!next) {
          this.policy.forgetAccount(id);
          this.options.store.delete(snapshotKey(id));
          this.options.store.delete(budgetKey(id));
          this.emit('tasks', id);
        }
      }
    }
    for (const account of accounts) {
      if (!this.runtimes.has(account.id)) this.addAccount(account);
    }
  }

  accounts(): Account[] {
    return [...this.runtimes.values()].map((runtime) => runtime.account);
  }

  adapter(accountId: string): VendorAdapter {
    const runtime = this.runtimes.get(accountId);
    if (!runtime) throw new Error(`No account ${accountId}.`);
    return runtime.adapter;
  }

  private addAccount(account: Account): void {
    const { deps } = this.options;
    const spec = ADAPTERS[account.vendor].budget ?? DEFAULT_BUDGET;
    const budget = new RateBudget(spec, deps.clock);
    budget.restore(
      readPersisted(
        this.options.store,
        budgetKey(account.id),
        BudgetMemorySchema,
        () => ({ read: [], write: [] }),
        (report) => this.emit('problem', report),
        deps.clock.now(),
      ),
    );
    const adapter = createAdapter(account, {
      ...deps,
      fetch: budget.wrap(deps.fetch, account.name),
    });
    const restored = readPersisted(
      this.options.store,
      snapshotKey(account.id),
      SnapshotSchema,
      () => ({ version: 1 as const, tasks: [] }),
      (report) => this.emit('problem', report),
      deps.clock.now(),
    );
    const intervalMs = Math.max(
      account.pollIntervalSec * 1000,
      this.options.pollFloorMs ?? spec.minPollIntervalMs,
    );
    const runtime: AccountRuntime = {
      account,
      adapter,
      budget,
      tasks: new Map(restored.tasks.map((task) => [task.id, task])),
      intervalMs,
      detailQueue: new Set(),
      detailWorker: null,
      detailStop: new AbortController(),
      detailError: null,
    };
    this.runtimes.set(account.id, runtime);
    this.scheduler.add({
      accountId: account.id,
      intervalMs,
      poll: (signal) => this.poll(runtime, signal),
    });
  }

  // ── lifecycle ─────────────────────────────────────────────────────────────

  start(): void {
    if (this.started) return;
    this.started = true;
    this.scheduler.start();
    const stop = new AbortController();
    this.watcher = { wake: new AbortController(), stop, done: Promise.resolve() };
    this.watcher.done = this.watch(stop.signal);
  }

  async stop(): Promise<void> {
    if (!this.started) {
      // One-shot CLI commands never start polling, but their requests count all the same.
      for (const runtime of this.runtimes.values()) this.persistBudget(runtime);
      return;
    }
    this.started = false;
    this.watcher?.stop.abort(new Error('stopped'));
    await Promise.all([
      this.scheduler.stop(),
      this.watcher?.done,
      ...[...this.runtimes.values()].map((runtime) => this.stopDetails(runtime)),
    ]);
    for (const runtime of this.runtimes.values()) this.persistBudget(runtime);
    this.watcher = null;
  }

  refreshNow(accountId?: string): void {
    this.scheduler.refreshNow(accountId);
  }

  pause(): void {
    this.scheduler.pause();
  }

  resume(): void {
    this.scheduler.resume();
  }

  health(): AccountHealth[] {
    return this.scheduler.health();
  }

  /** Polling is paused (the machine sleeps, or the network is gone). */
  get isPaused(): boolean {
    return this.scheduler.isPaused;
  }

  heldCounts(): HeldCounts {
    return this.policy.heldCounts();
  }

  // ── tasks ─────────────────────────────────────────────────────────────────

  /** Every account's open tasks, minus those with a completion on its way or just landed. */
  tasks(): Task[] {
    const inFlight = this.inFlightIds();
    const out: Task[] = [];
    for (const runtime of this.runtimes.values()) {
      for (const task of runtime.tasks.values()) if (!inFlight.has(task.id)) out.push(task);
    }
    return out;
  }

  task(taskId: string): Task | undefined {
    for (const runtime of this.runtimes.values()) {
      const task = runtime.tasks.get(taskId);
      if (task) return task;
    }
    return undefined;
  }

  /** A task by id: from the last poll, else by listing its account once (one-shot CLI commands). */
  async findTask(taskId: string, signal?: AbortSignal): Promise<Task> {
    const known = this.task(taskId);
    if (known) return known;
    const accountId = taskId.slice(0, Math.max(0, taskId.indexOf(':')));
    const runtime = this.runtimes.get(accountId);
    if (!runtime) {
      throw new VendorError(
        'not_found',
        `No account "${accountId}" is configured for task ${taskId}.`,
        {
          hint: 'Task ids look like <account>:<vendor id>; `tasktray list` shows them.',
        },
      );
    }
    for (const listed of await inLane('user', () => runtime.adapter.listOpenTasks(signal))) {
      const task = capTaskText(listed);
      if (!runtime.tasks.has(task.id)) runtime.tasks.set(task.id, task);
    }
    this.persistSnapshot(runtime);
    return this.locate(taskId).task;
  }

  /** The task with its detail, fetched now. */
  async loadTask(taskId: string, signal?: AbortSignal): Promise<Task> {
    const { runtime, task } = this.locate(taskId);
    // The user is waiting: ahead of every background detail read.
    const detailed = capTaskText(await inLane('user', () => runtime.adapter.getTask(task, signal)));
    runtime.tasks.set(detailed.id, detailed);
    this.persistSnapshot(runtime);
    return detailed;
  }

  /** Checks the completion against the task's form, then hands it to the outbox. */
  async complete(taskId: string, request: CompletionRequest): Promise<OutboxItem> {
    let { task } = this.locate(taskId);
    if (!task.detailLoaded) task = await this.loadTask(taskId);
    assertCompletable(task, request);
    const item = this.outbox.enqueue(task, { type: 'complete', request });
    this.emit('tasks', task.accountId);
    this.wakeWatcher();
    return item;
  }

  async reassign(taskId: string, target: ReassignTarget): Promise<OutboxItem> {
    const { runtime, task } = this.locate(taskId);
    const caps = runtime.adapter.capabilities;
    if (
      (target.kind === 'user' && !caps.reassignToUser) ||
      (target.kind === 'group' && !caps.reassignToGroup)
    ) {
      throw new VendorError(
        'unsupported',
        `${runtime.account.name} cannot reassign to a ${target.kind}.`,
      );
    }
    const item = this.outbox.enqueue(task, { type: 'reassign', target });
    this.emit('tasks', task.accountId);
    this.wakeWatcher();
    return item;
  }

  snooze(taskId: string, until: number): void {
    this.policy.snooze(this.locate(taskId).task, until);
    this.wakeWatcher();
  }

  unsnooze(taskId: string): void {
    this.policy.unsnooze(taskId);
  }

  snoozedUntil(taskId: string): number | null {
    return this.policy.snoozedUntil(taskId);
  }

  private locate(taskId: string): { runtime: AccountRuntime; task: Task } {
    for (const runtime of this.runtimes.values()) {
      const task = runtime.tasks.get(taskId);
      if (task) return { runtime, task };
    }
    throw new VendorError('not_found', `There is no open task ${taskId}.`, {
      hint: 'It may have been completed or reassigned; refresh the inbox.',
    });
  }

  /** Tasks with a completion or reassignment on its way or just landed: hidden from the inbox. */
  private inFlightIds(): Set<string> {
    return new Set(
      this.outbox.list().flatMap((item) => (item.state === 'failed' ? [] : [item.taskId])),
    );
  }

  // ── polling ───────────────────────────────────────────────────────────────

  /**
   * One poll: the list call, then alerts at once from what the list says (new, overdue,
   * escalated). Details of new and changed tasks are read afterwards in the background, with the
   * budget the list calls and the user leave, so a first sync of hundreds of tasks never holds
   * back the next poll or an alert.
   */
  private async poll(runtime: AccountRuntime, signal: AbortSignal): Promise<void> {
    const { adapter, account, budget } = runtime;
    const listCallsBefore = budget.grantedIn('poll');
    const listed = (await inLane('poll', () => adapter.listOpenTasks(signal))).map(capTaskText);
    const listCalls = budget.grantedIn('poll') - listCallsBefore;
    const windowMs = budget.spec.read.windowMs;
    budget.reserve(
      'read',
      listCalls * Math.ceil(windowMs / runtime.intervalMs) + USER_READ_HEADROOM,
    );
    const diff = diffSnapshot(runtime.tasks, listed);
    const byId = new Map(diff.tasks.map((task) => [task.id, task]));
    runtime.tasks = byId;
    if (
      diff.added.length + diff.changed.length + diff.removed.length + diff.needDetail.length >
      0
    ) {
      this.persistSnapshot(runtime);
      this.emit('tasks', account.id);
    }
    const inFlight = this.inFlightIds();
    const visible = [...byId.values()].filter((task) => !inFlight.has(task.id));
    for (const alert of this.policy.observe(account.id, account.name, visible))
      this.emit('alert', alert);
    this.wakeWatcher();
    for (const task of diff.needDetail) runtime.detailQueue.add(task.id);
    this.startDetails(runtime);
    this.persistBudget(runtime);
    // The list is in, but some detail could not be read: report it without losing the poll.
    const detailError = runtime.detailError;
    runtime.detailError = null;
    if (detailError !== null) throw detailError;
  }

  private startDetails(runtime: AccountRuntime): void {
    if (runtime.detailWorker || runtime.detailQueue.size === 0) return;
    if (runtime.detailStop.signal.aborted) return;
    runtime.detailWorker = this.readDetails(runtime).finally(() => {
      runtime.detailWorker = null;
    });
  }

  private async stopDetails(runtime: AccountRuntime): Promise<void> {
    runtime.detailStop.abort(new Error('stopped'));
    await runtime.detailWorker;
    runtime.detailStop = new AbortController();
  }

  /** Reads queued details one at a time in the background lane, newest list data first. */
  private async readDetails(runtime: AccountRuntime): Promise<void> {
    const signal = runtime.detailStop.signal;
    while (!signal.aborted) {
      const [id] = runtime.detailQueue;
      if (id === undefined) return;
      runtime.detailQueue.delete(id);
      const listed = runtime.tasks.get(id);
      if (!listed || listed.detailLoaded) continue;
      let detailed: Task;
      try {
        detailed = capTaskText(
          await inLane('background', () => runtime.adapter.getTask(listed, signal)),
        );
      } catch (error) {
        if (signal.aborted) return;
        if (toVendorError(error).kind === 'not_found') {
          if (runtime.tasks.get(id) === listed) {
            runtime.tasks.delete(id);
            this.persistSnapshot(runtime);
            this.emit('tasks', runtime.account.id);
          }
          continue;
        }
        // The next poll queues what is still missing, and reports this.
        runtime.detailError = error;
        return;
      }
      const current = runtime.tasks.get(id);
      // Changed on the vendor's side since the list: the next poll reads it again.
      if (!current || !sameListFields(current, listed)) continue;
      runtime.tasks.set(id, { ...detailed, overdue: current.overdue || detailed.overdue });
      this.persistSnapshot(runtime);
      this.emit('tasks', runtime.account.id);
    }
  }

  private persistBudget(runtime: AccountRuntime): void {
    this.options.store.set(budgetKey(runtime.account.id), runtime.budget.memory());
  }

  private persistSnapshot(runtime: AccountRuntime): void {
    this.options.store.set(snapshotKey(runtime.account.id), {
      version: 1,
      tasks: [...runtime.tasks.values()],
    });
  }

  // ── between polls: due times, snoozes, held alerts, the outbox ────────────

  private wakeWatcher(): void {
    this.watcher?.wake.abort();
  }

  private nextWatchAt(now: number): number {
    let next = now + WATCH_TICK_MS;
    for (const runtime of this.runtimes.values()) {
      for (const task of runtime.tasks.values()) {
        if (task.dueAt === null || task.overdue) continue;
        const due = instantToMs(task.dueAt);
        if (due > now && due < next) next = due;
      }
    }
    for (const candidate of [this.policy.nextSnoozeEnd(), this.outbox.nextDueAt()]) {
      if (candidate !== null && candidate < next) next = Math.max(candidate, now);
    }
    return next;
  }

  private async watch(stop: AbortSignal): Promise<void> {
    const { clock } = this.options.deps;
    while (!stop.aborted && this.watcher) {
      // A fresh wake signal before the checks, so a wake during them is not lost.
      this.watcher.wake = new AbortController();
      const wake = this.watcher.wake.signal;
      this.checkBetweenPolls();
      // Completions and reassignments were started by the user: ahead of background reads.
      await inLane('user', () => this.outbox.processDue(stop)).catch(() => undefined);
      if (stop.aborted) return;
      const wait = this.nextWatchAt(clock.now()) - clock.now();
      try {
        if (wait > 0) await clock.sleep(wait, AbortSignal.any([stop, wake]));
      } catch {
        // Woken early or stopped.
      }
    }
  }

  private checkBetweenPolls(): void {
    const latest = new Map<string, { name: string; tasks: Task[] }>();
    const open = new Map<string, Task>();
    const inFlight = this.inFlightIds();
    for (const runtime of this.runtimes.values()) {
      const tasks = [...runtime.tasks.values()].filter((task) => !inFlight.has(task.id));
      latest.set(runtime.account.id, { name: runtime.account.name, tasks });
      for (const task of tasks) open.set(task.id, task);
    }
    for (const alert of [...this.policy.checkDue(latest), ...this.policy.release(open)]) {
      this.emit('alert', alert);
    }
  }

  private onOutboxChange(item: OutboxItem): void {
    if (item.state === 'pending') this.wakeWatcher();
    if (item.state === 'done') {
      const runtime = this.runtimes.get(item.accountId);
      if (runtime?.tasks.delete(item.taskId)) this.persistSnapshot(runtime);
      // The vendor's list may lag (GeoTareas caches 15 s): the next poll confirms.
      this.refreshNow(item.accountId);
    }
    this.emit('outbox', item);
    this.emit('tasks', item.accountId);
  }
}
