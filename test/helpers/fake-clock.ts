// A controllable clock: time moves only when a test says so. Timers fire in order, and between
// firings the test waits for the system to settle (no request in flight, no pending work).
import { pausedWork } from '../../electron/core/cooperative';
import type { Clock, FetchLike } from '../../electron/core/ports';

interface Timer {
  at: number;
  seq: number;
  resolve: () => void;
}

export class FakeClock implements Clock {
  private timers: Timer[] = [];
  private seq = 0;
  private inFlight = 0;

  constructor(private current: number) {}

  now(): number {
    return this.current;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      const timer: Timer = { at: this.current + Math.max(0, ms), seq: this.seq++, resolve };
      this.timers.push(timer);
      signal?.addEventListener(
        'abort',
        () => {
          this.timers = this.timers.filter((t) => t !== timer);
          reject(signal.reason);
        },
        { once: true },
      );
    });
  }

  /** Wraps a fetch so the clock knows when requests are in flight (bodies are read in full). */
  track(fetch: FetchLike): FetchLike {
    return async (input, init) => {
      this.inFlight += 1;
      try {
        const response = await fetch(input, init);
        const body = await response.arrayBuffer();
        return new Response(response.status === 204 ? null : body, {
          status: response.status,
          statusText: response.statusText,
          headers: response.headers,
        });
      } finally {
        this.inFlight -= 1;
      }
    };
  }

  /** Counts other work (file I/O) as in flight until it settles, so `settle` waits for it. */
  async hold<T>(work: () => Promise<T>): Promise<T> {
    this.inFlight += 1;
    try {
      return await work();
    } finally {
      this.inFlight -= 1;
    }
  }

  /** Waits until nothing is in flight (nor paused between slices) and every pending callback has run. */
  async settle(): Promise<void> {
    for (let quiet = 0; quiet < 3;) {
      await new Promise((resolve) => setImmediate(resolve));
      if (this.inFlight > 0) {
        quiet = 0;
        await new Promise((resolve) => setTimeout(resolve, 1));
      } else if (pausedWork() > 0) {
        quiet = 0;
      } else {
        quiet += 1;
      }
    }
  }

  /** Moves time forward to `target`, firing due timers in order and settling after each. */
  async advanceTo(target: number): Promise<void> {
    await this.settle();
    for (;;) {
      this.timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
      const next = this.timers[0];
      if (!next || next.at > target) break;
      this.timers.shift();
      this.current = Math.max(this.current, next.at);
      next.resolve();
      await this.settle();
    }
    this.current = Math.max(this.current, target);
    await this.settle();
  }

  advance(ms: number): Promise<void> {
    return this.advanceTo(this.current + ms);
  }

  get pendingTimers(): number {
    return this.timers.length;
  }
}
