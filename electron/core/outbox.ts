// The completion outbox: completions and reassignments persist until they land, survive restarts
// and offline spells, retry with backoff, and re-read the task before any retry so a completion
// that did land is never sent twice. A refusal by the vendor goes back to the user, never dropped.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { OutboxItemSchema, type OutboxItem, type OutboxOp } from '../../shared/outbox';
import type { ReassignTarget, Task } from '../../shared/task';
import type { TaskRef, VendorAdapter } from './adapter';
import { readPersisted, type CorruptionReporter } from './persisted';
import type { Clock, KeyValueStore } from './ports';
import { toVendorError, VendorError } from './vendor-error';

const STATE_KEY = 'outbox';
const OutboxStateSchema = z.object({ version: z.literal(1), items: z.array(OutboxItemSchema) });

export const OUTBOX_BACKOFF_BASE_MS = 5_000;
export const OUTBOX_BACKOFF_MAX_MS = 10 * 60_000;
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

export function outboxBackoff(attempts: number, random: () => number = Math.random): number {
  const ceiling = Math.min(
    OUTBOX_BACKOFF_MAX_MS,
    OUTBOX_BACKOFF_BASE_MS * 2 ** Math.max(0, attempts - 1),
  );
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

function sameAssignee(task: Task, target: ReassignTarget): boolean {
  return target.kind === 'user' ? task.assignee?.id === target.id : task.group?.id === target.id;
}

export interface OutboxOptions {
  store: KeyValueStore;
  clock: Clock;
  adapterFor: (accountId: string) => VendorAdapter | undefined;
  onChange: (item: OutboxItem) => void;
  onCorrupt: CorruptionReporter;
}

export class Outbox {
  private items: OutboxItem[];
  /** Attempts under way, by item: each can be aborted alone (a discard stops its own send). */
  private readonly inFlight = new Map<string, { abort: AbortController; done: Promise<void> }>();

  constructor(private readonly options: OutboxOptions) {
    const state = readPersisted(
      options.store,
      STATE_KEY,
      OutboxStateSchema,
      () => ({ version: 1 as const, items: [] }),
      options.onCorrupt,
      options.clock.now(),
    );
    // A send cut short by a crash or a quit is queued again; its attempt was counted.
    this.items = state.items.map((item) =>
      item.state === 'sending' ? { ...item, state: 'pending' as const } : item,
    );
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

  enqueue(task: Task, op: OutboxOp): OutboxItem {
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
    this.save();
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
    void this.start(item);
    return { ...item };
  }

  /** Sends one item now, unless it is already on its way; resolves when this attempt ends. */
  async sendNow(id: string, signal?: AbortSignal): Promise<OutboxItem> {
    const running = this.inFlight.get(id);
    if (running) await running.done;
    else {
      const item = this.require(id);
      if (item.state === 'pending') await this.start(item, signal);
    }
    return { ...this.require(id) };
  }

  /** The user gave up on an item: a send under way is aborted; the task returns at the next poll. */
  discard(id: string): void {
    const item = this.require(id);
    this.inFlight.get(id)?.abort.abort(new Error('discarded'));
    this.items = this.items.filter((i) => i !== item);
    this.save();
    this.options.onChange({ ...item, state: 'failed' });
  }

  /** When the next queued item is due; items being sent are not waiting. */
  nextDueAt(): number | null {
    const due = this.items.filter((i) => i.state === 'pending').map((i) => i.nextAttemptAt);
    return due.length === 0 ? null : Math.min(...due);
  }

  /** Starts every item that is due; resolves when those attempts end. */
  processDue(signal?: AbortSignal): Promise<void> {
    const now = this.options.clock.now();
    const before = this.items.length;
    this.items = this.items.filter(
      (item) => item.state !== 'done' || (item.doneAt ?? now) > now - DONE_RETENTION_MS,
    );
    if (this.items.length !== before) this.save();
    const due = this.items.filter(
      (item) =>
        item.state === 'pending' && item.nextAttemptAt <= now && !this.inFlight.has(item.id),
    );
    return Promise.all(due.map((item) => this.start(item, signal))).then(() => undefined);
  }

  /** Aborts every attempt under way and waits for them to settle. */
  async stop(): Promise<void> {
    const running = [...this.inFlight.values()];
    for (const { abort } of running) abort.abort(new Error('stopped'));
    await Promise.all(running.map(({ done }) => done));
  }

  private start(item: OutboxItem, signal?: AbortSignal): Promise<void> {
    const abort = new AbortController();
    const linked = signal ? AbortSignal.any([signal, abort.signal]) : abort.signal;
    const done = this.attempt(item, linked)
      .catch(() => undefined)
      .finally(() => this.inFlight.delete(item.id));
    this.inFlight.set(item.id, { abort, done });
    return done;
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
    item.nextAttemptAt = this.options.clock.now() + outboxBackoff(item.attempts + 1);
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
    this.save();
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
        outboxBackoff(item.attempts),
        staleFor > 0 ? staleFor + STALENESS_MARGIN_MS : 0,
      );
      item.nextAttemptAt = this.options.clock.now() + wait;
    }
    this.touch(item);
  }

  private touch(item: OutboxItem): void {
    this.save();
    this.options.onChange({ ...item });
  }

  private require(id: string): OutboxItem {
    const item = this.get(id);
    if (!item)
      throw new VendorError('not_found', 'That completion is no longer waiting to be sent.');
    return item;
  }

  private save(): void {
    this.options.store.set(STATE_KEY, { version: 1, items: this.items });
  }
}
