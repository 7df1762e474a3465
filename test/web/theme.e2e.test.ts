// Hover and focus in every theme, at the windows' real sizes: light, dark, and "system" on a light
// and on a dark system (Playwright's colorScheme). What is measured is what the user sees: the
// button's colour at rest and under the pointer (its own background, anything laid over it, any
// brightness filter, over what shows through), and the focus ring's colour.
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createSimTask } from '../../electron/simulator/task-factory';
import { startWebHost, type RunningWebHost } from '../../electron/web-host/host';
import type { Theme } from '../../shared/appearance';
import {
  assertRendererBuilt,
  collectPageErrors,
  launchChromium,
  RENDERER_DIR,
  screenshot,
} from '../helpers/browser';
import { whenEngine } from '../helpers/engine-events';

// Browser steps on a loaded 2-core machine: generous, since every wait is for an event.
vi.setConfig({ testTimeout: 60_000 });

const TRAY = { width: 400, height: 600 };
const MAIN = { width: 1100, height: 720 };
const POPUP = { width: 400, height: 480 };
/** The focus ring's colour, --focus: light-dark(#0b57c5, #8ab4f8). */
const FOCUS = { light: 'rgb(11, 87, 197)', dark: 'rgb(138, 180, 248)' };

const CASES: { name: string; theme: Theme; system: 'light' | 'dark'; dark: boolean }[] = [
  { name: 'light', theme: 'light', system: 'dark', dark: false },
  { name: 'dark', theme: 'dark', system: 'light', dark: true },
  { name: 'system-dark', theme: 'system', system: 'dark', dark: true },
  { name: 'system-light', theme: 'system', system: 'light', dark: false },
];

let host: RunningWebHost;
let browser: Browser;
let formTaskId = '';

function at(route: string): string {
  return `${host.origin}/?token=${host.token}#${route}`;
}

