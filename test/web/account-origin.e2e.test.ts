// The Accounts window when an account's URL moves to another host: the stored secrets are not
// sent there, the secret fields say which to type again, and an explicit "Use the stored secrets
// with <host>" resends with confirmSecretOrigins. At the tray popover's width and a desktop one.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SIM_USERS } from '../../electron/simulator/world';
import type { RunningWebHost } from '../../electron/web-host/host';
import { collectPageErrors, launchChromium, screenshot } from '../helpers/browser';
import { hostCall, windowsHost, windowUrl } from '../helpers/web-windows';
import { simGeoAccount } from '../helpers/sim-accounts';

const geo = SIM_USERS.geotareas;
let host: RunningWebHost;
let browser: Browser;
/** The host the accounts move to: it records what reaches it and refuses everything. */
let movedServer: Server;
let movedUrl = '';
const reachedMoved: string[] = [];

beforeAll(async () => {
  host = await windowsHost({ pollFloorMs: 2_000 });
  movedServer = createServer((req, res) => {
    reachedMoved.push(`${req.method} ${req.url}`);
    req.resume();
    res.writeHead(401, { 'Content-Type': 'application/json' }).end('{"success":false}');
  });
  await new Promise<void>((resolve) => movedServer.listen(0, '127.0.0.1', resolve));
  movedUrl = `http://127.0.0.1:${(movedServer.address() as AddressInfo).port}/apidev/v1`;
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  movedServer?.closeAllConnections();
  await new Promise((resolve) => movedServer?.close(resolve));
  await host?.close();
});

/** A call through the host's API, as the window makes it. */
const call = (_page: Page, channel: string, payload: unknown): Promise<unknown> =>
  hostCall(host, channel, payload);

/** The text shown under a field, found by its label. */
function fieldError(page: Page, label: RegExp) {
  return page.locator('.field', { has: page.getByLabel(label) }).locator('.field-error');
}

describe.each([
  { width: 400, height: 720 },
  { width: 1100, height: 800 },
])('the Accounts window at $width px', ({ width, height }) => {
  it('names the secrets to type again and confirms the new host by name', async () => {
    const page = await browser.newPage({ viewport: { width, height } });
    const errors = collectPageErrors(page);
    try {
      const id = `acme-${width}`;
      const name = `Acme ${width}`;
      await page.goto(windowUrl(host, '/accounts'));
      await page.getByRole('heading', { name: 'Accounts' }).waitFor();
      await call(page, 'accounts:save', {
        account: { ...simGeoAccount(host.demo.sim, id, name), pollIntervalSec: 3600 },
        secrets: { password: geo.password, apiKey: geo.apiKey },
      });
      const item = page.locator('.account-item', { hasText: name });
      await item.getByRole('button', { name: 'Edit' }).click();
      const newHost = new URL(movedUrl).host;
      await page.getByLabel('API address').fill(movedUrl);

      // Test first: nothing reaches the new host, and each stored secret asks to be typed again.
      const before = reachedMoved.length;
      await page.getByRole('button', { name: 'Test', exact: true }).click();
      const reenter = `Enter it again for ${newHost}: the stored one was saved for another host.`;
      await expect.poll(() => fieldError(page, /^Password/).textContent()).toBe(reenter);
      expect(await fieldError(page, /^API key/).textContent()).toBe(reenter);
      expect(await page.getByLabel(/^Password/).getAttribute('aria-invalid')).toBe('true');
      expect(reachedMoved.length).toBe(before);
      const confirm = page.getByRole('button', {
        name: `Use the stored secrets with ${newHost}`,
      });
      await confirm.waitFor();
      // The form fits the window: nothing pushes it sideways at the tray popover's width.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
        width,
      );
      await screenshot(page, `accounts-origin-${width}`);

      // Save without typing them: refused the same way, and the account is not moved.
      await page.getByRole('button', { name: 'Save' }).click();
      await expect.poll(() => fieldError(page, /^Password/).textContent()).toBe(reenter);
      expect(host.engine.accounts().find((a) => a.id === id)).toMatchObject({
        baseUrl: host.demo.sim.urls.geotareas,
      });

      // The explicit confirmation names the host, and resends the save with it.
      await confirm.click();
      await page.getByText(`Saved “${name}”.`).waitFor();
      expect(host.engine.accounts().find((a) => a.id === id)).toMatchObject({
        baseUrl: movedUrl,
      });
      const view = (await call(page, 'app:state', null)) as {
        accounts: { account: { id: string }; storedSecrets: string[] }[];
      };
      expect(view.accounts.find((a) => a.account.id === id)?.storedSecrets).toEqual([
        'password',
        'apiKey',
      ]);
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  }, 60_000);
});

describe('in Spanish', () => {
  it('says the same on the fields and on the confirmation', async () => {
    const page = await browser.newPage({ viewport: { width: 400, height: 720 } });
    try {
      await page.goto(windowUrl(host, '/accounts'));
      await page.getByRole('heading', { name: 'Accounts' }).waitFor();
      await call(page, 'settings:update', { language: 'es' });
      await call(page, 'accounts:save', {
        account: { ...simGeoAccount(host.demo.sim, 'acme-es', 'Acme ES'), pollIntervalSec: 3600 },
        secrets: { password: geo.password, apiKey: geo.apiKey },
      });
      const item = page.locator('.account-item', { hasText: 'Acme ES' });
      await item.getByRole('button', { name: 'Editar' }).click();
      const newHost = new URL(movedUrl).host;
      await page.getByLabel(/^Dirección de la API/).fill(movedUrl);
      await page.getByRole('button', { name: 'Guardar' }).click();
      await expect
        .poll(() => fieldError(page, /^Contraseña/).textContent())
        .toBe(`Vuelva a introducirlo para ${newHost}: el guardado era para otro servidor.`);
      await page
        .getByRole('button', { name: `Usar los secretos guardados con ${newHost}` })
        .waitFor();
      await expect
        .poll(() => page.locator('.error-box .error-message').first().textContent())
        .toContain('Tasktray no los envía a');
    } finally {
      await call(page, 'settings:update', { language: 'en' }).catch(() => undefined);
      await page.close();
    }
  }, 60_000);
});
