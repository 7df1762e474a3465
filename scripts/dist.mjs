#!/usr/bin/env node
// `npm run dist`: the installers (electron-builder.yml). The update feed is a build-time setting:
// TASKTRAY_UPDATE_URL, the https folder the release's dist/ files (latest*.yml and installers)
// are published to, becomes the installed app's generic feed (electron-builder writes it into
// app-update.yml). Without it the installers are built without updates, and the app logs
// "updates are off" (the running app also reads TASKTRAY_UPDATE_URL: electron/main/update-feed.ts).
// `--print` shows the commands instead of running them.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { URL } from 'node:url';

const require = createRequire(import.meta.url);
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** The same rule as the app's (update-feed.ts): https, plain http only on this machine, no password. */
function feedUrlProblem(value) {
  let url;
  try {
    url = new URL(value);
  } catch {
    return 'it is not a URL';
  }
  if (url.username || url.password) return 'it must not contain a user or password';
  if (url.protocol === 'https:') return null;
  if (url.protocol === 'http:' && LOOPBACK.has(url.hostname)) return null;
  return 'it must be an https:// address';
}

function binOf(pkg, name) {
  const manifest = require.resolve(`${pkg}/package.json`);
  const { bin } = JSON.parse(readFileSync(manifest, 'utf8'));
  return join(dirname(manifest), typeof bin === 'string' ? bin : bin[name]);
}

const print = process.argv.includes('--print');
const passOn = process.argv.slice(2).filter((arg) => arg !== '--print');
const feed = process.env.TASKTRAY_UPDATE_URL?.trim() ?? '';
const builderArgs = ['--config', 'electron-builder.yml'];
if (feed) {
  const problem = feedUrlProblem(feed);
  if (problem) {
    console.error(
      `npm run dist: TASKTRAY_UPDATE_URL (${JSON.stringify(feed)}) cannot be used: ${problem}.`,
    );
    process.exit(2);
  }
  builderArgs.push('-c.publish.provider=generic', `-c.publish.url=${feed}`);
  console.error(
    `Installers update from ${feed}: publish dist/'s latest*.yml and installers there.`,
  );
} else {
  console.error(
    'Installers without updates: TASKTRAY_UPDATE_URL is not set (the https folder releases are published to).',
  );
}

const steps = [
  ['electron-vite', binOf('electron-vite', 'electron-vite'), ['build']],
  ['electron-builder', binOf('electron-builder', 'electron-builder'), [...builderArgs, ...passOn]],
];
for (const [name, bin, args] of steps) {
  if (print) {
    console.log([name, ...args].join(' '));
    continue;
  }
  const result = spawnSync(process.execPath, [bin, ...args], { stdio: 'inherit' });
  if (result.error) {
    console.error(`npm run dist: running ${name} failed: ${result.error.message}`);
    process.exit(1);
  }
  if (result.status !== 0) process.exit(result.status ?? 1);
}
