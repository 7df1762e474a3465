// The windows end to end: the built renderer in Debian Chromium, the web host with the real engine
// and the vendor simulator behind it. Screenshots of each window go to test-results/screenshots.
// Each describe has a host of its own and each test a page of its own, with the tasks it uses made
// before it: any test runs alone (-t) or in any order.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createSimTask, type SimTaskInput } from '../../electron/simulator/task-factory';
import { SIM_USERS, type SimJson } from '../../electron/simulator/world';
import { formatInstant } from '../../renderer/i18n';
import type { OutboxItem } from '../../shared/outbox';
import type { RunningWebHost } from '../../electron/web-host/host';
import { axeViolations, launchChromium, screenshot } from '../helpers/browser';
import { closeAll, hostCall, pagePerTest, windowsHost, windowUrl } from '../helpers/web-windows';
import { simGeoAccount, simUiPathPatAccount } from '../helpers/sim-accounts';
import { vendorIdOf } from '../helpers/tasks';
import { whenEngine } from '../helpers/engine-events';
import { control } from '../helpers/sim';

// Browser steps on a loaded 2-core machine: generous, since every wait is for an event. An axe
// check alone took 3 s on a quiet machine and up to 10 s beside two busy loops.
vi.setConfig({ testTimeout: 60_000 });

const HOUR = 3_600_000;
/** A GeoTareas "slow down" longer than the HTTP client waits in place (5 s). */
const RATE_LIMIT_S = 20;
/** The demo account and the accounts the tests add sign in as the same GeoTareas user, so they
 * would share its 30 reads a minute; the limit itself is tested in test/core. */
const DEMO = { seed: 7, limits: { geotareasReadsPerMinute: 600 } };
const BUDGET_FIELDS: SimTaskInput = {
  workflowName: 'Budgets',
  stepName: 'Zone manager approval',
  results: [
    { code: 'approved', label: 'Approve' },
    { code: 'rejected', label: 'Reject' },
  ],
  fields: [
    {
      name: 'amount',
      label: 'Approved amount',
      type: 'number',
      required: true,
      value: null,
      options: [],
    },
    {
      name: 'site_visit',
      label: 'Needs a site visit',
      type: 'boolean',
      required: false,
      value: false,
      options: [],
    },
  ],
};

let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
}, 30_000);

afterAll(async () => {
  await closeAll(browser, undefined);
});

// A page of its own for each test, at the main window's size.
const tab = pagePerTest(() => browser, { width: 1280, height: 860 });

interface RecordedWrite {
  kind: string;
  taskId: string;
  body: SimJson;
  at: number;
}

/** Fills the Accounts window's new GeoTareas account, on the host's simulator, with a password. */
async function fillGeoAccount(
  page: Page,
  host: RunningWebHost,
  id: string,
  password: string,
): Promise<void> {
  await page.goto(windowUrl(host, '/accounts'));
  await page.getByRole('button', { name: 'Add account' }).click();
  await page.getByLabel('Account id').fill(id);
  await page.getByLabel('Name', { exact: true }).fill('Acme GeoTareas');
  await page.getByLabel('API address').fill(host.demo.sim.urls.geotareas);
  await page.getByLabel('Tenant host').fill(SIM_USERS.geotareas.tenant);
  await page.getByLabel('Email').fill(SIM_USERS.geotareas.email);
  // GeoTareas caches lists for 15 s and allows 30 reads a minute: polling faster only spends them.
  await page.getByLabel('Poll interval (seconds)').fill('15');
  await page.getByLabel(/^Password/).fill(password);
  await page.getByLabel(/^API key/).fill(SIM_USERS.geotareas.apiKey);
}

