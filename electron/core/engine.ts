// The engine: accounts → adapters behind their request budgets → one scheduler → change detection
// → alert policy, plus the completion outbox. The tray app and the CLI each bind it to their world.
import { EventEmitter } from 'node:events';
import { z } from 'zod';
import type { Account } from '../../shared/account';
import type { Alert, AlertPreferences, HeldCounts } from '../../shared/alert';
import type { Language } from '../../shared/appearance';
import type { AccountHealth } from '../../shared/health';
import type { OutboxItem, OutboxOp } from '../../shared/outbox';
import {
  TaskSchema,
  instantToMs,
  type Assignee,
  type CompletionRequest,
  type ReassignTarget,
  type Task,
  type TaskComment,
} from '../../shared/task';
import type { AdapterDeps, VendorAdapter } from './adapter';
import { AlertPolicy } from './alert-policy';
import { diffSnapshot, sameListFields } from './change-detection';
import { assertCompletable } from './completion-check';
import { forEachPaced, mapPaced, pace } from './cooperative';
import { Outbox } from './outbox';
import { limitsKey } from './limits-key';
import { StoreLoginLedger } from './login-ledger';
import { loadPersisted, saveFailure, type CorruptState } from './persisted';
import type { StateStore } from './ports';
import { DEFAULT_BUDGET, inLane, RateBudget } from './rate-budget';
import { ADAPTERS, createAdapter } from './registry';
import { Scheduler } from './scheduler';
import { capTaskText } from './task-text-limits';
import { toVendorError, VendorError } from './vendor-error';
import { runHandled } from '../../shared/detached';
import { claimsBeforeCompleting } from '../../shared/assignment';
import { VENDOR_LABELS } from '../../shared/vendors';

/** Read slots per window kept for what the user opens, beyond what the polls' list calls use. */
export const USER_READ_HEADROOM = 2;
/**
 * A changed task list reaches the disk at most this often per account: one write for a burst of
 * changes, off the thread's critical path (the tray app's main process must never stall).
 */
export const SNAPSHOT_WRITE_DELAY_MS = 2_000;
/**
 * A detail read in the background reaches the disk within this: a first sync's backlog lands a
 * detail every second or two for minutes, and each rewrote the account's thousand tasks (a large
 * share of the engine's garbage, and so of the collector's pauses). One lost to a crash is read
 * again after the restart.
 */
export const SNAPSHOT_DETAIL_WRITE_DELAY_MS = 30_000;
/** Even with nothing due, the watcher looks this often (quiet hours ending, pauses running out). */
export const WATCH_TICK_MS = 60_000;

const SnapshotSchema = z.object({ version: z.literal(1), tasks: z.array(TaskSchema) });
const snapshotKey = (accountId: string) => `snapshot/${accountId}`;
/**
 * When an account's recent requests were sent, as an older version kept them (one process's);
 * now each process's are in `budget/<limitsKey>/<process>` of the limits store, shared live
 * (see RequestLedger).
 */
const budgetKey = (accountId: string) => `budget/${accountId}`;
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
  /** Shared safely by several engines (processes) on one machine: see StateStore. */
  store: StateStore;
  /**
   * Where request budgets and sign-ins are counted with every other process on the same vendor
   * accounts (the tray app, `tasktray watch`, one-shot commands): the CLI's state folder
   * (sharedStateDir). `store` when not given.
   */
  limitsStore?: StateStore;
  preferences: () => AlertPreferences;
  /** The language alerts are written in (the settings'); English when not given. */
  language?: () => Language;
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
  /** Read requests the last poll's list took (its pages). */
  listCalls: number;
}

/**
 * A task as read now, with escalation judged against the task as kept, for a vendor that has no
 * flag and says what counts (`escalatedSince`): never on first sight, and kept once it happened.
 */
function settle(runtime: AccountRuntime, task: Task): Task {
  const { adapter } = runtime;
  if (!adapter.escalatedSince) return task;
  const seen = runtime.tasks.get(task.id);
  const escalated = seen !== undefined && (seen.escalated || adapter.escalatedSince(seen, task));
  return escalated === task.escalated ? task : { ...task, escalated };
}

