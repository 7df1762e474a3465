// Settings and state in real electron-store files (Electron's `app` faked at the module boundary).
import {
  existsSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { AppService } from '../../electron/app/app-service';
import { Engine } from '../../electron/core/engine';
import { silentLogger } from '../../electron/core/logger';
import { FileStateStore } from '../../electron/core/file-state-store';
import { MemorySecretStore, systemClock } from '../../electron/core/ports';
import {
  ElectronSettings,
  ElectronStateStore,
  openStore,
} from '../../electron/main/settings-store';
import { DEFAULT_SETTINGS } from '../../shared/settings';

vi.mock('electron', () => ({
  default: {
    app: { getPath: () => '/nonexistent-userdata', getVersion: () => '0.1.0' },
    ipcMain: { on: () => undefined },
    shell: {},
  },
}));

function freshDir(): string {
  return mkdtempSync(join(tmpdir(), 'tasktray-settings-'));
}

function open(dir: string) {
  const opened = openStore(dir, 'settings', Date.UTC(2025, 0, 2, 3, 4, 5));
  return new ElectronSettings(opened.store, { keptAside: opened.keptAside });
}

describe('settings in electron-store', () => {
  it('starts from the defaults on the first run and writes them', () => {
    const dir = freshDir();
    const settings = open(dir);
    expect(settings.read()).toEqual(DEFAULT_SETTINGS);
    expect(settings.fresh).toBe(true);
    expect(settings.problem).toBeNull();
    expect(JSON.parse(readFileSync(join(dir, 'settings.json'), 'utf8'))).toMatchObject({
      version: 1,
    });
    expect(open(dir).fresh).toBe(false);
  });

  it('migrates an old file and writes the new version back', () => {
    const dir = freshDir();
    writeFileSync(
      join(dir, 'settings.json'),
      JSON.stringify({ theme: 'dark', quietHours: { startMinute: 1320, endMinute: 420 } }),
    );
    const settings = open(dir);
    expect(settings.migratedFrom).toBe(0);
    expect(settings.read().theme).toBe('dark');
    expect(settings.read().notifications.quietHours).toEqual({ startMinute: 1320, endMinute: 420 });
    const onDisk = JSON.parse(readFileSync(join(dir, 'settings.json'), 'utf8'));
    expect(onDisk.version).toBe(1);
    expect(onDisk.quietHours).toBeUndefined();
  });

  it('keeps a file that is not JSON aside, starts from defaults and says so', () => {
    const dir = freshDir();
    writeFileSync(join(dir, 'settings.json'), '{"theme": "dark",');
    const settings = open(dir);
    expect(settings.read()).toEqual(DEFAULT_SETTINGS);
    expect(settings.problem?.message).toMatch(/could not be read/);
    expect(settings.problem?.keptAside).toBe(
      join(dir, 'settings.json.corrupt-2025-01-02T03-04-05-000Z'),
    );
    expect(readFileSync(settings.problem?.keptAside ?? '', 'utf8')).toBe('{"theme": "dark",');
    expect(settings.fresh).toBe(false);
  });

  it('backs up JSON it cannot use (a newer version, a wrong value) and reports why', () => {
    for (const content of [{ version: 99 }, { version: 1, theme: 'neon' }]) {
      const dir = freshDir();
      writeFileSync(join(dir, 'settings.json'), JSON.stringify(content));
      const settings = open(dir);
      expect(settings.read()).toEqual(DEFAULT_SETTINGS);
      expect(settings.problem?.message).toMatch(/could not be used \((.+)\)/);
      expect(JSON.parse(readFileSync(settings.problem?.keptAside ?? '', 'utf8'))).toEqual(content);
      expect(JSON.parse(readFileSync(join(dir, 'settings.json'), 'utf8'))).toMatchObject({
        version: 1,
        theme: 'system',
      });
    }
  });

  it('leaves out one invalid account, keeps the other settings and accounts, and reports it', () => {
    const dir = freshDir();
    const good = {
      id: 'acme-geo',
      name: 'GeoTareas — Acme',
      vendor: 'geotareas',
      baseUrl: 'https://acme.geotareas.com/apidev/v1',
      tenant: 'acme.geotareas.com',
      email: 'maria@acme.com',
    };
    const content = {
      version: 1,
      theme: 'dark',
      language: 'es',
      accounts: [
        good,
        { ...good, id: 'plain-http', baseUrl: 'http://acme.example/apidev/v1' },
        { ...good, name: 'The same id again' },
      ],
    };
    writeFileSync(join(dir, 'settings.json'), JSON.stringify(content));
    const settings = open(dir);
    expect(settings.read().theme).toBe('dark');
    expect(settings.read().language).toBe('es');
    expect(settings.read().accounts.map((a) => a.id)).toEqual(['acme-geo']);
    expect(settings.problem?.title).toBe('Tasktray left out 2 accounts');
    expect(settings.problem?.message).toContain('accounts[1] (id "plain-http"): baseUrl');
    expect(settings.problem?.message).toContain(
      'accounts[2] (id "acme-geo"): the id is used twice',
    );
    expect(settings.problem?.message).toContain('the rest of your settings are kept');
    // Nothing is lost: the file as it was is kept aside.
    expect(JSON.parse(readFileSync(settings.problem?.keptAside ?? '', 'utf8'))).toEqual(content);
    const onDisk = JSON.parse(readFileSync(join(dir, 'settings.json'), 'utf8'));
    expect(onDisk.theme).toBe('dark');
    expect(onDisk.accounts).toHaveLength(1);
  });

  it('refuses to write settings outside the schema', () => {
    const settings = open(freshDir());
    expect(() => settings.write({ ...DEFAULT_SETTINGS, theme: 'neon' as never })).toThrow();
    expect(settings.read()).toEqual(DEFAULT_SETTINGS);
  });

  it('keeps engine state in its own file, and a corrupt one is kept aside', () => {
    const dir = freshDir();
    const state = new ElectronStateStore(openStore(dir, 'state').store);
    state.set('snapshot.a', { version: 1, tasks: [] });
    state.set('dotted.key.name', 1);
    expect(new ElectronStateStore(openStore(dir, 'state').store).get('snapshot.a')).toEqual({
      version: 1,
      tasks: [],
    });
    expect(state.get('dotted.key.name')).toBe(1);
    state.delete('snapshot.a');
    expect(state.get('snapshot.a')).toBeUndefined();
    writeFileSync(join(dir, 'state.json'), 'garbage');
    const reopened = openStore(dir, 'state');
    expect(reopened.keptAside).toMatch(/state\.json\.corrupt-/);
    expect(reopened.store.store).toEqual({});
  });

  it('never writes a secret into the settings file when an account is saved with its secrets', async () => {
    const dir = freshDir();
    const settings = open(dir);
    const secrets = new MemorySecretStore();
    const deps = { fetch, clock: systemClock, logger: silentLogger, secrets };
    const engine = new Engine({
      deps,
      store: new FileStateStore(join(dir, 'state')),
      preferences: () => settings.read().notifications,
      timeZone: 'UTC',
    });
    const service = new AppService({
      engine,
      settings,
      secrets,
      host: { openExternal: async () => undefined, setStartAtLogin: async (on) => on },
      demo: null,
      adapterDeps: deps,
      emit: () => undefined,
    });
    const typed = { password: 'Hunter2-very-secret', apiKey: 'gtk_live_0123456789abcdef' };
    await service.handlers['accounts:save']({
      account: {
        id: 'acme-geo',
        name: 'GeoTareas — Acme',
        vendor: 'geotareas',
        baseUrl: 'https://acme.geotareas.com/apidev/v1',
        tenant: 'acme.geotareas.com',
        email: 'maria@acme.com',
        pollIntervalSec: 60,
      } as never,
      secrets: typed,
    });
    await engine.stop();
    expect(await secrets.get('acme-geo', 'password')).toBe(typed.password);
    expect(settings.read().accounts.map((a) => a.id)).toEqual(['acme-geo']);
    const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((file) =>
      statSync(join(dir, file)).isFile(),
    );
    for (const file of files) {
      const text = readFileSync(join(dir, file), 'utf8');
      for (const value of Object.values(typed)) expect(text, file).not.toContain(value);
    }
    expect(existsSync(join(dir, 'settings.json'))).toBe(true);
  });
});
