// Each account's recent requests, shared live by every process on the state store (the tray app,
// `tasktray watch`, one-shot commands), so that together they keep to the vendor's limit instead
// of each spending the whole window. Every process keeps its own small document,
// `budget/<account>/<process>` (the account named by limitsKey, the same in the app and the CLI):
// its requests of the last window (send and answer instants) and a block a vendor gave it. Before a request takes a slot, the process takes the account's claim,
// reads the others' documents, decides, and writes its own before letting the claim go, so two
// processes never both take the last slot. A process that dies leaves times that expire on their
// own; its document is deleted by the next process that finds nothing left in it.
import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { z } from 'zod';
import type { Release, StateStore } from './ports';

/** A request as recorded: when it was sent, and when its answer came (null: still in flight). */
export type RecordedRequest = [sent: number, answered: number | null];

export interface OwnRequests {
  read: RecordedRequest[];
  write: RecordedRequest[];
  blockedUntil: { read: number; write: number };
}

/** The other processes' requests: the instant from which each counts a full window. */
export interface OthersRequests {
  read: number[];
  write: number[];
  blockedUntil: { read: number; write: number };
}

/**
 * Another process's request still without an answer counts as answered this long after it was
 * sent: longer than any request waits for its answer (DEFAULT_TIMEOUT_MS is 15 s), short enough
 * that a process that died mid-request holds its slot only a little past the window.
 */
export const IN_FLIGHT_COUNTS_MS = 60_000;

/** How often a process looks again while another holds the claim. */
export const REQUEST_CLAIM_RETRY_MS = 10;
/**
 * The claim is held for a read and a write of small files: one older than this belongs to a
 * process that froze or died with it (its pid reused), and is taken over.
 */
export const REQUEST_CLAIM_STALE_MS = 10_000;
/**
 * A claim not had after this long would have been taken over as stale by then: the store's claims
 * do not work, and the request goes on without (a busy machine only makes the wait longer).
 */
export const REQUEST_CLAIM_WAIT_MS = REQUEST_CLAIM_STALE_MS + 2_000;

const RequestsSchema = z.array(z.tuple([z.number(), z.number().nullable()])).max(10_000);
const OwnRequestsSchema = z.object({
  read: RequestsSchema,
  write: RequestsSchema,
  blockedUntil: z.object({ read: z.number(), write: z.number() }),
});

const folderOf = (accountId: string) => `budget/${accountId}`;
const claimName = (accountId: string) => `budget-${accountId}`;

/**
 * Claims of this process, in turn: two budgets of one process (two engines in a test, an engine
 * being replaced) wait for each other here instead of polling the store's claim.
 */
const localTurns = new Map<string, Promise<void>>();

async function inTurn<T>(name: string, work: () => Promise<T>): Promise<T> {
  const previous = localTurns.get(name) ?? Promise.resolve();
  let done: () => void = () => undefined;
  const mine = new Promise<void>((resolve) => (done = resolve));
  const queued = previous.then(() => mine);
  localTurns.set(name, queued);
  await previous;
  try {
    return await work();
  } finally {
    done();
    if (localTurns.get(name) === queued) localTurns.delete(name);
  }
}

export interface RequestLedgerOptions {
  store: StateStore;
  accountId: string;
  now: () => number;
  /** How long a request counts after its answer: the longest window of the account's budget. */
  horizonMs: number;
  /** A write of our own document failed: sharing goes on with what the others wrote. */
  onWriteError: (key: string, error: unknown) => void;
}

type OwnDocument = z.infer<typeof OwnRequestsSchema>;

export class RequestLedger {
  /** This process's document; a new one per engine, so a restart starts its own. */
  readonly ownKey: string;
  /**
   * The others' documents as last read, by the store's stamp: each exchange looks whether they
   * changed instead of reading and validating every one of them again (null: not one of ours).
   */
  private readonly known = new Map<string, { stamp: string; doc: OwnDocument | null }>();
  private publishing: Promise<void> = Promise.resolve();
  private publishQueued = false;
  private failing = false;

  constructor(private readonly options: RequestLedgerOptions) {
    this.ownKey = `${folderOf(options.accountId)}/${process.pid}-${randomUUID().slice(0, 8)}`;
  }

