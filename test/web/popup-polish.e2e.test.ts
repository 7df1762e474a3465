// The quick-complete popup and the detail at the popup's and the tray's sizes, looked at as a user
// would: a long description can be read to its end by keyboard, a short one is no tab stop, the
// due time lines up with the title when there is no mark before it, and a title cut to two lines
// shows whole on hover. The built renderer in Chromium over the web host and the demo simulator.
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createSimTask } from '../../electron/simulator/task-factory';
import { SIM_USERS } from '../../electron/simulator/world';
import type { RunningWebHost } from '../../electron/web-host/host';
import { axeViolations, launchChromium, screenshot } from '../helpers/browser';
import { closeAll, windowPage, windowsHost, windowUrl } from '../helpers/web-windows';
import { whenEngine } from '../helpers/engine-events';

vi.setConfig({ testTimeout: 90_000 });

const HOUR = 3_600_000;
const POPUP = { width: 400, height: 480 };
const TRAY = { width: 400, height: 600 };
const LONG_TITLE =
  'Revisar y aprobar la factura de mantenimiento preventivo del edificio norte, planta 3, con su orden de compra y el acta de recepción';
const LONG_DESCRIPTION = Array.from(
  { length: 12 },
  (_, i) => `Paso ${i + 1}: comprobar el importe y el centro de coste.`,
).join('\n');

let host: RunningWebHost;
let browser: Browser;
const pageErrors: string[][] = [];
const ids: Record<string, string> = {};

const id = (key: string): string => {
  const value = ids[key];
  if (!value) throw new Error(`no task ${key}`);
  return value;
};

async function open(route: string, size: { width: number; height: number }): Promise<Page> {
  const { page, errors } = await windowPage(browser, size);
  pageErrors.push(errors);
  await page.goto(windowUrl(host, route));
  return page;
}

async function openPopup(key: string, size = POPUP): Promise<Page> {
  const page = await open(`/popup/${encodeURIComponent(id(key))}`, size);
  await page.locator('.popup-title').waitFor({ timeout: 20_000 });
  await page.locator('.completion-form').waitFor();
  return page;
}

const isFocused = (locator: Locator) => locator.evaluate((el) => el === document.activeElement);

async function inViewport(locator: Locator): Promise<boolean> {
  return locator.evaluate((el) => {
    const box = el.getBoundingClientRect();
    return box.top >= 0 && box.bottom <= innerHeight && box.left >= 0 && box.right <= innerWidth;
  });
}

/** The left edges of the title and the due time, in CSS pixels. */
async function leftEdges(page: Page, title: string): Promise<[number, number]> {
  const titleBox = await page.locator(title).boundingBox();
  const dueBox = await page.locator(`${title} + .detail-sub .due`).boundingBox();
  if (!titleBox || !dueBox) throw new Error('title or due time not laid out');
  return [titleBox.x, dueBox.x];
}

beforeAll(async () => {
  host = await windowsHost({
    pollFloorMs: 2_000,
    demo: { seed: 23, limits: { geotareasReadsPerMinute: 600 } },
  });
  const world = host.demo.sim.world;
  const now = world.now();
  const add = (key: string, title: string, description: string, workflowName = 'Partes') => {
    const task = createSimTask(world, 'geotareas', {
      title,
      description,
      workflowName,
      dueAt: now + 24 * HOUR,
    });
    ids[key] = `demo-geotareas:${task.id}`;
  };
  add(
    'long',
    LONG_TITLE,
    LONG_DESCRIPTION,
    'Facturas de proveedores de mantenimiento, obras y suministros del edificio norte',
  );
  add('short', 'Firmar el parte de trabajo', 'Solo la firma.');
  for (const account of ['demo-geotareas', 'demo-workflowsvc', 'demo-maxsight'])
    host.engine.refreshNow(account);
  await Promise.all(
    Object.keys(ids).map((key) =>
      whenEngine(host.engine, 'tasks', () => host.engine.task(id(key))?.detailLoaded),
    ),
  );
  // The user's own tasks at the vendors that give ids, not names.
  for (const vendor of ['workflowsvc', 'maxsight'] as const) {
    const own = SIM_USERS[vendor].me.id;
    ids[vendor] = (
      await whenEngine(host.engine, 'tasks', () =>
        host.engine.tasks().find((t) => t.vendor === vendor && t.assignee?.id === own),
      )
    ).id;
  }
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await closeAll(browser, host);
});

