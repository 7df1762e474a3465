// Completing a task nobody holds from the windows, end to end: the built renderer in Chromium, the
// web host's real engine and the demo's simulated Orchestrator, which lets only the assignee
// complete. Submit says it claims first ("Claim and submit") and does, in the quick-complete popup
// at its real size and in the inbox's detail alike; a claim that fails sends nothing and keeps what
// was typed. Keyboard only where the user would be. Every wait is for an event, never the clock.
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createSimTask } from '../../electron/simulator/task-factory';
import { SIM_USERS } from '../../electron/simulator/world';
import type { RunningWebHost } from '../../electron/web-host/host';
import { axeViolations, launchChromium, screenshot } from '../helpers/browser';
import { closeAll, windowPage, windowsHost, windowUrl } from '../helpers/web-windows';
import { vendorIdOf } from '../helpers/tasks';
import { tasksByKey } from '../helpers/task-keys';
import { control } from '../helpers/sim';
import { whenEngine } from '../helpers/engine-events';

vi.setConfig({ testTimeout: 90_000 });

const HOUR = 3_600_000;
const ACCOUNT = 'demo-uipath';
const POPUP = { width: 400, height: 480 };
const TRAY = { width: 400, height: 600 };
const { me, other } = SIM_USERS.uipath;
const CLAIM_NOTE = 'It claims the task for you first: only the assignee may complete it.';

let host: RunningWebHost;
let browser: Browser;
const pageErrors: string[][] = [];
const { ids, id, simTask, writesFor } = tasksByKey('uipath', () => host);

async function open(route: string, size: { width: number; height: number }): Promise<Page> {
  const { page, errors } = await windowPage(browser, size);
  pageErrors.push(errors);
  await page.goto(windowUrl(host, route));
  return page;
}

async function openPopup(key: string, title: string): Promise<Page> {
  const page = await open(`/popup/${encodeURIComponent(id(key))}`, POPUP);
  await page.locator('.popup-title', { hasText: title }).waitFor({ timeout: 20_000 });
  return page;
}

const outboxItem = (key: string) => host.engine.outbox.list().find((i) => i.taskId === id(key));

/** Resolves once the task's completion has reached the vendor (an outbox event). */
const landed = (key: string) =>
  whenEngine(host.engine, 'outbox', () => outboxItem(key)?.state === 'done');

const isFocused = (locator: Locator) => locator.evaluate((el) => el === document.activeElement);

async function inViewport(locator: Locator): Promise<boolean> {
  return locator.evaluate((el) => {
    const box = el.getBoundingClientRect();
    return box.top >= 0 && box.bottom <= innerHeight && box.left >= 0 && box.right <= innerWidth;
  });
}

async function noSidewaysScroll(page: Page): Promise<boolean> {
  return page.evaluate(
    () => document.documentElement.scrollWidth <= document.documentElement.clientWidth,
  );
}

beforeAll(async () => {
  host = await windowsHost({ pollFloorMs: 2_000, demo: { seed: 17 } });
  const world = host.demo.sim.world;
  const now = world.now();
  const add = (key: string, title: string) => {
    const task = createSimTask(world, 'uipath', {
      title,
      dueAt: now + 5 * HOUR,
      assignee: null,
      extra: { taskType: 'AppTask' },
      results: [
        { code: 'approve', label: 'Approve' },
        { code: 'reject', label: 'Reject' },
      ],
    });
    ids[key] = `${ACCOUNT}:${task.id}`;
  };
  add('keyboard', 'Claim and submit by keyboard');
  add('taken', 'Claim and submit, taken meanwhile');
  add('flaky', 'Claim and submit while the vendor fails');
  add('detail', 'Claim and submit from the inbox');
  host.engine.refreshNow(ACCOUNT);
  await Promise.all(
    Object.keys(ids).map((key) =>
      whenEngine(host.engine, 'tasks', () => host.engine.task(id(key))),
    ),
  );
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await closeAll(browser, host);
});

