// The windows at their real sizes (tray popover 400×600, main window 1100×720, popup 400×480),
// each route loaded directly as the tray opens it. One browser and one web host for the file; every
// test opens its own page, and a test that changes a task (completes, snoozes) has that task to
// itself, so none depends on another having run or not.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { RunningWebHost } from '../../electron/web-host/host';
import { createSimTask, type SimTaskInput } from '../../electron/simulator/task-factory';
import type { VendorId } from '../../shared/task';
import { axeViolations, launchChromium, screenshot } from '../helpers/browser';
import { closeAll, windowPage, windowsHost, windowUrl } from '../helpers/web-windows';
import { whenEngine } from '../helpers/engine-events';
import { control } from '../helpers/sim';

// Browser steps on a loaded 2-core machine: generous, since every wait is for an event.
vi.setConfig({ testTimeout: 60_000 });

const HOUR = 3_600_000;
const MIN = 60_000;
const TRAY = { width: 400, height: 600 };
const MAIN = { width: 1100, height: 720 };
const POPUP = { width: 400, height: 480 };
const DEMO_ACCOUNTS: Record<VendorId, string> = {
  geotareas: 'demo-geotareas',
  uipath: 'demo-uipath',
  workflowsvc: 'demo-workflowsvc',
  maxsight: 'demo-maxsight',
};

let host: RunningWebHost;
let browser: Browser;
const ids: Record<string, string> = {};

const at = (route: string): string => windowUrl(host, route);

/** A fresh page at a size, as the tray opens a window: straight onto its route. */
async function open(
  route: string,
  size: { width: number; height: number },
): Promise<{ page: Page; errors: string[] }> {
  const opened = await windowPage(browser, size);
  await opened.page.goto(at(route));
  return opened;
}

function addTask(key: string, vendor: VendorId, input: SimTaskInput): void {
  const task = createSimTask(host.demo.sim.world, vendor, input);
  ids[key] = `${DEMO_ACCOUNTS[vendor]}:${task.id}`;
}

const id = (key: string): string => {
  const value = ids[key];
  if (!value) throw new Error(`no task ${key}`);
  return value;
};

async function writesFor(taskId: string): Promise<{ kind: string; body: unknown }[]> {
  const writes = (await control(host.demo.sim, 'GET', '/writes')) as {
    kind: string;
    taskId: string;
    body: unknown;
  }[];
  return writes.filter((w) => w.taskId === taskId.slice(taskId.indexOf(':') + 1));
}

/** Rows wholly inside the list's visible area. */
async function visibleRows(page: Page): Promise<number> {
  return page.evaluate(() => {
    const list = document.querySelector('.task-list')?.getBoundingClientRect();
    if (!list) return 0;
    return [...document.querySelectorAll('.task-row')].filter((row) => {
      const box = row.getBoundingClientRect();
      return box.top >= list.top - 1 && box.bottom <= Math.min(list.bottom, innerHeight) + 1;
    }).length;
  });
}

async function noSidewaysScroll(page: Page): Promise<boolean> {
  return page.evaluate(
    () => document.documentElement.scrollWidth <= document.documentElement.clientWidth,
  );
}

async function activeTaskId(page: Page): Promise<string | null> {
  return page.evaluate(() => document.activeElement?.getAttribute('data-task-id') ?? null);
}

async function inViewport(page: Page, selector: string): Promise<boolean> {
  return page.locator(selector).evaluate((el) => {
    const box = el.getBoundingClientRect();
    return box.top >= 0 && box.bottom <= innerHeight && box.left >= 0 && box.right <= innerWidth;
  });
}

