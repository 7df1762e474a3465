// Writes the disk refuses: the settings file (real electron-store over a path that cannot be
// replaced) and the engine's state reports, each said in words with what to check.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { createLogger, type LogRecord } from '../../electron/core/logger';
import { VendorError } from '../../electron/core/vendor-error';
import {
  SAVE_FAILURE_QUIET_MS,
  saveFailureOf,
  saveFailureReporter,
} from '../../electron/main/save-failures';
import { ElectronSettings, openStore } from '../../electron/main/settings-store';
import { translator } from '../../shared/i18n/translate';

vi.mock('electron', () => ({
  default: {
    app: { getPath: () => '/nonexistent-userdata', getVersion: () => '0.1.0' },
    ipcMain: { on: () => undefined },
    shell: {},
  },
}));

/** settings.json becomes a folder with something in it: no write can replace it (even as root). */
function blockSettingsFile(dir: string): void {
  rmSync(join(dir, 'settings.json'));
  mkdirSync(join(dir, 'settings.json', 'blocked'), { recursive: true });
  writeFileSync(join(dir, 'settings.json', 'blocked', 'x'), 'x');
}

describe('a settings write the disk refuses', () => {
  it('throws a clear error by catalog key, tells the shell, and keeps the settings as they were', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tasktray-unsaved-'));
    const opened = openStore(dir, 'settings');
    const settings = new ElectronSettings(opened.store, { keptAside: null });
    const told: string[] = [];
    settings.onWriteFailure = (reason) => told.push(reason);
    blockSettingsFile(dir);

    let thrown: unknown;
    try {
      settings.write({ ...settings.read(), theme: 'dark' });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(VendorError);
    const info = (thrown as VendorError).toInfo();
    expect(info).toMatchObject({ code: 'error.settingsNotSaved', hintCode: 'hint.checkDisk' });
    expect(info.message).toMatch(
      /^Tasktray could not save your settings: .+\. Check the free disk space and the permissions of /,
    );
    expect(info.message).toContain(dir);
    expect(told).toHaveLength(1);
    expect(info.params?.reason).toBe(told[0]);
    // What the app runs on is what is on disk: not the change that was refused.
    expect(settings.read().theme).toBe('system');
  });
});

describe('the engine state the disk refuses', () => {
  it('tells a failed write (nothing kept aside) from an unreadable value kept aside', () => {
    expect(
      saveFailureOf({
        key: 'snapshot/acme',
        keptAs: '',
        problem: 'could not be saved: ENOSPC: no space left on device',
      }),
    ).toEqual({ key: 'snapshot/acme', reason: 'ENOSPC: no space left on device' });
    expect(
      saveFailureOf({ key: 'seen', keptAs: 'seen.json.corrupt-1', problem: 'not valid JSON' }),
    ).toBeNull();
  });

  it('notifies once per kind of state in a quiet span, logs every time, in the user’s language', () => {
    const shown: { title: string; body: string }[] = [];
    const logs: LogRecord[] = [];
    let now = 1_000;
    let language: 'en' | 'es' = 'en';
    const report = saveFailureReporter({
      notify: (title, body) => shown.push({ title, body }),
      logger: createLogger((record) => logs.push(record)),
      translate: () => translator(language),
      folder: (failure) =>
        failure.key === 'settings'
          ? '/home/ana/.config/Tasktray'
          : '/home/ana/.config/Tasktray/state',
      now: () => now,
    });
    const full = 'ENOSPC: no space left on device';
    report({ key: 'snapshot/acme-geo', reason: full });
    report({ key: 'snapshot/acme-uipath', reason: full });
    report({ key: 'settings', reason: full });
    expect(shown).toEqual([
      {
        title: 'Tasktray could not save its data',
        body: `Tasktray could not save the task list of acme-geo: ${full}. Check the free disk space and the permissions of /home/ana/.config/Tasktray/state.`,
      },
      {
        title: 'Tasktray could not save its data',
        body: `Tasktray could not save your settings: ${full}. Check the free disk space and the permissions of /home/ana/.config/Tasktray.`,
      },
    ]);
    expect(logs.filter((l) => l.message === 'Tasktray could not save its data')).toHaveLength(3);

    now += SAVE_FAILURE_QUIET_MS;
    language = 'es';
    report({ key: 'outbox/42', reason: full });
    report({ key: 'seen', reason: full });
    expect(shown.slice(2)).toEqual([
      {
        title: 'Tasktray no pudo guardar sus datos',
        body: `Tasktray no pudo guardar una finalización pendiente de envío: ${full}. Compruebe el espacio libre en disco y los permisos de /home/ana/.config/Tasktray/state.`,
      },
      {
        title: 'Tasktray no pudo guardar sus datos',
        body: `Tasktray no pudo guardar qué avisos ha mostrado: ${full}. Compruebe el espacio libre en disco y los permisos de /home/ana/.config/Tasktray/state.`,
      },
    ]);
  });
});
