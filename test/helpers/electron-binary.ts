// Where the Electron binary is, by the electron package's own rules — or null where it was never
// downloaded (ELECTRON_SKIP_BINARY_DOWNLOAD, offline CI).
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export function electronBinary(): string | null {
  const require = createRequire(import.meta.url);
  const dir = dirname(require.resolve('electron/package.json'));
  const pathFile = join(dir, 'path.txt');
  const executable = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : null;
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const binary = override
    ? join(override, executable ?? 'electron')
    : executable && join(dir, 'dist', executable);
  return binary && existsSync(binary) ? binary : null;
}