beforeAll(async () => {
  host = await windowsHost({
    pollFloorMs: 2_000,
    demo: { seed: 11, limits: { geotareasReadsPerMinute: 600 } },
  });
  const now = host.demo.sim.world.now();
  addTask('soon', 'geotareas', { title: 'Tray due in 43 min', dueAt: now + 43 * MIN });
  addTask('later', 'geotareas', { title: 'Tray due in 6 h', dueAt: now + 6 * HOUR });
  addTask('late', 'geotareas', { title: 'Tray overdue', dueAt: now - 2 * HOUR });
  addTask('quick', 'geotareas', { title: 'Tray quick approve', dueAt: now + 9 * HOUR, fields: [] });
  addTask('quick2', 'geotareas', {
    title: 'Tray quick approve later',
    dueAt: now + 9.5 * HOUR,
    fields: [],
  });
  addTask('snooze', 'geotareas', { title: 'Tray snooze me', dueAt: now + 10 * HOUR });
  addTask('twinA', 'geotareas', {
    title: 'Tray same title',
    dueAt: now + 11 * HOUR,
    entity: { type: 'OBRA', id: 'OB-1', label: 'Calle Mayor 1' },
  });
  addTask('twinB', 'geotareas', {
    title: 'Tray same title',
    dueAt: now + 12 * HOUR,
    entity: { type: 'OBRA', id: 'OB-2', label: 'Plaza Sol 2' },
  });
  const field = (
    name: string,
    label: string,
    type: 'text' | 'number' | 'date',
    required = false,
  ) => ({
    name,
    label,
    type,
    required,
    value: null,
    options: [],
  });
  const longForm = (key: string, title: string) =>
    addTask(key, 'geotareas', {
      title,
      description: 'Check the amounts against the zone budget before approving.',
      dueAt: now + 20 * HOUR,
      fields: [
        field('amount', 'Approved amount', 'number', true),
        field('cost_centre', 'Cost centre', 'text'),
        field('start', 'Start date', 'date'),
        field('supplier', 'Supplier', 'text'),
        field('po', 'Purchase order', 'text'),
        field('notes_ref', 'Reference', 'text'),
      ],
    });
  // One to look at (every window draws it), one the keyboard test completes.
  longForm('form', 'Tray long budget form');
  longForm('formToSend', 'Tray long budget form to send');
  addTask('cancel', 'geotareas', { title: 'Tray keep my words', dueAt: now + 21 * HOUR });
  addTask('uipathOne', 'uipath', {
    title: 'Tray validate invoice',
    description: 'Amount 980 EUR from Northwind.',
    dueAt: now + 22 * HOUR,
    extra: { taskType: 'FormTask' },
    results: [{ code: 'submit', label: 'Submit' }],
    fields: [field('Comment', 'Comment', 'text')],
  });
  addTask('maxsight', 'maxsight', { title: 'Tray screening hit', dueAt: null });
  for (let i = 0; i < 14; i += 1) {
    addTask(`filler${i}`, 'workflowsvc', {
      title: `Tray filler ${i}`,
      dueAt: now + (30 + i) * HOUR,
    });
  }
  host.engine.refreshNow();
  const want = Object.values(ids);
  await whenEngine(host.engine, 'tasks', () =>
    want.every((t) => host.engine.tasks().some((task) => task.id === t)),
  );
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await closeAll(browser, host);
});

describe('every window at its real size, loaded directly', () => {
  const routes = [
    { name: 'inbox', route: '/inbox', ready: '.task-row' },
    { name: 'settings', route: '/settings', ready: 'h1:text("Settings")' },
    { name: 'accounts', route: '/accounts', ready: 'h1:text("Accounts")' },
    { name: 'inbox-task', route: '', ready: '.task-detail h2' },
  ];
  for (const size of [TRAY, MAIN]) {
    for (const r of routes) {
      it(`${r.name} at ${size.width}×${size.height} draws, accessibly, without sideways scroll`, async () => {
        const route = r.route || `/inbox/${encodeURIComponent(id('form'))}`;
        const { page, errors } = await open(route, size);
        try {
          await page.locator(r.ready).first().waitFor({ timeout: 15_000 });
          expect(await noSidewaysScroll(page)).toBe(true);
          await screenshot(page, `${r.name}-${size.width}x${size.height}`);
          expect(await axeViolations(page)).toEqual([]);
          expect(errors, errors.join('\n')).toEqual([]);
        } finally {
          await page.context().close();
        }
      });
    }
  }

  it('popup at 400×480 for each vendor draws with its actions in view, accessibly', async () => {
    for (const key of ['form', 'uipathOne', 'maxsight']) {
      const { page, errors } = await open(`/popup/${encodeURIComponent(id(key))}`, POPUP);
      try {
        await page.locator('.popup-title').waitFor({ timeout: 15_000 });
        await page.locator('.popup .form-actions').waitFor();
        for (const button of await page.locator('.popup .form-actions button').all()) {
          const box = await button.boundingBox();
          expect(box && box.y + box.height <= POPUP.height).toBe(true);
        }
        expect(await noSidewaysScroll(page)).toBe(true);
        await screenshot(page, `popup-${key}-400x480`);
        expect(await axeViolations(page)).toEqual([]);
        expect(errors, errors.join('\n')).toEqual([]);
      } finally {
        await page.context().close();
      }
    }
  }, 60_000);
});

