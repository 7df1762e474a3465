// What every browser test of the windows starts from: the built renderer served by the web host
// (the real engine and the demo simulator behind it), addressed by route, checked with axe.
import AxeBuilder from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import {
  startWebHost,
  type RunningWebHost,
  type WebHostOptions,
} from '../../electron/web-host/host';
import { assertRendererBuilt, RENDERER_DIR } from './browser';

/** A web host serving the built windows; fails at once, saying how, when they are not built. */
export async function startWindowsHost(
  options: Omit<WebHostOptions, 'rendererDir'> = {},
): Promise<RunningWebHost> {
  assertRendererBuilt();
  return startWebHost({ rendererDir: RENDERER_DIR, ...options });
}

/** Closes what a file started, whichever of the two did start. */
export async function closeBrowserAndHost(
  browser: Browser | undefined,
  host: RunningWebHost | undefined,
): Promise<void> {
  await browser?.close();
  await host?.close();
}

/** A window's address on the host: a route as the tray opens it, with the host's token. */
export function windowUrl(host: RunningWebHost, route: string): string {
  return `${host.origin}/?token=${host.token}#${route}`;
}

/** axe's violations on the page, one line each: rule, impact and the elements. */
export async function axeViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).analyze();
  return result.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
  );
}
