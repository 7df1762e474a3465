// A vendor's list page validated a slice at a time (issue 10): it passes, fails and is described
// exactly as the whole page schema would have it.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { HttpClient } from '../../electron/core/http';
import { silentLogger } from '../../electron/core/logger';
import { safeParsePaced } from '../../electron/core/paced-validation';
import { systemClock } from '../../electron/core/ports';
import { VendorError } from '../../electron/core/vendor-error';

const Item = z.looseObject({
  Id: z.union([z.number(), z.string()]),
  Title: z.string(),
  DueDate: z
    .string()
    .nullish()
    .transform((due) => due ?? null),
});
const Page = z.looseObject({
  '@odata.count': z.number().int().nonnegative().nullish(),
  value: z.array(Item),
  meta: z.object({ total: z.number().int() }).optional(),
});

// As workflowsvc reads its pages: a bare array wrapped first, the envelope reshaped after.
const PipedPage = z
  .preprocess(
    (body) => (Array.isArray(body) ? { _list: body } : body),
    z.looseObject({ _total: z.number().nullish().catch(null), _list: z.array(Item) }),
  )
  .transform((page) => ({ items: page._list, total: page._total ?? null }));

const goodItem = (i: number) => ({ Id: i, Title: `Task ${i}`, DueDate: i % 2 ? null : undefined });

function summary(issues: readonly z.core.$ZodIssue[]) {
  return issues.slice(0, 3).map((issue) => ({ path: issue.path, message: issue.message }));
}

let server: Server;
let body = '';
let base = '';

beforeAll(async () => {
  server = createServer((_req, res) =>
    res.writeHead(200, { 'Content-Type': 'application/json' }).end(body),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe('validating a page a slice at a time', () => {
  it('passes, fails and names the first issues as the whole schema does', async () => {
    const bad = fc.constantFrom<unknown>({ Id: true, Title: 'x' }, { Id: 1 }, 'not an item', null, {
      Id: 2,
      Title: 3,
      DueDate: 4,
    });
    const page = fc.record({
      value: fc.array(fc.oneof({ weight: 20, arbitrary: fc.nat().map(goodItem) }, bad), {
        minLength: 0,
        maxLength: 200,
      }),
      '@odata.count': fc.oneof(fc.nat(), fc.constant(-1), fc.constant('x'), fc.constant(null)),
      meta: fc.oneof(fc.constant(undefined), fc.record({ total: fc.oneof(fc.nat(), fc.string()) })),
      extra: fc.jsonValue(),
    });
    await fc.assert(
      fc.asyncProperty(page, async (value) => {
        const whole = Page.safeParse(value);
        const paced = await safeParsePaced(Page, value);
        expect(paced.success).toBe(whole.success);
        if (whole.success && paced.success) expect(paced.data).toEqual(whole.data);
        if (!whole.success && !paced.success)
          expect(summary(paced.issues)).toEqual(summary(whole.error.issues));
      }),
      { numRuns: 150 },
    );
  });

  it('reads a page through a preprocess and a transform as the whole schema does', async () => {
    const page = fc.oneof(
      fc.array(
        fc.oneof(
          { weight: 30, arbitrary: fc.nat().map(goodItem) },
          fc.constant<unknown>({ Id: 1 }),
        ),
        { maxLength: 150 },
      ),
      fc.record({
        _total: fc.oneof(fc.nat(), fc.constant('many')),
        _list: fc.array(
          fc.oneof({ weight: 30, arbitrary: fc.nat().map(goodItem) }, fc.constant<unknown>(null)),
          { maxLength: 150 },
        ),
      }),
    );
    await fc.assert(
      fc.asyncProperty(page, async (value) => {
        const whole = PipedPage.safeParse(value);
        const paced = await safeParsePaced(PipedPage, value);
        expect(paced.success).toBe(whole.success);
        if (whole.success && paced.success) expect(paced.data).toEqual(whole.data);
        if (!whole.success && !paced.success)
          expect(summary(paced.issues)).toEqual(summary(whole.error.issues));
      }),
      { numRuns: 100 },
    );
  });

  it('refuses what is not a page at all as the whole schema does', async () => {
    for (const value of [null, [], 'page', { value: 'many' }]) {
      const paced = await safeParsePaced(Page, value);
      const whole = Page.safeParse(value);
      expect(paced.success).toBe(false);
      if (!paced.success && !whole.success)
        expect(summary(paced.issues)).toEqual(summary(whole.error.issues));
    }
  });

  it('refuses a big page with one malformed item in the middle, with the same clear error', async () => {
    const items: unknown[] = Array.from({ length: 2_000 }, (_, i) => goodItem(i));
    items[1_234] = { Id: 1_234, Title: null };
    const page = { '@odata.count': 2_000, value: items };
    const whole = Page.safeParse(page);
    expect(whole.success).toBe(false);
    body = JSON.stringify(page);
    const http = new HttpClient({
      fetch: (input, init) => fetch(input, init),
      clock: systemClock,
      logger: silentLogger,
      vendorLabel: 'Testvendor',
      timeoutMs: 10_000,
      maxAttempts: 1,
    });
    const error = await http
      .request({ method: 'GET', url: `${base}/tasks`, schema: Page, what: 'listing tasks' })
      .then(
        () => null,
        (caught: unknown) => caught,
      );
    expect(error).toBeInstanceOf(VendorError);
    expect((error as VendorError).kind).toBe('malformed');
    expect((error as VendorError).message).toBe(
      `Testvendor sent an unexpected reply while listing tasks (value.1234.Title: ${whole.error?.issues[0]?.message}).`,
    );

    // The same page, mended, arrives whole and transformed as the schema says.
    items[1_234] = goodItem(1_234);
    body = JSON.stringify(page);
    const { data } = await http.request({
      method: 'GET',
      url: `${base}/tasks`,
      schema: Page,
      what: 'listing tasks',
    });
    expect(data.value).toHaveLength(2_000);
    expect(data).toEqual(Page.parse(page));
  });
});