describe('the tray-size inbox', () => {
  it('shows at least 8 one-line rows at 400×600, in urgency order, without sideways scroll', async () => {
    const { page } = await open('/inbox', TRAY);
    try {
      await page.locator('.task-row').first().waitFor({ timeout: 15_000 });
      expect(await visibleRows(page)).toBeGreaterThanOrEqual(8);
      expect(await noSidewaysScroll(page)).toBe(true);
      // Only the rows in view are drawn, and the demo's own overdue tasks (and earlier tests')
      // come first: compare this file's tasks among themselves.
      await page.getByLabel('Search tasks').fill('Tray');
      await page.locator(`[data-task-id="${id('late')}"]`).waitFor();
      // In the list's order (aria-posinset): the row elements are in no particular order.
      const order = await page
        .locator('.task-row')
        .evaluateAll((rows) =>
          rows
            .sort(
              (a, b) =>
                Number(a.getAttribute('aria-posinset')) - Number(b.getAttribute('aria-posinset')),
            )
            .map((r) => r.getAttribute('data-task-id')),
        );
      const pos = (key: string) => order.indexOf(id(key));
      // Overdue first, then due soon (43 min) above a task due in 6 h.
      expect(pos('late')).toBeGreaterThanOrEqual(0);
      expect(pos('late')).toBeLessThan(pos('soon'));
      expect(pos('soon')).toBeLessThan(pos('later'));
      const soonRow = page.locator(`[data-task-id="${id('soon')}"]`);
      expect(await soonRow.getAttribute('class')).toContain('urgency-soon');
      expect(await soonRow.locator('.badge-soon').count()).toBe(1);
      // Overdue and escalated differ by icon, not only by colour: the row's icon is the list's
      // sprite symbol for it (RowIcons.tsx), which draws lucide's alarm clock.
      const lateIcon = await page
        .locator(`[data-task-id="${id('late')}"] .badge-overdue svg use`)
        .evaluate((use) => {
          const symbol = document.querySelector(use.getAttribute('href') ?? '');
          return symbol?.querySelector('svg')?.getAttribute('class') ?? '';
        });
      expect(lateIcon).toMatch(/alarm-clock/);
      // Identical titles are told apart by their entity.
      await page.getByLabel('Search tasks').fill('Tray same title');
      await expect.poll(() => page.locator('.task-row').count()).toBe(2);
      expect(await page.locator(`[data-task-id="${id('twinA')}"] .task-mark`).textContent()).toBe(
        'Calle Mayor 1',
      );
      expect(await page.locator(`[data-task-id="${id('twinB')}"] .task-mark`).textContent()).toBe(
        'Plaza Sol 2',
      );
      await page.getByLabel('Search tasks').fill('');
      await screenshot(page, 'inbox-tray-400x600');
    } finally {
      await page.context().close();
    }
  });

  it('draws the rows in view in its first paint, and the rows past them only after it', async () => {
    for (const size of [TRAY, MAIN]) {
      const { page } = await windowPage(browser, size);
      try {
        // The rows of the first render that has any, as a MutationObserver sees them: in the
        // microtask after React's commit, before the browser paints.
        await page.addInitScript(() => {
          const seen: string[][] = [];
          Reflect.set(window, 'firstRowIds', seen);
          new MutationObserver((_, observer) => {
            const rows = [...document.querySelectorAll('.task-row')];
            if (rows.length === 0) return;
            seen.push(rows.map((row) => row.getAttribute('data-task-id') ?? ''));
            observer.disconnect();
          }).observe(document, { childList: true, subtree: true });
        });
        await page.goto(at('/inbox'));
        await page.locator('.task-row').first().waitFor({ timeout: 15_000 });
        const inView = await page.evaluate(() => {
          const list = document.querySelector('.task-list')?.getBoundingClientRect();
          if (!list) return [];
          return [...document.querySelectorAll('.task-row')]
            .filter((row) => {
              const box = row.getBoundingClientRect();
              return box.bottom > list.top && box.top < Math.min(list.bottom, innerHeight);
            })
            .map((row) => row.getAttribute('data-task-id') ?? '');
        });
        const first =
          (await page.evaluate(() => Reflect.get(window, 'firstRowIds') as string[][]))[0] ?? [];
        expect(inView.length).toBeGreaterThanOrEqual(8);
        expect(first).toEqual(expect.arrayContaining(inView));
        // A row or two below the view follow, ready for the first scroll.
        await expect.poll(() => page.locator('.task-row').count()).toBeGreaterThan(first.length);
      } finally {
        await page.context().close();
      }
    }
  });

  it('folds a failing account into one line with a Fix link, keeping 8 rows in view at 1100×720', async () => {
    const world = host.demo.sim.world;
    world.addFault({ vendor: 'maxsight', kind: 'status', status: 401, remaining: 10_000 });
    const { page } = await open('/inbox', MAIN);
    try {
      host.engine.refreshNow('demo-maxsight');
      const line = page.locator('.problems summary');
      await line.waitFor({ timeout: 20_000 });
      expect(await line.textContent()).toMatch(/Not updating: Maxsight/);
      expect(await page.getByRole('link', { name: 'Fix' }).getAttribute('href')).toBe('#/accounts');
      expect(await visibleRows(page)).toBeGreaterThanOrEqual(8);
      expect(await noSidewaysScroll(page)).toBe(true);
      await screenshot(page, 'inbox-failing-account-1100x720');
      expect(await axeViolations(page)).toEqual([]);
    } finally {
      world.clearFaults();
      host.engine.refreshNow('demo-maxsight');
      await page.context().close();
    }
  }, 40_000);

  it('is one tab stop with arrows; Enter opens the detail over the list; Esc returns focus', async () => {
    const { page } = await open('/inbox', TRAY);
    try {
      await page.locator('.task-row').first().waitFor({ timeout: 15_000 });
      expect(await page.locator('.task-row[tabindex="0"]').count()).toBe(1);
      await page.getByLabel('Search tasks').focus();
      // The row takes focus on the next animation frame: wait for it, not for a time.
      await page.keyboard.press('ArrowDown');
      await expect.poll(() => activeTaskId(page)).not.toBeNull();
      const first = await activeTaskId(page);
      await page.keyboard.press('ArrowDown');
      await expect.poll(() => activeTaskId(page)).not.toBe(first);
      const second = await activeTaskId(page);
      expect(second).not.toBeNull();
      expect(await page.locator('.task-row[tabindex="0"]').getAttribute('data-task-id')).toBe(
        second,
      );
      // The focus ring is drawn inside the row, where the list cannot clip it.
      const offset = await page.evaluate(
        () => getComputedStyle(document.activeElement as Element).outlineOffset,
      );
      expect(Number.parseFloat(offset)).toBeLessThan(0);
      await page.keyboard.press('Enter');
      await page.locator('.task-detail h2').waitFor();
      await page.getByRole('button', { name: 'Back to the list' }).waitFor();
      await screenshot(page, 'inbox-detail-slide-over-400x600');
      // Focus is on Back; Esc goes back too.
      await page.keyboard.press('Escape');
      await page.locator('.task-detail').waitFor({ state: 'detached' });
      await expect.poll(() => activeTaskId(page)).toBe(second);
    } finally {
      await page.context().close();
    }
  });

  it('draws only the rows near the view; a jump draws the rows there; End and Home focus the last and first task', async () => {
    const { page } = await open('/inbox', TRAY);
    try {
      await page.locator('.task-row').first().waitFor({ timeout: 15_000 });
      const count = await page.locator('.chips [role=status]').textContent();
      const total = Number(/of (\d+) tasks/.exec(count ?? '')?.[1]);
      expect(total).toBeGreaterThan(25);
      // The rows in view and a few either side: fewer than the list holds.
      await expect.poll(() => page.locator('.task-row').count()).toBeLessThan(total - 5);
      const position = () =>
        page.evaluate(() => document.activeElement?.getAttribute('aria-posinset') ?? null);
      // Halfway down at once: the rows there are drawn where the list shows them.
      const shown = () =>
        page.evaluate(() => {
          const list = document.querySelector('.task-list') as HTMLElement;
          const box = list.getBoundingClientRect();
          const middle = box.top + box.height / 2;
          return [...document.querySelectorAll('.task-row')].some((row) => {
            const r = row.getBoundingClientRect();
            return r.top <= middle && r.bottom >= middle;
          });
        });
      await page.evaluate(() => {
        const list = document.querySelector('.task-list') as HTMLElement;
        list.scrollTop = list.scrollHeight / 2;
      });
      await expect.poll(shown).toBe(true);
      await page.getByLabel('Search tasks').press('ArrowDown');
      await expect.poll(() => activeTaskId(page)).not.toBeNull();
      // Wholly inside the list's visible area (a pixel's rounding either way).
      const focusedInList = () =>
        page.evaluate(() => {
          const list = (
            document.querySelector('.task-list') as HTMLElement
          ).getBoundingClientRect();
          const row = (document.activeElement as HTMLElement).getBoundingClientRect();
          return row.top >= list.top - 1 && row.bottom <= Math.min(list.bottom, innerHeight) + 1;
        });
      await page.keyboard.press('End');
      await expect.poll(position).toBe(String(total));
      expect(await focusedInList()).toBe(true);
      await page.keyboard.press('Home');
      await expect.poll(position).toBe('1');
      expect(await focusedInList()).toBe(true);
    } finally {
      await page.context().close();
    }
  });

  it('scrolling gives row elements new tasks rather than making new ones; focus and hover stay with their task', async () => {
    const { page } = await open('/inbox', TRAY);
    try {
      await page.locator('.task-row').first().waitFor({ timeout: 15_000 });
      // The first paint's rows, then the overscan after it: wait for the rows below the view.
      const inView = await visibleRows(page);
      await expect.poll(() => page.locator('.task-row').count()).toBeGreaterThan(inView);
      const drawn = await page.locator('.task-row').count();
      // Every row element the list has used, and the tasks drawn at each step.
      await page.evaluate(() => {
        const seen = new Set<Element>();
        const tasks = new Set<string | null>();
        const note = () => {
          for (const row of document.querySelectorAll('.task-row')) {
            seen.add(row);
            tasks.add(row.getAttribute('data-task-id'));
          }
        };
        note();
        Reflect.set(window, 'seenRows', { seen, tasks });
        new MutationObserver(note).observe(document.querySelector('.task-list') as Node, {
          childList: true,
          subtree: true,
        });
      });
      const seenRows = () =>
        page.evaluate(() => {
          const { seen, tasks } = Reflect.get(window, 'seenRows') as {
            seen: Set<Element>;
            tasks: Set<string>;
          };
          return { elements: seen.size, tasks: tasks.size };
        });
      // The task drawn at the list's middle, by its place (aria-posinset), not by document order.
      const middleTask = () =>
        page.evaluate(() => {
          const list = (
            document.querySelector('.task-list') as HTMLElement
          ).getBoundingClientRect();
          const middle = list.top + list.height / 2;
          const row = [...document.querySelectorAll('.task-row')].find((r) => {
            const box = r.getBoundingClientRect();
            return box.top <= middle && box.bottom > middle;
          });
          return row?.getAttribute('aria-posinset') ?? null;
        });
      const scrollBy = (px: number) =>
        page.evaluate((by) => {
          (document.querySelector('.task-list') as HTMLElement).scrollTop += by;
        }, px);
      const atBottom = () =>
        page.evaluate(() => {
          const list = document.querySelector('.task-list') as HTMLElement;
          return list.scrollTop + list.clientHeight >= list.scrollHeight - 1;
        });
      let before = await middleTask();
      let steps = 0;
      while (!(await atBottom())) {
        await scrollBy(200);
        const now = before;
        await expect.poll(middleTask).not.toBe(now);
        before = await middleTask();
        steps += 1;
      }
      // Steps of 5 rows drew 20 tasks or more that were not drawn before. The elements are the
      // first screen's and a few more: the rows above the view, once there are some, a row cut in
      // two at each edge, and one for the first task, kept back for it as the list's tab stop.
      expect(steps).toBeGreaterThanOrEqual(4);
      const seen = await seenRows();
      expect(seen.tasks).toBeGreaterThanOrEqual(drawn + 20);
      expect(seen.elements).toBeLessThanOrEqual(drawn + 4);
      await scrollBy(-10_000);
      await expect.poll(middleTask).not.toBe(before);
      before = await middleTask();

      // The focused row keeps its task while it is drawn, and no other task takes its element.
      await page.getByLabel('Search tasks').press('ArrowDown');
      const focused = await activeTaskId(page);
      expect(focused).not.toBeNull();
      await scrollBy(60);
      await expect.poll(middleTask).not.toBe(before);
      expect(await activeTaskId(page)).toBe(focused);
      await scrollBy(2_000);
      await expect.poll(() => page.locator(`[data-task-id="${focused}"]`).count()).toBe(0);
      expect(await activeTaskId(page)).toBeNull();

      // Hover: the quick actions are beside the row under the pointer, after a wheel scroll too.
      const list = (await page.locator('.task-list').boundingBox()) as {
        x: number;
        y: number;
        height: number;
      };
      const pointer = { x: list.x + 40, y: list.y + list.height / 2 };
      await page.mouse.move(pointer.x, pointer.y);
      const toolbarTask = () =>
        page.evaluate(({ x, y }) => {
          const bar = document.querySelector('.quick-actions');
          const under = document.elementFromPoint(x, y)?.closest('.task-row');
          if (!bar || !under) return null;
          const a = bar.getBoundingClientRect();
          const b = under.getBoundingClientRect();
          return Math.abs(a.top - b.top) < 1 ? under.getAttribute('data-task-id') : 'elsewhere';
        }, pointer);
      const hovered = await toolbarTask();
      expect(hovered).toMatch(/:/);
      await page.mouse.wheel(0, -400);
      await expect.poll(toolbarTask).not.toBe(hovered);
      expect(await toolbarTask()).toMatch(/:/);
    } finally {
      await page.context().close();
    }
  });

  it('shortcuts: ? lists them, s snoozes with a marker, c completes from the keyboard with a confirmation', async () => {
    const { page } = await open('/inbox', TRAY);
    try {
      const search = page.getByLabel('Search tasks');
      await search.fill('Tray snooze me');
      await page.locator('.task-row').first().waitFor({ timeout: 15_000 });
      await search.press('ArrowDown');
      await page.keyboard.press('?');
      const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
      await dialog.waitFor();
      expect(await dialog.textContent()).toContain('Snooze the task for 1 hour');
      await screenshot(page, 'inbox-shortcuts-400x600');
      expect(await axeViolations(page)).toEqual([]);
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'detached' });
      await expect.poll(() => activeTaskId(page)).toBe(id('snooze'));

      await page.keyboard.press('s');
      await page.getByText(/^Snoozed “Tray snooze me” until/).waitFor();
      expect(host.engine.snoozedUntil(id('snooze'))).not.toBeNull();
      await page.locator(`[data-task-id="${id('snooze')}"] .flag`).waitFor();

      // Two rows match: after the first is completed, focus lands on the other.
      await search.fill('Tray quick approve');
      await page.locator(`[data-task-id="${id('quick2')}"]`).waitFor();
      await search.press('ArrowDown');
      // The list takes focus on the next animation frame.
      await expect.poll(() => activeTaskId(page)).toBe(id('quick'));
      await page.keyboard.press('c');
      const form = page.getByRole('form', { name: 'Complete the task' });
      await form.waitFor();
      // Focus is on the first result; Enter chooses it and submits.
      await expect
        .poll(() => page.evaluate(() => document.activeElement?.textContent))
        .toBe('Approve');
      await page.keyboard.press('Enter');
      await page.getByText('Completed “Tray quick approve”.').waitFor({ timeout: 20_000 });
      await expect
        .poll(() => writesFor(id('quick')))
        .toContainEqual(expect.objectContaining({ kind: 'complete' }));
      await expect.poll(() => activeTaskId(page)).toBe(id('quick2'));
      await screenshot(page, 'inbox-completed-toast-400x600');
    } finally {
      await page.context().close();
    }
  }, 40_000);
});

