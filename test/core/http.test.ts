import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { gzipSync } from 'node:zlib';
import {
  HttpClient,
  MAX_RESPONSE_BYTES,
  MAX_RETRY_AFTER_MS,
  parseRetryAfter,
} from '../../electron/core/http';
import { DEFAULT_BUDGET, RateBudget } from '../../electron/core/rate-budget';
import { createLogger, type LogRecord } from '../../electron/core/logger';
import { systemClock, type FetchLike } from '../../electron/core/ports';
import { FakeClock } from '../helpers/fake-clock';
import { VendorError } from '../../electron/core/vendor-error';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

let server: Server;
let base = '';
const handlers = new Map<string, Handler>();
const hits = new Map<string, number>();

beforeAll(async () => {
  server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    hits.set(path, (hits.get(path) ?? 0) + 1);
    const handler = handlers.get(path);
    if (handler) handler(req, res);
    else res.writeHead(404, { 'Content-Type': 'application/json' }).end('{"message":"nope"}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

function client(extra: Partial<ConstructorParameters<typeof HttpClient>[0]> = {}) {
  const logs: LogRecord[] = [];
  const http = new HttpClient({
    fetch: (input, init) => fetch(input, init),
    clock: systemClock,
    logger: createLogger((record) => logs.push(record)),
    vendorLabel: 'Testvendor',
    // A hang guard, not a time limit under test: a loopback answer never takes this long.
    timeoutMs: 10_000,
    describeError: (_status, body) => {
      const parsed = z.object({ message: z.string(), code: z.string().optional() }).safeParse(body);
      return parsed.success ? { message: parsed.data.message, vendorCode: parsed.data.code } : {};
    },
    ...extra,
  });
  return { http, logs };
}

const Ok = z.object({ ok: z.literal(true) });

async function failure(promise: Promise<unknown>): Promise<VendorError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof VendorError) return error;
    throw error;
  }
  throw new Error('expected a VendorError');
}

