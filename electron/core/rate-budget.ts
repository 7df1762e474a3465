// Each account's request budget: the vendor's documented limits as sliding windows, tightened by
// the rate-limit headers the vendor actually returns and by Retry-After. The budgeted fetch waits
// for a slot, so no request is ever sent that the budget does not allow.
import { AsyncLocalStorage } from 'node:async_hooks';
import { pace } from './cooperative';
import type { Clock, FetchLike, StateStore } from './ports';
import { MAX_RETRY_AFTER_MS, parseRetryAfter, type BudgetAwareInit } from './http';
import {
  RequestLedger,
  type OthersRequests,
  type OwnRequests,
  type RecordedRequest,
} from './request-ledger';
import { VendorError } from './vendor-error';
import { runHandled } from '../../shared/detached';

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

/** Slots of a window only the user's lane may take, in windows of at least USER_SLOT_MIN_LIMIT. */
export const USER_SLOTS = 1;
/** Below this a kept slot would cut polling too hard (a third of a window of 3). */
export const USER_SLOT_MIN_LIMIT = 10;

/** Waiting longer than this for a slot fails the request as rate limited instead. */
export const MAX_BUDGET_WAIT_MS = 120_000;

/**
 * Who is waiting for a slot, most urgent first: something the user just did (opening a task,
 * a completion), the poll's list calls (alerts come from them), then detail reads in the
 * background, which only take what the other two leave.
 */
export type Lane = 'user' | 'poll' | 'background';
const LANE_RANK: Record<Lane, number> = { user: 0, poll: 1, background: 2 };

const laneContext = new AsyncLocalStorage<Lane>();

/** Runs `work` with every budgeted request it makes (however deep) in `lane`. */
export function inLane<T>(lane: Lane, work: () => Promise<T>): Promise<T> {
  return laneContext.run(lane, work);
}

function currentLane(): Lane {
  return laneContext.getStore() ?? 'poll';
}

/** A request counted in a window: `at` is null while it is in flight. */
interface Sent {
  sentAt: number;
  at: number | null;
  background: boolean;
}

/**
 * Lets `decide` take slots knowing what the other processes on the account sent (their requests
 * are in the window when it runs), and records what it took for them: see RequestLedger.
 */
type Share = (decide: () => boolean) => Promise<void>;

interface Waiter {
  lane: Lane;
  seq: number;
  grant: (sent: Sent) => void;
}

class Window {
  private sent: Sent[] = [];
  /** Requests other processes sent to the same account, as last read from the ledger. */
  private others: Sent[] = [];
  /** Taking slots with the other processes (under the ledger's claim): pump waits for it. */
  private exchanging = false;
  /** What the vendor last said is left, counted down by what we sent since. */
  private serverRemaining: number | null = null;
  private serverResetAt = 0;
  private blockedUntil = 0;
  /** Slots per window kept for the user and the poll: background reads never take them. */
  private reserved = 0;
  private waiters: Waiter[] = [];
  private seq = 0;
  private timer: { at: number; stop: AbortController } | null = null;

  constructor(
    private readonly spec: WindowLimit,
    private readonly clock: Clock,
    private readonly share: Share | null,
  ) {}

  /**
   * A request counts from when it is sent until a full window after its answer came in: the
   * vendor counts it when it arrives, which is some time after we sent it, and may count the
   * window's edge in. Counting from the send time let one request too many through at the edge.
   */
  private expire(now: number): void {
    const counts = (s: Sent) => s.at === null || s.at >= now - this.spec.windowMs;
    this.sent = this.sent.filter(counts);
    this.others = this.others.filter(counts);
  }

  /** When the oldest `excess + 1`-th entry of `entries` leaves the window; Infinity if in flight. */
  private static leaveTime(entries: Sent[], limit: number, windowMs: number): number {
    if (entries.length < limit) return 0;
    const times = entries.map((s) => s.at ?? Number.POSITIVE_INFINITY).sort((a, b) => a - b);
    const mustLeave = times[times.length - limit] ?? Number.POSITIVE_INFINITY;
    return mustLeave + windowMs + 1;
  }

