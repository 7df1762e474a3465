// The windows end to end: the built renderer in Debian Chromium, the web host with the real engine
// and the vendor simulator behind it. Screenshots of each window go to test-results/screenshots.
import AxeBuilder from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIM_USERS } from '../../electron/simulator/world';
import { startWebHost, type RunningWebHost } from '../../electron/web-host/host';
import {
  assertRendererBuilt,
  collectPageErrors,
  launchChromium,
  RENDERER_DIR,
  screenshot,
} from '../helpers/browser';
import { control } from '../helpers/sim';

const HOUR = 3_600_000;
let host: RunningWebHost;
let browser: Browser;
let page: Page;
let pageErrors: string[];
let formTaskId = '';

async function axeViolations(target: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page: target }).analyze();
  return result.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
  );
}

function at(route: string): string {
  return `${host.origin}/?token=${host.token}#${route}`;
}

beforeAll(async () => {
  assertRendererBuilt();
  host = await startWebHost({ rendererDir: RENDERER_DIR, pollFloorMs: 2_000, demo: { seed: 7 } });
  const now = Date.now();
  const sim = host.demo.sim;
  await control(sim, 'POST', '/tasks', {
    vendor: 'geotareas',
    title: 'E2E overdue site inspection',
    dueAt: now - 3 * HOUR,
  });
  const form = (await control(sim, 'POST', '/tasks', {
    vendor: 'geotareas',
    title: 'E2E approve budget',
    workflowName: 'Budgets',
    stepName: 'Zone manager approval',
    dueAt: now + 5 * HOUR,
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
  })) as { id: string };
  formTaskId = `acme-geo:${form.id}`;
  browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
  page = await context.newPage();
  pageErrors = collectPageErrors(page);
}, 30_000);

afterAll(async () => {
  await browser?.close();
  await host?.close();
});

