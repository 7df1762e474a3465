// Request budgets shared live by processes on one state folder: the tray app and `tasktray
// watch` (or a one-shot command) on one account keep together to the vendor's limit.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FileStateStore } from '../../electron/core/file-state-store';
import {
  MemoryStateStore,
  type FetchLike,
  type Release,
  type StateStore,
} from '../../electron/core/ports';
import { inLane, RateBudget, type BudgetSpec } from '../../electron/core/rate-budget';
import { limitsKey } from '../../electron/core/limits-key';
import { IN_FLIGHT_COUNTS_MS } from '../../electron/core/request-ledger';
import { createSimTask } from '../../electron/simulator/task-factory';
import { SlidingWindowLimiter } from '../../electron/simulator/rate-limit';
import { AccountSchema } from '../../shared/account';
import { FakeClock } from '../helpers/fake-clock';
import { createGeoTask, startEngineHarness, type EngineHarness } from '../helpers/engine-harness';

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const T0 = Date.parse('2026-11-26T09:00:00Z');

let h: EngineHarness | null = null;

afterEach(async () => {
  await h?.close();
  h = null;
});

/** The most of `times` in any sliding window of `windowMs` (a vendor's count at each arrival). */
function peak(times: number[], windowMs: number): number {
  return Math.max(
    0,
    ...times.map((at) => times.filter((t) => t > at - windowMs && t <= at).length),
  );
}

const spec: BudgetSpec = {
  read: { limit: 10, windowMs: MINUTE },
  write: { limit: 3, windowMs: MINUTE },
  classify: (method) => (method === 'GET' ? 'read' : 'write'),
  minPollIntervalMs: 15_000,
};

/** Two budgets on one store and clock, as two processes on one account; `sent` as the vendor sees it. */
function twoBudgets(store: StateStore = new MemoryStateStore()) {
  const clock = new FakeClock(T0);
  const sent: { who: string; url: string; at: number }[] = [];
  const make = (who: string) => {
    const budget = new RateBudget(spec, clock, {
      store,
      accountId: 'acct',
      onWriteError: (key, error) => {
        throw new Error(`${key}: ${String(error)}`);
      },
    });
    const fetch: FetchLike = budget.wrap(async (input) => {
      sent.push({ who, url: input.toString(), at: clock.now() });
      return new Response('{}');
    }, 'Vendor');
    return { budget, fetch };
  };
  return { clock, sent, store, a: make('a'), b: make('b') };
}

