import { describe, expect, it } from 'vitest';
import type { FetchLike } from '../../electron/core/ports';
import { inLane, RateBudget, type BudgetSpec } from '../../electron/core/rate-budget';
import { SlidingWindowLimiter } from '../../electron/simulator/rate-limit';
import { VendorError } from '../../electron/core/vendor-error';
import { FakeClock } from '../helpers/fake-clock';

const T0 = Date.parse('2026-11-26T09:00:00Z');

const spec: BudgetSpec = {
  read: { limit: 3, windowMs: 60_000 },
  write: { limit: 1, windowMs: 60_000 },
  classify: (method, url) =>
    url.pathname === '/login' ? 'exempt' : method === 'GET' ? 'read' : 'write',
  minPollIntervalMs: 15_000,
};

function setup(respond: (url: string) => Response = () => new Response('{}')) {
  const clock = new FakeClock(T0);
  const sent: { url: string; at: number }[] = [];
  const fetch: FetchLike = async (input) => {
    sent.push({ url: input.toString(), at: clock.now() });
    return respond(input.toString());
  };
  const budget = new RateBudget(spec, clock);
  return { clock, sent, budget, fetch: budget.wrap(fetch, 'Vendor') };
}

describe('rate budget', () => {
  it('never sends more than the window allows; waits for the next slot', async () => {
    const { clock, sent, fetch } = setup();
    const calls = Array.from({ length: 5 }, () => fetch('https://v.test/tasks'));
    await clock.advance(0);
    expect(sent).toHaveLength(3);
    await clock.advance(60_000);
    expect(sent).toHaveLength(3);
    await clock.advance(1);
    expect(sent).toHaveLength(5);
    // A full window after the oldest answer, and one more millisecond for the window's edge.
    expect(sent.map((s) => s.at - T0)).toEqual([0, 0, 0, 60_001, 60_001]);
    await Promise.all(calls);
  });

  it('keeps the last slot of a window for what the user does', async () => {
    const clock = new FakeClock(T0);
    const sent: { url: string; at: number }[] = [];
    const budget = new RateBudget({ ...spec, read: { limit: 10, windowMs: 60_000 } }, clock);
    const fetch = budget.wrap(async (input) => {
      sent.push({ url: input.toString(), at: clock.now() });
      return new Response('{}');
    }, 'Vendor');
    const polls = Array.from({ length: 10 }, (_, i) =>
      inLane('poll', () => fetch(`https://v.test/page/${i}`)),
    );
    await clock.advance(0);
    expect(sent).toHaveLength(9);
    await inLane('user', () => fetch('https://v.test/task/1'));
    expect(sent.at(-1)?.url).toBe('https://v.test/task/1');
    expect(sent.at(-1)?.at).toBe(T0);
    await clock.advance(60_001);
    await Promise.all(polls);
    expect(sent).toHaveLength(11);
  });

  it('counts reads and writes apart and lets exempt calls through', async () => {
    const { clock, sent, fetch } = setup();
    await fetch('https://v.test/x', { method: 'POST' });
    const held = fetch('https://v.test/y', { method: 'POST' });
    await fetch('https://v.test/login', { method: 'POST' });
    await fetch('https://v.test/tasks');
    await clock.advance(0);
    expect(sent.map((s) => new URL(s.url).pathname)).toEqual(['/x', '/login', '/tasks']);
    await clock.advance(60_001);
    expect(sent.map((s) => new URL(s.url).pathname)).toContain('/y');
    await held;
  });

  it('tightens to what the vendor says is left, until its reset', async () => {
    const { clock, sent, fetch } = setup(
      () =>
        new Response('{}', {
          headers: {
            'X-RateLimit-Remaining': '0',
            'X-RateLimit-Reset': String((T0 + 20_000) / 1000),
          },
        }),
    );
    await fetch('https://v.test/tasks');
    const held = fetch('https://v.test/tasks');
    await clock.advance(19_000);
    expect(sent).toHaveLength(1);
    await clock.advance(1_000);
    expect(sent).toHaveLength(2);
    await held;
  });

  it('honours Retry-After for the following requests', async () => {
    let first = true;
    const { clock, sent, fetch } = setup(() => {
      if (first) {
        first = false;
        return new Response('{}', { status: 429, headers: { 'Retry-After': '30' } });
      }
      return new Response('{}');
    });
    expect((await fetch('https://v.test/tasks')).status).toBe(429);
    const held = fetch('https://v.test/tasks');
    await clock.advance(29_000);
    expect(sent).toHaveLength(1);
    await clock.advance(1_000);
    expect(sent).toHaveLength(2);
    await held;
  });

  it('refuses to wait absurdly long', async () => {
    const { fetch } = setup(
      () => new Response('{}', { status: 429, headers: { 'Retry-After': '3600' } }),
    );
    await fetch('https://v.test/tasks');
    await expect(fetch('https://v.test/tasks')).rejects.toBeInstanceOf(VendorError);
  });

  it('never goes over a vendor’s sliding window at its edge, however long the answers take', async () => {
    // UiPath-like: 60 per sliding 60 s, counted by the vendor when a request arrives.
    const clock = new FakeClock(T0);
    const vendor = new SlidingWindowLimiter(60, 60_000, () => clock.now());
    const statuses: number[] = [];
    let calls = 0;
    const fetch: FetchLike = async () => {
      // The vendor counts a request when it arrives: the first burst takes 10 ms, later ones none.
      calls += 1;
      if (calls <= 60) await clock.sleep(10);
      const status = vendor.take('me').allowed ? 200 : 429;
      statuses.push(status);
      return new Response('{}', { status });
    };
    const budget = new RateBudget({ ...spec, read: { limit: 60, windowMs: 60_000 } }, clock);
    const budgeted = budget.wrap(fetch, 'UiPath');
    const all = Array.from({ length: 61 }, () => budgeted('https://v.test/tasks'));
    await clock.advance(61_000);
    await Promise.all(all);
    expect(statuses).toHaveLength(61);
    expect(statuses.filter((s) => s === 429)).toEqual([]);
  });

  it('lets the user’s requests go ahead of queued background reads', async () => {
    const { clock, sent, fetch } = setup();
    const order: string[] = [];
    const background = Array.from({ length: 6 }, (_, i) =>
      inLane('background', () => fetch(`https://v.test/detail/${i}`)).then(() =>
        order.push(`detail/${i}`),
      ),
    );
    await clock.advance(0);
    expect(sent).toHaveLength(3);
    const user = inLane('user', () => fetch('https://v.test/open')).then(() => order.push('open'));
    await clock.advance(60_001);
    await user;
    // The first freed slot went to the user, not to the background reads queued before it.
    expect(order.slice(3, 4)).toEqual(['open']);
    await clock.advance(180_000);
    await Promise.all(background);
  });

  it('keeps the reserved slots out of the background lane’s reach', async () => {
    const { clock, sent, fetch } = setup();
    const budget = new RateBudget(spec, clock);
    const budgeted = budget.wrap(async (input) => {
      sent.push({ url: input.toString(), at: clock.now() });
      return new Response('{}');
    }, 'Vendor');
    void fetch;
    budget.reserve('read', 2);
    const details = Array.from({ length: 3 }, (_, i) =>
      inLane('background', () => budgeted(`https://v.test/detail/${i}`)),
    );
    await clock.advance(0);
    expect(sent).toHaveLength(1);
    // The poll's list calls still find their slots at once.
    await budgeted('https://v.test/list');
    await budgeted('https://v.test/list');
    expect(sent.map((s) => s.at - T0)).toEqual([0, 0, 0]);
    await clock.advance(200_000);
    await Promise.all(details);
  });
});
