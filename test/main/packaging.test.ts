// The installers cannot be built here (electron-builder downloads Electron), but their
// configuration is checked against electron-builder's own schema, and the icon is a real PNG.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config';
import { DebugLogger } from 'builder-util/out/DebugLogger';
import { drawTrayIcon } from '../../electron/main/tray-icon';
import { encodePng } from '../../scripts/make-icons';

const root = resolve(import.meta.dirname, '../..');

describe('electron-builder configuration', () => {
  it('is valid for electron-builder and targets AppImage, deb, dmg and nsis', async () => {
    const config = await getConfig(root, join(root, 'electron-builder.yml'), null);
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
    expect(config.linux?.target).toEqual(['AppImage', 'deb']);
    expect(config.mac?.target).toBe('dmg');
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

  it('ships the icon drawn by the tray icon code, as a 512×512 PNG', () => {
    const png = readFileSync(join(root, 'build', 'icon.png'));
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([512, 512]);
    const icon = drawTrayIcon('normal', '', 512);
    expect(png.equals(encodePng(icon.width, icon.height, icon.rgba))).toBe(true);
  });
});