  /** When a request in `lane` may be sent, ignoring who else waits (Infinity: after an answer). */
  slotFor(lane: Lane, now: number): number {
    this.expire(now);
    const { limit, windowMs } = this.spec;
    // The last slot of a window is the user's: polls and background reads never take it, so what
    // the user just did goes out at once even when polls and a backlog fill the rest.
    const open = lane === 'user' || limit < USER_SLOT_MIN_LIMIT ? limit : limit - USER_SLOTS;
    const all = this.others.length === 0 ? this.sent : [...this.sent, ...this.others];
    let slot = Math.max(now, Window.leaveTime(all, open, windowMs));
    if (lane === 'background') {
      const share = Math.max(1, limit - this.reserved);
      const mine = this.sent.filter((s) => s.background);
      slot = Math.max(slot, Window.leaveTime(mine, share, windowMs));
    }
    if (this.serverRemaining !== null && this.serverRemaining <= 0 && this.serverResetAt > now) {
      slot = Math.max(slot, this.serverResetAt);
    }
    return Math.max(slot, this.blockedUntil);
  }

  /** Waits for this lane's turn and a free slot; resolves with the counted request. */
  acquire(lane: Lane, signal: AbortSignal | undefined): Promise<Sent> {
    return new Promise<Sent>((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      const onAbort = () => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(signal?.reason);
        this.pump();
      };
      const waiter: Waiter = {
        lane,
        seq: this.seq++,
        grant: (sent) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(sent);
        },
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      const at = this.waiters.findIndex(
        (w) => LANE_RANK[w.lane] > LANE_RANK[lane] || (w.lane === lane && w.seq > waiter.seq),
      );
      if (at === -1) this.waiters.push(waiter);
      else this.waiters.splice(at, 0, waiter);
      this.pump();
    });
  }

  /** Its answer is in: from now on it leaves the window like any other. */
  answered(sent: Sent): void {
    sent.at = this.clock.now();
    this.pump();
  }

  /** Grants slots to the most urgent waiters while they fit; else sleeps until one does. */
  pump(): void {
    // The exchange pumps again when it is done.
    if (this.exchanging) return;
    for (;;) {
      const head = this.waiters[0];
      if (!head) break;
      const now = this.clock.now();
      const slot = this.slotFor(head.lane, now);
      if (slot <= now) {
        if (this.share) {
          this.exchange(this.share);
          return;
        }
        this.grantFitting();
        continue;
      }
      // Waiting on an answer still in flight: `answered` pumps again.
      if (slot === Number.POSITIVE_INFINITY) break;
      if (this.timer?.at === slot) return;
      this.cancelTimer();
      const stop = new AbortController();
      this.timer = { at: slot, stop };
      this.clock.sleep(Math.min(slot - now, MAX_SLEEP_MS), stop.signal).then(
        () => {
          if (this.timer?.stop !== stop) return;
          this.timer = null;
          this.pump();
        },
        () => undefined,
      );
      return;
    }
    this.cancelTimer();
  }

  /** Grants the most urgent waiters while their slots are free now; says whether any was. */
  private grantFitting(): boolean {
    let granted = false;
    for (;;) {
      const head = this.waiters[0];
      if (!head) return granted;
      const now = this.clock.now();
      if (this.slotFor(head.lane, now) > now) return granted;
      this.waiters.shift();
      const sent: Sent = { sentAt: now, at: null, background: head.lane === 'background' };
      this.sent.push(sent);
      if (this.serverRemaining !== null) this.serverRemaining -= 1;
      head.grant(sent);
      granted = true;
    }
  }

  /**
   * Takes the free slots together with the other processes: under the ledger's claim their
   * requests are read into the window first, and the ones granted here are recorded before any
   * other process may decide. Waiters are granted in a batch, one claim for all of them.
   */
  private exchange(share: Share): void {
    this.cancelTimer();
    this.exchanging = true;
    let decided = false;
    const decide = () => {
      decided = true;
      return this.grantFitting();
    };
    runHandled(
      share(decide)
        // The ledger could not be used at all: this process decides alone, as before it had one.
        .catch(() => (decided ? undefined : this.grantFitting()))
        .finally(() => {
          this.exchanging = false;
          this.pump();
        }),
    );
  }

  /** What the other processes sent, each counting from `at` (see RequestLedger). */
  setOthers(times: number[], now: number): void {
    this.others = times.map((at) => ({ sentAt: at, at, background: false }));
    this.expire(now);
  }

  /** Our own requests of the window, for the other processes. */
  recorded(now: number): RecordedRequest[] {
    this.expire(now);
    return this.sent.map((s) => [s.sentAt, s.at]);
  }

  get blocked(): number {
    return this.blockedUntil;
  }

  private cancelTimer(): void {
    this.timer?.stop.abort();
    this.timer = null;
  }

  get waiting(): number {
    return this.waiters.length;
  }

  observe(remaining: number | null, resetAt: number | null, now: number): void {
    if (remaining === null) return;
    this.serverRemaining = remaining;
    this.serverResetAt = resetAt ?? now + this.spec.windowMs;
    this.pump();
  }

  block(until: number): void {
    this.blockedUntil = Math.max(this.blockedUntil, until);
    this.pump();
  }

  reserve(slots: number): void {
    this.reserved = Math.max(0, Math.min(this.spec.limit, slots));
    this.pump();
  }

  /** Requests counted in the window now, this process's and the others'. */
  sentIn(now: number): number {
    this.expire(now);
    return this.sent.length + this.others.length;
  }

  /** Slots of this window neither used nor kept for the user and the poll (may be negative). */
  spareIn(now: number): number {
    return this.spec.limit - this.sentIn(now) - this.reserved;
  }

  restore(times: number[], now: number): void {
    for (const at of times) if (at <= now) this.sent.push({ sentAt: at, at, background: false });
    this.expire(now);
  }
}