describe('request budgets shared by processes on one account', () => {
  it('the tray app beside `tasktray watch` never exceeds UiPath’s 60 reads per sliding 60 s with it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tasktray-shared-budget-'));
    // UiPath sends no rate-limit headers: only the shared budget keeps the two together to 60.
    h = await startEngineHarness({ vendors: ['uipath'], pollIntervalSec: 15, stateDir: dir });
    for (let i = 0; i < 200; i += 1) createSimTask(h.world, 'uipath', { title: `Open ${i}` });
    // The app: its own state folder and its own id for the account, its limits in the CLI's folder.
    const other = await h.another({ elsewhere: true });
    h.engine.start();
    other.start();
    await h.clock.advance(3 * MINUTE);
    const reads = h.sent.filter((s) => s.method === 'GET').map((s) => s.at);
    // Both worked the backlog, nearly as fast as the limit allows.
    expect(reads.length).toBeGreaterThan(120);
    expect(peak(reads, MINUTE)).toBeLessThanOrEqual(60);
    expect(h.sent.filter((s) => s.status === 429)).toEqual([]);
  });

  it('two engines on one GeoTareas account never meet its 429, and what the user opens goes at once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tasktray-shared-budget-'));
    // GeoTareas as documented: 30 reads a minute (sliding), reads cached 15 s.
    h = await startEngineHarness({ vendors: ['geotareas'], pollIntervalSec: 15, stateDir: dir });
    for (let i = 0; i < 137; i += 1) createSimTask(h.world, 'geotareas', { title: `Open ${i}` });
    const target = createGeoTask(h.world, { title: 'Open me now' });
    const other = await h.another();
    h.engine.start();
    other.start();
    // Half a minute in, both backlogs have taken what the budget lets the background have.
    await h.clock.advance(31 * SECOND);
    const id = `demo-geotareas:${target.id}`;
    expect(other.task(id)?.detailLoaded).toBe(false);
    let opened = false;
    const openedFrom = h.clock.now();
    const open = other.loadTask(id).then(() => (opened = true));
    while (!opened && h.clock.now() < openedFrom + MINUTE) await h.clock.advance(250);
    await open;
    expect(h.clock.now() - openedFrom).toBeLessThanOrEqual(2 * SECOND);
    await h.clock.advance(2 * MINUTE);
    const reads = h.sent.filter((s) => s.method === 'GET' && s.path.includes('/workflow/'));
    expect(reads.length).toBeGreaterThan(60);
    expect(
      peak(
        reads.map((s) => s.at),
        MINUTE,
      ),
    ).toBeLessThanOrEqual(30);
    expect(h.sent.filter((s) => s.status === 429)).toEqual([]);
  });

  it('keeps the last slot for the user of either process', async () => {
    const { clock, sent, a, b } = twoBudgets();
    // Process a's polls take what polls may: all but the user's slot.
    const polls = Array.from({ length: 12 }, (_, i) =>
      inLane('poll', () => a.fetch(`https://v.test/page/${i}`)),
    );
    await clock.advance(0);
    expect(sent).toHaveLength(9);
    // Process b's poll waits with a's; its user's request takes the kept slot at once.
    const bPoll = inLane('poll', () => b.fetch('https://v.test/b/page'));
    await inLane('user', () => b.fetch('https://v.test/b/open'));
    expect(sent.at(-1)).toMatchObject({ who: 'b', url: 'https://v.test/b/open', at: T0 });
    await clock.advance(0);
    expect(sent).toHaveLength(10);
    await clock.advance(MINUTE + 1);
    await Promise.all([...polls, bPoll]);
    expect(
      peak(
        sent.map((s) => s.at),
        MINUTE,
      ),
    ).toBeLessThanOrEqual(10);
  });

  it('lets a dead process’s requests expire, in flight or answered, and forgets its document', async () => {
    const store = new MemoryStateStore();
    const { clock, sent, a } = twoBudgets(store);
    // A process that died in the middle of a burst: 4 reads answered, 6 it never saw answered.
    const answered = Array.from({ length: 4 }, () => [T0 - 6 * SECOND, T0 - 4 * SECOND]);
    const inFlight = Array.from({ length: 6 }, () => [T0 - 5 * SECOND, null]);
    await store.write('budget/acct/99999-dead', {
      read: [...answered, ...inFlight],
      write: [],
      blockedUntil: { read: 0, write: 0 },
    });
    const reads = Array.from({ length: 10 }, (_, i) =>
      inLane('user', () => a.fetch(`https://v.test/${i}`)),
    );
    await clock.advance(0);
    expect(sent).toHaveLength(0);
    // The answered ones leave a window after their answer…
    await clock.advanceTo(T0 + 56 * SECOND + 1);
    expect(sent).toHaveLength(4);
    // …the ones in flight a window after they could last have been answered, not never.
    const inFlightLeave = T0 - 5 * SECOND + IN_FLIGHT_COUNTS_MS + MINUTE + 1;
    await clock.advanceTo(inFlightLeave - 1);
    expect(sent).toHaveLength(4);
    await clock.advanceTo(inFlightLeave);
    expect(sent).toHaveLength(10);
    await Promise.all(reads);
    expect(await store.list('budget/acct')).toEqual([expect.stringMatching(/^budget\/acct\/\d+-/)]);
  });

  it('honours a Retry-After another process was given', async () => {
    const { clock, sent, a, b } = twoBudgets();
    const aFetch = a.budget.wrap(async (input) => {
      sent.push({ who: 'a', url: input.toString(), at: clock.now() });
      return new Response('{}', { status: 429, headers: { 'Retry-After': '30' } });
    }, 'Vendor');
    expect((await aFetch('https://v.test/tasks')).status).toBe(429);
    await a.budget.flush();
    const held = b.fetch('https://v.test/tasks');
    await clock.advance(29 * SECOND);
    expect(sent.filter((s) => s.who === 'b')).toEqual([]);
    await clock.advance(SECOND);
    await held;
    expect(sent.filter((s) => s.who === 'b')).toHaveLength(1);
  });

  it('is not stopped by a claim its holder left behind', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tasktray-shared-budget-'));
    const claims = join(dir, 'claims');
    mkdirSync(claims, { recursive: true });
    // One left by a process that died, one by a live process (its pid reused) long ago, one half
    // written: each is taken over, none makes a request wait for long.
    const lock = join(claims, `${encodeURIComponent('budget-acct')}.lock`);
    writeFileSync(lock, JSON.stringify({ pid: 2 ** 22 + 12345, at: 0 }));
    const { clock, sent, a } = twoBudgets(new FileStateStore(dir));
    await clock.hold(() => a.fetch('https://v.test/1'));
    await a.budget.sync();
    // Taken over, then given back (sync waits for that): gone, where going without would leave it.
    expect(existsSync(lock)).toBe(false);
    writeFileSync(lock, JSON.stringify({ pid: process.pid, at: 0 }));
    utimesSync(lock, new Date(Date.now() - MINUTE), new Date(Date.now() - MINUTE));
    await clock.hold(() => a.fetch('https://v.test/2'));
    await a.budget.sync();
    expect(existsSync(lock)).toBe(false);
    // One its taker died writing: empty.
    writeFileSync(lock, '');
    utimesSync(lock, new Date(Date.now() - MINUTE), new Date(Date.now() - MINUTE));
    await clock.hold(() => a.fetch('https://v.test/3'));
    await a.budget.sync();
    expect(existsSync(lock)).toBe(false);
    expect(sent).toHaveLength(3);
  });

  it('goes on, counting alone, when the store cannot make claims', async () => {
    const inner = new MemoryStateStore();
    const refusing: StateStore = {
      read: (key) => inner.read(key),
      write: (key, value) => inner.write(key, value),
      delete: (key) => inner.delete(key),
      list: (folder) => inner.list(folder),
      keepAside: (key, now) => inner.keepAside(key, now),
      claim: async (): Promise<Release | null> => {
        throw new Error('EACCES: permission denied');
      },
    };
    const { clock, sent, a } = twoBudgets(refusing);
    await clock.hold(() => a.fetch('https://v.test/1'));
    await a.budget.sync();
    expect(sent).toHaveLength(1);
  });

  it('two real processes on one state folder keep together to a sliding window', async () => {
    const limit = 4;
    const windowMs = 2_500;
    const vendor = new SlidingWindowLimiter(limit, windowMs, () => Date.now());
    const arrivals: number[] = [];
    const statuses: number[] = [];
    const server = createServer((req, res) => {
      arrivals.push(Date.now());
      const status = vendor.take('acct').allowed ? 200 : 429;
      statuses.push(status);
      res.writeHead(status, { 'content-type': 'application/json' }).end('{}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/tasks`;
    const dir = mkdtempSync(join(tmpdir(), 'tasktray-shared-budget-'));
    try {
      const workers = [0, 1].map(() =>
        startWorker([dir, url, String(6), String(limit), String(windowMs)]),
      );
      // Both are ready before either sends: their requests meet in the same windows.
      await Promise.all(workers.map((w) => w.ready));
      for (const w of workers) w.go();
      const results = await Promise.all(workers.map((w) => w.done));
      const seen = JSON.stringify({ results, arrivals, statuses });
      expect(
        results.map((r) => r.code),
        seen,
      ).toEqual([0, 0]);
      expect(statuses, seen).toHaveLength(12);
      expect(
        statuses.filter((s) => s === 429),
        seen,
      ).toEqual([]);
      expect(peak(arrivals, windowMs), seen).toBeLessThanOrEqual(limit);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  }, 60_000);
});

/** A process that sends `count` budgeted requests to `url`: see budget-worker.ts. */
function startWorker(args: string[]) {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(process.cwd(), 'test/helpers/budget-worker.ts'), ...args],
    { stdio: ['pipe', 'pipe', 'pipe'] },
  );
  let stdout = '';
  let stderr = '';
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    if (stdout.includes('ready')) markReady();
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const done = new Promise<{ code: number | null; stdout: string; stderr: string }>(
    (resolve, reject) => {
      child.once('error', reject);
      child.once('close', (code) => {
        markReady();
        resolve({ code, stdout, stderr });
      });
    },
  );
  return { ready, done, go: () => child.stdin.end('go\n') };
}

describe('the key limits are counted under', () => {
  const geo = (fields: Record<string, unknown>) =>
    limitsKey(
      AccountSchema.parse({
        id: 'geo',
        name: 'GeoTareas',
        vendor: 'geotareas',
        baseUrl: 'https://acme.geotareas.com/apidev/v1',
        tenant: 'acme.geotareas.com',
        email: 'maria@acme.com',
        ...fields,
      }),
    );

  it('names the vendor account, whatever the app or the config file calls it', () => {
    expect(geo({ id: 'acme-geo', name: 'Acme', pollIntervalSec: 30 })).toBe(geo({}));
    expect(geo({ email: 'Maria@Acme.com' })).toBe(geo({}));
    expect(geo({ email: 'jose@acme.com' })).not.toBe(geo({}));
    expect(geo({ baseUrl: 'https://other.geotareas.com/apidev/v1' })).not.toBe(geo({}));
    expect(geo({})).toMatch(/^geotareas-[0-9a-f]{16}$/);
  });

  it('is the same for each run of the demo’s simulator, whatever loopback port it took', () => {
    const at = (port: number) => geo({ baseUrl: `http://127.0.0.1:${port}/geotareas/apidev/v1` });
    expect(at(40_001)).toBe(at(51_234));
  });
});
