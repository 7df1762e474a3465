// The one backoff rule for every retry the engine makes: the HTTP client's retry of a transient
// failure, the scheduler's next poll after one, and the outbox's next send.

export interface BackoffSpec {
  /** The first retry's ceiling. */
  baseMs: number;
  /** No retry waits longer than this. */
  maxMs: number;
}

/**
 * Exponential backoff with "equal jitter": the n-th retry (n ≥ 1) waits a uniform time within
 * [c/2, c], where c = min(max, base·2^(n-1)). Half of the wait always passes, so a retry never
 * comes at once; the other half is random, so many clients that failed together spread out.
 */
export function backoffDelay(
  spec: BackoffSpec,
  attempt: number,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(spec.maxMs, spec.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