describe('HttpClient over real HTTP', () => {
  it('validates a JSON body and sends query, headers and JSON', async () => {
    handlers.set('/echo', (req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(
          JSON.stringify({
            ok: true,
            url: req.url,
            ct: req.headers['content-type'],
            x: req.headers['x-test'],
            body,
          }),
        );
      });
    });
    const { http } = client();
    const schema = z.object({
      ok: z.literal(true),
      url: z.string(),
      ct: z.string(),
      x: z.string(),
      body: z.string(),
    });
    const { data } = await http.request({
      method: 'POST',
      url: `${base}/echo`,
      query: { a: 1, b: 'two words', skip: undefined },
      headers: { 'X-Test': 'yes' },
      json: { id: '674839201748392018' },
      schema,
      what: 'echoing',
    });
    expect(data.url).toBe('/echo?a=1&b=two+words');
    expect(data.ct).toBe('application/json');
    expect(data.x).toBe('yes');
    expect(JSON.parse(data.body)).toEqual({ id: '674839201748392018' });
  });

  it('maps statuses to error kinds with the vendor message and request id', async () => {
    const cases: [number, string][] = [
      [401, 'auth'],
      [403, 'forbidden'],
      [404, 'not_found'],
      [400, 'validation'],
      [412, 'conflict'],
      [500, 'server'],
    ];
    for (const [status, kind] of cases) {
      handlers.set(`/status${status}`, (_req, res) =>
        res
          .writeHead(status, {
            'Content-Type': 'application/json',
            'X-Request-Id': `req-${status}`,
          })
          .end(JSON.stringify({ message: `m${status}`, code: `C${status}` })),
      );
      const { http } = client({ requestIdHeader: 'X-Request-Id' });
      const error = await failure(
        http.request({ method: 'POST', url: `${base}/status${status}`, what: 'testing' }),
      );
      expect(error.kind).toBe(kind);
      expect(error.status).toBe(status);
      expect(error.message).toContain(`m${status}`);
      expect(error.vendorCode).toBe(`C${status}`);
      expect(error.requestId).toBe(`req-${status}`);
      expect(error.hint.length).toBeGreaterThan(0);
    }
  });

  it('reports a 3xx as a redirect it does not follow, naming where it pointed', async () => {
    handlers.set('/moved', (_req, res) =>
      res.writeHead(302, { Location: 'https://login.example.com/sso?session=secret-123' }).end(),
    );
    const { http } = client();
    const error = await failure(
      http.request({ method: 'GET', url: `${base}/moved`, schema: Ok, what: 'listing tasks' }),
    );
    expect(error.kind).toBe('unsupported');
    expect(error.status).toBe(302);
    expect(error.message).toBe(
      'Testvendor answered 302, a redirect to https://login.example.com/sso, while listing tasks; Tasktray does not follow redirects.',
    );
    expect(error.hint).toMatch(/account’s address/);
    expect(hits.get('/sso')).toBeUndefined();
  });

  it('rejects malformed JSON and wrong shapes as malformed', async () => {
    handlers.set('/broken', (_req, res) => res.writeHead(200).end('{"ok": tru'));
    handlers.set('/shape', (_req, res) => res.writeHead(200).end('{"ok": "yes"}'));
    const { http } = client();
    const broken = await failure(
      http.request({ method: 'GET', url: `${base}/broken`, schema: Ok, what: 'reading' }),
    );
    expect(broken.kind).toBe('malformed');
    expect(broken.message).toContain('not valid JSON');
    const shape = await failure(
      http.request({ method: 'GET', url: `${base}/shape`, schema: Ok, what: 'reading' }),
    );
    expect(shape.kind).toBe('malformed');
    expect(shape.message).toContain('ok');
  });

  it('times out an answer that never comes', async () => {
    handlers.set('/never', () => undefined);
    const { http } = client({ maxAttempts: 1, timeoutMs: 100 });
    const error = await failure(
      http.request({ method: 'GET', url: `${base}/never`, schema: Ok, what: 'waiting' }),
    );
    expect(error.kind).toBe('timeout');
    expect(error.message).toContain('did not answer');
  });

  it('reports a dropped connection and an unreachable host as network errors', async () => {
    handlers.set('/drop', (req) => req.socket.destroy());
    const { http } = client({ maxAttempts: 1 });
    expect(
      (await failure(http.request({ method: 'GET', url: `${base}/drop`, what: 'reading' }))).kind,
    ).toBe('network');
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const error = await failure(
      http.request({ method: 'GET', url: `http://127.0.0.1:${port}/`, what: 'reading' }),
    );
    expect(error.kind).toBe('network');
    expect(error.message).toContain('Could not reach Testvendor');
  });

  it('honours a short Retry-After in place, even for writes', async () => {
    let calls = 0;
    handlers.set('/limited', (_req, res) => {
      calls += 1;
      if (calls === 1) res.writeHead(429, { 'Retry-After': '1' }).end('{"message":"slow down"}');
      else res.writeHead(200).end('{"ok":true}');
    });
    const { http } = client();
    const started = Date.now();
    const { data } = await http.request({
      method: 'POST',
      url: `${base}/limited`,
      schema: Ok,
      what: 'writing',
    });
    expect(data.ok).toBe(true);
    expect(calls).toBe(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
  });

  it('surfaces a long Retry-After as rate_limited without waiting', async () => {
    handlers.set('/limited-long', (_req, res) =>
      res.writeHead(429, { 'Retry-After': '120' }).end(),
    );
    const { http } = client();
    const error = await failure(
      http.request({ method: 'GET', url: `${base}/limited-long`, what: 'reading' }),
    );
    expect(error.kind).toBe('rate_limited');
    expect(error.retryAfterMs).toBe(120_000);
    expect(error.message).toContain('120 s');
  });

  it('uses the vendor fallback when a 429 has no Retry-After', async () => {
    handlers.set('/limited-reset', (_req, res) => res.writeHead(429, { 'X-Reset': '42' }).end());
    const { http } = client({
      retryAfterFallback: (headers) => Number(headers.get('X-Reset')) * 1000,
    });
    const error = await failure(
      http.request({ method: 'GET', url: `${base}/limited-reset`, what: 'reading' }),
    );
    expect(error.retryAfterMs).toBe(42_000);
  });

  it('retries transient failures of idempotent calls only', async () => {
    let getCalls = 0;
    handlers.set('/flaky-get', (_req, res) => {
      getCalls += 1;
      if (getCalls < 3) res.writeHead(503).end();
      else res.writeHead(200).end('{"ok":true}');
    });
    let postCalls = 0;
    handlers.set('/flaky-post', (_req, res) => {
      postCalls += 1;
      res.writeHead(503).end();
    });
    const { http } = client();
    await http.request({
      method: 'GET',
      url: `${base}/flaky-get`,
      schema: Ok,
      idempotent: true,
      what: 'reading',
    });
    expect(getCalls).toBe(3);
    expect(
      (await failure(http.request({ method: 'POST', url: `${base}/flaky-post`, what: 'writing' })))
        .kind,
    ).toBe('server');
    expect(postCalls).toBe(1);
  });

  it('logs every response without secrets', async () => {
    handlers.set('/ok', (_req, res) => res.writeHead(200).end('{"ok":true}'));
    const { http, logs } = client();
    await http.request({
      method: 'GET',
      url: `${base}/ok`,
      query: { access_token: 'sekrit-query-token' },
      headers: { Authorization: 'Bearer sekrit-bearer' },
      schema: Ok,
      what: 'reading',
    });
    expect(logs.filter((record) => record.message === 'http')).toHaveLength(1);
    const text = JSON.stringify(logs);
    expect(text).not.toContain('sekrit');
    expect(text).toContain('/ok');
  });

  it('lets a caller abort without turning it into a vendor error', async () => {
    handlers.set('/hang', () => undefined);
    const { http } = client();
    const controller = new AbortController();
    const pending = http.request({
      method: 'GET',
      url: `${base}/hang`,
      signal: controller.signal,
      what: 'reading',
    });
    controller.abort(new Error('user cancelled'));
    await expect(pending).rejects.toThrow('user cancelled');
  });
});