describe('the quick-complete popup at 400×480', () => {
  it('completes a long GeoTareas form by keyboard alone, focusing the field to fix', async () => {
    const { page, errors } = await open(`/popup/${encodeURIComponent(id('formToSend'))}`, POPUP);
    try {
      await page.locator('.popup-title').waitFor({ timeout: 15_000 });
      expect(await inViewport(page, 'button[type="submit"]')).toBe(true);
      await expect
        .poll(() => page.evaluate(() => document.activeElement?.textContent))
        .toBe('Approve');
      // Enter on a result chooses it and submits: the missing amount is refused, focus goes there.
      await page.keyboard.press('Enter');
      await page.getByText('Approved amount is required.').waitFor();
      const amount = page.getByLabel(/Approved amount/);
      await expect.poll(() => amount.evaluate((el) => el === document.activeElement)).toBe(true);
      expect(await inViewport(page, 'input[aria-invalid="true"]')).toBe(true);
      expect(await inViewport(page, 'button[type="submit"]')).toBe(true);
      await screenshot(page, 'popup-validation-400x480');
      await page.keyboard.type('1250');
      await page.keyboard.press('Enter');
      await page.waitForFunction(() => window.location.hash === '#/inbox', null, {
        timeout: 20_000,
      });
      const writes = await writesFor(id('formToSend'));
      expect(writes.at(-1)).toMatchObject({
        kind: 'complete',
        body: { result_code: 'approved', captured_data: { amount: 1250 } },
      });
      expect(errors, errors.join('\n')).toEqual([]);
    } finally {
      await page.context().close();
    }
  }, 40_000);

  it('Cancel never throws typed input away silently', async () => {
    const closesBefore = host.windowRequests.filter((r) => r === 'close').length;
    const { page } = await open(`/popup/${encodeURIComponent(id('cancel'))}`, POPUP);
    try {
      await page.locator('.popup-title').waitFor({ timeout: 15_000 });
      const comment = page.getByLabel('Comment');
      await comment.fill('Half-written reasons');
      await comment.press('Tab');
      await page.keyboard.press('Tab');
      await expect
        .poll(() => page.evaluate(() => document.activeElement?.textContent))
        .toBe('Cancel');
      await page.keyboard.press('Enter');
      await page.getByText('Discard what you typed?').waitFor();
      await expect
        .poll(() => page.evaluate(() => document.activeElement?.textContent))
        .toBe('Keep editing');
      await screenshot(page, 'popup-confirm-discard-400x480');
      expect(await axeViolations(page)).toEqual([]);
      await page.keyboard.press('Enter');
      expect(await comment.inputValue()).toBe('Half-written reasons');
      await comment.press('Escape');
      await page.getByText('Discard what you typed?').waitFor();
      expect(host.windowRequests.filter((r) => r === 'close').length).toBe(closesBefore);
      await page.getByRole('button', { name: 'Discard' }).click();
      await page.waitForFunction(() => window.location.hash === '#/inbox');
      expect(host.windowRequests.filter((r) => r === 'close').length).toBe(closesBefore + 1);
    } finally {
      await page.context().close();
    }
  });

  it('a one-outcome UiPath form shows no lone result button, one Comment, and its description', async () => {
    const { page } = await open(`/popup/${encodeURIComponent(id('uipathOne'))}`, POPUP);
    try {
      await page.locator('.popup-title').waitFor({ timeout: 15_000 });
      await page.getByText('Amount 980 EUR from Northwind.').waitFor({ timeout: 15_000 });
      expect(await page.locator('.result-button').count()).toBe(0);
      expect(await page.getByLabel('Comment').count()).toBe(1);
      expect(await page.getByRole('button', { name: 'Submit' }).count()).toBe(1);
    } finally {
      await page.context().close();
    }
  });

  it('a Maxsight task offers to open it in Maxsight', async () => {
    const { page } = await open(`/popup/${encodeURIComponent(id('maxsight'))}`, POPUP);
    try {
      const button = page.getByRole('button', { name: 'Open in Maxsight' });
      await button.waitFor({ timeout: 15_000 });
      const before = host.opened.length;
      await button.click();
      await expect.poll(() => host.opened.length).toBe(before + 1);
    } finally {
      await page.context().close();
    }
  });
});

