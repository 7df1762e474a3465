import { describe, expect, it } from 'vitest';
import type { FetchLike } from '../../electron/core/ports';
import { RateBudget, type BudgetSpec } from '../../electron/core/rate-budget';
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
    const done: number[] = [];
    for (let i = 0; i < 5; i += 1)
      void fetch('https://v.test/tasks').then(() => done.push(clock.now()));
    await clock.advance(0);
    expect(sent).toHaveLength(3);
    await clock.advance(60_000);
    expect(sent).toHaveLength(5);
    expect(sent.map((s) => s.at - T0)).toEqual([0, 0, 0, 60_000, 60_000]);
  });

  it('counts reads and writes apart and lets exempt calls through', async () => {
    const { clock, sent, fetch } = setup();
    await fetch('https://v.test/x', { method: 'POST' });
    void fetch('https://v.test/y', { method: 'POST' });
    await fetch('https://v.test/login', { method: 'POST' });
    await fetch('https://v.test/tasks');
    await clock.advance(0);
    expect(sent.map((s) => new URL(s.url).pathname)).toEqual(['/x', '/login', '/tasks']);
    await clock.advance(60_000);
    expect(sent.map((s) => new URL(s.url).pathname)).toContain('/y');
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
    void fetch('https://v.test/tasks');
    await clock.advance(19_000);
    expect(sent).toHaveLength(1);
    await clock.advance(1_000);
    expect(sent).toHaveLength(2);
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
    void fetch('https://v.test/tasks');
    await clock.advance(29_000);
    expect(sent).toHaveLength(1);
    await clock.advance(1_000);
    expect(sent).toHaveLength(2);
  });

  it('refuses to wait absurdly long', async () => {
    const { fetch } = setup(
      () => new Response('{}', { status: 429, headers: { 'Retry-After': '3600' } }),
    );
    await fetch('https://v.test/tasks');
    await expect(fetch('https://v.test/tasks')).rejects.toBeInstanceOf(VendorError);
  });
});
