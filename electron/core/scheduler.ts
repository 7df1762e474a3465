// One scheduler for every account: each polls on its own interval, backs off exponentially with
// jitter on server and network trouble, waits out rate limits, and recovers by itself. Refresh-now
// wakes it early (the shell asks when the network comes back); pause/resume follow the machine's sleep.
import type { AccountHealth, HealthState } from '../../shared/health';
import type { VendorErrorKind } from '../../shared/errors';
import { backoffDelay, type BackoffSpec } from './backoff';
import type { Clock } from './ports';
import { toVendorError, type VendorError } from './vendor-error';
import { pace } from './cooperative';

/** Polls after a failure: the first within 2.5–5 s, doubling up to 7.5–15 min. */
export const POLL_BACKOFF: BackoffSpec = { baseMs: 5_000, maxMs: 15 * 60_000 };
/** A refused sign-in is retried this rarely; fixing the account wakes it at once. */
export const AUTH_RETRY_MS = 15 * 60_000;
/** A vendor asking us to wait longer than this is asked again after an hour. */
export const MAX_RATE_LIMIT_WAIT_MS = 60 * 60_000;
/** setTimeout fires at once past 2^31 - 1 ms (24.8 days): longer sleeps are taken in pieces. */
export const MAX_SLEEP_CHUNK_MS = 2 ** 31 - 1;

export interface PollTarget {
  accountId: string;
  intervalMs: number;
  poll(signal: AbortSignal): Promise<void>;
}

const HEALTH_BY_KIND: Partial<Record<VendorErrorKind, HealthState>> = {
  auth: 'auth_failed',
  forbidden: 'auth_failed',
  network: 'offline',
  timeout: 'offline',
  rate_limited: 'rate_limited',
};

export function failureDelay(
  error: VendorError,
  failures: number,
  intervalMs: number,
  random?: () => number,
): number {
  if (error.kind === 'rate_limited')
    return Math.min(MAX_RATE_LIMIT_WAIT_MS, Math.max(error.retryAfterMs ?? intervalMs, 1_000));
  if (error.kind === 'auth' || error.kind === 'forbidden') return AUTH_RETRY_MS;
  return backoffDelay(POLL_BACKOFF, failures, random);
}

interface Loop {
  target: PollTarget;
  health: AccountHealth;
  wake: AbortController;
  stop: AbortController;
  done: Promise<void>;
  /** Set while a poll runs, so refresh-now during a poll polls again right after. */
  again: boolean;
}

export interface SchedulerOptions {
  clock: Clock;
  onHealth: (health: AccountHealth) => void;
  random?: () => number;
}

export class Scheduler {
  private readonly loops = new Map<string, Loop>();
  private paused = false;
  private running = false;

  constructor(private readonly options: SchedulerOptions) {}

  start(): void {
    this.running = true;
    for (const loop of this.loops.values()) this.run(loop);
  }

  async stop(): Promise<void> {
    this.running = false;
    const loops = [...this.loops.values()];
    for (const loop of loops) loop.stop.abort(new Error('stopped'));
    await Promise.all(loops.map((loop) => loop.done));
  }

  add(target: PollTarget): void {
    if (this.loops.has(target.accountId))
      throw new Error(`Account ${target.accountId} is already scheduled.`);
    const loop: Loop = {
      target,
      health: {
        accountId: target.accountId,
        state: this.paused ? 'paused' : 'starting',
        lastError: null,
        lastSuccessAt: null,
        nextPollAt: this.options.clock.now(),
        consecutiveFailures: 0,
      },
      wake: new AbortController(),
      stop: new AbortController(),
      done: Promise.resolve(),
      again: false,
    };
    this.loops.set(target.accountId, loop);
    this.options.onHealth({ ...loop.health });
    if (this.running) this.run(loop);
  }

  async remove(accountId: string): Promise<void> {
    const loop = this.loops.get(accountId);
    if (!loop) return;
    this.loops.delete(accountId);
    loop.stop.abort(new Error('removed'));
    await loop.done;
  }

  health(): AccountHealth[] {
    return [...this.loops.values()].map((loop) => ({ ...loop.health }));
  }

  /** Polls now: one account, or all. */
  refreshNow(accountId?: string): void {
    for (const loop of this.loops.values()) {
      if (accountId !== undefined && loop.target.accountId !== accountId) continue;
      loop.health.nextPollAt = this.options.clock.now();
      loop.again = true;
      loop.wake.abort();
    }
  }

  /** Stops polling (the machine sleeps). */
  pause(): void {
    this.paused = true;
    for (const loop of this.loops.values()) this.setHealth(loop, { state: 'paused' });
  }

  /** Polls every account at once and carries on (the machine woke). */
  resume(): void {
    if (!this.paused) return;
    this.paused = false;
    for (const loop of this.loops.values()) {
      this.setHealth(loop, { state: loop.health.lastError ? loop.health.state : 'starting' });
    }
    this.refreshNow();
  }

  get isPaused(): boolean {
    return this.paused;
  }

  private setHealth(loop: Loop, change: Partial<AccountHealth>): void {
    loop.health = { ...loop.health, ...change };
    this.options.onHealth({ ...loop.health });
  }

  private run(loop: Loop): void {
    loop.done = this.loopBody(loop).catch(() => undefined);
  }

  private async sleepUntil(loop: Loop, at: number | null): Promise<void> {
    const { clock } = this.options;
    const ms = at === null ? MAX_SLEEP_CHUNK_MS : at - clock.now();
    if (ms <= 0 || loop.again) return;
    const signal = AbortSignal.any([loop.wake.signal, loop.stop.signal]);
    try {
      await clock.sleep(Math.min(ms, MAX_SLEEP_CHUNK_MS), signal);
    } catch {
      // Woken early or stopped: the loop checks which.
    }
    if (loop.wake.signal.aborted) loop.wake = new AbortController();
  }

  private async loopBody(loop: Loop): Promise<void> {
    const { clock } = this.options;
    while (!loop.stop.signal.aborted) {
      await this.sleepUntil(loop, this.paused ? null : loop.health.nextPollAt);
      if (loop.stop.signal.aborted) return;
      if (this.paused) continue;
      if (!loop.again && (loop.health.nextPollAt ?? 0) > clock.now()) continue;
      loop.again = false;
      try {
        // Every account's poll falls due together at start: each begins on a slice with room.
        await pace();
        await loop.target.poll(loop.stop.signal);
        this.setHealth(loop, {
          state: 'ok',
          lastError: null,
          lastSuccessAt: clock.now(),
          consecutiveFailures: 0,
          nextPollAt: clock.now() + loop.target.intervalMs,
        });
      } catch (caught) {
        if (loop.stop.signal.aborted) return;
        const error = toVendorError(caught);
        const failures = loop.health.consecutiveFailures + 1;
        const delay = failureDelay(error, failures, loop.target.intervalMs, this.options.random);
        this.setHealth(loop, {
          state: this.paused ? 'paused' : (HEALTH_BY_KIND[error.kind] ?? 'degraded'),
          lastError: error.toInfo(),
          consecutiveFailures: failures,
          nextPollAt: clock.now() + delay,
        });
      }
    }
  }
}
