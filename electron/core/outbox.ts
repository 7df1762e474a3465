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

/** Errors that no retry will fix: the user must change something. */
const NEEDS_USER = new Set(['validation', 'unsupported', 'forbidden', 'conflict', 'not_found']);

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
  private running: Promise<void> | null = null;

  constructor(private readonly options: OutboxOptions) {
    const state = readPersisted(
      options.store,
      STATE_KEY,
      OutboxStateSchema,
      () => ({ version: 1 as const, items: [] }),
      options.onCorrupt,
      options.clock.now(),
    );
    this.items = state.items;
  }

  list(): OutboxItem[] {
    return this.items.map((item) => ({ ...item }));
  }

  get(id: string): OutboxItem | undefined {
    return this.items.find((item) => item.id === id);
  }

  /** Whether a task has a completion or reassignment on its way (it leaves the inbox meanwhile). */
  pendingFor(taskId: string): OutboxItem | undefined {
    return this.items.find((item) => item.taskId === taskId && item.state === 'pending');
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
    return item;
  }

  /** Sends a failed or waiting item again now (the user corrected it, or pressed retry). */
  retryNow(id: string, op?: OutboxOp): OutboxItem {
    const item = this.require(id);
    if (item.state === 'done')
      throw new VendorError('conflict', 'That already reached the vendor.');
    item.state = 'pending';
    item.nextAttemptAt = this.options.clock.now();
    if (op) item.op = op;
    this.touch(item);
    return item;
  }

  /** The user gave up on an item; the task returns to the inbox at the next poll. */
  discard(id: string): void {
    const item = this.require(id);
    this.items = this.items.filter((i) => i !== item);
    this.save();
    this.options.onChange({ ...item, state: 'failed' });
  }

  nextDueAt(): number | null {
    const due = this.items.filter((i) => i.state === 'pending').map((i) => i.nextAttemptAt);
    return due.length === 0 ? null : Math.min(...due);
  }

  /** Sends every item that is due; concurrent calls share one run. */
  processDue(signal?: AbortSignal): Promise<void> {
    this.running ??= this.run(signal).finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async run(signal?: AbortSignal): Promise<void> {
    const now = this.options.clock.now();
    this.items = this.items.filter(
      (item) => item.state !== 'done' || (item.doneAt ?? now) > now - DONE_RETENTION_MS,
    );
    for (const item of this.items) {
      if (signal?.aborted) return;
      if (item.state !== 'pending' || item.nextAttemptAt > this.options.clock.now()) continue;
      await this.attempt(item, signal);
    }
  }

  private async attempt(item: OutboxItem, signal?: AbortSignal): Promise<void> {
    const adapter = this.options.adapterFor(item.accountId);
    if (!adapter) {
      this.fail(item, new VendorError('not_found', 'The account of this task was removed.'), true);
      return;
    }
    const ref: TaskRef = { vendorTaskId: item.vendorTaskId, locator: item.locator };
    if (item.attempts > 0) {
      // An earlier send may have landed with its answer lost: look before sending again.
      try {
        const task = await adapter.getTask(ref, signal);
        const landed =
          item.op.type === 'complete'
            ? task.status === 'completed'
            : sameAssignee(task, item.op.target);
        if (landed) {
          this.succeed(item);
          return;
        }
      } catch (error) {
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
    item.attempts += 1;
    this.save();
    try {
      if (item.op.type === 'complete') await adapter.complete(ref, item.op.request, signal);
      else await adapter.reassign(ref, item.op.target, signal);
      this.succeed(item);
    } catch (error) {
      if (signal?.aborted) return;
      const vendorError = toVendorError(error);
      this.fail(item, vendorError, NEEDS_USER.has(vendorError.kind));
    }
  }

  private succeed(item: OutboxItem): void {
    item.state = 'done';
    item.doneAt = this.options.clock.now();
    item.lastError = null;
    this.touch(item);
  }

  private fail(item: OutboxItem, error: VendorError, needsUser: boolean): void {
    item.lastError = error.toInfo();
    if (needsUser) {
      item.state = 'failed';
    } else {
      const wait = Math.max(error.retryAfterMs ?? 0, outboxBackoff(item.attempts));
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
