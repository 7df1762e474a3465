// The completion outbox: completions and reassignments persist until they land, survive restarts
// and offline spells, retry with backoff, and re-read the task before any retry so a completion
// that did land is never sent twice. A refusal by the vendor goes back to the user, never dropped.
// Each item is its own document, shared by every process on the same state (the tray app,
// `tasktray watch`, one-shot commands): each looks at the folder again before sending, and a
// claim keeps one item's send to one process.
import { randomUUID } from 'node:crypto';
import { OutboxItemSchema, type OutboxItem, type OutboxOp } from '../../shared/outbox';
import type { ReassignTarget, Task } from '../../shared/task';
import type { TaskRef, VendorAdapter } from './adapter';
import { backoffDelay, type BackoffSpec } from './backoff';
import { loadPersisted, saveFailure, type CorruptionReporter } from './persisted';
import type { Clock, StateStore } from './ports';
import { toVendorError, VendorError } from './vendor-error';
import { runHandled } from '../../shared/detached';

const FOLDER = 'outbox';
const itemKey = (id: string) => `${FOLDER}/${id}`;
const claimName = (id: string) => `outbox-${id}`;

/** Sends after a failure: the first retry within 2.5–5 s, doubling up to 5–10 min. */
export const OUTBOX_BACKOFF: BackoffSpec = { baseMs: 5_000, maxMs: 10 * 60_000 };
/** Landed items stay visible this long (the windows show "sent"), then are forgotten. */
export const DONE_RETENTION_MS = 24 * 3600_000;

/** Beyond a vendor's declared read staleness, so the look before a retry sees our own write. */
export const STALENESS_MARGIN_MS = 1_000;

/** Errors that no retry will fix: the user must change something. */
const NEEDS_USER = new Set(['validation', 'unsupported', 'forbidden', 'conflict', 'not_found']);
/** Failures after which the vendor may still have applied the send. */
const ANSWER_MAY_BE_LOST = new Set(['network', 'timeout', 'server', 'malformed']);
/** A vendor's answer to a completion that says the task is no longer open. */
const LANDED_BEFORE = new Set(['conflict', 'not_found']);

function sameAssignee(task: Task, target: ReassignTarget): boolean {
  return target.kind === 'user' ? task.assignee?.id === target.id : task.group?.id === target.id;
}

export interface OutboxOptions {
  store: StateStore;
  clock: Clock;
  adapterFor: (accountId: string) => VendorAdapter | undefined;
  onChange: (item: OutboxItem) => void;
  onCorrupt: CorruptionReporter;
}

export class Outbox {
  private items: OutboxItem[] = [];
  /** Attempts under way, by item: each can be aborted alone (a discard stops its own send). */
  private readonly inFlight = new Map<string, { abort: AbortController; done: Promise<void> }>();
  /** Writes not yet on disk, by item: the item is ours even if the folder does not show it yet. */
  private readonly writing = new Map<string, Promise<void>>();

  constructor(private readonly options: OutboxOptions) {}

  /** Reads the items every process has queued; call once before anything else. */
  async load(): Promise<void> {
    await this.refresh();
  }

  /**
   * Looks at the folder again: items another process queued, retried, finished or discarded
   * since. Items this process is sending or still writing stay as this process knows them.
   */
  async refresh(): Promise<void> {
    const { store, clock, onCorrupt } = this.options;
    const keys = await store.list(FOLDER);
    const onDisk = new Map<string, OutboxItem>();
    for (const key of keys) {
      const item = await loadPersisted(
        store,
        key,
        OutboxItemSchema.nullable(),
        () => null,
        onCorrupt,
        clock.now(),
      );
      if (item) onDisk.set(item.id, item);
    }
    const next: OutboxItem[] = [];
    const changed: OutboxItem[] = [];
    for (const mine of this.items) {
      const theirs = onDisk.get(mine.id);
      onDisk.delete(mine.id);
      if (this.inFlight.has(mine.id) || this.writing.has(mine.id)) next.push(mine);
      else if (theirs) {
        next.push(theirs);
        if (JSON.stringify(theirs) !== JSON.stringify(mine)) changed.push(theirs);
      } else changed.push({ ...mine, state: 'failed' }); // discarded elsewhere
    }
    for (const theirs of onDisk.values()) {
      next.push(theirs);
      changed.push(theirs);
    }
    this.items = next;
    for (const item of changed) this.options.onChange({ ...item });
  }

  /** Resolves when every write so far is on disk. */
  async flush(): Promise<void> {
    await Promise.all(this.writing.values());
  }

  list(): OutboxItem[] {
    return this.items.map((item) => ({ ...item }));
  }

  get(id: string): OutboxItem | undefined {
    return this.items.find((item) => item.id === id);
  }

  /** Whether a task has a completion or reassignment on its way (it leaves the inbox meanwhile). */
  pendingFor(taskId: string): OutboxItem | undefined {
    return this.items.find(
      (item) => item.taskId === taskId && (item.state === 'pending' || item.state === 'sending'),
    );
  }

