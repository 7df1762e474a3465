import { describe, expect, it } from 'vitest';
import { MAX_SLEEP_CHUNK_MS, POLL_BACKOFF, Scheduler } from '../../electron/core/scheduler';
import { VendorError } from '../../electron/core/vendor-error';
import type { AccountHealth } from '../../shared/health';
import { FakeClock } from '../helpers/fake-clock';

const START = Date.parse('2026-11-26T09:00:00Z');

function setup() {
  const clock = new FakeClock(START);
  const health: AccountHealth[] = [];
  const scheduler = new Scheduler({ clock, onHealth: (h) => health.push(h), random: () => 0.5 });
  const polls: number[] = [];
  let failWith: VendorError[] = [];
  scheduler.add({
    accountId: 'a',
    intervalMs: 60_000,
    poll: async () => {
      polls.push(clock.now() - START);
      const error = failWith.shift();
      if (error) throw error;
    },
  });
  return {
    clock,
    scheduler,
    polls,
    health,
    failNext: (...errors: VendorError[]) => (failWith = errors),
  };
}

describe('scheduler', () => {
  it('polls at once, then every interval', async () => {
    const { clock, scheduler, polls, health } = setup();
    scheduler.start();
    await clock.advance(3 * 60_000);
    expect(polls).toEqual([0, 60_000, 120_000, 180_000]);
    expect(health.at(-1)).toMatchObject({
      state: 'ok',
      consecutiveFailures: 0,
      nextPollAt: START + 240_000,
    });
    await scheduler.stop();
  });

  it('backs off on server trouble with growing delays, then recovers by itself', async () => {
    const { clock, scheduler, polls, health, failNext } = setup();
    failNext(
      new VendorError('server', 'boom', { status: 503 }),
      new VendorError('network', 'down'),
      new VendorError('timeout', 'slow'),
    );
    scheduler.start();
    await clock.advance(10 * 60_000);
    const gaps = polls.slice(1, 4).map((t, i) => t - (polls[i] ?? 0));
    expect(gaps[0]).toBeGreaterThanOrEqual(POLL_BACKOFF.baseMs / 2);
    expect(gaps[1]).toBeGreaterThan(gaps[0] ?? 0);
    expect(gaps[2]).toBeGreaterThan(gaps[1] ?? 0);
    expect(health.some((h) => h.state === 'offline' && h.lastError?.kind === 'network')).toBe(true);
    expect(health.some((h) => h.state === 'degraded' && h.lastError?.kind === 'server')).toBe(true);
    expect(health.at(-1)).toMatchObject({ state: 'ok', lastError: null });
    await scheduler.stop();
  });

  it('waits out a rate limit exactly as long as asked', async () => {
    const { clock, scheduler, polls, health, failNext } = setup();
    failNext(new VendorError('rate_limited', 'slow down', { retryAfterMs: 90_000 }));
    scheduler.start();
    await clock.advance(100_000);
    expect(polls).toEqual([0, 90_000]);
    expect(health.some((h) => h.state === 'rate_limited')).toBe(true);
    await scheduler.stop();
  });

  it('marks refused sign-in and waits long, but refresh-now tries at once', async () => {
    const { clock, scheduler, polls, health, failNext } = setup();
    failNext(new VendorError('auth', 'bad password'));
    scheduler.start();
    await clock.advance(5 * 60_000);
    expect(polls).toEqual([0]);
    expect(health.at(-1)?.state).toBe('auth_failed');
    scheduler.refreshNow('a');
    await clock.advance(0);
    expect(polls).toEqual([0, 300_000]);
    expect(health.at(-1)?.state).toBe('ok');
    await scheduler.stop();
  });

  it('pauses, and on resume polls at once', async () => {
    const { clock, scheduler, polls, health } = setup();
    scheduler.start();
    await clock.advance(1000);
    scheduler.pause();
    await clock.advance(10 * 60_000);
    expect(polls).toEqual([0]);
    expect(health.at(-1)?.state).toBe('paused');
    scheduler.resume();
    await clock.advance(0);
    expect(polls).toEqual([0, 601_000]);
    await scheduler.stop();
  });

  it('waits at most an hour on a huge Retry-After, in sleeps setTimeout can hold', async () => {
    const { clock, scheduler, polls, health, failNext } = setup();
    const slept: number[] = [];
    const sleep = clock.sleep.bind(clock);
    clock.sleep = (ms, signal) => {
      slept.push(ms);
      return sleep(ms, signal);
    };
    // 30 days: past setTimeout's 24.8-day ceiling, which fires at once and spun the loop.
    failNext(new VendorError('rate_limited', 'slow down', { retryAfterMs: 30 * 24 * 3_600_000 }));
    scheduler.start();
    await clock.advance(0);
    expect(health.at(-1)).toMatchObject({ state: 'rate_limited', nextPollAt: START + 3_600_000 });
    await clock.advance(3_600_000);
    expect(polls).toEqual([0, 3_600_000]);
    expect(Math.max(...slept)).toBeLessThanOrEqual(MAX_SLEEP_CHUNK_MS);
    await scheduler.stop();
  });

  it('sleeps a paused loop in pieces setTimeout can hold', async () => {
    const { clock, scheduler, polls } = setup();
    scheduler.start();
    await clock.advance(0);
    scheduler.pause();
    await clock.advance(60 * 24 * 3_600_000);
    expect(polls).toEqual([0]);
    scheduler.resume();
    await clock.advance(0);
    expect(polls).toHaveLength(2);
    await scheduler.stop();
  });
});