describe('with only the demo accounts', () => {
  let host: RunningWebHost;

  beforeAll(async () => {
    host = await windowsHost({ pollFloorMs: 2_000, demo: DEMO });
    const now = Date.now();
    // A Twinit step with a log, for the demo workflowsvc account.
    createSimTask(host.demo.sim.world, 'workflowsvc', {
      title: 'E2E review clash report',
      workflowName: 'Design review',
      dueAt: now + 4 * HOUR,
      results: [],
      fields: [
        {
          name: 'userChoice',
          label: 'Decision',
          type: 'select',
          required: true,
          value: null,
          options: ['approved', 'rejected'],
        },
      ],
      logs: [
        { at: now - 2 * HOUR, level: 'INFO', message: 'Clash report attached by Kim Ito' },
        { at: now - HOUR, level: 'WARN', message: 'Reviewer reminder sent' },
      ],
    });
    // The demo accounts' first sync (four vendors over HTTP, the detail reads behind it) is setup.
    await whenEngine(host.engine, 'health', () => {
      const health = host.engine.health();
      return health.length === 4 && health.every((h) => h.lastSuccessAt !== null);
    });
  }, 30_000);

  afterAll(async () => {
    await closeAll(undefined, host);
  });

  it('shows the demo inbox with due times, accessibly', async () => {
    await tab.page.goto(host.url);
    // The engine holds the demo's tasks already: the rows come with the window's first state.
    await tab.page.locator('.task-row').nth(3).waitFor();
    await expect(tab.page.getByText('Demo tasks.').count()).resolves.toBe(1);
    const dueTexts = await tab.page.locator('.task-row .due').allTextContents();
    expect(dueTexts.some((text) => /due in|overdue|no due time|open for/.test(text))).toBe(true);
    await screenshot(tab.page, 'inbox-demo');
    expect(await axeViolations(tab.page)).toEqual([]);
  });

  it('opens one event stream, before its bundle runs, and takes its first state from it', async () => {
    const streams: string[] = [];
    const stateCalls: string[] = [];
    tab.page.on('request', (request) => {
      const url = new URL(request.url());
      if (url.pathname === '/api/events') streams.push(url.search);
      if (url.pathname === '/api/call' && request.postData()?.includes('"app:state"')) {
        stateCalls.push(request.method());
      }
    });
    await tab.page.goto(host.url);
    await tab.page.locator('.task-row').nth(3).waitFor();
    // public/early.js opened it; the transport took it over rather than opening its own.
    expect(streams).toEqual([expect.stringContaining('state=1')]);
    expect(stateCalls).toEqual([]);
    await expect(
      tab.page.evaluate(() => Reflect.get(window, 'tasktrayEarlyStream') as unknown),
    ).resolves.toBeUndefined();
  });

  it('shows a workflowsvc task’s log in its detail', async () => {
    const title = 'E2E review clash report';
    await tab.page.goto(host.url);
    await tab.page.getByLabel('Search tasks').fill(title);
    // The demo accounts poll every 20 s: the Twinit one may have listed before the task existed.
    host.engine.refreshNow('demo-workflowsvc');
    const row = tab.page.locator('.task-row', { hasText: title });
    await row.waitFor({ timeout: 15_000 });
    await row.click();
    await tab.page.locator('.task-detail h2', { hasText: title }).waitFor();
    const log = tab.page.getByRole('region', { name: 'Task log' });
    await log.waitFor({ timeout: 10_000 });
    const lines = (await log.locator('li').allTextContents()).map((l) => l.replace(/\s+/g, ' '));
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/\d{1,2}:\d{2}.* INFO Clash report attached by Kim Ito$/);
    expect(lines[1]).toMatch(/\d{1,2}:\d{2}.* WARN Reviewer reminder sent$/);
    expect(await log.locator('time').count()).toBe(2);
    await screenshot(tab.page, 'detail-logs');
    expect(await axeViolations(tab.page)).toEqual([]);
  }, 30_000);
});

