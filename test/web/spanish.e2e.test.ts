// The windows and the engine in Spanish, end to end: the built renderer in Debian Chromium, the web
// host with the real engine and the vendor simulator. Choosing Spanish in Settings turns the
// windows, the engine's alert texts and the vendors' "what to do" hints Spanish.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSimTask } from '../../electron/simulator/task-factory';
import type { RunningWebHost } from '../../electron/web-host/host';
import type { Alert } from '../../shared/alert';
import { launchChromium, screenshot } from '../helpers/browser';
import { closeAll, hostCall, pagePerTest, windowsHost, windowUrl } from '../helpers/web-windows';

const HOUR = 3_600_000;
let host: RunningWebHost;
let browser: Browser;
const alerts: Alert[] = [];

const at = (route: string): string => windowUrl(host, route);

/** Resolves with the first alert (already raised or still to come) that `match` accepts. */
function alertWhere(match: (alert: Alert) => boolean): Promise<Alert> {
  const seen = alerts.find(match);
  if (seen) return Promise.resolve(seen);
  return new Promise((resolve) => {
    const listener = (alert: Alert) => {
      if (!match(alert)) return;
      host.engine.off('alert', listener);
      resolve(alert);
    };
    host.engine.on('alert', listener);
  });
}

beforeAll(async () => {
  host = await windowsHost({ pollFloorMs: 2_000, demo: { seed: 11 } });
  host.engine.on('alert', (alert) => alerts.push(alert));
  browser = await launchChromium();
}, 60_000);

// Each test has a page of its own and starts in English: the language lives in the host.
const tab = pagePerTest(() => browser, { width: 1100, height: 760 });

beforeEach(async () => {
  await hostCall(host, 'settings:update', { language: 'en' });
});

afterAll(async () => {
  await closeAll(browser, host);
});

describe('Tasktray in Spanish', () => {
  it('switches the windows to Spanish from Settings, the document’s lang too', async () => {
    // Through the inbox: the settings view wants the app's state loaded first.
    await tab.page.goto(at('/inbox'));
    await tab.page.locator('.task-row').first().waitFor({ timeout: 30_000 });
    await tab.page.getByRole('link', { name: 'Settings' }).click();
    await tab.page.getByLabel('Language').selectOption('es');
    await tab.page.getByRole('link', { name: 'Bandeja' }).waitFor();
    expect(await tab.page.locator('html').getAttribute('lang')).toBe('es');
    await tab.page.getByLabel('Idioma').waitFor();
    await screenshot(tab.page, 'settings-es');
  }, 60_000);

  it('writes the engine’s alerts in Spanish and shows due times with Intl’s words', async () => {
    await hostCall(host, 'settings:update', { language: 'es' });
    const now = host.demo.sim.world.now();
    const task = createSimTask(host.demo.sim.world, 'workflowsvc', {
      title: 'Revisar informe de interferencias',
      dueAt: now + 5 * HOUR,
    });
    host.engine.refreshNow();
    const alert = await alertWhere((a) => a.taskIds.some((id) => id.endsWith(task.id)));
    if (alert.kind === 'summary') expect(alert.body).toMatch(/^\d+ tareas? abiertas?/);
    else expect(alert.title).toBe('Tarea nueva: Revisar informe de interferencias');
    expect(`${alert.title} ${alert.body}`).not.toMatch(/open task|New task|due in|overdue/);

    await tab.page.goto(at('/inbox'));
    await tab.page.getByLabel('Buscar tareas').fill('Revisar informe de interferencias');
    const row = tab.page.locator('.task-row', { hasText: 'Revisar informe de interferencias' });
    await row.waitFor({ timeout: 20_000 });
    expect(await row.textContent()).toMatch(/vence dentro de [45] horas/);
    await tab.page.getByText(/^1 de \d+ tareas$/).waitFor();
  }, 60_000);

  it('shows a vendor failure with the “what to do” in Spanish', async () => {
    await hostCall(host, 'settings:update', { language: 'es' });
    const world = host.demo.sim.world;
    world.addFault({
      vendor: 'uipath',
      kind: 'status',
      status: 500,
      pathIncludes: 'GetTasksAcrossFolders',
      remaining: 1_000,
    });
    try {
      await tab.page.goto(at('/inbox'));
      host.engine.refreshNow();
      // Failing accounts fold into one line; opening it shows each one's error and what to do.
      const problems = tab.page.locator('details.problems');
      await problems.locator('summary').waitFor({ timeout: 30_000 });
      await problems.locator('summary').click();
      await tab.page
        .getByText(
          'Qué hacer: El servicio del proveedor tiene un problema; Tasktray lo reintentará.',
        )
        .first()
        .waitFor({ timeout: 30_000 });
      await screenshot(tab.page, 'inbox-es-vendor-error');
    } finally {
      world.clearFaults();
    }
  }, 60_000);
});