  /** Throws when the task has a completion or reassignment on its way already. */
  assertNothingPending(task: Pick<Task, 'id' | 'title'>): void {
    const existing = this.pendingFor(task.id);
    if (existing) {
      throw new VendorError(
        'conflict',
        `“${task.title}” already has a ${existing.op.type} on its way.`,
        {
          hintCode: 'hint.waitOrDiscard',
        },
      );
    }
  }

  enqueue(task: Task, op: OutboxOp): OutboxItem {
    this.assertNothingPending(task);
    const now = this.options.clock.now();
    const item: OutboxItem = {
      id: randomUUID(),
      accountId: task.accountId,
      taskId: task.id,
      vendorTaskId: task.vendorTaskId,
      locator: task.locator,
      taskTitle: task.title,
      op,
      createdAt: now,
      attempts: 0,
      nextAttemptAt: now,
      state: 'pending',
      lastError: null,
      doneAt: null,
    };
    this.items.push(item);
    this.save(item);
    this.options.onChange({ ...item });
    return { ...item };
  }

  /**
   * Sends a failed or waiting item again now (the user corrected it, or pressed retry), beside
   * whatever else is being sent. An item already being sent is left to finish.
   */
  retryNow(id: string, op?: OutboxOp): OutboxItem {
    const item = this.require(id);
    if (item.state === 'done')
      throw new VendorError('conflict', 'That already reached the vendor.');
    if (this.inFlight.has(id)) return { ...item };
    item.state = 'pending';
    item.nextAttemptAt = this.options.clock.now();
    if (op) item.op = op;
    this.touch(item);
    runHandled(this.start(item));
    return { ...item };
  }

  /** Sends this one item now (and nothing else), unless it is already on its way. */
  async sendNow(id: string, signal?: AbortSignal): Promise<OutboxItem> {
    const running = this.inFlight.get(id);
    if (running) await running.done;
    else {
      const item = this.require(id);
      if (item.state === 'pending' || item.state === 'sending') await this.start(item, signal);
    }
    await this.flush();
    return { ...this.require(id) };
  }

  /** The user gave up on an item: a send under way is aborted; the task returns at the next poll. */
  discard(id: string): void {
    const item = this.require(id);
    this.inFlight.get(id)?.abort.abort(new Error('discarded'));
    this.items = this.items.filter((i) => i !== item);
    this.remove(item);
    this.options.onChange({ ...item, state: 'failed' });
  }

  /** When the next queued item is due; items being sent are not waiting. */
  nextDueAt(): number | null {
    const due = this.items
      .filter((i) => i.state === 'pending' && !this.inFlight.has(i.id))
      .map((i) => i.nextAttemptAt);
    return due.length === 0 ? null : Math.min(...due);
  }

  /** Sends every item that is due (another process's too); resolves when those attempts end. */
  async processDue(signal?: AbortSignal): Promise<void> {
    await this.startDue(signal);
    await Promise.all([...this.inFlight.values()].map(({ done }) => done));
  }

  /** Starts every item that is due; resolves once they are started, not sent. */
  async startDue(signal?: AbortSignal): Promise<void> {
    await this.refresh();
    const now = this.options.clock.now();
    const expired = this.items.filter(
      (item) => item.state === 'done' && (item.doneAt ?? now) <= now - DONE_RETENTION_MS,
    );
    for (const item of expired) this.remove(item);
    this.items = this.items.filter((item) => !expired.includes(item));
    // A "sending" item no process is sending any more (its process ended mid-send) is due too;
    // the claim decides.
    const due = this.items.filter(
      (item) =>
        (item.state === 'pending' || item.state === 'sending') &&
        item.nextAttemptAt <= now &&
        !this.inFlight.has(item.id),
    );
    for (const item of due) runHandled(this.start(item, signal));
  }

  /** Aborts every attempt under way, waits for them to settle and for their writes to land. */
  async stop(): Promise<void> {
    const running = [...this.inFlight.values()];
    for (const { abort } of running) abort.abort(new Error('stopped'));
    await Promise.all(running.map(({ done }) => done));
    await this.flush();
  }

  private start(item: OutboxItem, signal?: AbortSignal): Promise<void> {
    const abort = new AbortController();
    const linked = signal ? AbortSignal.any([signal, abort.signal]) : abort.signal;
    const done = this.claimed(item, linked)
      .catch(() => undefined)
      .finally(() => this.inFlight.delete(item.id));
    this.inFlight.set(item.id, { abort, done });
    return done;
  }

  /** One attempt, by this process alone, on the item as every process last left it. */
  private async claimed(item: OutboxItem, signal: AbortSignal): Promise<void> {
    const release = await this.options.store.claim(claimName(item.id));
    if (!release) return; // Another process is sending it.
    try {
      await this.writing.get(item.id);
      const current = await this.options.store.read(itemKey(item.id)).catch(() => undefined);
      const parsed = OutboxItemSchema.safeParse(current);
      if (!parsed.success) {
        // Discarded elsewhere (or unreadable: the next refresh reports it).
        if (!this.writing.has(item.id)) this.items = this.items.filter((i) => i !== item);
        return;
      }
      Object.assign(item, parsed.data);
      await this.attempt(item, signal);
    } finally {
      await this.writing.get(item.id);
      await release();
    }
  }