describe('adding an account in the Accounts window', () => {
  let host: RunningWebHost;

  beforeAll(async () => {
    host = await windowsHost({ pollFloorMs: 2_000, demo: DEMO });
    // Straight into the world, so the account's first poll sees it.
    createSimTask(host.demo.sim.world, 'geotareas', {
      ...BUDGET_FIELDS,
      title: 'E2E approve budget',
      dueAt: Date.now() + 5 * HOUR,
    });
  }, 30_000);

  afterAll(async () => {
    await closeAll(undefined, host);
  });

  it('tests an account with a wrong password and shows the vendor’s exact error', async () => {
    await fillGeoAccount(tab.page, host, 'acme-geo-typo', 'not-the-password');
    await tab.page.getByRole('button', { name: 'Test' }).click();
    const error = tab.page.locator('.account-form .error-box');
    // The sign-in may wait for a slot in the GeoTareas user's login limit, which this host's other
    // sign-ins (the demo's, an account added before) share.
    await error.waitFor({ timeout: 45_000 });
    expect(await error.textContent()).toMatch(/What to do:/);
    await screenshot(tab.page, 'accounts-test-failed');
  });

  it('adds the account: the test signs in, secrets show only as stored, its tasks arrive', async () => {
    await fillGeoAccount(tab.page, host, 'acme-geo', SIM_USERS.geotareas.password);
    await tab.page.getByRole('button', { name: 'Test' }).click();
    // As above: the sign-in may wait for a slot in the user's login limit.
    await tab.page.getByText(/Signed in\. \d+ open tasks visible\./).waitFor({ timeout: 45_000 });
    await tab.page.getByRole('button', { name: 'Save' }).click();
    await tab.page.getByText('Saved “Acme GeoTareas”.').waitFor();
    const item = tab.page.locator('.account-item', { hasText: 'Acme GeoTareas' });
    expect(await item.textContent()).toContain('Password: stored');
    expect(await tab.page.content()).not.toContain(SIM_USERS.geotareas.password);
    await screenshot(tab.page, 'accounts');
    expect(await axeViolations(tab.page)).toEqual([]);

    await tab.page.goto(windowUrl(host, '/inbox'));
    await tab.page
      .locator('.task-row', { hasText: 'E2E approve budget' })
      .waitFor({ timeout: 20_000 });
    expect(await tab.page.getByText('Demo tasks.').count()).toBe(0);
    const names = await tab.page
      .locator('.task-row')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('title') ?? ''));
    expect(names.every((n) => n.startsWith('Acme GeoTareas'))).toBe(true);
  }, 90_000);
});

