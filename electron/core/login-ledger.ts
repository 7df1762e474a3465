// Recent sign-ins per vendor account, kept in the shared state store (`logins/<key>`, the key from
// limitsKey), as request budgets are (`budget/<key>/<process>`): the tray app, `tasktray watch` and
// each one-shot command sign in as one client, so together they keep to a vendor's login limit
// (GeoTareas: 5 per 30 s) and respect a lockout the vendor gave any of them. Each look-and-take
// runs under a claim, so two processes never both take the last slot.
import { setTimeout as delay } from 'node:timers/promises';
import { z } from 'zod';
import { MemoryStateStore, type Release, type StateStore } from './ports';
import { VendorError } from './vendor-error';

export interface LoginRule {
  /** Logins allowed per window. */
  limit: number;
  windowMs: number;
}

export type LoginSlot =
  | { granted: true }
  | { granted: false; reason: 'blocked' | 'spent'; retryAfterMs: number; recent: number };

export interface LoginLedger {
  /** Records a login at `now` when the rule (and any lockout) allows one; else says how long to wait. */
  take(accountId: string, rule: LoginRule, now: number): Promise<LoginSlot>;
  /** The vendor refuses sign-ins to the account until `until`. */
  block(accountId: string, until: number): Promise<void>;
}

/** How often, and how many times, a process looks again while another holds the ledger's claim. */
export const LEDGER_CLAIM_RETRY_MS = 25;
export const LEDGER_CLAIM_TRIES = 80;

const ledgerKey = (accountId: string) => `logins/${accountId}`;
const claimName = (accountId: string) => `logins-${accountId}`;

const LoginMemorySchema = z.object({
  times: z.array(z.number()).max(1_000),
  blockedUntil: z.number(),
});
type LoginMemory = z.infer<typeof LoginMemorySchema>;

export class StoreLoginLedger implements LoginLedger {
  /**
   * `keyOf` names the vendor account an adapter's account id signs in to (see limitsKey), so
   * processes that call it by different ids count as one.
   */
  constructor(
    private readonly store: StateStore,
    private readonly keyOf: (accountId: string) => string = (accountId) => accountId,
  ) {}

  take(accountId: string, rule: LoginRule, now: number): Promise<LoginSlot> {
    return this.locked<LoginSlot>(accountId, async (memory) => {
      if (now < memory.blockedUntil) {
        return {
          slot: {
            granted: false,
            reason: 'blocked',
            retryAfterMs: memory.blockedUntil - now,
            recent: memory.times.length,
          },
        };
      }
      // Times in the future (another process's clock, a clock set back) count as now.
      const recent = memory.times
        .map((at) => Math.min(at, now))
        .filter((at) => at > now - rule.windowMs)
        .sort((a, b) => a - b);
      if (recent.length >= rule.limit) {
        const oldest = recent[recent.length - rule.limit] ?? now;
        return {
          slot: {
            granted: false,
            reason: 'spent',
            retryAfterMs: Math.max(1, oldest + rule.windowMs - now),
            recent: recent.length,
          },
        };
      }
      return {
        slot: { granted: true },
        next: { times: [...recent, now], blockedUntil: memory.blockedUntil },
      };
    });
  }

  async block(accountId: string, until: number): Promise<void> {
    await this.locked<undefined>(accountId, async (memory) => ({
      slot: undefined,
      next: { times: memory.times, blockedUntil: Math.max(until, memory.blockedUntil) },
    }));
  }

  private async locked<T>(
    accountId: string,
    use: (memory: LoginMemory) => Promise<{ slot: T; next?: LoginMemory }>,
  ): Promise<T> {
    const release = await this.claim(accountId);
    try {
      const { slot, next } = await use(await this.read(accountId));
      if (next) await this.store.write(ledgerKey(this.keyOf(accountId)), next);
      return slot;
    } finally {
      await release();
    }
  }

  /** Only this memory: unreadable, it is replaced by the next login (the vendor still has the last word). */
  private async read(accountId: string): Promise<LoginMemory> {
    const raw: unknown = await this.store
      .read(ledgerKey(this.keyOf(accountId)))
      .catch(() => undefined);
    const parsed = LoginMemorySchema.safeParse(raw);
    return parsed.success ? parsed.data : { times: [], blockedUntil: 0 };
  }

  private async claim(accountId: string): Promise<Release> {
    for (let tries = 0; tries < LEDGER_CLAIM_TRIES; tries += 1) {
      const release = await this.store.claim(claimName(this.keyOf(accountId)));
      if (release) return release;
      await delay(LEDGER_CLAIM_RETRY_MS);
    }
    throw new VendorError('rate_limited', '', {
      code: 'error.loginLedgerBusy',
      retryAfterMs: 1_000,
    });
  }
}

/** A ledger for one process alone: adapters made outside an engine (tests, the account test). */
export function processLoginLedger(): LoginLedger {
  return new StoreLoginLedger(new MemoryStateStore());
}