  /**
   * Under the account's claim: reads what the other processes sent, lets `decide` take slots
   * with it, and writes our own requests before the claim goes when `decide` took any.
   */
  async exchange(decide: (others: OthersRequests) => boolean, own: () => OwnRequests) {
    const { accountId } = this.options;
    await inTurn(claimName(accountId), async () => {
      const release = await this.claim();
      try {
        const others = await this.readOthers();
        if (decide(others)) await this.writeOwn(own());
      } finally {
        await release?.().catch(() => undefined);
      }
    });
  }

  /** Writes our requests as they are now (an answer came in, a block); coalesced, in order. */
  publish(own: () => OwnRequests): void {
    if (this.publishQueued) return;
    this.publishQueued = true;
    this.publishing = this.publishing.then(() => {
      this.publishQueued = false;
      return this.writeOwn(own());
    });
  }

  /** Resolves once every write so far has landed. */
  flush(): Promise<void> {
    return this.publishing;
  }

  private async writeOwn(own: OwnRequests): Promise<void> {
    try {
      await this.options.store.write(this.ownKey, own);
      this.failing = false;
    } catch (error) {
      // Said once until a write succeeds again: a full disk would fail every request's write.
      if (!this.failing) this.options.onWriteError(folderOf(this.options.accountId), error);
      this.failing = true;
    }
  }

  /**
   * The claim, waiting while another process holds it. A store that cannot make claims (a folder
   * it may not write), or one never had (see REQUEST_CLAIM_WAIT_MS), is gone without: requests go
   * on, counted with what the others wrote — they must never stop for it.
   */
  private async claim(): Promise<Release | null> {
    const name = claimName(this.options.accountId);
    // The wall clock, by which the store judges a claim's age.
    const giveUpAt = Date.now() + REQUEST_CLAIM_WAIT_MS;
    for (;;) {
      let release: Release | null;
      try {
        release = await this.options.store.claim(name, { staleAfterMs: REQUEST_CLAIM_STALE_MS });
      } catch {
        return null;
      }
      if (release) return release;
      if (Date.now() >= giveUpAt) return null;
      await delay(REQUEST_CLAIM_RETRY_MS);
    }
  }

  private async readOthers(): Promise<OthersRequests> {
    const { store, accountId, now: clockNow, horizonMs } = this.options;
    const now = clockNow();
    const others: OthersRequests = { read: [], write: [], blockedUntil: { read: 0, write: 0 } };
    const keys = await store.list(folderOf(accountId)).catch(() => [] as string[]);
    for (const key of this.known.keys()) if (!keys.includes(key)) this.known.delete(key);
    await Promise.all(
      keys
        .filter((key) => key !== this.ownKey)
        .map(async (key) => {
          const doc = await this.readDocument(key);
          // Not one of ours (a newer version's, a damaged one): it counts for nothing here.
          if (!doc) return;
          let live = doc.blockedUntil.read > now || doc.blockedUntil.write > now;
          for (const cls of ['read', 'write'] as const) {
            for (const [sent, answered] of doc[cls]) {
              // Times in the future (a clock set back) count as now.
              const at = Math.min(answered ?? sent + IN_FLIGHT_COUNTS_MS, now);
              others[cls].push(at);
              if (at >= now - horizonMs) live = true;
            }
            others.blockedUntil[cls] = Math.max(others.blockedUntil[cls], doc.blockedUntil[cls]);
          }
          // A process gone for a window or more: its document has nothing left to count.
          if (!live) {
            this.known.delete(key);
            await store.delete(key).catch(() => undefined);
          }
        }),
    );
    return others;
  }

  /** Another process's document: read again only when the store says it changed. */
  private async readDocument(key: string): Promise<OwnDocument | null> {
    const { store } = this.options;
    // Looked at before it is read: a write landing in between is read now or found next time.
    const stamp = store.stamp ? await store.stamp(key).catch(() => undefined) : undefined;
    const known = this.known.get(key);
    if (stamp !== undefined && known?.stamp === stamp) return known.doc;
    let failed = false;
    const raw: unknown = await store.read(key).catch(() => {
      failed = true;
      return undefined;
    });
    const parsed = OwnRequestsSchema.safeParse(raw);
    const doc = parsed.success ? parsed.data : null;
    // A read that failed (a busy disk, too many open files) is tried again next time.
    if (stamp === undefined || failed) this.known.delete(key);
    else this.known.set(key, { stamp, doc });
    return doc;
  }
}
