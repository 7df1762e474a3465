// The request ledger reads another process's document again only when it changed.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileStateStore } from '../../electron/core/file-state-store';
import {
  RequestLedger,
  type OthersRequests,
  type OwnRequests,
} from '../../electron/core/request-ledger';

const T0 = Date.parse('2026-11-26T09:00:00Z');
const MINUTE = 60_000;

/** A file store that counts the documents read from it. */
class CountingStore extends FileStateStore {
  reads: string[] = [];
  override read(key: string): Promise<unknown> {
    this.reads.push(key);
    return super.read(key);
  }
}

function ledgerOn(store: FileStateStore, now: () => number) {
  return new RequestLedger({
    store,
    accountId: 'acct',
    now,
    horizonMs: MINUTE,
    onWriteError: (key, error) => {
      throw new Error(`${key}: ${String(error)}`);
    },
  });
}

const own = (read: OwnRequests['read']): OwnRequests => ({
  read,
  write: [],
  blockedUntil: { read: 0, write: 0 },
});

/** What `ledger` reads of the others in one exchange (taking no slot). */
async function othersSeenBy(ledger: RequestLedger): Promise<OthersRequests> {
  let seen: OthersRequests | null = null;
  await ledger.exchange(
    (others) => {
      seen = others;
      return false;
    },
    () => own([]),
  );
  if (!seen) throw new Error('the exchange never decided');
  return seen;
}

/** Records `read` as `ledger`'s own requests, as an exchange that took a slot does. */
async function record(ledger: RequestLedger, read: OwnRequests['read']): Promise<void> {
  await ledger.exchange(
    () => true,
    () => own(read),
  );
}

describe('request ledger', () => {
  it('reads another process’s document again only once it changed, and sees its new requests', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tasktray-ledger-'));
    let now = T0;
    const mine = new CountingStore(dir);
    const other = ledgerOn(new FileStateStore(dir), () => now);
    const me = ledgerOn(mine, () => now);
    await record(other, [[T0 - 5_000, T0 - 4_000]]);
    expect((await othersSeenBy(me)).read).toEqual([T0 - 4_000]);
    expect(mine.reads).toEqual([other.ownKey]);

    // Unchanged: counted as before, without reading it again.
    now += 1_000;
    expect((await othersSeenBy(me)).read).toEqual([T0 - 4_000]);
    expect(mine.reads).toEqual([other.ownKey]);

    // The other process sent two more (the same size of document, written at once): seen.
    await record(other, [
      [T0 - 5_000, T0 - 4_000],
      [T0 - 3_000, T0 - 2_000],
      [T0 - 1_000, T0 - 900],
    ]);
    expect((await othersSeenBy(me)).read).toEqual([T0 - 4_000, T0 - 2_000, T0 - 900]);
    expect(mine.reads).toEqual([other.ownKey, other.ownKey]);

    // A newer request of the same document's size, written right after: seen too.
    await record(other, [
      [T0 - 5_000, T0 - 4_000],
      [T0 - 3_000, T0 - 2_000],
      [T0 - 1_000, T0 - 800],
    ]);
    expect((await othersSeenBy(me)).read).toEqual([T0 - 4_000, T0 - 2_000, T0 - 800]);
  });

  it('forgets a document whose process left nothing to count, and one deleted', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tasktray-ledger-'));
    let now = T0;
    const store = new FileStateStore(dir);
    const other = ledgerOn(store, () => now);
    const me = ledgerOn(store, () => now);
    await record(other, [[T0 - 1_000, T0 - 500]]);
    expect((await othersSeenBy(me)).read).toEqual([T0 - 500]);
    // A window and more later its requests count no longer: the document goes.
    now += 2 * MINUTE;
    expect((await othersSeenBy(me)).read).toEqual([T0 - 500]);
    expect(await store.list('budget/acct')).toEqual([]);
    expect(await store.stamp(other.ownKey)).toBeUndefined();
    // Written again (the process is back): read afresh.
    await record(other, [[now - 1_000, now - 500]]);
    expect((await othersSeenBy(me)).read).toEqual([now - 500]);
  });
});

describe('file state store stamps', () => {
  it('names a new version after every write, even of the same size at once', async () => {
    const store = new FileStateStore(mkdtempSync(join(tmpdir(), 'tasktray-stamp-')));
    expect(await store.stamp('doc/a')).toBeUndefined();
    const stamps = new Set<string>();
    for (let i = 0; i < 20; i += 1) {
      await store.write('doc/a', { n: i % 10 });
      const stamp = await store.stamp('doc/a');
      expect(stamp).toBeDefined();
      stamps.add(stamp ?? '');
    }
    expect(stamps.size).toBe(20);
    // Unchanged: the same.
    expect(await store.stamp('doc/a')).toBe([...stamps].at(-1));
    await store.delete('doc/a');
    expect(await store.stamp('doc/a')).toBeUndefined();
  });
});