export class Engine extends EventEmitter<EngineEvents> {
  private readonly runtimes = new Map<string, AccountRuntime>();
  private readonly scheduler: Scheduler;
  private readonly policy: AlertPolicy;
  readonly outbox: Outbox;
  /** What is persisted is read back before any account is watched. */
  private readonly loaded: Promise<void>;
  private readonly snapshotWrites = new Map<string, Promise<void>>();
  /** Snapshot writes waiting for their delay, by account. */
  private readonly snapshotDue = new Map<
    string,
    { timer: NodeJS.Timeout; write: () => void; at: number }
  >();
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
      language: options.language,
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
    this.loaded = Promise.all([this.policy.load(), this.outbox.load()]).then(() => undefined);
    // Reported where it is awaited (setAccounts); not an unhandled rejection meanwhile.
    this.loaded.catch(() => undefined);
  }

  // ── accounts ──────────────────────────────────────────────────────────────

  /** Makes the engine watch exactly these accounts (added, changed, removed). */
  async setAccounts(accounts: Account[]): Promise<void> {
    await this.loaded;
    const wanted = new Map(accounts.map((account) => [account.id, account]));
    for (const [id, runtime] of this.runtimes) {
      const next = wanted.get(id);
      if (!next || JSON.stringify(next) !== JSON.stringify(runtime.account)) {
        await this.scheduler.remove(id);
        await this.stopDetails(runtime);
        this.runtimes.delete(id);
        if (!next) {
          this.policy.forgetAccount(id);
          this.trackSnapshot(
            id,
            Promise.all([
              this.options.store.delete(snapshotKey(id)),
              this.options.store.delete(budgetKey(id)),
            ]).then(() => undefined),
          );
          this.emit('tasks', id);
        }
      }
    }
    for (const account of accounts) {
      if (!this.runtimes.has(account.id)) await this.addAccount(account);
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

  private async addAccount(account: Account): Promise<void> {
    const { deps } = this.options;
    const spec = ADAPTERS[account.vendor].budget ?? DEFAULT_BUDGET;
    // Counted with every process on the same vendor account: together they keep to its limits.
    const limitsStore = this.options.limitsStore ?? this.options.store;
    const key = limitsKey(account);
    const budget = new RateBudget(spec, deps.clock, {
      store: limitsStore,
      accountId: key,
      // Reported by the account's own id, which the user knows (the file is named by `key`).
      onWriteError: (_where, error) =>
        this.emit('problem', saveFailure(budgetKey(account.id), error)),
    });
    const adapter = createAdapter(account, {
      ...deps,
      fetch: budget.wrap(deps.fetch, account.name),
      logins: deps.logins ?? new StoreLoginLedger(limitsStore, () => key),
    });
    const [restored, , memory] = await Promise.all([
      loadPersisted(
        this.options.store,
        snapshotKey(account.id),
        SnapshotSchema,
        () => ({ version: 1 as const, tasks: [] }),
        (report) => this.emit('problem', report),
        deps.clock.now(),
      ),
      this.policy.loadAccount(account.id),
      loadPersisted(
        this.options.store,
        budgetKey(account.id),
        BudgetMemorySchema,
        () => ({ read: [], write: [] }),
        (report) => this.emit('problem', report),
        deps.clock.now(),
      ),
    ]);
    budget.restore(memory);
    // Counted from now on in this process's ledger document: read once, so never twice.
    if (memory.read.length + memory.write.length > 0)
      await this.options.store.delete(budgetKey(account.id)).catch(() => undefined);
    await budget.sync();
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
      listCalls: 1,
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

  /** Stops watching and sending; resolves once everything is on disk. */
  async stop(): Promise<void> {
    if (this.started) {
      this.started = false;
      this.watcher?.stop.abort(new Error('stopped'));
      await Promise.all([
        this.scheduler.stop(),
        this.watcher?.done,
        ...[...this.runtimes.values()].map((runtime) => this.stopDetails(runtime)),
      ]);
      this.watcher = null;
    }
    await this.outbox.stop();
    // One-shot CLI commands never start polling, but their requests count all the same.
    await Promise.all([...this.runtimes.values()].map((runtime) => runtime.budget.flush()));
    await this.flush();
  }

  /** Resolves when every change so far is on disk. */
  async flush(): Promise<void> {
    for (const [id, due] of this.snapshotDue) {
      clearTimeout(due.timer);
      this.snapshotDue.delete(id);
      due.write();
    }
    await Promise.all([
      this.policy.persisted().catch(() => undefined),
      this.outbox.flush(),
      ...this.snapshotWrites.values(),
    ]);
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

  /**
   * Polling is paused: the machine sleeps. A lost network does not pause it; the failing polls
   * back off, and the shell asks for a poll when the network comes back.
   */
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
          hintCode: 'hint.taskIdFormat',
        },
      );
    }
    for (const listed of await inLane('user', () => runtime.adapter.listOpenTasks(signal))) {
      const task = settle(runtime, capTaskText(listed));
      if (!runtime.tasks.has(task.id)) runtime.tasks.set(task.id, task);
    }
    this.persistSnapshot(runtime);
    return this.locate(taskId).task;
  }

  /**
   * An account's open tasks read now, escalation judged as a poll judges it (`tasktray list`), and
   * kept as the account's snapshot, so the next look compares with this one.
   */
  async listTasks(accountId: string, signal?: AbortSignal): Promise<Task[]> {
    const runtime = this.runtimes.get(accountId);
    if (!runtime) throw new Error(`No account ${accountId}.`);
    const listed = (await inLane('user', () => runtime.adapter.listOpenTasks(signal))).map((task) =>
      settle(runtime, capTaskText(task)),
    );
    runtime.tasks = new Map(diffSnapshot(runtime.tasks, listed).tasks.map((t) => [t.id, t]));
    this.persistSnapshot(runtime);
    return [...runtime.tasks.values()];
  }

  /** The task with its detail, fetched now. */
  async loadTask(taskId: string, signal?: AbortSignal): Promise<Task> {
    const { runtime, task } = this.locate(taskId);
    // The user is waiting: ahead of every background detail read.
    const detailed = settle(
      runtime,
      capTaskText(await inLane('user', () => runtime.adapter.getTask(task, signal))),
    );
    runtime.tasks.set(detailed.id, detailed);
    this.persistSnapshot(runtime);
    return detailed;
  }

  /**
   * Checks the completion against the task's form, then hands it to the outbox. A task nobody holds
   * where only the assignee may complete (shared/assignment.ts) is claimed first when the user
   * asked for that (`claim`), else refused before anything is queued. The claim is made now, not
   * queued: a claim sent later could take a task someone else has started on. When it fails,
   * nothing is queued.
   */
  async complete(
    taskId: string,
    request: CompletionRequest,
    options: { claim?: boolean } = {},
  ): Promise<OutboxItem> {
    await this.loaded;
    let { task } = this.locate(taskId);
    if (!task.detailLoaded) task = await this.loadTask(taskId);
    assertCompletable(task, request);
    await this.claimToComplete(task, options.claim ?? false);
    const item = this.outbox.enqueue(task, { type: 'complete', request });
    this.emit('tasks', task.accountId);
    this.wakeWatcher();
    return item;
  }

  /**
   * Sends a waiting or refused item again now, with a corrected operation; a completion of a task
   * nobody holds is claimed first, as `complete` does.
   */
  async retry(
    itemId: string,
    op?: OutboxOp,
    options: { claim?: boolean } = {},
  ): Promise<OutboxItem> {
    await this.loaded;
    const item = this.outbox.get(itemId);
    const task = item ? this.task(item.taskId) : undefined;
    // A refused completion sent again: it takes the claim a new one would.
    if (task && item?.state === 'failed' && (op ?? item.op).type === 'complete') {
      await this.claimToComplete(task, options.claim ?? false);
    }
    return this.outbox.retryNow(itemId, op);
  }

  /** Whether completing the task takes a claim first (shared/assignment.ts), as last read. */
  claimsBeforeCompleting(taskId: string): boolean {
    const { runtime, task } = this.locate(taskId);
    return claimsBeforeCompleting(task, runtime.adapter.capabilities);
  }

  /** The claim a completion of this task takes first, made now; throws when it is not made. */
  private async claimToComplete(task: Task, claim: boolean): Promise<void> {
    const runtime = this.runtimes.get(task.accountId);
    if (!runtime || !claimsBeforeCompleting(task, runtime.adapter.capabilities)) return;
    if (!claim) {
      const params = { title: task.title, vendor: VENDOR_LABELS[task.vendor] };
      throw new VendorError('validation', `“${task.title}” must be claimed first.`, {
        code: 'error.claimFirst',
        hintCode: 'hint.claimFirst',
        params,
      });
    }
    // A completion already on its way would be refused after the claim: refuse before it.
    this.outbox.assertNothingPending(task);
    try {
      await this.claimOn(runtime, task);
    } catch (error) {
      throw notRetried(error, 'hint.claimNotMade');
    }
    // The claim landed: the completion follows even if reading the task back fails now.
    await this.afterAssignment(task.id).catch(() => {
      this.emit('tasks', task.accountId);
      this.refreshNow(task.accountId);
    });
  }

  async reassign(taskId: string, target: ReassignTarget): Promise<OutboxItem> {
    await this.loaded;
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

  /** Takes an unassigned task for the user, then reads it back as it now is. */
  async claim(taskId: string, signal?: AbortSignal): Promise<Task> {
    const { runtime, task } = this.locate(taskId);
    try {
      await this.claimOn(runtime, task, signal);
    } catch (error) {
      throw notRetried(error, 'hint.claimAgain');
    }
    return this.afterAssignment(taskId, signal);
  }

  /** A refused claim (someone else took the task, most likely): the next poll shows who has it. */
  private async claimOn(runtime: AccountRuntime, task: Task, signal?: AbortSignal): Promise<void> {
    try {
      await this.optional(runtime, 'claim', 'claim tasks').call(runtime.adapter, task, signal);
    } catch (error) {
      const kind = toVendorError(error).kind;
      if (kind === 'validation' || kind === 'conflict') this.refreshNow(task.accountId);
      throw error;
    }
  }

  /** Gives the user's task back to the pool; it stays listed (claimable) when the vendor shows it. */
  async release(taskId: string, signal?: AbortSignal): Promise<Task | null> {
    const { runtime, task } = this.locate(taskId);
    const release = this.optional(runtime, 'release', 'release tasks');
    await release.call(runtime.adapter, task, signal).catch((error: unknown) => {
      throw notRetried(error, 'hint.releaseAgain');
    });
    return this.afterAssignment(taskId, signal).catch((error: unknown) => {
      if (toVendorError(error).kind === 'not_found') return null;
      throw error;
    });
  }

  async assignees(taskId: string, signal?: AbortSignal): Promise<Assignee[]> {
    const { runtime, task } = this.locate(taskId);
    const list = this.optional(runtime, 'listAssignees', 'list who may take a task');
    return list.call(runtime.adapter, task, signal);
  }

  async comments(taskId: string, signal?: AbortSignal): Promise<TaskComment[]> {
    const { runtime, task } = this.locate(taskId);
    const list = this.optional(runtime, 'listComments', 'read task comments');
    return list.call(runtime.adapter, task, signal);
  }

  async addComment(taskId: string, text: string, signal?: AbortSignal): Promise<TaskComment> {
    const { runtime, task } = this.locate(taskId);
    const add = this.optional(runtime, 'addComment', 'add task comments');
    return add.call(runtime.adapter, task, text, signal);
  }

  private optional<K extends 'claim' | 'release' | 'listAssignees' | 'listComments' | 'addComment'>(
    runtime: AccountRuntime,
    method: K,
    what: string,
  ): NonNullable<VendorAdapter[K]> {
    const fn = runtime.adapter[method];
    if (!fn) throw new VendorError('unsupported', `${runtime.account.name} cannot ${what}.`);
    return fn as NonNullable<VendorAdapter[K]>;
  }

  /** A claim or release changed who holds the task: read it again and look for others' changes. */
  private async afterAssignment(taskId: string, signal?: AbortSignal): Promise<Task> {
    const task = await this.loadTask(taskId, signal);
    this.emit('tasks', task.accountId);
    this.refreshNow(task.accountId);
    return task;
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
      hintCode: 'hint.refreshInbox',
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
    const fromList = await inLane('poll', () => adapter.listOpenTasks(signal));
    const listed = await mapPaced(fromList, (task) => settle(runtime, capTaskText(task)));
    const listCalls = budget.grantedIn('poll') - listCallsBefore;
    runtime.listCalls = listCalls;
    const windowMs = budget.spec.read.windowMs;
    budget.reserve(
      'read',
      listCalls * Math.ceil(windowMs / runtime.intervalMs) + USER_READ_HEADROOM,
    );
    // The diff and the alert decisions each take a thousand-task inbox in one go: each starts
    // on a fresh slice rather than at the end of one another account's poll has used.
    await pace();
    const diff = diffSnapshot(runtime.tasks, listed);
    const byId = new Map(diff.tasks.map((task) => [task.id, task]));
    runtime.tasks = byId;
    const listChanged = diff.added.length + diff.changed.length + diff.removed.length > 0;
    // Details still to read are kept as the list had them, as the last snapshot has them too.
    if (listChanged) this.persistSnapshot(runtime);
    if (listChanged || diff.needDetail.length > 0) this.emit('tasks', account.id);
    await pace();
    const inFlight = this.inFlightIds();
    const visible = [...byId.values()].filter((task) => !inFlight.has(task.id));
    const alerts = this.policy.observe(account.id, account.name, visible);
    await this.showAlerts(alerts);
    this.wakeWatcher();
    for (const task of diff.needDetail) runtime.detailQueue.add(task.id);
    this.startDetails(runtime);
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
      runtime.tasks.set(
        id,
        settle(runtime, { ...detailed, overdue: current.overdue || detailed.overdue }),
      );
      this.persistSnapshot(runtime, SNAPSHOT_DETAIL_WRITE_DELAY_MS);
      this.emit('tasks', runtime.account.id);
    }
  }

  /** Schedules the account's task list for the disk (debounced), without the vendor's raw records. */
  private persistSnapshot(runtime: AccountRuntime, delayMs = SNAPSHOT_WRITE_DELAY_MS): void {
    const id = runtime.account.id;
    // Wall-clock time, as the timer's: a write due sooner carries this change too.
    const at = Date.now() + delayMs;
    const due = this.snapshotDue.get(id);
    if (due && due.at <= at) return;
    if (due) {
      clearTimeout(due.timer);
      this.snapshotDue.delete(id);
    }
    const write = () => {
      if (this.runtimes.get(id) !== runtime) return; // removed or replaced meanwhile
      const { store } = this.options;
      const key = snapshotKey(id);
      // After the account's previous snapshot, so a later list never lands before an earlier one.
      const previous = this.snapshotWrites.get(id);
      const writing = async () => {
        await previous;
        if (this.runtimes.get(id) !== runtime) return;
        // The raw record is read again when a detail is opened; kept, it made the state 40+ MB.
        // Copied in slices: twenty accounts' thousand tasks at once held the thread for 20 ms.
        const tasks = await mapPaced([...runtime.tasks.values()], (task) =>
          task.raw === null ? task : { ...task, raw: null },
        );
        const value = { version: 1, tasks };
        // A thousand tasks take long to serialise at once: in slices where the store can.
        await (store.writePaced ? store.writePaced(key, value) : store.write(key, value));
      };
      this.trackSnapshot(id, writing());
    };
    const timer = setTimeout(() => {
      this.snapshotDue.delete(id);
      write();
    }, delayMs);
    timer.unref();
    this.snapshotDue.set(id, { timer, write, at });
  }

  private trackSnapshot(accountId: string, write: Promise<void>): void {
    const settled = write.catch((error: unknown) => {
      this.emit('problem', saveFailure(snapshotKey(accountId), error));
    });
    this.snapshotWrites.set(accountId, settled);
    runHandled(
      settled.then(() => {
        if (this.snapshotWrites.get(accountId) === settled) this.snapshotWrites.delete(accountId);
      }),
    );
  }

  /**
   * The seen-alert memory reaches the disk before an alert is shown: after a crash, an alert
   * shown is never shown again (one that was not shown may be, once).
   */
  private async showAlerts(alerts: Alert[]): Promise<void> {
    if (alerts.length === 0) return;
    await this.policy
      .persisted()
      .catch((error: unknown) => this.emit('problem', saveFailure('seen', error)));
    for (const alert of alerts) this.emit('alert', alert);
  }

  // ── between polls: due times, snoozes, held alerts, the outbox ────────────

  private wakeWatcher(): void {
    this.watcher?.wake.abort();
  }

  private async nextWatchAt(now: number): Promise<number> {
    let next = now + WATCH_TICK_MS;
    for (const runtime of [...this.runtimes.values()]) {
      await forEachPaced(runtime.tasks.values(), (task) => {
        if (task.dueAt === null || task.overdue) return;
        const due = instantToMs(task.dueAt);
        if (due > now && due < next) next = due;
      });
    }
    for (const candidate of [this.policy.nextSnoozeEnd(), this.outbox.nextDueAt()]) {
      if (candidate !== null && candidate < next) next = Math.max(candidate, now);
    }
    return next;
  }

  private async watch(stop: AbortSignal): Promise<void> {
    const { clock } = this.options.deps;
    await this.loaded;
    while (!stop.aborted && this.watcher) {
      // A fresh wake signal before the checks, so a wake during them is not lost.
      this.watcher.wake = new AbortController();
      const wake = this.watcher.wake.signal;
      await this.checkBetweenPolls();
      // Started, not awaited: a send waiting in a request budget must not hold up due alerts;
      // each attempt's outcome wakes this loop through the outbox's change events. Completions
      // and reassignments were started by the user: they go in the user lane, ahead of background
      // reads.
      await inLane('user', () => this.outbox.startDue(stop)).catch(() => undefined);
      if (stop.aborted) return;
      const wait = (await this.nextWatchAt(clock.now())) - clock.now();
      try {
        if (wait > 0) await clock.sleep(wait, AbortSignal.any([stop, wake]));
      } catch {
        // Woken early or stopped.
      }
    }
  }

  /** Every open task of every account is looked at: in slices, one account at a time. */
  private async checkBetweenPolls(): Promise<void> {
    const alerts: Alert[] = [];
    const open = new Map<string, Task>();
    const inFlight = this.inFlightIds();
    for (const runtime of [...this.runtimes.values()]) {
      const tasks: Task[] = [];
      await forEachPaced(runtime.tasks.values(), (task) => {
        if (inFlight.has(task.id)) return;
        tasks.push(task);
        open.set(task.id, task);
      });
      // Removed while this looked: nothing of it is alerted any more.
      if (this.runtimes.get(runtime.account.id) !== runtime) continue;
      const latest = new Map([[runtime.account.id, { name: runtime.account.name, tasks }]]);
      alerts.push(...this.policy.checkDue(latest));
      await pace();
    }
    alerts.push(...this.policy.release(open));
    await this.showAlerts(alerts);
  }

  private onOutboxChange(item: OutboxItem): void {
    if (item.state === 'pending') this.wakeWatcher();
    if (item.state === 'done') {
      const runtime = this.runtimes.get(item.accountId);
      if (runtime?.tasks.delete(item.taskId)) this.persistSnapshot(runtime);
      // The task left the inbox here at once. A list now would show what the completion started
      // (a next step) a little sooner, but it is extra reads: only with a whole list to spare
      // beyond what the budget keeps for the polls and the user's own work (their next
      // completion must not wait behind it). Else the next scheduled poll shows it.
      if (runtime && runtime.budget.spare('read') >= runtime.listCalls)
        this.refreshNow(item.accountId);
    }
    this.emit('outbox', item);
    this.emit('tasks', item.accountId);
  }
}

/** Failures that pass: their kind's own hint promises a retry, which a claim or release never gets. */
const PASSING = new Set(['network', 'timeout', 'server', 'malformed', 'rate_limited']);

/**
 * A claim or release (made now, never queued) that failed in passing: the hint says it was not
 * made and to try again, not that Tasktray will retry it.
 */
function notRetried(
  error: unknown,
  hintCode: 'hint.claimNotMade' | 'hint.claimAgain' | 'hint.releaseAgain',
): unknown {
  if (!(error instanceof VendorError) || !PASSING.has(error.kind)) return error;
  return new VendorError(error.kind, error.message, {
    hintCode,
    ...(error.code ? { code: error.code } : {}),
    params: error.params,
    status: error.status,
    vendorCode: error.vendorCode,
    requestId: error.requestId,
    retryAfterMs: error.retryAfterMs,
    fields: error.fields,
    cause: error,
  });
}
