// Claim, release, the reassign picker and comments in the windows, end to end: the built renderer in
// Chromium, the web host's real engine, and the demo's simulated UiPath Orchestrator behind it. Each
// test asserts what the user sees and what the vendor now holds. Every wait is for an event (a DOM
// change, an engine event), never for the clock.
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { taskNotesPath } from '../../electron/core/assumptions/uipath';
import { createSimTask } from '../../electron/simulator/task-factory';
import { SIM_GROUP } from '../../electron/simulator/vendors/uipath-render';
import { SIM_USERS } from '../../electron/simulator/world';
import type { RunningWebHost } from '../../electron/web-host/host';
import type { OutboxItem } from '../../shared/outbox';
import type { Task } from '../../shared/task';
import { axeViolations, launchChromium, screenshot } from '../helpers/browser';
import { closeAll, hostCall, windowPage, windowsHost, windowUrl } from '../helpers/web-windows';
import { vendorIdOf } from '../helpers/tasks';
import { tasksByKey } from '../helpers/task-keys';
import { whenEngine } from '../helpers/engine-events';

// Browser steps on a loaded 2-core machine: generous, since every wait is for an event.
vi.setConfig({ testTimeout: 90_000 });

const HOUR = 3_600_000;
const ACCOUNT = 'demo-uipath';
const MAIN = { width: 1100, height: 720 };
const TRAY = { width: 400, height: 600 };
const POPUP = { width: 400, height: 480 };
const { me, other } = SIM_USERS.uipath;

let host: RunningWebHost;
let browser: Browser;
/** The pages the running test opened, with the errors each reported. */
const opened: { page: Page; errors: string[] }[] = [];
const { ids, id, simTask, writesFor } = tasksByKey('uipath', () => host);

const at = (route: string): string => windowUrl(host, route);

async function open(route: string, size: { width: number; height: number }): Promise<Page> {
  const { page, errors } = await windowPage(browser, size);
  opened.push({ page, errors });
  await page.goto(at(route));
  return page;
}

/** The task's comments as the simulated Orchestrator keeps them, read over its own API. */
async function vendorNotes(key: string): Promise<string[]> {
  const url = `${host.demo.sim.urls.uipathOrchestrator}${taskNotesPath(Number(vendorIdOf(id(key))))}`;
  const response = await fetch(url, {
    headers: { Authorization: `Bearer ${SIM_USERS.uipath.pat}` },
  });
  const body = (await response.json()) as { value: { Text: string }[] };
  return body.value.map((note) => note.Text);
}

/** Resolves once the engine's copy of the task passes `test` (now, or at a later tasks event). */
function engineTask(key: string, test: (task: Task | undefined) => boolean): Promise<void> {
  return new Promise((resolve) => {
    const check = () => {
      if (!test(host.engine.task(id(key)))) return false;
      host.engine.off('tasks', check);
      resolve();
      return true;
    };
    if (!check()) host.engine.on('tasks', check);
  });
}

/** Resolves with the task's outbox item once it reaches `state` (an outbox event). */
function outboxState(key: string, state: OutboxItem['state']): Promise<OutboxItem> {
  return new Promise((resolve) => {
    const check = (item: OutboxItem) => {
      if (item.taskId !== id(key) || item.state !== state) return;
      host.engine.off('outbox', check);
      resolve(item);
    };
    host.engine.on('outbox', check);
  });
}

/** Searches the inbox for a task and opens its detail. */
async function openTask(page: Page, title: string): Promise<void> {
  await page.getByLabel('Search tasks').fill(title);
  const row = page.locator('.task-row', { hasText: title });
  await row.waitFor({ timeout: 20_000 });
  await row.click();
  await page.locator('.task-detail h2', { hasText: title }).waitFor();
}

async function noSidewaysScroll(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const pane = document.querySelector('.inbox-detail-pane');
    const doc = document.documentElement;
    return (
      doc.scrollWidth <= doc.clientWidth && (!pane || pane.scrollWidth <= pane.clientWidth + 1)
    );
  });
}

async function inViewport(page: Page, target: string): Promise<boolean> {
  return page.locator(target).evaluate((el) => {
    const box = el.getBoundingClientRect();
    return box.top >= 0 && box.bottom <= innerHeight && box.left >= 0 && box.right <= innerWidth;
  });
}