/** setTimeout fires at once past 2^31 - 1 ms: longer waits are slept in pieces. */
export const MAX_SLEEP_MS = 2 ** 31 - 1;

function headerNumber(headers: Headers, ...names: string[]): number | null {
  for (const name of names) {
    const value = headers.get(name);
    if (value !== null && /^\d+(\.\d+)?$/.test(value.trim())) return Number(value);
  }
  return null;
}

/** What a budget kept across restarts before the ledger (an older version's `budget/<account>`). */
export interface BudgetMemory {
  read: number[];
  write: number[];
  blockedUntil?: number;
}

/** Where a budget shares its account's requests with the other processes on the same store. */
export interface SharedBudget {
  store: StateStore;
  accountId: string;
  /** Our requests could not be written for the others (they go on being counted here). */
  onWriteError: (key: string, error: unknown) => void;
}

export class RateBudget {
  private readonly windows: Record<Exclude<RequestClass, 'exempt'>, Window>;
  private readonly laneCounts: Record<Lane, number> = { user: 0, poll: 0, background: 0 };
  private readonly ledger: RequestLedger | null;

  /** Without `shared`, the budget counts this process's requests alone. */
  constructor(
    readonly spec: BudgetSpec,
    private readonly clock: Clock,
    shared?: SharedBudget,
  ) {
    this.ledger = shared
      ? new RequestLedger({
          store: shared.store,
          accountId: shared.accountId,
          now: () => clock.now(),
          horizonMs: Math.max(spec.read.windowMs, spec.write.windowMs),
          onWriteError: shared.onWriteError,
        })
      : null;
    const ledger = this.ledger;
    const share: Share | null = ledger
      ? (decide) =>
          ledger.exchange(
            (others) => {
              this.takeIn(others);
              return decide();
            },
            () => this.ownRequests(),
          )
      : null;
    this.windows = {
      read: new Window(spec.read, clock, share),
      write: new Window(spec.write, clock, share),
    };
  }

  /** Reads what the other processes sent lately, so `spare` counts it before the first request. */
  async sync(): Promise<void> {
    await this.ledger?.exchange(
      (others) => {
        this.takeIn(others);
        return false;
      },
      () => this.ownRequests(),
    );
  }

  /** Resolves once this process's requests are all written for the others. */
  async flush(): Promise<void> {
    await this.ledger?.flush();
  }

