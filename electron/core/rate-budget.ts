// Each account's request budget: the vendor's documented limits as sliding windows, tightened by
// the rate-limit headers the vendor actually returns and by Retry-After. The budgeted fetch waits
// for a slot, so no request is ever sent that the budget does not allow.
import type { Clock, FetchLike } from './ports';
import { parseRetryAfter } from './http';
import { VendorError } from './vendor-error';

export type RequestClass = 'read' | 'write' | 'exempt';

export interface WindowLimit {
  limit: number;
  windowMs: number;
}

export interface BudgetSpec {
  read: WindowLimit;
  write: WindowLimit;
  /** Which window a request counts against; `exempt` for sign-in calls the adapter limits itself. */
  classify(method: string, url: URL): RequestClass;
  /** Polling faster than this only sees the vendor's cache. */
  minPollIntervalMs: number;
}

/**
 * For vendors that publish no limit: a polite ceiling of our own, well above what polling needs
 * (one list call a minute) and well below what any API gateway would mind.
 */
export const DEFAULT_BUDGET: BudgetSpec = {
  read: { limit: 60, windowMs: 60_000 },
  write: { limit: 20, windowMs: 60_000 },
  classify: (method) => (method === 'GET' || method === 'HEAD' ? 'read' : 'write'),
  minPollIntervalMs: 15_000,
};

/** The polite default, with the vendor's own word on which calls only read or are exempt. */
export function defaultBudgetWith(classify: BudgetSpec['classify']): BudgetSpec {
  return { ...DEFAULT_BUDGET, classify };
}

const byMethod = DEFAULT_BUDGET.classify;

/** OAuth token calls are made only on expiry and limited by the OAuth session itself. */
export function exemptTokenEndpoint(tokenPathSuffix: string): BudgetSpec['classify'] {
  return (method, url) =>
    url.pathname.endsWith(tokenPathSuffix) ? 'exempt' : byMethod(method, url);
}

/** Waiting longer than this for a slot fails the request as rate limited instead. */
export const MAX_BUDGET_WAIT_MS = 120_000;

class Window {
  private sent: number[] = [];
  /** What the vendor last said is left, counted down by what we sent since. */
  private serverRemaining: number | null = null;
  private serverResetAt = 0;
  private blockedUntil = 0;

  constructor(private readonly spec: WindowLimit) {}

  nextSlot(now: number): number {
    this.sent = this.sent.filter((at) => at > now - this.spec.windowMs);
    let slot = now;
    if (this.sent.length >= this.spec.limit) {
      const oldest = this.sent[this.sent.length - this.spec.limit] ?? now;
      slot = oldest + this.spec.windowMs;
    }
    if (this.serverRemaining !== null && this.serverRemaining <= 0 && this.serverResetAt > now) {
      slot = Math.max(slot, this.serverResetAt);
    }
    return Math.max(slot, this.blockedUntil);
  }

  record(at: number): void {
    this.sent.push(at);
    if (this.serverRemaining !== null) this.serverRemaining -= 1;
  }

  observe(remaining: number | null, resetAt: number | null, now: number): void {
    if (remaining === null) return;
    this.serverRemaining = remaining;
    this.serverResetAt = resetAt ?? now + this.spec.windowMs;
  }

  block(until: number): void {
    this.blockedUntil = Math.max(this.blockedUntil, until);
  }

  sentIn(now: number): number {
    return this.sent.filter((at) => at > now - this.spec.windowMs).length;
  }
}

function headerNumber(headers: Headers, ...names: string[]): number | null {
  for (const name of names) {
    const value = headers.get(name);
    if (value !== null && /^\d+(\.\d+)?$/.test(value.trim())) return Number(value);
  }
  return null;
}

export class RateBudget {
  private readonly windows: Record<Exclude<RequestClass, 'exempt'>, Window>;

  constructor(
    readonly spec: BudgetSpec,
    private readonly clock: Clock,
  ) {
    this.windows = { read: new Window(spec.read), write: new Window(spec.write) };
  }

  /** When a request of this class may be sent (now, or later). */
  nextSlot(cls: RequestClass): number {
    const now = this.clock.now();
    return cls === 'exempt' ? now : this.windows[cls].nextSlot(now);
  }

  /** Requests of a class sent within its current window. */
  used(cls: Exclude<RequestClass, 'exempt'>): number {
    return this.windows[cls].sentIn(this.clock.now());
  }

  /** Whether `count` more requests of a class fit now. */
  fits(cls: Exclude<RequestClass, 'exempt'>, count: number): boolean {
    const limit = this.spec[cls].limit;
    return this.used(cls) + count <= limit && this.nextSlot(cls) <= this.clock.now();
  }

  /** Blocks every class until `until` (a Retry-After that names no class). */
  blockAll(until: number): void {
    this.windows.read.block(until);
    this.windows.write.block(until);
  }

  /** Wraps a fetch so every request waits for its slot and teaches the budget what came back. */
  wrap(fetch: FetchLike, label: string): FetchLike {
    return async (input, init) => {
      const url = new URL(input.toString());
      const method = (init?.method ?? 'GET').toUpperCase();
      const cls = this.spec.classify(method, url);
      if (cls !== 'exempt') {
        const window = this.windows[cls];
        for (;;) {
          const now = this.clock.now();
          const slot = window.nextSlot(now);
          if (slot <= now) break;
          if (slot - now > MAX_BUDGET_WAIT_MS) {
            throw new VendorError(
              'rate_limited',
              `Tasktray is holding back requests to ${label} to stay within its rate limit.`,
              { retryAfterMs: slot - now },
            );
          }
          await this.clock.sleep(slot - now, init?.signal ?? undefined);
        }
        window.record(this.clock.now());
      }
      const response = await fetch(input, init);
      const now = this.clock.now();
      if (cls !== 'exempt') {
        const remaining = headerNumber(
          response.headers,
          'X-RateLimit-Remaining',
          'RateLimit-Remaining',
        );
        const reset = headerNumber(response.headers, 'X-RateLimit-Reset', 'RateLimit-Reset');
        // X-RateLimit-Reset is a unix time in seconds; the IETF RateLimit-Reset is seconds from now.
        const resetAt = reset === null ? null : reset > 1e9 ? reset * 1000 : now + reset * 1000;
        this.windows[cls].observe(remaining, resetAt, now);
      }
      if (response.status === 429 || response.status === 503) {
        const wait = parseRetryAfter(response.headers.get('Retry-After'), now);
        if (wait !== null) {
          if (cls === 'exempt') this.blockAll(now + wait);
          else this.windows[cls].block(now + wait);
        }
      }
      return response;
    };
  }
}