beforeAll(async () => {
  host = await windowsHost({
    pollFloorMs: 2_000,
    demo: { seed: 5 },
  });
  const world = host.demo.sim.world;
  const now = world.now();
  const add = (key: string, title: string, assignee: typeof me | null) => {
    const task = createSimTask(world, 'uipath', {
      title,
      dueAt: now + 5 * HOUR,
      assignee,
      extra: { taskType: 'AppTask' },
      results: [
        { code: 'approve', label: 'Approve' },
        { code: 'reject', label: 'Reject' },
      ],
    });
    ids[key] = `${ACCOUNT}:${task.id}`;
  };
  add('claim', 'Actions claim the vendor invoice', null);
  add('release', 'Actions release the delivery note', me);
  add('toUser', 'Actions hand over to Sam', me);
  add('toGroup', 'Actions hand over to finance', me);
  add('comments', 'Actions discuss the contract', me);
  add('taken', 'Actions taken by someone else', null);
  add('tray', 'Actions claim at tray size', null);
  add('spanish', 'Actions en español', null);
  add('popup', 'Actions claim in the quick-complete popup', null);
  host.engine.refreshNow(ACCOUNT);
  await Promise.all(Object.keys(ids).map((key) => engineTask(key, (t) => t !== undefined)));
  // One comment already there, added the way the app adds one.
  await host.engine.addComment(id('comments'), 'Invoice PDF attached for review.');
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await closeAll(browser, host);
});

// Each test leaves the host as it found it (in English) and its pages closed, none with an error.
afterEach(async () => {
  const pages = opened.splice(0);
  try {
    expect(
      pages.flatMap((p) => p.errors),
      'no page error or CSP refusal',
    ).toEqual([]);
  } finally {
    await Promise.all(pages.map((p) => p.page.context().close()));
    await hostCall(host, 'settings:update', { language: 'en' });
  }
});

