import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LOGIN_BUDGET } from '../../electron/core/adapters/geotareas-session';
import { LOGIN_WINDOW_MS } from '../../electron/core/assumptions/geotareas';
import { StoreLoginLedger } from '../../electron/core/login-ledger';
import { FileStateStore } from '../../electron/core/file-state-store';
import type { Engine } from '../../electron/core/engine';
import { startEngineHarness, type EngineHarness } from '../helpers/engine-harness';

let h: EngineHarness | null = null;

afterEach(async () => {
  await h?.close();
  h = null;
});

const logins = (harness: EngineHarness) =>
  harness.sent.filter((s) => s.vendor === 'geotareas' && s.path.endsWith('/login'));

async function twoProcesses(): Promise<{ harness: EngineHarness; other: Engine; id: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'tasktray-logins-'));
  // The simulator keeps GeoTareas' own limit on: 5 logins per 30 s.
  const harness = await startEngineHarness({ vendors: ['geotareas'], stateDir: dir });
  h = harness;
  const other = await harness.another();
  const id = harness.accounts[0]?.id ?? '';
  return { harness, other, id };
}

describe('the GeoTareas login limit across processes', () => {
  it('two engines on one state folder share one login budget, and never meet the vendor’s 429', async () => {
    const { harness, other, id } = await twoProcesses();
    for (let i = 0; i < LOGIN_BUDGET; i += 1) await harness.engine.adapter(id).signIn();
    for (let i = 0; i < LOGIN_BUDGET; i += 1) {
      await expect(other.adapter(id).signIn()).rejects.toMatchObject({
        kind: 'rate_limited',
        retryAfterMs: expect.any(Number) as number,
      });
    }
    expect(logins(harness)).toHaveLength(LOGIN_BUDGET);
    expect(logins(harness).every((l) => l.status === 200)).toBe(true);

    // Once the window has passed, the other process may sign in.
    await harness.clock.advance(LOGIN_WINDOW_MS);
    await other.adapter(id).signIn();
    expect(logins(harness)).toHaveLength(LOGIN_BUDGET + 1);
  });

  it('a lockout the vendor gave one process holds for the other', async () => {
    const { harness, other, id } = await twoProcesses();
    harness.world.addFault({
      vendor: 'geotareas',
      kind: 'rate-limit',
      pathIncludes: '/login',
      retryAfterSec: 60,
      remaining: 1,
    });
    await expect(harness.engine.adapter(id).signIn()).rejects.toMatchObject({
      kind: 'rate_limited',
    });
    const before = logins(harness).length;
    const refused = other.adapter(id).signIn();
    await expect(refused).rejects.toMatchObject({ kind: 'rate_limited' });
    await expect(refused).rejects.toThrow(/blocked sign-ins/);
    expect(logins(harness)).toHaveLength(before);
  });

  it('keeps the login times in the state folder, where a restart finds them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tasktray-logins-'));
    const rule = { limit: 2, windowMs: 30_000 };
    const first = new StoreLoginLedger(new FileStateStore(dir));
    expect(await first.take('geo', rule, 1_000)).toEqual({ granted: true });
    expect(await first.take('geo', rule, 2_000)).toEqual({ granted: true });
    const later = new StoreLoginLedger(new FileStateStore(dir));
    expect(await later.take('geo', rule, 3_000)).toEqual({
      granted: false,
      reason: 'spent',
      retryAfterMs: 28_000,
      recent: 2,
    });
    expect(await later.take('geo', rule, 31_000)).toEqual({ granted: true });
  });

  it('lets only one of many concurrent takers have the last slot', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tasktray-logins-'));
    const rule = { limit: 3, windowMs: 30_000 };
    const ledgers = Array.from({ length: 6 }, () => new StoreLoginLedger(new FileStateStore(dir)));
    const slots = await Promise.all(ledgers.map((l) => l.take('geo', rule, 5_000)));
    expect(slots.filter((s) => s.granted)).toHaveLength(3);
  });
});