describe('the quick-complete popup', () => {
  it('lets a long description be read to its end by keyboard, and keeps Submit in view', async () => {
    const page = await openPopup('long');
    const description = page.getByRole('region', { name: 'Description' });
    await description.waitFor();
    // It scrolls within a few lines, so it takes the focus: Shift+Tab from the first result.
    const first = page.locator('.result-button').first();
    await expect.poll(() => isFocused(first)).toBe(true);
    await page.keyboard.press('Shift+Tab');
    await expect.poll(() => isFocused(description)).toBe(true);
    await page.keyboard.press('End');
    await expect
      .poll(() =>
        description.evaluate((el) => el.scrollTop + el.clientHeight >= el.scrollHeight - 1),
      )
      .toBe(true);
    expect(await inViewport(page.locator('button[type="submit"]'))).toBe(true);
    await screenshot(page, 'popup-long-description-400x480');
    expect(await axeViolations(page)).toEqual([]);
  });

  it('shows a title cut to two lines, and a long workflow line cut to one, whole on hover', async () => {
    const page = await openPopup('long');
    const title = page.locator('.popup-title');
    // Cut: its text is taller than the two lines it shows.
    expect(await title.evaluate((el) => el.scrollHeight > el.clientHeight)).toBe(true);
    expect(await title.getAttribute('title')).toBe(LONG_TITLE);
    // The workflow and step: one line, cut with an ellipsis, whole on hover.
    const line = page.locator('.popup-line');
    const text = (await line.textContent()) ?? '';
    // Which account it is from comes first: the popup shows it nowhere else. GeoTareas names
    // its tasks by their step: the title is not said twice.
    expect(text).toBe(
      'GeoTareas (demo) · Facturas de proveedores de mantenimiento, obras y suministros del edificio norte',
    );
    expect(await line.getAttribute('title')).toBe(text);
    expect(
      await line.evaluate((el) => {
        const height = parseFloat(getComputedStyle(el).lineHeight);
        return el.getBoundingClientRect().height <= height + 1 && el.scrollWidth > el.clientWidth;
      }),
    ).toBe(true);
  });

  it('makes no tab stop of a short description', async () => {
    const page = await openPopup('short');
    const description = page.locator('.popup-description');
    await description.waitFor();
    expect(await description.getAttribute('tabindex')).toBeNull();
    expect(await page.getByRole('region', { name: 'Description' }).count()).toBe(0);
    expect(await axeViolations(page)).toEqual([]);
  });

  it('lines the due time up with the title when no mark comes before it', async () => {
    const page = await openPopup('short');
    expect(await page.locator('.badges .badge').count()).toBe(0);
    const [title, due] = await leftEdges(page, '.popup-title');
    expect(Math.abs(title - due)).toBeLessThanOrEqual(1);
  });
});

describe('the detail at tray size', () => {
  it('lines the due time up with the title when no mark comes before it', async () => {
    const page = await open(`/inbox/${encodeURIComponent(id('short'))}`, TRAY);
    await page.locator('.task-detail h2').waitFor({ timeout: 20_000 });
    const [title, due] = await leftEdges(page, '.task-detail h2');
    expect(Math.abs(title - due)).toBeLessThanOrEqual(1);
  });

  it('gives the focus back to Complete when its form is closed with Esc (the list is covered)', async () => {
    const page = await open(`/inbox/${encodeURIComponent(id('short'))}`, TRAY);
    const detail = page.locator('.task-detail');
    await detail.locator('h2').waitFor({ timeout: 20_000 });
    const complete = detail.getByRole('button', { name: 'Complete…' });
    await complete.focus();
    await page.keyboard.press('Enter');
    const form = detail.locator('.completion-form');
    await form.waitFor();
    await expect.poll(() => form.evaluate((el) => el.contains(document.activeElement))).toBe(true);
    await page.keyboard.press('Escape');
    await form.waitFor({ state: 'detached' });
    // Still on the task, with the focus where the form was opened from, not lost to the page.
    await expect.poll(() => isFocused(complete)).toBe(true);
    expect(await page.evaluate(() => location.hash)).toBe(
      `#/inbox/${encodeURIComponent(id('short'))}`,
    );
  });

  it('names the user "You" where the vendor gives only their id (workflowsvc, Maxsight)', async () => {
    for (const vendor of ['workflowsvc', 'maxsight']) {
      const page = await open(`/inbox/${encodeURIComponent(id(vendor))}`, TRAY);
      const assignee = page.locator('.fact', { hasText: 'Assignee' }).locator('dd');
      await assignee.waitFor({ timeout: 20_000 });
      expect(await assignee.textContent()).toBe('You');
    }
  });

  it('ran without a page error or a CSP refusal', () => {
    expect(pageErrors.flat()).toEqual([]);
  });
});
