// The installers cannot be built here (electron-builder downloads Electron), but their
// configuration is checked against electron-builder's own schema, and the icon is a real PNG.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Configuration } from 'app-builder-lib';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config';
import FpmTarget from 'app-builder-lib/out/targets/FpmTarget';
import { DebugLogger } from 'builder-util/out/DebugLogger';
import { drawTrayIcon } from '../../electron/main/tray-icon';
import { encodePng } from '../../scripts/make-icons';

const root = resolve(import.meta.dirname, '../..');

describe('electron-builder configuration', () => {
  it('is valid for electron-builder and targets deb, dmg (+ zip for updates) and nsis', async () => {
    const config = await getConfig(root, join(root, 'electron-builder.yml'), null);
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
    // No AppImage: it aborts at launch under Ubuntu ≥ 23.10's AppArmor; the deb installs a profile.
    expect(config.linux?.target).toEqual(['deb']);
    expect(config.mac?.target).toEqual(['dmg', 'zip']);
    expect(config.win?.target).toBe('nsis');
    expect(config.asarUnpack).toContain('**/node_modules/keytar/**');
    expect(JSON.stringify(config.files)).toContain('out/preload/**');
    // The validator does bite: a wrong key is refused.
    await expect(
      validateConfiguration(
        { ...config, linux: { targett: 'deb' } } as never,
        new DebugLogger(false),
      ),
    ).rejects.toThrow(/Invalid configuration object/);
  });

  it('flips the security fuses in the packaged binary', async () => {
    const config = await getConfig(root, join(root, 'electron-builder.yml'), null);
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableCookieEncryption: true,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('names the app Tasktray everywhere, so its folder, menu and window class agree', async () => {
    const config = await getConfig(root, join(root, 'electron-builder.yml'), null);
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      productName?: string;
    };
    expect(pkg.productName).toBe('Tasktray');
    expect(config.productName).toBe('Tasktray');
    expect(config.linux?.desktop?.entry?.StartupWMClass).toBe(pkg.productName);
    expect(config.linux?.executableName).toBe('tasktray');
  });

  it('keeps every default deb dependency (xdg-utils for links and sign-in) and adds the tray’s', async () => {
    const config = await getConfig(root, join(root, 'electron-builder.yml'), null);
    const depends = config.deb?.depends ?? [];
    const defaults = (
      FpmTarget.prototype as unknown as { getDefaultDepends(target: string): string[] }
    ).getDefaultDepends('deb');
    expect(defaults).toContain('xdg-utils');
    for (const name of defaults) expect(depends).toContain(name);
    expect(depends).toContain('libayatana-appindicator3-1 | libappindicator3-1');
  });

  it('asks macOS for alert-style notifications, the only style with buttons', async () => {
    const config = await getConfig(root, join(root, 'electron-builder.yml'), null);
    expect(config.mac?.extendInfo).toMatchObject({ NSUserNotificationAlertStyle: 'alert' });
  });

  it('takes the update feed from TASKTRAY_UPDATE_URL at build time, not a placeholder, and registers tasktray://', async () => {
    const plain = await getConfig(root, join(root, 'electron-builder.yml'), null);
    expect(plain.publish).toBeUndefined();
    expect(plain.protocols).toEqual([{ name: 'Tasktray task link', schemes: ['tasktray'] }]);

    const dist = (env: Record<string, string>) =>
      spawnSync(process.execPath, ['scripts/dist.mjs', '--print'], {
        cwd: root,
        env: { ...process.env, TASKTRAY_UPDATE_URL: '', ...env },
        encoding: 'utf8',
      });
    const without = dist({});
    expect(without.status).toBe(0);
    expect(without.stdout).toContain('electron-builder --config electron-builder.yml\n');
    expect(without.stderr).toMatch(/without updates: TASKTRAY_UPDATE_URL is not set/);
    expect(dist({ TASKTRAY_UPDATE_URL: 'http://updates.example.org/' }).status).toBe(2);

    const feed = 'https://updates.example.org/tasktray';
    const withFeed = dist({ TASKTRAY_UPDATE_URL: feed });
    expect(withFeed.status).toBe(0);
    const line = withFeed.stdout.split('\n').find((l) => l.startsWith('electron-builder'));
    const args = (line ?? '').split(' ').slice(1);
    // electron-builder's own parsing of those arguments, then its config loading and schema.
    const { configureBuildCommand, normalizeOptions } =
      await import('electron-builder/out/builder');
    // electron-builder's own yargs (it has no type declarations here).
    const yargs = createRequire(import.meta.url)('yargs') as (
      argv: string[],
    ) => Parameters<typeof configureBuildCommand>[0];
    const parsed = normalizeOptions(
      configureBuildCommand(yargs(args)).parseSync() as Parameters<typeof normalizeOptions>[0],
    );
    const config = await getConfig(root, null, parsed.config as Configuration);
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
    expect(config.publish).toEqual({ provider: 'generic', url: feed });
    expect(config.appId).toBe('com.tasktray.app');
  });

  it('ships the icon drawn by the tray icon code, as a 512×512 PNG', () => {
    const png = readFileSync(join(root, 'build', 'icon.png'));
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([512, 512]);
    const icon = drawTrayIcon('normal', '', 512);
    expect(png.equals(encodePng(icon.width, icon.height, icon.rgba))).toBe(true);
  });
});