  private takeIn(others: OthersRequests): void {
    const now = this.clock.now();
    for (const cls of ['read', 'write'] as const) {
      const window = this.windows[cls];
      window.setOthers(others[cls], now);
      const until = others.blockedUntil[cls];
      if (until > now) window.block(Math.min(until, now + MAX_RETRY_AFTER_MS));
    }
  }

  private ownRequests(): OwnRequests {
    const now = this.clock.now();
    const { read, write } = this.windows;
    return {
      read: read.recorded(now),
      write: write.recorded(now),
      blockedUntil: { read: read.blocked, write: write.blocked },
    };
  }

  /** Tells the other processes what changed (an answer came in, the vendor blocked us). */
  private publish(): void {
    this.ledger?.publish(() => this.ownRequests());
  }

  /**
   * Requests of a class that could still be sent in this window beyond what is kept for the
   * user and the polls: extra work (a refresh nobody asked for) takes only these.
   */
  spare(cls: Exclude<RequestClass, 'exempt'>): number {
    return this.windows[cls].spareIn(this.clock.now());
  }

  /** Requests granted so far in a lane (the engine counts a poll's list calls with it). */
  grantedIn(lane: Lane): number {
    return this.laneCounts[lane];
  }

  /** Requests waiting for a slot in a class. */
  waiting(cls: Exclude<RequestClass, 'exempt'>): number {
    return this.windows[cls].waiting;
  }

  /** Keeps `slots` per window of a class out of the background lane's reach. */
  reserve(cls: Exclude<RequestClass, 'exempt'>, slots: number): void {
    this.windows[cls].reserve(slots);
  }

  /** Blocks every class until `until` (a Retry-After that names no class). */
  blockAll(until: number): void {
    this.windows.read.block(until);
    this.windows.write.block(until);
    this.publish();
  }

  /** Counts what an older version saved of its recent requests (`budget/<account>`). */
  restore(memory: BudgetMemory): void {
    const now = this.clock.now();
    this.windows.read.restore(memory.read, now);
    this.windows.write.restore(memory.write, now);
    if (memory.blockedUntil !== undefined && memory.blockedUntil > now)
      this.blockAll(Math.min(memory.blockedUntil, now + MAX_RETRY_AFTER_MS));
  }

  /** Wraps a fetch so every request waits for its slot and teaches the budget what came back. */
  wrap(fetch: FetchLike, label: string): FetchLike {
    return async (input, init?: BudgetAwareInit) => {
      const url = new URL(input.toString());
      const method = (init?.method ?? 'GET').toUpperCase();
      const cls = this.spec.classify(method, url);
      const lane = currentLane();
      let sent: Sent | null = null;
      let window: Window | null = null;
      if (cls !== 'exempt') {
        window = this.windows[cls];
        const now = this.clock.now();
        const slot = window.slotFor(lane, now);
        if (lane !== 'background' && slot !== Number.POSITIVE_INFINITY) {
          if (slot - now > MAX_BUDGET_WAIT_MS) {
            throw new VendorError(
              'rate_limited',
              `Tasktray is holding back requests to ${label} to stay within its rate limit.`,
              { retryAfterMs: slot - now },
            );
          }
        }
        // The HTTP client's timeout is for the vendor's answer, not for this wait.
        init?.onBudgetWait?.(true);
        try {
          sent = await window.acquire(lane, init?.signal ?? undefined);
        } finally {
          init?.onBudgetWait?.(false);
        }
        this.laneCounts[lane] += 1;
      }
      let response: Response;
      try {
        // Slots granted together (a window opening on a queue of detail reads) are sent a slice
        // at a time: starting each costs the HTTP client a fraction of a millisecond.
        await pace();
        response = await fetch(input, init);
      } finally {
        if (sent && window) {
          window.answered(sent);
          this.publish();
        }
      }
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
        this.windows[cls].observe(
          remaining,
          resetAt === null ? null : Math.min(resetAt, now + MAX_RETRY_AFTER_MS),
          now,
        );
      }
      if (response.status === 429 || response.status === 503) {
        const wait = parseRetryAfter(response.headers.get('Retry-After'), now);
        if (wait !== null) {
          if (cls === 'exempt') this.blockAll(now + wait);
          else {
            this.windows[cls].block(now + wait);
            this.publish();
          }
        }
      }
      return response;
    };
  }
}
