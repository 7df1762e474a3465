// What every browser test of the windows starts from: the built renderer served by the web host
// (the real engine and the demo simulator behind it), addressed by route, checked with axe.
import type { Browser, Page } from 'playwright-core';
import { afterEach, beforeEach, expect } from 'vitest';
import {
  startWebHost,
  type RunningWebHost,
  type WebHostOptions,
} from '../../electron/web-host/host';
import { assertRendererBuilt, collectPageErrors, RENDERER_DIR } from './browser';

/** A web host serving the built windows; fails at once, saying how, when they are not built. */
export async function windowsHost(
  options: Omit<WebHostOptions, 'rendererDir'> = {},
): Promise<RunningWebHost> {
  assertRendererBuilt();
  return startWebHost({ rendererDir: RENDERER_DIR, ...options });
}

/** Closes what a file started, whichever of the two did start. */
export async function closeAll(
  browser: Browser | undefined,
  host: RunningWebHost | undefined,
): Promise<void> {
  await browser?.close();
  await host?.close();
}

/**
 * A fresh page at a window's size, in a context of its own (axe needs one; nothing carries over
 * between pages), with the errors it reports collected.
 */
export async function windowPage(
  browser: Browser,
  size: { width: number; height: number },
): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: size });
  const page = await context.newPage();
  return { page, errors: collectPageErrors(page) };
}

/** A window's address on the host: a route as the tray opens it, with the host's token. */
export function windowUrl(host: RunningWebHost, route: string): string {
  return `${host.origin}/?token=${host.token}#${route}`;
}

/** A call through the host's API, as a window makes it; throws with the error when refused. */
export async function hostCall(
  host: RunningWebHost,
  channel: string,
  payload: unknown,
): Promise<unknown> {
  const response = await fetch(`${host.origin}/api/call`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${host.token}` },
    body: JSON.stringify({ channel, payload }),
  });
  const result = (await response.json()) as { ok: boolean; value?: unknown; error?: unknown };
  if (!result.ok) throw new Error(`${channel} failed: ${JSON.stringify(result.error)}`);
  return result.value;
}

/** Closes a test's page, failing the test if the page reported an error or a CSP refusal. */
export async function closeCheckedPage(page: Page, errors: string[]): Promise<void> {
  try {
    expect(errors, 'no page error or CSP refusal').toEqual([]);
  } finally {
    await page.context().close();
  }
}

/**
 * A page of its own for each test (at `size`, in a context of its own), closed after the test,
 * which fails if the page reported an error or a CSP refusal. Read `.page` inside a test.
 */
export function pagePerTest(
  browser: () => Browser,
  size: { width: number; height: number },
): { readonly page: Page } {
  let current: { page: Page; errors: string[] } | null = null;
  beforeEach(async () => {
    current = await windowPage(browser(), size);
  });
  afterEach(async () => {
    const done = current;
    current = null;
    if (done) await closeCheckedPage(done.page, done.errors);
  });
  return {
    get page(): Page {
      if (!current) throw new Error('A page is there only while a test runs.');
      return current.page;
    },
  };
}