describe('windows in the browser test host', () => {
  it('shows the demo inbox with due times, accessibly', async () => {
    await page.goto(host.url);
    await expect
      .poll(() => page.locator('.task-row').count(), { timeout: 15_000 })
      .toBeGreaterThan(3);
    await expect(
      page.getByText('You are looking at the demo accounts', { exact: false }).count(),
    ).resolves.toBe(1);
    const dueTexts = await page.locator('.task-row .due').allTextContents();
    expect(dueTexts.some((text) => /due in|overdue|no due time/.test(text))).toBe(true);
    await screenshot(page, 'inbox-demo');
    expect(await axeViolations(page)).toEqual([]);
  });

  it('tests an account with a wrong password and shows the vendor’s exact error', async () => {
    await page.goto(at('/accounts'));
    await page.getByRole('button', { name: 'Add account' }).click();
    await page.getByLabel('Account id').fill('acme-geo');
    await page.getByLabel('Name', { exact: true }).fill('Acme GeoTareas');
    await page.getByLabel('API address').fill(host.demo.sim.urls.geotareas);
    await page.getByLabel('Tenant host').fill(SIM_USERS.geotareas.tenant);
    await page.getByLabel('Email').fill(SIM_USERS.geotareas.email);
    await page.getByLabel('Poll interval (seconds)').fill('2');
    await page.getByLabel(/^Password/).fill('not-the-password');
    await page.getByLabel(/^API key/).fill(SIM_USERS.geotareas.apiKey);
    await page.getByRole('button', { name: 'Test' }).click();
    const error = page.locator('.account-form .error-box');
    await error.waitFor({ timeout: 10_000 });
    expect(await error.textContent()).toMatch(/What to do:/);
    await screenshot(page, 'accounts-test-failed');
  });

  it('adds the account: the test signs in, secrets show only as stored, its tasks arrive', async () => {
    await page.getByLabel(/^Password/).fill(SIM_USERS.geotareas.password);
    await page.getByRole('button', { name: 'Test' }).click();
    await page.getByText(/Signed in\. \d+ open tasks visible\./).waitFor({ timeout: 10_000 });
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Saved “Acme GeoTareas”.').waitFor();
    const item = page.locator('.account-item', { hasText: 'Acme GeoTareas' });
    expect(await item.textContent()).toContain('Password: stored');
    expect(await page.content()).not.toContain(SIM_USERS.geotareas.password);
    await screenshot(page, 'accounts');
    expect(await axeViolations(page)).toEqual([]);

    await page.goto(at('/inbox'));
    await page.locator('.task-row', { hasText: 'E2E approve budget' }).waitFor({ timeout: 20_000 });
    expect(await page.getByText('You are looking at the demo accounts').count()).toBe(0);
    const names = await page.locator('.task-row .muted').allTextContents();
    expect(names.every((n) => n.startsWith('Acme GeoTareas'))).toBe(true);
  }, 40_000);

  it('marks an overdue task at a glance and filters, groups and searches', async () => {
    const overdue = page.locator('.task-row', { hasText: 'E2E overdue site inspection' });
    await overdue.waitFor();
    expect(await overdue.locator('.badge-overdue').textContent()).toBe('Overdue');
    expect(await overdue.locator('.due').textContent()).toBe('3 h overdue');
    // Most urgent first: the overdue tasks lead the list.
    expect(await page.locator('.task-row').first().locator('.badge-overdue').count()).toBe(1);

    await page.getByLabel('Overdue only').check();
    const overdueRows = await page.locator('.task-row').count();
    expect(await page.locator('.task-row .badge-overdue').count()).toBe(overdueRows);
    await page.getByLabel('Overdue only').uncheck();
    await page.getByLabel('Search tasks').fill('approve budget');
    await expect.poll(() => page.locator('.task-row').count()).toBe(1);
    await page.getByLabel('Group by').selectOption('vendor');
    expect(await page.locator('.group-title').first().textContent()).toContain('GeoTareas');
    await page.getByLabel('Search tasks').fill('no such task anywhere');
    await page.getByText('No task matches these filters.').waitFor();
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await page.getByLabel('Group by').selectOption('none');
    await overdue.click();
    await page.locator('.task-detail h2', { hasText: 'E2E overdue site inspection' }).waitFor();
    await screenshot(page, 'inbox-detail');
  });

  it('quick-complete popup: a missing required field is refused before anything is sent', async () => {
    await page.goto(at(`/popup/${encodeURIComponent(formTaskId)}`));
    await page.getByRole('heading', { name: 'E2E approve budget' }).waitFor({ timeout: 10_000 });
    // Keyboard first: focus starts on the first result; Enter in a field submits.
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Approve');
    await page.keyboard.press('Enter');
    expect(await page.getByRole('button', { name: 'Approve' }).getAttribute('aria-pressed')).toBe(
      'true',
    );
    await page.getByLabel('Comment').focus();
    await page.keyboard.press('Enter');
    const amount = page.getByLabel(/Approved amount/);
    await page.getByText('Approved amount is required.').waitFor();
    expect(await amount.getAttribute('aria-invalid')).toBe('true');
    expect(await amount.getAttribute('aria-required')).toBe('true');
    const writes = (await control(host.demo.sim, 'GET', '/writes')) as unknown[];
    expect(writes).toEqual([]);
    await screenshot(page, 'popup-missing-field');
    expect(await axeViolations(page)).toEqual([]);
  });

  it('shows the vendor’s own validation error on the field it names', async () => {
    await page.getByLabel(/Approved amount/).fill('1250');
    await page.getByLabel('Comment').fill('x'.repeat(2_001));
    await page.getByRole('button', { name: 'Submit' }).click();
    const commentError = page
      .locator('.field', { has: page.getByLabel('Comment') })
      .locator('.field-error');
    await commentError.waitFor({ timeout: 15_000 });
    expect(await commentError.textContent()).toMatch(/comment/i);
    expect(await page.locator('.error-box').first().textContent()).toMatch(/What to do:/);
    await screenshot(page, 'popup-vendor-error');
  }, 30_000);

  it('submits correctly: the simulator records it, the popup closes, the task leaves the inbox', async () => {
    await page.getByLabel('Comment').fill('Within budget');
    await page.getByLabel(/Approved amount/).press('Enter');
    await page.waitForFunction(() => window.location.hash === '#/inbox', null, { timeout: 20_000 });
    expect(host.windowRequests).toContain('close');
    const vendorId = formTaskId.slice('acme-geo:'.length);
    const writes = (await control(host.demo.sim, 'GET', '/writes')) as {
      kind: string;
      taskId: string;
      body: { result_code?: string; captured_data?: Record<string, unknown>; comment?: string };
    }[];
    // The refused attempt is recorded too; the last write is the one that landed.
    const write = writes.findLast((w) => w.kind === 'complete' && w.taskId === vendorId);
    expect(write?.body).toMatchObject({
      result_code: 'approved',
      captured_data: { amount: 1250, site_visit: false },
      comment: 'Within budget',
    });
    await page.locator('.task-row').first().waitFor();
    expect(await page.locator('.task-row', { hasText: 'E2E approve budget' }).count()).toBe(0);
    await screenshot(page, 'inbox-after-complete');
  }, 40_000);

  it('switches theme and language, and everything follows', async () => {
    await page.goto(at('/settings'));
    await page.getByLabel('Theme').selectOption('dark');
    await expect
      .poll(() => page.evaluate(() => document.documentElement.dataset.theme))
      .toBe('dark');
    const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(background).toBe('rgb(22, 24, 28)');
    await page.getByLabel('Language').selectOption('es');
    await page.getByRole('heading', { name: 'Ajustes' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('es');
    await screenshot(page, 'settings-dark-es');
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('link', { name: 'Bandeja' }).click();
    const overdue = page.locator('.task-row', { hasText: 'E2E overdue site inspection' });
    await overdue.waitFor();
    expect(await overdue.locator('.due').textContent()).toBe('vencida hace 3 h');
    expect(await overdue.locator('.badge-overdue').textContent()).toBe('Vencida');
    await screenshot(page, 'inbox-dark-es');
    expect(await axeViolations(page)).toEqual([]);
  }, 30_000);

  it('ran without a page error or a CSP refusal', () => {
    expect(pageErrors).toEqual([]);
  });
});