describe('the quick-complete popup at 400×480', () => {
  it('says Submit claims first, and by keyboard alone claims the task and completes it', async () => {
    const title = 'Claim and submit by keyboard';
    const page = await openPopup('keyboard', title);
    const submit = page.getByRole('button', { name: 'Claim and submit', exact: true });
    await submit.waitFor();
    // Why it claims, beside the button and read with it.
    const note = page.getByText(CLAIM_NOTE);
    expect(await submit.getAttribute('aria-describedby')).toBe(await note.getAttribute('id'));
    // All in view at the popup's size: Claim alone, the results, Submit and why it claims.
    for (const target of [page.locator('.claim-button'), submit, note])
      expect(await inViewport(target)).toBe(true);
    // One main action: Claim and submit; Claim alone is the secondary one beside the notice.
    expect(await page.locator('button.primary').count()).toBe(1);
    expect(await submit.evaluate((el) => el.classList.contains('primary'))).toBe(true);
    expect(await noSidewaysScroll(page)).toBe(true);
    await screenshot(page, 'claim-and-submit-popup-400x480');
    expect(await axeViolations(page)).toEqual([]);

    // The first result has the focus; Space chooses it, Tab to the comment, Enter sends.
    const approve = page.getByRole('button', { name: 'Approve' });
    await expect.poll(() => isFocused(approve)).toBe(true);
    await page.keyboard.press('Space');
    expect(await approve.getAttribute('aria-pressed')).toBe('true');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    const comment = page.getByRole('textbox', { name: 'Comment' });
    await expect.poll(() => isFocused(comment)).toBe(true);
    await page.keyboard.type('Matches the purchase order.');
    await page.keyboard.press('Enter');

    // The tests before this one may have spent this account's requests: the budget waits.
    await landed('keyboard');
    await page.waitForFunction(() => window.location.hash === '#/inbox', null, { polling: 100 });
    const writes = await writesFor('keyboard');
    // Claimed for me first, then completed with what I chose and typed.
    expect(writes.map((w) => w.kind)).toEqual(['reassign', 'complete']);
    expect(writes[0]?.path).toContain('AssignTasks');
    expect(writes[0]?.body).toMatchObject({ taskAssignments: [{ userId: Number(me.id) }] });
    expect(writes[1]?.body).toMatchObject({ action: 'approve' });
    expect(simTask('keyboard')).toMatchObject({ assignee: { id: me.id }, status: 'completed' });
  });

  it('says who took the task when someone else claimed it first, sends nothing and keeps what was typed', async () => {
    const title = 'Claim and submit, taken meanwhile';
    const page = await openPopup('taken', title);
    const submit = page.getByRole('button', { name: 'Claim and submit', exact: true });
    await submit.waitFor();
    await page.getByRole('button', { name: 'Reject' }).click();
    const comment = page.getByRole('textbox', { name: 'Comment' });
    await comment.fill('Duplicate of INV-2231.');
    // Sam takes it in Action Center while the popup is open.
    host.demo.sim.world.update('uipath', vendorIdOf(id('taken')), (t) => {
      t.assignee = { ...other };
    });
    await comment.press('Enter');

    const refusal = page.locator('.completion-form').getByRole('alert');
    await refusal.waitFor();
    expect(await refusal.locator('.error-message').textContent()).toBe(
      `${other.name} has already claimed this task in UiPath Orchestrator.`,
    );
    expect(await refusal.locator('.error-hint').textContent()).toBe(
      'What to do: It is theirs now and leaves your inbox at the next refresh.',
    );
    // What was typed and chosen is all still there.
    expect(await comment.inputValue()).toBe('Duplicate of INV-2231.');
    expect(await page.getByRole('button', { name: 'Reject' }).getAttribute('aria-pressed')).toBe(
      'true',
    );
    // Submit is off, the reason beside it, and the focus on Cancel, the one thing left to do.
    const reason = page.getByText(
      'Someone else has this task now, so it cannot be submitted from here.',
    );
    await reason.waitFor();
    expect(await submit.isDisabled()).toBe(true);
    expect(await submit.getAttribute('aria-describedby')).toBe(await reason.getAttribute('id'));
    const cancel = page.getByRole('button', { name: 'Cancel', exact: true });
    await expect.poll(() => isFocused(cancel)).toBe(true);
    // Claim is no longer offered either: the task is Sam's.
    expect(await page.locator('.popup-claim').count()).toBe(0);
    expect(await inViewport(reason)).toBe(true);
    expect(await noSidewaysScroll(page)).toBe(true);
    await screenshot(page, 'claim-and-submit-taken-400x480');
    expect(await axeViolations(page)).toEqual([]);

    // Nothing reached the vendor, and nothing waits to be sent.
    expect(await writesFor('taken')).toEqual([]);
    expect(outboxItem('taken')).toBeUndefined();
    expect(simTask('taken')?.assignee?.id).toBe(other.id);
    // The refusal asked for a refresh: the task leaves the inbox; the popup keeps the text.
    await whenEngine(host.engine, 'tasks', () => host.engine.task(id('taken')) === undefined);
    expect(await comment.inputValue()).toBe('Duplicate of INV-2231.');
  });

  it('when the claim cannot be made now, says nothing was sent, keeps the form, and Enter tries again', async () => {
    const title = 'Claim and submit while the vendor fails';
    const page = await openPopup('flaky', title);
    const submit = page.getByRole('button', { name: 'Claim and submit', exact: true });
    await submit.waitFor();
    await page.locator('.claim-button').waitFor();
    await control(host.demo.sim, 'POST', '/faults', {
      vendor: 'uipath',
      pathIncludes: 'AssignTasks',
      kind: 'status',
      status: 500,
    });
    // Enter on a result chooses it and sends.
    const approve = page.getByRole('button', { name: 'Approve' });
    await expect.poll(() => isFocused(approve)).toBe(true);
    await page.keyboard.press('Enter');
    const failure = page.locator('.completion-form').getByRole('alert');
    await failure.waitFor();
    // A claim is never retried by itself: the hint says nothing was sent, not "will retry".
    expect(await failure.locator('.error-hint').textContent()).toBe(
      'What to do: It was not claimed and nothing was sent. Try again in a moment.',
    );
    expect(await approve.getAttribute('aria-pressed')).toBe('true');
    expect(await writesFor('flaky')).toEqual([]);
    expect(outboxItem('flaky')).toBeUndefined();
    // The focus came back to Submit, still claiming first: Enter tries again.
    await expect.poll(() => isFocused(submit)).toBe(true);
    expect(await inViewport(submit)).toBe(true);
    await screenshot(page, 'claim-and-submit-failed-400x480');
    await page.keyboard.press('Enter');
    await landed('flaky');
    expect((await writesFor('flaky')).map((w) => w.kind)).toEqual(['reassign', 'complete']);
  });
});

