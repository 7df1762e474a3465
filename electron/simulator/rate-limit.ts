// A sliding-window limiter, as GeoTareas documents its limits.
export interface LimitDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Unix seconds when the oldest counted request leaves the window. */
  resetSec: number;
  retryAfterSec: number;
}

export class SlidingWindowLimiter {
  private readonly hits = new Map<string, number[]>();

  constructor(
    readonly limit: number,
    readonly windowMs: number,
    private readonly now: () => number,
  ) {}

  take(key: string): LimitDecision {
    const now = this.now();
    const recent = (this.hits.get(key) ?? []).filter((at) => at > now - this.windowMs);
    const allowed = recent.length < this.limit;
    if (allowed) recent.push(now);
    this.hits.set(key, recent);
    const oldest = recent[0] ?? now;
    const resetMs = oldest + this.windowMs;
    return {
      allowed,
      limit: this.limit,
      remaining: Math.max(0, this.limit - recent.length),
      resetSec: Math.ceil(resetMs / 1000),
      retryAfterSec: allowed ? 0 : Math.max(1, Math.ceil((resetMs - now) / 1000)),
    };
  }

  /** Counts a hit without refusing it (GeoTareas counts failed logins this way). */
  count(key: string): number {
    const now = this.now();
    const recent = (this.hits.get(key) ?? []).filter((at) => at > now - this.windowMs);
    recent.push(now);
    this.hits.set(key, recent);
    return recent.length;
  }

  reset(key: string): void {
    this.hits.delete(key);
  }
}