describe('with an account of the user’s own', () => {
  let host: RunningWebHost;
  /** Each test's task, by what the test does with it: no two tests change the same task. */
  const ids = {
    overdue: '',
    snooze: '',
    kitchen: '',
    roof: '',
    garden: '',
    reassign: '',
    retry: '',
    sending: '',
    invoice: '',
  };

  const at = (route: string): string => windowUrl(host, route);

  async function writesFor(taskId: string, kind: string): Promise<RecordedWrite[]> {
    const writes = (await control(host.demo.sim, 'GET', '/writes')) as RecordedWrite[];
    return writes.filter((w) => w.kind === kind && w.taskId === vendorIdOf(taskId));
  }

  /** Finds a task in the inbox by its title (the list is virtualised) and opens its detail. */
  async function openTask(title: string): Promise<void> {
    await tab.page.goto(at('/inbox'));
    await tab.page.getByLabel('Search tasks').fill(title);
    const row = tab.page.locator('.task-row', { hasText: title });
    await row.waitFor({ timeout: 20_000 });
    await row.click();
    await tab.page.locator('.task-detail h2', { hasText: title }).waitFor();
  }

  /** Opens a budget task's quick-complete popup, chooses Approve and fills the amount. */
  async function approveInPopup(taskId: string, title: string): Promise<void> {
    await tab.page.goto(at(`/popup/${encodeURIComponent(taskId)}`));
    await tab.page.getByRole('heading', { name: title }).waitFor({ timeout: 10_000 });
    await tab.page.getByRole('button', { name: 'Approve' }).click();
    await tab.page.getByLabel(/Approved amount/).fill('1250');
  }

  /** The inbox no longer lists the task, neither in the window nor in the engine. */
  async function expectGoneFromInbox(taskId: string, title: string): Promise<void> {
    expect(host.engine.tasks().some((task) => task.id === taskId)).toBe(false);
    await tab.page.getByLabel('Search tasks').fill(title);
    await tab.page.getByText('No task matches these filters.').waitFor();
    await tab.page.getByLabel('Search tasks').fill('');
  }

  beforeAll(async () => {
    host = await windowsHost({ pollFloorMs: 2_000, demo: DEMO });
    const now = Date.now();
    const sim = host.demo.sim;
    // Straight into the world, so the account's first poll (whose list the simulator then caches
    // for 15 s) already sees them.
    const geoTask = (input: SimTaskInput) =>
      `acme-geo:${createSimTask(sim.world, 'geotareas', input).id}`;
    ids.reassign = geoTask({ title: 'E2E check drawing revision', dueAt: now + 8 * HOUR });
    ids.retry = geoTask({ title: 'E2E sign delivery note', dueAt: now + 6 * HOUR });
    ids.sending = geoTask({ title: 'E2E file site photos', dueAt: now + 7 * HOUR });
    ids.snooze = geoTask({ title: 'E2E overdue fence repair', dueAt: now - 2 * HOUR });
    const budget = (title: string) => geoTask({ ...BUDGET_FIELDS, title, dueAt: now + 5 * HOUR });
    ids.kitchen = budget('E2E approve kitchen budget');
    ids.roof = budget('E2E approve roof budget');
    ids.garden = budget('E2E approve garden budget');
    // A UiPath form whose Note has a maxLength: a rule only UiPath checks (the Task has no such
    // field property), so its 400 is the vendor's own word on a field.
    ids.invoice = `acme-ui:${
      createSimTask(sim.world, 'uipath', {
        title: 'E2E approve invoice',
        dueAt: now + 5 * HOUR,
        extra: { taskType: 'FormTask', 'maxLength.note': 10 },
        results: [
          { code: 'approve', label: 'Approve' },
          { code: 'reject', label: 'Reject' },
        ],
        fields: [
          { name: 'note', label: 'Note', type: 'text', required: false, value: '', options: [] },
        ],
      }).id
    }`;
    // One through the simulator's control API, as a test outside this process would add it.
    const overdue = (await control(sim, 'POST', '/tasks', {
      vendor: 'geotareas',
      title: 'E2E overdue site inspection',
      dueAt: now - 3 * HOUR,
    })) as { id: string };
    ids.overdue = `acme-geo:${overdue.id}`;
    await hostCall(host, 'accounts:save', {
      account: { ...simGeoAccount(sim, 'acme-geo', 'Acme GeoTareas'), pollIntervalSec: 15 },
      secrets: { password: SIM_USERS.geotareas.password, apiKey: SIM_USERS.geotareas.apiKey },
    });
    await hostCall(host, 'accounts:save', {
      account: simUiPathPatAccount(sim, 'acme-ui', 'Acme UiPath'),
      secrets: { accessToken: SIM_USERS.uipath.pat },
    });
    await whenEngine(host.engine, 'tasks', () =>
      Object.values(ids).every((id) => host.engine.task(id) !== undefined),
    );
  }, 30_000);

  afterAll(async () => {
    await closeAll(undefined, host);
  });

  it('marks an overdue task at a glance and filters, groups and searches', async () => {
    await tab.page.goto(at('/inbox'));
    const overdue = tab.page.locator('.task-row', { hasText: 'E2E overdue site inspection' });
    await overdue.waitFor();
    expect(await overdue.locator('.badge-overdue').textContent()).toBe('Overdue');
    expect(await overdue.locator('.due').textContent()).toBe('was due 3 hours ago');
    // Most urgent first: the overdue tasks lead the list.
    expect(await tab.page.locator('.task-row').first().locator('.badge-overdue').count()).toBe(1);

    await tab.page.getByRole('button', { name: 'Overdue', exact: true }).click();
    const overdueRows = await tab.page.locator('.task-row').count();
    expect(await tab.page.locator('.task-row .badge-overdue').count()).toBe(overdueRows);
    await tab.page.getByRole('button', { name: 'Overdue', exact: true }).click();
    await tab.page.getByLabel('Search tasks').fill('approve kitchen budget');
    await expect.poll(() => tab.page.locator('.task-row').count()).toBe(1);
    await tab.page.locator('.more-filters summary').click();
    await tab.page.getByLabel('Group by').selectOption('vendor');
    expect(await tab.page.locator('.group-title').first().textContent()).toContain('GeoTareas');
    await tab.page.getByLabel('Search tasks').fill('no such task anywhere');
    await tab.page.getByText('No task matches these filters.').waitFor();
    await tab.page.getByRole('button', { name: 'Clear filters' }).click();
    await tab.page.getByLabel('Group by').selectOption('none');
    await overdue.click();
    await tab.page.locator('.task-detail h2', { hasText: 'E2E overdue site inspection' }).waitFor();
    await screenshot(tab.page, 'inbox-detail');
  });

  it('quick-complete popup: a missing required field is refused before anything is sent', async () => {
    await tab.page.goto(at(`/popup/${encodeURIComponent(ids.kitchen)}`));
    await tab.page
      .getByRole('heading', { name: 'E2E approve kitchen budget' })
      .waitFor({ timeout: 10_000 });
    // Keyboard first: focus starts on the first result; Enter in a field submits.
    await expect
      .poll(() => tab.page.evaluate(() => document.activeElement?.textContent))
      .toBe('Approve');
    await tab.page.keyboard.press('Enter');
    expect(
      await tab.page.getByRole('button', { name: 'Approve' }).getAttribute('aria-pressed'),
    ).toBe('true');
    await tab.page.getByLabel('Comment').focus();
    await tab.page.keyboard.press('Enter');
    const amount = tab.page.getByLabel(/Approved amount/);
    await tab.page.getByText('Approved amount is required.').waitFor();
    expect(await amount.getAttribute('aria-invalid')).toBe('true');
    expect(await amount.getAttribute('aria-required')).toBe('true');
    expect(await writesFor(ids.kitchen, 'complete')).toEqual([]);
    await screenshot(tab.page, 'popup-missing-field');
    expect(await axeViolations(tab.page)).toEqual([]);
  });

  it('refuses a comment over the limit itself, on the comment field, and sends nothing', async () => {
    await approveInPopup(ids.roof, 'E2E approve roof budget');
    await tab.page.getByLabel('Comment').fill('x'.repeat(2_001));
    await tab.page.getByRole('button', { name: 'Submit' }).click();
    const commentError = tab.page
      .locator('.field', { has: tab.page.getByLabel('Comment') })
      .locator('.field-error');
    await commentError.waitFor({ timeout: 15_000 });
    expect(await commentError.textContent()).toMatch(/at most 2000 characters/);
    expect(await writesFor(ids.roof, 'complete')).toEqual([]);
  }, 30_000);

  it('shows the vendor’s own validation error on the field it names', async () => {
    await tab.page.goto(at(`/popup/${encodeURIComponent(ids.invoice)}`));
    await tab.page.getByRole('heading', { name: 'E2E approve invoice' }).waitFor();
    await tab.page.getByRole('button', { name: 'Approve' }).click();
    await tab.page.getByLabel('Note').fill('far too long a note');
    await tab.page.getByRole('button', { name: 'Submit' }).click();
    const noteError = tab.page
      .locator('.field', { has: tab.page.getByLabel('Note') })
      .locator('.field-error');
    await noteError.waitFor({ timeout: 15_000 });
    expect(await noteError.textContent()).toMatch(/no more than 10 characters/);
    expect(await tab.page.locator('.error-box').first().textContent()).toMatch(/What to do:/);
    await screenshot(tab.page, 'popup-vendor-error');
  }, 30_000);

  it('submits correctly: the simulator records it, the popup closes, the task leaves the inbox', async () => {
    await approveInPopup(ids.garden, 'E2E approve garden budget');
    await tab.page.getByLabel('Comment').fill('Within budget');
    await tab.page.getByLabel(/Approved amount/).press('Enter');
    await tab.page.waitForFunction(() => window.location.hash === '#/inbox', null, {
      timeout: 20_000,
    });
    expect(host.windowRequests).toContain('close');
    const vendorId = vendorIdOf(ids.garden);
    const writes = (await control(host.demo.sim, 'GET', '/writes')) as {
      kind: string;
      taskId: string;
      body: { result_code?: string; captured_data?: Record<string, unknown>; comment?: string };
    }[];
    const write = writes.findLast((w) => w.kind === 'complete' && w.taskId === vendorId);
    expect(write?.body).toMatchObject({
      result_code: 'approved',
      captured_data: { amount: 1250, site_visit: false },
      comment: 'Within budget',
    });
    await tab.page.locator('.task-row').first().waitFor();
    expect(
      await tab.page.locator('.task-row', { hasText: 'E2E approve garden budget' }).count(),
    ).toBe(0);
    await screenshot(tab.page, 'inbox-after-complete');
  }, 40_000);

  it('reassigns a task to another user: the vendor gets it and the task leaves the inbox', async () => {
    const title = 'E2E check drawing revision';
    const other = SIM_USERS.geotareas.other;
    await openTask(title);
    await tab.page.locator('.reassign summary').click();
    await tab.page.getByLabel('Reassign to').selectOption('user');
    await tab.page.getByLabel('User or group id').fill(other.id);
    await tab.page.getByLabel('Note (optional)').fill('Jorge covers this site');
    await screenshot(tab.page, 'detail-reassign');
    expect(await axeViolations(tab.page)).toEqual([]);
    await tab.page.locator('.reassign form').getByRole('button', { name: 'Reassign' }).click();
    await tab.page.getByText('Reassignment sent.').waitFor();

    await expect
      .poll(() => writesFor(ids.reassign, 'reassign'), { timeout: 15_000 })
      .toEqual([
        expect.objectContaining({
          body: { assign_to_user_id: other.id, comment: 'Jorge covers this site' },
        }),
      ]);
    const item = () => host.engine.outbox.list().find((i) => i.taskId === ids.reassign);
    await whenEngine(host.engine, 'outbox', () => item()?.state === 'done');
    expect(host.demo.sim.world.get('geotareas', vendorIdOf(ids.reassign))?.assignee?.id).toBe(
      other.id,
    );
    // Still gone after a poll that came after it landed (the vendor's list is cached a while).
    const doneAt = item()?.doneAt ?? Date.now();
    await whenEngine(
      host.engine,
      'health',
      () =>
        (host.engine.health().find((h) => h.accountId === 'acme-geo')?.lastSuccessAt ?? 0) > doneAt,
    );
    await expectGoneFromInbox(ids.reassign, title);
  }, 40_000);

  it('snoozes a task from its detail: the window says until when, the engine holds it', async () => {
    const before = Date.now();
    await openTask('E2E overdue fence repair');
    await tab.page.getByLabel('Snooze reminders').selectOption({ label: 'for 1 hour' });
    await tab.page.getByRole('button', { name: 'Snooze', exact: true }).click();
    const status = tab.page.locator('.snooze [role="status"]');
    await status.waitFor();
    const until = host.engine.snoozedUntil(ids.snooze);
    expect(until).not.toBeNull();
    expect(until).toBeGreaterThanOrEqual(before + HOUR);
    expect(until).toBeLessThanOrEqual(Date.now() + HOUR);
    expect(host.engine.heldCounts().snoozed).toBeGreaterThanOrEqual(1);
    const shown = (await status.textContent())?.replace(/\s+/g, ' ');
    expect(shown).toBe(`Snoozed until ${formatInstant(until ?? 0, 'en').replace(/\s+/g, ' ')}.`);
    // Snoozing holds reminders; the task itself stays in the inbox, marked as snoozed.
    expect(host.engine.tasks().some((task) => task.id === ids.snooze)).toBe(true);
    const marker = tab.page.locator(`[data-task-id="${ids.snooze}"] .flag[title="Snoozed"]`);
    await marker.waitFor();
    await screenshot(tab.page, 'detail-snoozed');
    // The mark comes from main, not from this window's memory: a reload keeps it, and the detail
    // still says until when.
    await tab.page.reload();
    await tab.page.getByLabel('Search tasks').fill('E2E overdue fence repair');
    await marker.waitFor();
    await tab.page.locator('.task-row', { hasText: 'E2E overdue fence repair' }).click();
    await expect
      .poll(async () => (await tab.page.locator('.snooze [role="status"]').textContent())?.trim())
      .toBe(shown);
  });

  it('a vendor 5xx keeps the completion in the outbox until it can be sent, then it lands', async () => {
    const title = 'E2E sign delivery note';
    const world = host.demo.sim.world;
    await openTask(title);
    world.addFault({
      vendor: 'geotareas',
      kind: 'status',
      status: 503,
      pathIncludes: '/complete',
      remaining: 1_000,
    });
    try {
      await tab.page.locator('.task-detail').getByRole('button', { name: 'Complete…' }).click();
      const form = tab.page.getByRole('form', { name: 'Complete the task' });
      await form.getByRole('button', { name: 'Approve' }).click();
      await form.getByRole('button', { name: 'Submit' }).click();
      await form.getByText(/^Not sent yet: .+ Tasktray will try again\.$/).waitFor({
        timeout: 15_000,
      });
      expect(await tab.page.locator('.task-detail .badge-sending').textContent()).toBe('Sending');
      const item = () => host.engine.outbox.list().find((i) => i.taskId === ids.retry);
      expect(item()).toMatchObject({ state: 'pending', lastError: { kind: 'server' } });
      expect(await writesFor(ids.retry, 'complete')).toEqual([]);
      await screenshot(tab.page, 'detail-outbox-pending');
      expect(await axeViolations(tab.page)).toEqual([]);

      // Leave room before the outbox's own next attempt, so the click below is what sends it:
      // looked at again each time the outbox reschedules it.
      await whenEngine(
        host.engine,
        'outbox',
        () => (item()?.nextAttemptAt ?? 0) - Date.now() > 1_500,
      );
      world.clearFaults();
      await form.getByRole('button', { name: 'Retry now' }).click();
    } finally {
      world.clearFaults();
    }
    // Sent once the account's read budget has room for the re-read before it: the polls of the
    // account (every 2 s here) and the demo's before it, on the same GeoTareas user, share it.
    await whenEngine(
      host.engine,
      'outbox',
      () => host.engine.outbox.list().find((i) => i.taskId === ids.retry)?.state === 'done',
    );
    // Sent: the form closes and the detail pane goes back to its hint.
    await tab.page.locator('.inbox-detail-pane .placeholder').waitFor();
    const writes = await writesFor(ids.retry, 'complete');
    expect(writes).toHaveLength(1);
    expect(writes[0]?.body).toMatchObject({ result_code: 'approved' });
    expect(world.get('geotareas', vendorIdOf(ids.retry))?.status).toBe('completed');
    await expectGoneFromInbox(ids.retry, title);
    await screenshot(tab.page, 'inbox-after-retry');
  }, 90_000);

  it('shows a waiting send in the inbox after the popup closes, and retries it from there', async () => {
    const title = 'E2E file site photos';
    const world = host.demo.sim.world;
    // Everything the engine says about this send, in order: the test waits on these events.
    const seen: OutboxItem[] = [];
    const waiting = new Set<() => void>();
    const onOutbox = (item: OutboxItem) => {
      if (item.taskId !== ids.sending) return;
      seen.push(item);
      for (const check of waiting) check();
    };
    /** The first event so far (or to come) that passes `test`. */
    const outboxEvent = (test: (item: OutboxItem) => boolean): Promise<OutboxItem> =>
      new Promise((resolve) => {
        const check = () => {
          const hit = seen.find(test);
          if (!hit) return;
          waiting.delete(check);
          resolve(hit);
        };
        waiting.add(check);
        check();
      });
    host.engine.on('outbox', onOutbox);
    // GeoTareas answers the completion "slow down" for longer than the HTTP client waits in place:
    // the engine's own request budget for the account then holds every write back until then.
    world.addFault({
      vendor: 'geotareas',
      kind: 'rate-limit',
      method: 'POST',
      pathIncludes: '/complete',
      retryAfterSec: RATE_LIMIT_S,
    });
    try {
      await tab.page.goto(at(`/popup/${encodeURIComponent(ids.sending)}`));
      await tab.page.getByRole('heading', { name: title }).waitFor({ timeout: 20_000 });
      const form = tab.page.getByRole('form', { name: 'Complete the task' });
      await form.getByRole('button', { name: 'Approve' }).click();
      await form.getByRole('button', { name: 'Submit' }).click();
      const refused = await outboxEvent(
        (i) => i.state === 'pending' && i.lastError?.kind === 'rate_limited',
      );
      const refusedAt = Date.now();
      // It comes back when the vendor said, not before.
      expect(refused.nextAttemptAt).toBeGreaterThanOrEqual(refusedAt + RATE_LIMIT_S * 1000 - 2_000);
      const message = refused.lastError?.message ?? '';
      expect(message).toMatch(/asked us to slow down/);
      await form.getByText(/^Not sent yet: /).waitFor({ timeout: 15_000 });
      // Closing the popup leaves the send waiting; in a browser tab it falls back to the inbox.
      await form.getByRole('button', { name: 'Cancel' }).click();
      await tab.page.waitForFunction(() => window.location.hash === '#/inbox', null, {
        timeout: 10_000,
      });

      const sending = tab.page.getByRole('region', { name: 'Sending' });
      const row = sending.getByRole('listitem').filter({ hasText: title });
      await row.waitFor({ timeout: 10_000 });
      expect((await row.locator('.outbox-message').textContent())?.trim()).toBe(
        `Not sent yet: ${message} — will retry`,
      );
      expect(await row.getByRole('button', { name: `Discard: ${title}` }).count()).toBe(1);
      // The task itself is out of the list while its completion is on its way.
      expect(await tab.page.locator('.task-row', { hasText: title }).count()).toBe(0);
      expect(await writesFor(ids.sending, 'complete')).toEqual([]);
      await screenshot(tab.page, 'inbox-sending');
      expect(await axeViolations(tab.page)).toEqual([]);

      // Retry now: it starts at once, and waits in the account's budget; the row says so and
      // offers no second Retry.
      const retryButton = row.getByRole('button', { name: `Retry now: ${title}` });
      const sendingFromClick = outboxEvent(
        (i) => i.state === 'sending' && seen.indexOf(i) > seen.indexOf(refused),
      );
      await retryButton.click();
      const started = await sendingFromClick;
      expect(started.nextAttemptAt).toBeGreaterThan(Date.now());
      await row
        .locator('.outbox-message', { hasText: 'Sending… waiting for the vendor’s rate limit' })
        .waitFor();
      expect(await retryButton.count()).toBe(0);
      await screenshot(tab.page, 'inbox-sending-rate-limited');

      const done = await outboxEvent((i) => i.state === 'done');
      // Nothing in between sent it back to waiting: the click's attempt is the one that landed.
      const afterClick = seen.slice(seen.indexOf(started));
      expect(
        afterClick.map((i) => i.state).filter((s) => s === 'pending' || s === 'failed'),
      ).toEqual([]);
      // And it landed only once the vendor's limit had passed: the budget held it back.
      const writes = await writesFor(ids.sending, 'complete');
      expect(writes).toHaveLength(1);
      expect(writes[0]?.body).toMatchObject({ result_code: 'approved' });
      expect(writes[0]?.at ?? 0).toBeGreaterThanOrEqual(refusedAt + RATE_LIMIT_S * 1000 - 2_000);
      expect(done.doneAt ?? 0).toBeGreaterThanOrEqual(writes[0]?.at ?? Infinity);
    } finally {
      host.engine.off('outbox', onOutbox);
      world.clearFaults();
    }
    // Its row leaves the Sending list (another test's refused send may stay listed there).
    await tab.page
      .getByRole('region', { name: 'Sending' })
      .getByRole('listitem')
      .filter({ hasText: title })
      .waitFor({ state: 'detached' });
    expect(world.get('geotareas', vendorIdOf(ids.sending))?.status).toBe('completed');
  }, 90_000);

  it('switches theme and language, and everything follows', async () => {
    await tab.page.goto(at('/settings'));
    try {
      await tab.page.getByLabel('Theme').selectOption('dark');
      await expect
        .poll(() => tab.page.evaluate(() => document.documentElement.dataset.theme))
        .toBe('dark');
      const background = await tab.page.evaluate(
        () => getComputedStyle(document.body).backgroundColor,
      );
      expect(background).toBe('rgb(22, 24, 28)');
      await tab.page.getByLabel('Language').selectOption('es');
      await tab.page.getByRole('heading', { name: 'Ajustes' }).waitFor();
      expect(await tab.page.evaluate(() => document.documentElement.lang)).toBe('es');
      await screenshot(tab.page, 'settings-dark-es');
      expect(await axeViolations(tab.page)).toEqual([]);
      await tab.page.getByRole('link', { name: 'Bandeja' }).click();
      const overdue = tab.page.locator('.task-row', { hasText: 'E2E overdue site inspection' });
      await overdue.waitFor();
      expect(await overdue.locator('.due').textContent()).toBe('venció hace 3 horas');
      expect(await overdue.locator('.badge-overdue').textContent()).toBe('Vencida');
      await screenshot(tab.page, 'inbox-dark-es');
      expect(await axeViolations(tab.page)).toEqual([]);
    } finally {
      // Settings live in the host, not the page: the next test starts in English, light.
      await hostCall(host, 'settings:update', { theme: 'system', language: 'en' });
    }
  }, 30_000);
});