  /** Still queued: not discarded, not already landed or refused meanwhile. */
  private stillQueued(item: OutboxItem): boolean {
    return this.items.includes(item) && (item.state === 'pending' || item.state === 'sending');
  }

  private async attempt(item: OutboxItem, signal: AbortSignal): Promise<void> {
    if (!this.stillQueued(item) || signal.aborted) return;
    const adapter = this.options.adapterFor(item.accountId);
    if (!adapter) {
      this.fail(item, new VendorError('not_found', 'The account of this task was removed.'), true);
      return;
    }
    const ref: TaskRef = { vendorTaskId: item.vendorTaskId, locator: item.locator };
    const retry = item.attempts > 0;
    // Visible as being sent, and due later already: while it waits (in a request budget, on a
    // slow vendor) nothing claims a retry is coming that is not.
    item.state = 'sending';
    item.nextAttemptAt = this.options.clock.now() + backoffDelay(OUTBOX_BACKOFF, item.attempts + 1);
    this.touch(item);
    if (retry) {
      // An earlier send may have landed with its answer lost: look before sending again.
      try {
        const task = await adapter.getTask(ref, signal);
        if (!this.stillQueued(item) || signal.aborted) return;
        const landed =
          item.op.type === 'complete'
            ? task.status === 'completed'
            : sameAssignee(task, item.op.target);
        if (landed) {
          this.succeed(item);
          return;
        }
      } catch (error) {
        if (!this.stillQueued(item)) return;
        if (signal.aborted) return this.requeue(item);
        const vendorError = toVendorError(error);
        if (vendorError.kind === 'not_found') {
          // Gone from the vendor's view after we sent it: it landed (or was finished elsewhere).
          this.succeed(item);
          return;
        }
        this.fail(item, vendorError, false);
        return;
      }
    }
    if (!this.stillQueued(item) || signal.aborted) return this.requeue(item);
    item.attempts += 1;
    this.save(item);
    try {
      if (item.op.type === 'complete') await adapter.complete(ref, item.op.request, signal);
      else await adapter.reassign(ref, item.op.target, signal);
      if (this.items.includes(item)) this.succeed(item);
    } catch (error) {
      if (!this.stillQueued(item)) return;
      if (signal.aborted) return this.requeue(item);
      const vendorError = toVendorError(error);
      // "Already completed" / "not open" to a retry of ours: the earlier send landed.
      if (retry && item.op.type === 'complete' && LANDED_BEFORE.has(vendorError.kind)) {
        this.succeed(item);
        return;
      }
      const mayHaveLanded = ANSWER_MAY_BE_LOST.has(vendorError.kind);
      this.fail(
        item,
        vendorError,
        NEEDS_USER.has(vendorError.kind),
        mayHaveLanded ? adapter.readStalenessMs : 0,
      );
    }
  }

  /** An attempt cut short (the engine stopped): back in the queue as it was. */
  private requeue(item: OutboxItem): void {
    if (!this.stillQueued(item)) return;
    item.state = 'pending';
    this.touch(item);
  }

  private succeed(item: OutboxItem): void {
    item.state = 'done';
    item.doneAt = this.options.clock.now();
    item.lastError = null;
    this.touch(item);
  }

  /**
   * `staleFor`: after a send whose answer may be lost, the vendor's reads can show the task as it
   * was for this long; the look before the retry waits it out, or it would send again.
   */
  private fail(item: OutboxItem, error: VendorError, needsUser: boolean, staleFor = 0): void {
    item.lastError = error.toInfo();
    if (needsUser) {
      item.state = 'failed';
    } else {
      item.state = 'pending';
      const wait = Math.max(
        error.retryAfterMs ?? 0,
        backoffDelay(OUTBOX_BACKOFF, item.attempts),
        staleFor > 0 ? staleFor + STALENESS_MARGIN_MS : 0,
      );
      item.nextAttemptAt = this.options.clock.now() + wait;
    }
    this.touch(item);
  }

  private touch(item: OutboxItem): void {
    this.save(item);
    this.options.onChange({ ...item });
  }

  private require(id: string): OutboxItem {
    const item = this.get(id);
    if (!item)
      throw new VendorError('not_found', 'That completion is no longer waiting to be sent.');
    return item;
  }

  private save(item: OutboxItem): void {
    this.track(item.id, this.options.store.write(itemKey(item.id), { ...item }));
  }

  private remove(item: OutboxItem): void {
    this.track(item.id, this.options.store.delete(itemKey(item.id)));
  }

  /** Writes of one item land in order (the store keeps them so); the last one marks it written. */
  private track(id: string, write: Promise<void>): void {
    const settled = write.catch((error: unknown) => {
      this.options.onCorrupt(saveFailure(itemKey(id), error));
    });
    this.writing.set(id, settled);
    runHandled(
      settled.then(() => {
        if (this.writing.get(id) === settled) this.writing.delete(id);
      }),
    );
  }
}