describe('HttpClient limits', () => {
  it('does not count the rate budget’s wait against the timeout', async () => {
    // The timeout's timers are faked, and so is the budget's clock: the test moves each.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const clock = new FakeClock(Date.parse('2026-11-26T09:00:00Z'));
      const windowMs = 60_000;
      const budget = new RateBudget({ ...DEFAULT_BUDGET, read: { limit: 1, windowMs } }, clock);
      const answer: FetchLike = async () => new Response('{"ok":true}', { status: 200 });
      const { http } = client({
        maxAttempts: 1,
        timeoutMs: 400,
        clock,
        fetch: budget.wrap(answer, 'Testvendor'),
      });
      const get = () => http.request({ method: 'GET', url: `${base}/x`, schema: Ok, what: 'x' });
      await get();
      const held = get();
      await clock.settle();
      expect(budget.waiting('read')).toBe(1);
      // Ten times the timeout passes while the budget holds the request back…
      await vi.advanceTimersByTimeAsync(4_000);
      expect(budget.waiting('read')).toBe(1);
      // …then its slot comes, and it is sent and answered.
      await clock.advance(windowMs + 1);
      await expect(held).resolves.toMatchObject({ data: { ok: true } });
    } finally {
      vi.useRealTimers();
    }
  });

  it('reports a long budget wait as rate limited, not as a vendor that cannot be reached', async () => {
    handlers.set('/quick', (_req, res) => res.writeHead(200).end('{"ok":true}'));
    const budget = new RateBudget(
      { ...DEFAULT_BUDGET, read: { limit: 1, windowMs: 10 * 60_000 } },
      systemClock,
    );
    const { http } = client({
      maxAttempts: 1,
      fetch: budget.wrap((input, init) => fetch(input, init), 'Testvendor'),
    });
    const get = () => http.request({ method: 'GET', url: `${base}/quick`, schema: Ok, what: 'x' });
    await get();
    const error = await failure(get());
    expect(error.kind).toBe('rate_limited');
    expect(error.retryAfterMs).toBeGreaterThan(60_000);
  });

  it('refuses a gzip bomb while reading it, without holding it in memory', async () => {
    const bomb = gzipSync(Buffer.from(`{"pad":"${'a'.repeat(64 * 1024 * 1024)}"}`));
    handlers.set('/bomb', (_req, res) =>
      res
        .writeHead(200, { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' })
        .end(bomb),
    );
    const { http } = client({ maxAttempts: 1, timeoutMs: 10_000 });
    const error = await failure(
      http.request({
        method: 'GET',
        url: `${base}/bomb`,
        schema: z.object({ pad: z.string() }),
        what: 'listing',
      }),
    );
    expect(error.kind).toBe('malformed');
    expect(error.message).toContain(`over ${MAX_RESPONSE_BYTES / 1024 / 1024} MB`);
  });
});

describe('parseRetryAfter', () => {
  it('clamps a Retry-After to an hour', () => {
    const now = Date.parse('2026-11-26T10:00:00Z');
    expect(parseRetryAfter('3000000', now)).toBe(MAX_RETRY_AFTER_MS);
    expect(parseRetryAfter('Thu, 26 Nov 2099 10:00:30 GMT', now)).toBe(MAX_RETRY_AFTER_MS);
    expect(MAX_RETRY_AFTER_MS).toBe(3_600_000);
  });

  it('reads seconds and HTTP dates', () => {
    const now = Date.parse('2026-11-26T10:00:00Z');
    expect(parseRetryAfter('5', now)).toBe(5000);
    expect(parseRetryAfter('Thu, 26 Nov 2026 10:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Thu, 26 Nov 2026 09:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter(null, now)).toBeNull();
  });
});