describe('claim, release, reassign and comments in the windows', () => {
  let page: Page;

  beforeEach(async () => {
    page = await open('/inbox', MAIN);
  });

  it('claims an unassigned task: the vendor gives it to me and it moves into Mine', async () => {
    const title = 'Actions claim the vendor invoice';
    // Before: among the tasks anyone may claim, not among mine.
    await page.getByRole('button', { name: 'Mine', exact: true }).click();
    await page.getByLabel('Search tasks').fill(title);
    await page.getByText('No task matches these filters.').waitFor({ timeout: 20_000 });
    await page.getByRole('button', { name: 'Mine', exact: true }).click();
    const row = page.locator('.task-row', { hasText: title });
    await row.waitFor();
    expect(await row.locator('.flag-claimable').textContent()).toBe('Unassigned: you can claim it');

    await openTask(page, title);
    const detail = page.locator('.task-detail');
    await detail.getByText('Nobody has this task yet. Claim it to work on it.').waitFor();
    // The vendor lets only the assignee complete it: Complete is offered, and its form's Submit
    // claims first (test/web/claim-and-submit.e2e.test.ts); Claim alone is offered too.
    await detail.getByRole('button', { name: 'Complete…' }).waitFor();
    await screenshot(page, 'actions-claimable');
    expect(await axeViolations(page)).toEqual([]);

    const claim = detail.getByRole('button', { name: 'Claim', exact: true });
    await claim.focus();
    await page.keyboard.press('Enter');
    await detail
      .getByRole('status')
      .filter({ hasText: `Claimed “${title}”: it is yours now.` })
      .waitFor();
    // The same button now releases, and keeps the keyboard focus.
    const release = detail.getByRole('button', { name: 'Release', exact: true });
    await release.waitFor();
    await expect.poll(() => release.evaluate((el) => el === document.activeElement)).toBe(true);
    await detail.getByRole('button', { name: 'Complete…' }).waitFor();
    expect(await detail.getByText('Nobody has this task yet.', { exact: false }).count()).toBe(0);

    expect(simTask('claim')?.assignee?.id).toBe(me.id);
    const writes = await writesFor('claim');
    expect(writes).toHaveLength(1);
    expect(writes[0]?.path).toContain('AssignTasks');
    expect(writes[0]?.body).toMatchObject({
      taskAssignments: [{ userId: Number(me.id), assignmentCriteria: 'SingleUser' }],
    });

    // In the list: no longer marked claimable, and listed under Mine.
    await row.locator('.flag-claimable').waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Mine', exact: true }).click();
    await row.waitFor();
    await screenshot(page, 'actions-claimed');
  });

  it('releases my task: the vendor unassigns it and it leaves Mine', async () => {
    const title = 'Actions release the delivery note';
    await openTask(page, title);
    const detail = page.locator('.task-detail');
    await detail.getByRole('button', { name: 'Release', exact: true }).click();
    await detail
      .getByRole('status')
      .filter({ hasText: `Released “${title}”` })
      .waitFor();
    await detail.getByRole('button', { name: 'Claim', exact: true }).waitFor();
    expect(simTask('release')?.assignee).toBeNull();
    const writes = await writesFor('release');
    expect(writes.map((w) => w.kind)).toEqual(['unassign']);
    expect(writes[0]?.path).toContain('UnassignTasks');
    // Anyone's to claim now: marked so in the list, and not among mine.
    const row = page.locator('.task-row', { hasText: title });
    await row.locator('.flag-claimable').waitFor();
    await page.getByRole('button', { name: 'Mine', exact: true }).click();
    await page.getByText('No task matches these filters.').waitFor();
  });

  it('reassigns to a user picked from the vendor’s list, by keyboard', async () => {
    const title = 'Actions hand over to Sam';
    await openTask(page, title);
    await page.locator('.reassign summary').click();
    const search = page.getByRole('combobox', { name: 'Find a person or group' });
    await search.waitFor();
    const options = page.getByRole('listbox', { name: 'People and groups' }).getByRole('option');
    // The vendor's users and its group, each marked for what it is.
    await expect
      .poll(() => options.allTextContents())
      .toEqual(
        expect.arrayContaining([
          expect.stringContaining(`${me.name}`),
          expect.stringContaining(`${other.name}`),
          expect.stringContaining(`${SIM_GROUP.name} (Group)`),
        ]),
      );
    await search.fill('sam');
    expect(await options.count()).toBe(1);
    await page.keyboard.press('Enter');
    await page.getByText(`Reassign to: ${other.name}`).waitFor();
    expect(await options.first().getAttribute('aria-selected')).toBe('true');
    await screenshot(page, 'actions-picker-user');
    expect(await axeViolations(page)).toEqual([]);

    const landed = outboxState('toUser', 'done');
    await page.keyboard.press('Enter');
    await page
      .getByRole('status')
      .filter({ hasText: `Reassignment to ${other.name} sent.` })
      .waitFor();
    await landed;
    expect(simTask('toUser')?.assignee?.id).toBe(other.id);
    const writes = await writesFor('toUser');
    expect(writes.map((w) => w.body)).toEqual([
      {
        taskAssignments: [
          {
            taskId: Number(vendorIdOf(id('toUser'))),
            userId: Number(other.id),
            assignmentCriteria: 'SingleUser',
          },
        ],
      },
    ]);
    // Sam's now: it leaves my inbox.
    expect(host.engine.tasks().some((t) => t.id === id('toUser'))).toBe(false);
    await page.getByLabel('Search tasks').fill(title);
    await page.getByText('No task matches these filters.').waitFor();
  });

  it('reassigns to a group with how the group shares it out', async () => {
    const title = 'Actions hand over to finance';
    await openTask(page, title);
    await page.locator('.reassign summary').click();
    await page.getByRole('option', { name: `${SIM_GROUP.name} (Group)` }).click();
    const shares = page.getByRole('group', { name: 'How the group shares it' });
    await shares.waitFor();
    expect(await shares.getByRole('radio', { name: 'Every member can take it' }).isChecked()).toBe(
      true,
    );
    await shares.getByRole('radio', { name: 'The least busy member' }).check();
    await screenshot(page, 'actions-picker-group');
    const landed = outboxState('toGroup', 'done');
    await page.locator('.assignee-picker').getByRole('button', { name: 'Reassign' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `Reassignment to ${SIM_GROUP.name} sent.` })
      .waitFor();
    await landed;
    const held = simTask('toGroup');
    expect(held?.group?.name).toBe(SIM_GROUP.name);
    expect(held?.assignee).toBeNull();
    expect(held?.extra.assignmentCriteria).toBe('Workload');
    expect((await writesFor('toGroup'))[0]?.body).toMatchObject({
      taskAssignments: [{ userId: Number(SIM_GROUP.id), assignmentCriteria: 'Workload' }],
    });
    // The group's now: it leaves my inbox.
    expect(host.engine.tasks().some((t) => t.id === id('toGroup'))).toBe(false);
    await page.getByLabel('Search tasks').fill(title);
    await page.getByText('No task matches these filters.').waitFor();
  });

  it('reads a task’s comments and adds one', async () => {
    await openTask(page, 'Actions discuss the contract');
    await page.locator('.comments-section summary').click();
    const list = page.locator('.comment-list');
    await list.waitFor();
    const first = list.locator('.comment').first();
    expect(await first.locator('.comment-text').textContent()).toBe(
      'Invoice PDF attached for review.',
    );
    expect(await first.locator('.comment-meta').textContent()).toContain(me.name);

    // Nothing typed: said on the field, nothing sent.
    const box = page.getByRole('textbox', { name: 'New comment' });
    await page.getByRole('button', { name: 'Add comment' }).click();
    await page.getByText('Write a comment first.').waitFor();
    expect(await box.getAttribute('aria-invalid')).toBe('true');
    await expect.poll(() => box.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await vendorNotes('comments')).toHaveLength(1);

    await box.fill('Checked clause 4 with legal.');
    await page.getByRole('button', { name: 'Add comment' }).click();
    await page.getByRole('status').filter({ hasText: 'Comment added.' }).waitFor();
    await list.locator('.comment-text', { hasText: 'Checked clause 4 with legal.' }).waitFor();
    expect(await box.inputValue()).toBe('');
    expect(await vendorNotes('comments')).toEqual([
      'Invoice PDF attached for review.',
      'Checked clause 4 with legal.',
    ]);
    await screenshot(page, 'actions-comments');
    expect(await axeViolations(page)).toEqual([]);
  });

  it('shows the vendor’s refusal when someone else took the task first', async () => {
    const title = 'Actions taken by someone else';
    await openTask(page, title);
    const detail = page.locator('.task-detail');
    const claim = detail.getByRole('button', { name: 'Claim', exact: true });
    await claim.waitFor();
    // Sam takes it in Action Center; Tasktray still shows it as unassigned.
    host.demo.sim.world.update('uipath', vendorIdOf(id('taken')), (t) => {
      t.assignee = { ...other };
    });
    await claim.click();
    const error = detail.getByRole('alert');
    await error.waitFor();
    const text = (await error.textContent()) ?? '';
    expect(text).toContain(`${other.name} has already claimed this task in UiPath Orchestrator.`);
    expect(text).toContain(
      'What to do: It is theirs now and leaves your inbox at the next refresh.',
    );
    // Nothing changed hands: still Sam's, nothing written, and Claim still offered.
    expect(simTask('taken')?.assignee?.id).toBe(other.id);
    expect(await writesFor('taken')).toEqual([]);
    await claim.waitFor();
    await screenshot(page, 'actions-claim-refused');
  });
});

