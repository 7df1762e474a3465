#!/usr/bin/env node
// `npm start`: build and run the tray app — or, where the Electron binary is not installed (it is
// downloaded by electron's own install step, which offline machines skip), say what to do instead
// of failing with a stack trace.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

/** The Electron binary's path, or null when the package is there but its binary is not. */
function electronBinary() {
  let dir;
  try {
    dir = dirname(require.resolve('electron/package.json'));
  } catch {
    return null;
  }
  // The same rules as electron's own index.js, without its throw.
  const pathFile = join(dir, 'path.txt');
  const executable = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : null;
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const binary = override
    ? join(override, executable ?? 'electron')
    : executable && join(dir, 'dist', executable);
  return binary && existsSync(binary) ? binary : null;
}

if (electronBinary() === null) {
  console.error(`Tasktray cannot start here: the Electron binary is not installed.

npm installed the electron package without its binary (ELECTRON_SKIP_BINARY_DOWNLOAD, or no
internet). To get it:
  - on a machine with internet: npm install (or: node node_modules/electron/install.js)
  - or point ELECTRON_OVERRIDE_DIST_PATH at an unpacked Electron build

Meanwhile:
  - npm run dev:web      shows the windows in a browser, against the demo
  - npm run tasktray -- demo   runs the engine and the demo in the terminal`);
  process.exit(1);
}

/** electron-vite's command-line script, run by this same Node: no npx, no shell, no `.cmd` shim. */
function electronViteBin() {
  try {
    const manifest = require.resolve('electron-vite/package.json');
    const { bin } = JSON.parse(readFileSync(manifest, 'utf8'));
    return join(dirname(manifest), typeof bin === 'string' ? bin : bin['electron-vite']);
  } catch (error) {
    console.error(`Tasktray cannot start: electron-vite is not installed (${error.message}).
Run npm install first.`);
    process.exit(1);
  }
}

const bin = electronViteBin();
const run = (args) => {
  const result = spawnSync(process.execPath, [bin, ...args], { stdio: 'inherit' });
  if (result.error) {
    console.error(`Tasktray cannot start: running electron-vite failed: ${result.error.message}`);
    return 1;
  }
  return result.status ?? 1;
};
const built = run(['build']);
if (built !== 0) process.exit(built);
process.exit(run(['preview', ...process.argv.slice(2)]));
