// The real app in Electron, driven by Playwright's _electron: launch, the tray count, a
// notification opening the quick-complete popup and completing against the simulator, and the
// start-at-login toggle. It needs the Electron binary; where there is none it says so and skips.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { _electron, type ElectronApplication, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alert } from '../../shared/alert';
import type { OutboxItem } from '../../shared/outbox';
import { electronBinary } from '../helpers/electron-binary';

const binary = electronBinary();
if (binary === null) {
  console.warn(
    'test/electron: skipped: no Electron binary on this machine (npm installed electron with ' +
      'ELECTRON_SKIP_BINARY_DOWNLOAD). Run `node node_modules/electron/install.js` where there is internet.',
  );
}

const root = resolve(import.meta.dirname, '../..');
const HOUR = 3_600_000;

interface Probe {
  alerts: Alert[];
  outbox: OutboxItem[];
  tray: { tooltip: string; look: string; text: string } | null;
  simControlUrl?: string;
  simControlToken?: string;
}

/** The probe as main holds it: `until` resolves on the event that makes its check hold. */
interface LiveProbe extends Probe {
  until(check: (probe: Probe) => boolean): Promise<void>;
}

describe.skipIf(binary === null)('the tray app in Electron', () => {
  let app: ElectronApplication;
  let inbox: Page;
  const home = mkdtempSync(join(tmpdir(), 'tasktray-e2e-'));

  const probe = () =>
    app.evaluate(() => {
      const p = (globalThis as unknown as { tasktrayE2E: Probe }).tasktrayE2E;
      return JSON.parse(
        JSON.stringify({
          alerts: p.alerts,
          outbox: p.outbox,
          tray: p.tray,
          simControlUrl: p.simControlUrl,
          simControlToken: p.simControlToken,
        }),
      ) as Probe;
    });

  beforeAll(async () => {
    await promisify(execFile)('npx', ['electron-vite', 'build', '--logLevel', 'warn'], {
      cwd: root,
    });
    app = await _electron.launch({
      executablePath: binary ?? undefined,
      args: [join(root, 'out/main/index.js'), '--no-sandbox'],
      env: {
        ...process.env,
        TASKTRAY_E2E: '1',
        TASKTRAY_USER_DATA: join(home, 'userData'),
        XDG_CONFIG_HOME: join(home, 'config'),
      } as Record<string, string>,
    });
    inbox = await app.firstWindow();
  }, 120_000);

  afterAll(async () => {
    await app?.close();
  });

  it('launched by hand, it opens the inbox from app://, locked down', async () => {
    await inbox.waitForLoadState('domcontentloaded');
    expect(inbox.url()).toMatch(/^app:\/\/tasktray\/index\.html#\/inbox/);
    expect(
      await inbox.evaluate(() => typeof (window as unknown as { require?: unknown }).require),
    ).toBe('undefined');
    expect(
      await inbox.evaluate(() =>
        Object.keys((window as unknown as { tasktray: object }).tasktray).sort(),
      ),
    ).toEqual(['call', 'on']);
  });

  it('shows the open-task count in the tray', async () => {
    await app.evaluate(() =>
      (globalThis as unknown as { tasktrayE2E: LiveProbe }).tasktrayE2E.until((p) =>
        /^Tasktray — [1-9]\d* open tasks?/.test(p.tray?.tooltip ?? ''),
      ),
    );
    const { tray } = await probe();
    const count = /— (\d+) open/.exec(tray?.tooltip ?? '')?.[1];
    expect(tray?.text).toBe(
      process.platform === 'darwin' ? '' : Number(count) > 99 ? '99+' : count,
    );
  }, 60_000);

  it('a notification click opens the popup on its task, and completing it reaches the vendor', async () => {
    const { simControlUrl: control = '', simControlToken: token = '' } = await probe();
    const auth = { Authorization: `Bearer ${token}` };
    const created = (await (
      await fetch(`${control}/tasks`, {
        method: 'POST',
        headers: { ...auth, 'Content-Type': 'application/json' },
        body: JSON.stringify({
          vendor: 'geotareas',
          title: 'E2E electron approval',
          dueAt: Date.now() + 5 * HOUR,
          results: [{ code: 'approved', label: 'Approve' }],
          fields: [],
        }),
      })
    ).json()) as { id: string };
    const taskId = `demo-geotareas:${created.id}`;
    await app.evaluate(
      (_electron, id) =>
        (globalThis as unknown as { tasktrayE2E: LiveProbe }).tasktrayE2E.until((p) =>
          p.alerts.some((a) => a.taskIds.includes(id)),
        ),
      taskId,
    );
    const alert = (await probe()).alerts.find(
      (a) => a.taskIds.includes(taskId) && a.kind !== 'summary',
    );
    expect(alert?.title).toContain('E2E electron approval');
    const popupOpened = app.waitForEvent('window');
    await app.evaluate((_electron, id) => {
      (
        globalThis as unknown as { tasktrayE2E: { chooseNotification(a: string, i: null): void } }
      ).tasktrayE2E.chooseNotification(id, null);
    }, alert?.id ?? '');
    const popup = await popupOpened;
    expect(popup.url()).toContain(`#/popup/${encodeURIComponent(taskId)}`);
    await popup.getByRole('heading', { name: 'E2E electron approval' }).waitFor();
    await popup.getByRole('button', { name: 'Approve' }).click();
    await popup.getByRole('button', { name: 'Submit' }).click();
    // The outbox says the completion landed; the vendor's own record of writes must agree.
    await app.evaluate(
      (_electron, id) =>
        (globalThis as unknown as { tasktrayE2E: LiveProbe }).tasktrayE2E.until((p) =>
          p.outbox.some((item) => item.taskId === id && item.state === 'done'),
        ),
      taskId,
    );
    const writes = (await (await fetch(`${control}/writes`, { headers: auth })).json()) as {
      kind: string;
      taskId: string;
    }[];
    expect(writes.some((w) => w.kind === 'complete' && w.taskId === created.id)).toBe(true);
  }, 90_000);

  it('start at login writes and removes the autostart entry, and reports the real state', async () => {
    const toggle = (enabled: boolean) =>
      app.evaluate((_electron, on) => {
        const p = (
          globalThis as unknown as {
            tasktrayE2E: { setStartAtLogin(b: boolean): void; startAtLogin(): boolean };
          }
        ).tasktrayE2E;
        p.setStartAtLogin(on);
        return p.startAtLogin();
      }, enabled);
    expect(await toggle(true)).toBe(true);
    if (process.platform === 'linux')
      expect(existsSync(join(home, 'config/autostart/tasktray.desktop'))).toBe(true);
    expect(await toggle(false)).toBe(false);
    if (process.platform === 'linux')
      expect(existsSync(join(home, 'config/autostart/tasktray.desktop'))).toBe(false);
  });
});