async function setTheme(theme: Theme): Promise<void> {
  const response = await fetch(`${host.origin}/api/call`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${host.token}` },
    body: JSON.stringify({ channel: 'settings:update', payload: { theme } }),
  });
  expect(((await response.json()) as { ok: boolean }).ok).toBe(true);
}

async function open(
  route: string,
  size: { width: number; height: number },
  system: 'light' | 'dark',
): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: size, colorScheme: system });
  const page = await context.newPage();
  const errors = collectPageErrors(page);
  await page.goto(at(route));
  return { page, errors };
}

/**
 * The relative luminance (WCAG) of what the element shows behind its text: its own layers (its
 * background colour, colour veils laid over it) through its brightness filter, over the first
 * opaque background among its ancestors (a filter does not touch what shows through).
 */
function shownLuminance(locator: Locator): Promise<number> {
  return locator.evaluate((el) => {
    type Rgba = [number, number, number, number];
    const parse = (text: string): Rgba[] =>
      [...text.matchAll(/rgba?\(([^)]+)\)/g)].map((m) => {
        const [r = 0, g = 0, b = 0, a = 1] = (m[1] ?? '').split(/[\s,/]+/).map(Number);
        return [r, g, b, a];
      });
    const over = (top: Rgba, under: Rgba): Rgba => {
      const alpha = top[3] + under[3] * (1 - top[3]);
      if (alpha === 0) return [0, 0, 0, 0];
      const mix = (i: 0 | 1 | 2) => (top[i] * top[3] + under[i] * under[3] * (1 - top[3])) / alpha;
      return [mix(0), mix(1), mix(2), alpha];
    };
    let base: Rgba = [255, 255, 255, 1];
    for (let node = el.parentElement; node; node = node.parentElement) {
      const [colour] = parse(getComputedStyle(node).backgroundColor);
      if (colour && colour[3] === 1) {
        base = colour;
        break;
      }
    }
    const style = getComputedStyle(el);
    let own = parse(style.backgroundColor)[0] ?? [0, 0, 0, 0];
    // Each image's first colour (a one-colour veil), the top-most image first: laid bottom up.
    const veils = [...style.backgroundImage.matchAll(/gradient\((rgba?\([^)]*\))/g)].flatMap((m) =>
      parse(m[1] ?? ''),
    );
    for (const veil of veils.reverse()) own = over(veil, own);
    const brightness = /brightness\(([\d.]+)\)/.exec(style.filter);
    const factor = brightness ? Number(brightness[1]) : 1;
    const filtered: Rgba = [
      Math.min(255, own[0] * factor),
      Math.min(255, own[1] * factor),
      Math.min(255, own[2] * factor),
      own[3],
    ];
    const shown = over(filtered, base);
    const channel = (value: number) => {
      const c = value / 255;
      return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * channel(shown[0]) + 0.7152 * channel(shown[1]) + 0.0722 * channel(shown[2]);
  });
}

/** The contrast ratio of two luminances, signed: above 1 when `to` is lighter than `from`. */
function lightening(from: number, to: number): number {
  return to >= from ? (to + 0.05) / (from + 0.05) : -((from + 0.05) / (to + 0.05));
}

/** At rest, then under the pointer: hover must show, lighter on dark and darker on light. */
async function expectHoverShows(page: Page, button: Locator, dark: boolean): Promise<void> {
  await page.mouse.move(0, TRAY.height - 1);
  await expect.poll(() => button.evaluate((el) => el.matches(':hover'))).toBe(false);
  const rest = await shownLuminance(button);
  await button.hover();
  await expect.poll(() => button.evaluate((el) => el.matches(':hover'))).toBe(true);
  const hovered = await shownLuminance(button);
  const change = lightening(rest, hovered);
  // A change of at least 1.08:1 is one the eye sees on these surfaces (brightness(0.95) on the
  // light theme's grey was 1.1:1).
  if (dark) expect(change, 'hover on a dark theme lightens').toBeGreaterThanOrEqual(1.08);
  else expect(change, 'hover on a light theme darkens').toBeLessThanOrEqual(-1.08);
}

beforeAll(async () => {
  assertRendererBuilt();
  host = await startWebHost({
    rendererDir: RENDERER_DIR,
    pollFloorMs: 2_000,
    demo: { seed: 3, limits: { geotareasReadsPerMinute: 600 } },
  });
  const world = host.demo.sim.world;
  const task = createSimTask(world, 'geotareas', {
    title: 'Theme approve the fence',
    dueAt: world.now() + 5 * 3_600_000,
    results: [
      { code: 'approved', label: 'Approve' },
      { code: 'rejected', label: 'Reject' },
    ],
    fields: [],
  });
  formTaskId = `demo-geotareas:${task.id}`;
  host.engine.refreshNow('demo-geotareas');
  await whenEngine(host.engine, 'tasks', () => host.engine.task(formTaskId) !== undefined);
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await host?.close();
});

describe('hover and focus follow the theme', () => {
  for (const c of CASES) {
    for (const size of [TRAY, MAIN]) {
      it(`${c.name}: the inbox at ${size.width}×${size.height}`, async () => {
        await setTheme(c.theme);
        const { page, errors } = await open('/inbox', size, c.system);
        try {
          await page.locator('.task-row').first().waitFor({ timeout: 20_000 });
          await expect
            .poll(() => page.evaluate(() => document.documentElement.dataset.theme))
            .toBe(c.theme);
          // A plain button (a filter chip) and a transparent icon button.
          await expectHoverShows(
            page,
            page.getByRole('button', { name: 'Overdue', exact: true }),
            c.dark,
          );
          await expectHoverShows(page, page.getByRole('button', { name: 'Refresh now' }), c.dark);
          // Keyboard focus: the ring in the theme's focus colour.
          await page.getByLabel('Search tasks').click();
          await page.keyboard.press('Tab');
          const ring = await page.evaluate(() => {
            const el = document.activeElement as HTMLElement;
            const style = getComputedStyle(el);
            return {
              label: el.getAttribute('aria-label'),
              visible: el.matches(':focus-visible'),
              style: style.outlineStyle,
              colour: style.outlineColor,
            };
          });
          expect(ring).toEqual({
            label: 'Refresh now',
            visible: true,
            style: 'solid',
            colour: c.dark ? FOCUS.dark : FOCUS.light,
          });
          await screenshot(page, `theme-${c.name}-inbox-${size.width}x${size.height}`);
          expect(errors, errors.join('\n')).toEqual([]);
        } finally {
          await page.context().close();
        }
      });
    }

    it(`${c.name}: the popup at 400×480, its primary Submit and a result button`, async () => {
      await setTheme(c.theme);
      const { page, errors } = await open(
        `/popup/${encodeURIComponent(formTaskId)}`,
        POPUP,
        c.system,
      );
      try {
        await page.locator('.popup-title').waitFor({ timeout: 20_000 });
        await expectHoverShows(page, page.getByRole('button', { name: 'Submit' }), c.dark);
        await expectHoverShows(page, page.getByRole('button', { name: 'Reject' }), c.dark);
        expect(errors, errors.join('\n')).toEqual([]);
      } finally {
        await page.context().close();
      }
    });
  }
});