describe('at tray size (400 px)', () => {
  it(
    'claims from the row’s quick actions, and the detail’s picker and comments fit',
    { timeout: 180_000 },
    async () => {
      const title = 'Actions claim at tray size';
      const page = await open('/inbox', TRAY);
      await page.getByLabel('Search tasks').fill(title);
      const row = page.locator('.task-row', { hasText: title });
      await row.waitFor({ timeout: 20_000 });
      await row.locator('.flag-claimable').waitFor();
      // Keyboard: from the search into the list; the row's quick actions show for the focused row.
      await page.getByLabel('Search tasks').press('ArrowDown');
      await expect.poll(() => row.evaluate((el) => el === document.activeElement)).toBe(true);
      const toolbar = page.getByRole('toolbar', { name: `Actions for ${title}` });
      await toolbar.getByRole('button', { name: `Claim: ${title}` }).click();
      // The claim may wait its turn in the account's request budget (60 a minute), which the tests
      // run before this one, in whatever order, may have spent: the toast comes when it has landed.
      await page
        .locator('.toast')
        .filter({ hasText: `Claimed “${title}”: it is yours now.` })
        .waitFor({ timeout: 80_000 });
      await row.locator('.flag-claimable').waitFor({ state: 'detached' });
      expect(simTask('tray')?.assignee?.id).toBe(me.id);
      expect(await noSidewaysScroll(page)).toBe(true);
      await toolbar.getByRole('button', { name: `Release: ${title}` }).waitFor();

      await row.click();
      await page.locator('.task-detail h2', { hasText: title }).waitFor();
      await page.locator('.reassign summary').click();
      // The people are read through the same request budget as the claim: as long a wait.
      await page
        .getByRole('combobox', { name: 'Find a person or group' })
        .waitFor({ timeout: 80_000 });
      await page.getByRole('option', { name: `${SIM_GROUP.name} (Group)` }).click();
      await page.getByRole('group', { name: 'How the group shares it' }).waitFor();
      await page.locator('.comments-section summary').click();
      await page.getByRole('textbox', { name: 'New comment' }).waitFor();
      await page.getByText('No comments yet.').waitFor({ timeout: 80_000 });
      expect(await noSidewaysScroll(page)).toBe(true);
      await screenshot(page, 'actions-tray');
      expect(await axeViolations(page)).toEqual([]);
    },
  );

  it(
    'the quick-complete popup at 400×480 offers Claim, claims it, then completes it',
    { timeout: 120_000 },
    async () => {
      const title = 'Actions claim in the quick-complete popup';
      const page = await open(`/popup/${encodeURIComponent(id('popup'))}`, POPUP);
      await page.locator('.popup-title', { hasText: title }).waitFor({ timeout: 20_000 });
      const claim = page.getByRole('button', { name: 'Claim', exact: true });
      await claim.waitFor();
      await page.getByText('Nobody has this task yet. Claim it to work on it.').waitFor();
      // Everything the user needs is in view at once: Claim, the results and Submit.
      expect(await inViewport(page, '.claim-button')).toBe(true);
      expect(await inViewport(page, 'button[type="submit"]')).toBe(true);
      expect(await noSidewaysScroll(page)).toBe(true);
      await screenshot(page, 'actions-popup-claimable-400x480');
      expect(await axeViolations(page)).toEqual([]);

      await claim.click();
      // The tests before this one spent much of the simulated Orchestrator's 60 requests a
      // minute on this account (a refused claim reads who took the task, and refreshes): the
      // claim may wait for the budget's window to slide. Waited for on the engine's event.
      await whenEngine(host.engine, 'tasks', () => host.engine.task(id('popup'))?.assignee);
      await page
        .getByRole('status')
        .filter({ hasText: `Claimed “${title}”: it is yours now.` })
        .waitFor();
      await page.getByRole('button', { name: 'Release', exact: true }).waitFor();
      await page.getByText('Nobody has this task yet.', { exact: false }).waitFor({
        state: 'detached',
      });
      expect(simTask('popup')?.assignee?.id).toBe(me.id);
      const claims = await writesFor('popup');
      expect(claims).toHaveLength(1);
      expect(claims[0]?.path).toContain('AssignTasks');
      expect(await inViewport(page, 'button[type="submit"]')).toBe(true);
      await screenshot(page, 'actions-popup-claimed-400x480');

      // Now the vendor takes the completion from its assignee.
      await page.getByRole('button', { name: 'Approve' }).click();
      await page.getByRole('button', { name: 'Submit' }).click();
      // The tests before this one spent the simulated Orchestrator's 60 requests a minute on this
      // account, and the budget keeps to it: the completion may wait for the window to slide.
      await whenEngine(
        host.engine,
        'outbox',
        () => host.engine.outbox.list().find((i) => i.taskId === id('popup'))?.state === 'done',
      );
      await page.waitForFunction(() => window.location.hash === '#/inbox', null, { polling: 100 });
      const writes = await writesFor('popup');
      expect(writes.at(-1)).toMatchObject({ kind: 'complete' });
    },
  );

  it('speaks Spanish: the actions, the picker, the comments and the vendor’s refusal', async () => {
    const title = 'Actions en español';
    const page = await open('/settings', MAIN);
    await page.getByLabel('Language').selectOption('es');
    await page.getByRole('heading', { name: 'Ajustes' }).waitFor();
    await page.getByRole('link', { name: 'Bandeja' }).click();
    await page.getByLabel('Buscar tareas').fill(title);
    const row = page.locator('.task-row', { hasText: title });
    await row.waitFor({ timeout: 20_000 });
    expect(await row.locator('.flag-claimable').textContent()).toBe('Sin asignar: puedes tomarla');
    await row.click();
    const detail = page.locator('.task-detail');
    await detail
      .getByText('Nadie tiene esta tarea todavía. Tómala para trabajar en ella.')
      .waitFor();
    await page.locator('.reassign summary', { hasText: 'Reasignar' }).click();
    await page.getByRole('combobox', { name: 'Buscar una persona o un grupo' }).waitFor();
    await page.getByRole('option', { name: `${SIM_GROUP.name} (Grupo)` }).click();
    await page.getByRole('group', { name: 'Cómo lo reparte el grupo' }).waitFor();
    await page.locator('.comments-section summary', { hasText: 'Comentarios' }).click();
    await page.getByText('Todavía no hay comentarios.').waitFor();
    // Sam took it meanwhile: the refusal's "what to do" comes from the Spanish catalog.
    host.demo.sim.world.update('uipath', vendorIdOf(id('spanish')), (t) => {
      t.assignee = { ...other };
    });
    await detail.getByRole('button', { name: 'Tomar', exact: true }).click();
    const refusal = detail.getByRole('alert').first();
    await refusal.waitFor();
    expect(await refusal.locator('.error-message').textContent()).toBe(
      `${other.name} ya ha tomado esta tarea en UiPath Orchestrator.`,
    );
    expect(await refusal.locator('.error-hint').textContent()).toBe(
      'Qué hacer: Ahora es suya y saldrá de su bandeja en la próxima actualización.',
    );
    await screenshot(page, 'actions-es');
    expect(await axeViolations(page)).toEqual([]);
  });
});