describe('the account form', () => {
  it('shows every mistake on its field at once, in the window and from main, never a 500', async () => {
    const { page } = await open('/accounts', TRAY);
    try {
      await page.getByRole('button', { name: 'Add account' }).click();
      await page.getByLabel('Account id').fill('Bad Id');
      await page.getByLabel('API address').fill('not a url');
      await page.getByLabel('Email').fill('ana@');
      await page.getByLabel(/^Time zone/).fill('Mars/Olympus');
      await page.getByRole('button', { name: 'Save' }).click();
      await page.getByText('Correct the marked fields.').waitFor();
      const invalid = await page
        .locator('.account-form input[aria-invalid="true"]')
        .evaluateAll((els) => els.map((e) => (e as HTMLInputElement).labels?.[0]?.textContent));
      expect(invalid).toEqual([
        expect.stringMatching(/^Account id/),
        'Name',
        'API address',
        'Tenant host',
        'Email',
        expect.stringMatching(/^Time zone/),
      ]);
      expect(await page.getByText('Enter a full address starting with https://.').count()).toBe(1);
      expect(await page.getByText('Enter an IANA time zone such as Europe/Madrid.').count()).toBe(
        1,
      );
      await expect
        .poll(() =>
          page.evaluate(
            () => (document.activeElement as HTMLInputElement).labels?.[0]?.textContent,
          ),
        )
        .toMatch(/^Account id/);
      await screenshot(page, 'accounts-field-errors-400x600');
      expect(await axeViolations(page)).toEqual([]);

      // Main checks again with the same rule and answers a validation error, not a 500.
      const answer = await page.evaluate(
        async ({ token }) => {
          const response = await fetch('/api/call', {
            method: 'POST',
            headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
            body: JSON.stringify({
              channel: 'accounts:test',
              payload: {
                account: {
                  id: 'x',
                  name: 'X',
                  vendor: 'maxsight',
                  baseUrl: 'nonsense',
                  userId: '',
                },
                secrets: {},
              },
            }),
          });
          return { status: response.status, body: (await response.json()) as unknown };
        },
        { token: host.token },
      );
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({
        ok: false,
        error: {
          kind: 'validation',
          fields: [
            { field: 'account.baseUrl', message: expect.any(String) },
            { field: 'account.userId', message: 'is required' },
          ],
        },
      });
    } finally {
      await page.context().close();
    }
  });

  it('testing an unsaved account that cannot be reached says what to do, not that it will retry', async () => {
    const { page } = await open('/accounts', MAIN);
    try {
      await page.getByRole('button', { name: 'Add account' }).click();
      await page.getByLabel('Account id').fill('unreachable');
      await page.getByLabel('Name', { exact: true }).fill('Unreachable');
      await page.getByLabel('API address').fill('http://127.0.0.1:9/apidev/v1');
      await page.getByLabel('Tenant host').fill('acme.geotareas.com');
      await page.getByLabel('Email').fill('ana@example.com');
      await page.getByLabel(/^Password/).fill('pw');
      await page.getByLabel(/^API key/).fill('key');
      await page.getByRole('button', { name: 'Test' }).click();
      const box = page.locator('.account-form .error-box');
      await box.waitFor({ timeout: 20_000 });
      const text = (await box.textContent()) ?? '';
      expect(text).toMatch(/What to do:/);
      expect(text).not.toMatch(/retry|try again later|will try/i);
      await screenshot(page, 'accounts-test-unreachable-1100x720');
    } finally {
      await page.context().close();
    }
  }, 40_000);
});