describe('the inbox’s detail applies the same rule', () => {
  it('offers Complete on a task nobody holds; its Submit claims first, then completes', async () => {
    const title = 'Claim and submit from the inbox';
    const page = await open('/inbox', TRAY);
    await page.getByLabel('Search tasks').fill(title);
    const row = page.locator('.task-row', { hasText: title });
    await row.waitFor({ timeout: 20_000 });
    await row.locator('.flag-claimable').waitFor();
    // The row's quick actions offer Complete beside Claim.
    await page.getByLabel('Search tasks').press('ArrowDown');
    await expect.poll(() => isFocused(row)).toBe(true);
    const toolbar = page.getByRole('toolbar', { name: `Actions for ${title}` });
    await toolbar.getByRole('button', { name: 'Complete…' }).waitFor();
    await toolbar.getByRole('button', { name: `Claim: ${title}` }).waitFor();
    // `c` opens the completion form in the detail.
    await page.keyboard.press('c');
    const detail = page.locator('.task-detail');
    await detail.locator('h2', { hasText: title }).waitFor();
    const submit = detail.getByRole('button', { name: 'Claim and submit', exact: true });
    await submit.waitFor();
    await detail.getByText(CLAIM_NOTE).waitFor();
    // Complete… is the main action; Claim alone is not a second one.
    expect(
      await detail.getByRole('button', { name: 'Claim', exact: true }).getAttribute('class'),
    ).toBe('claim-button');
    expect(await noSidewaysScroll(page)).toBe(true);
    await screenshot(page, 'claim-and-submit-detail-400x600');
    expect(await axeViolations(page)).toEqual([]);
    await detail.getByRole('button', { name: 'Approve' }).click();
    await submit.click();
    await landed('detail');
    await page
      .locator('.toast')
      .filter({ hasText: `Completed “${title}”` })
      .waitFor();
    expect((await writesFor('detail')).map((w) => w.kind)).toEqual(['reassign', 'complete']);
  });

  it('ran without a page error or a CSP refusal', () => {
    expect(pageErrors.flat()).toEqual([]);
  });
});
