// Updates with the real electron-updater (its Debian updater, as the deb target gets) against a
// local HTTP feed serving latest-linux.yml and the package, as electron-builder publishes them.
import { translator } from '../../shared/i18n/translate';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import {
  createServer,
  request,
  type ClientRequest,
  type IncomingMessage,
  type RequestOptions,
  type Server,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DebUpdater } from 'electron-updater';
import { ElectronHttpExecutor } from 'electron-updater/out/electronHttpExecutor';
import type { AppAdapter } from 'electron-updater/out/AppAdapter';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger, type LogRecord } from '../../electron/core/logger';
import { UPDATE_URL_ENV, feedUrlProblem, resolveUpdateFeed } from '../../electron/main/update-feed';
import { UpdateController, installUpdates, type UpdateState } from '../../electron/main/updates';

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

/** A feed folder: the channel file for any platform, and the package it names. */
async function feed(version: string, options: { brokenYaml?: boolean } = {}) {
  const pkg = randomBytes(64 * 1024);
  const name = `Tasktray_${version}_amd64.deb`;
  const sha512 = createHash('sha512').update(pkg).digest('base64');
  const yml = options.brokenYaml
    ? 'version: [unterminated'
    : `version: ${version}
files:
  - url: ${name}
    sha512: ${sha512}
    size: ${pkg.length}
path: ${name}
sha512: ${sha512}
releaseDate: '2026-12-01T00:00:00.000Z'
`;
  const requests: string[] = [];
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    requests.push(path);
    if (path.endsWith('.yml')) res.writeHead(200, { 'Content-Type': 'text/yaml' }).end(yml);
    else if (path === `/${name}`)
      res.writeHead(200, { 'Content-Length': String(pkg.length) }).end(pkg);
    else res.writeHead(404).end();
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests, pkg };
}

/** electron-updater's own executor with its transport swapped: Node's http for Electron's net. */
class NodeNetExecutor extends ElectronHttpExecutor {
  constructor() {
    super(() => undefined);
  }
  override createRequest(
    options: RequestOptions,
    callback: (response: IncomingMessage) => void,
  ): ReturnType<ElectronHttpExecutor['createRequest']> {
    const req: ClientRequest = request(options);
    req.on('response', callback);
    return req as unknown as ReturnType<ElectronHttpExecutor['createRequest']>;
  }
  protected override addRedirectHandlers(): void {
    // The feeds here answer directly.
  }
}

/** Records the install instead of running dpkg through sudo: the one step left to the OS. */
class RecordingDebUpdater extends DebUpdater {
  installs: [boolean | undefined, boolean | undefined][] = [];
  override quitAndInstall(isSilent?: boolean, isForceRunAfter?: boolean): void {
    this.installs.push([isSilent, isForceRunAfter]);
  }
}

/** The installed app as electron-updater sees it, with app-update.yml as electron-builder writes it. */
function installedApp(feedUrl: string | null): { updater: RecordingDebUpdater; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'tasktray-update-'));
  // Built without a feed: electron-builder writes no app-update.yml.
  if (feedUrl !== null)
    writeFileSync(
      join(dir, 'app-update.yml'),
      `provider: generic\nurl: ${feedUrl}\nupdaterCacheDirName: tasktray-updater\n`,
    );
  const app: AppAdapter = {
    version: '0.1.0',
    name: 'Tasktray',
    isPackaged: true,
    appUpdateConfigPath: join(dir, 'app-update.yml'),
    userDataPath: join(dir, 'user-data'),
    baseCachePath: join(dir, 'cache'),
    whenReady: () => Promise.resolve(),
    relaunch: () => undefined,
    quit: () => undefined,
    onQuit: () => undefined,
  };
  const updater = new RecordingDebUpdater(null, app);
  // In the app Electron's net does the requests; here Node's http does.
  (updater as unknown as { httpExecutor: NodeNetExecutor }).httpExecutor = new NodeNetExecutor();
  return { updater, dir };
}

function controllerFor(updater: RecordingDebUpdater) {
  const logs: LogRecord[] = [];
  const states: UpdateState[] = [];
  let reached: ((state: UpdateState) => void) | null = null;
  const controller = new UpdateController({
    updater,
    logger: createLogger((record) => logs.push(record)),
    onChange: (state) => {
      states.push(state);
      reached?.(state);
    },
    now: () => 1_000,
  });
  /** Resolves at the next change to a state of this kind. */
  const until = (kind: UpdateState['kind']) =>
    new Promise<UpdateState>((resolve) => {
      const previous = reached;
      reached = (state) => {
        previous?.(state);
        if (state.kind === kind) resolve(state);
      };
    });
  return { controller, logs, states, until };
}

describe('updates through electron-updater', () => {
  it('finds a newer version in the feed, downloads and verifies it, then offers "Restart to update"', async () => {
    const server = await feed('0.2.0');
    const { updater } = installedApp(server.url);
    const { controller, states, until } = controllerFor(updater);
    expect(controller.menuItems()).toEqual([]);
    const ready = until('ready');
    await controller.check();
    await ready;
    expect(states.map((s) => s.kind)).toEqual(['checking', 'downloading', 'ready']);
    expect(server.requests).toContain('/latest-linux.yml');
    expect(server.requests).toContain('/Tasktray_0.2.0_amd64.deb');
    const items = controller.menuItems();
    expect(items.map((i) => i.label)).toEqual(['Restart to update (0.2.0)']);
    const downloaded = (updater as unknown as { installerPath: string }).installerPath;
    expect(readFileSync(downloaded).equals(server.pkg)).toBe(true);
    (items[0]?.click as () => void)();
    expect(updater.installs).toEqual([[false, true]]);
  });

  it('offers nothing when the feed has the running version', async () => {
    const server = await feed('0.1.0');
    const { updater } = installedApp(server.url);
    const { controller, until } = controllerFor(updater);
    const idle = until('idle');
    await controller.check();
    expect(await idle).toEqual({ kind: 'idle', checkedAt: 1_000 });
    expect(controller.menuItems()).toEqual([]);
    expect(server.requests.some((p) => p.endsWith('.deb'))).toBe(false);
  });

  it('turns an unreadable or unreachable feed into a logged failure, not a crash', async () => {
    const broken = await feed('0.2.0', { brokenYaml: true });
    const one = controllerFor(installedApp(broken.url).updater);
    await one.controller.check();
    expect(one.controller.state.kind).toBe('failed');
    expect(one.logs.some((l) => l.message === 'update check failed')).toBe(true);

    const gone = await feed('0.2.0');
    servers.pop()?.close();
    const two = controllerFor(installedApp(gone.url.replace(/:\d+$/, ':1')).updater);
    await two.controller.check();
    expect(two.controller.state.kind).toBe('failed');
    expect(two.controller.menuItems()).toEqual([]);
  });

  it('stays off in a development run, where there is nothing to update', () => {
    const installed = installUpdates({
      isPackaged: false,
      feed: { kind: 'built-in' },
      configDir: tmpdir(),
      loadUpdater: () => Promise.reject(new Error('must not be loaded')),
      logger: createLogger(() => undefined),
      onChange: () => undefined,
    });
    expect(installed.state.kind).toBe('off');
    expect(installed.menuItems()).toEqual([]);
    installed.stop();
  });
});

describe('the update feed is a setting', () => {
  const none = { env: {}, appUpdateConfig: null, exists: () => false };

  it('comes from the build (app-update.yml), else TASKTRAY_UPDATE_URL, else nowhere — said why', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tasktray-feed-'));
    const yml = join(dir, 'app-update.yml');
    expect(resolveUpdateFeed({ ...none, appUpdateConfig: yml, exists: existsSync })).toMatchObject({
      kind: 'none',
    });
    writeFileSync(yml, 'provider: generic\nurl: https://updates.example.org/tasktray\n');
    expect(resolveUpdateFeed({ ...none, appUpdateConfig: yml, exists: existsSync })).toEqual({
      kind: 'built-in',
    });
    // The environment wins over the build: a mirror, or a test feed.
    expect(
      resolveUpdateFeed({
        env: { [UPDATE_URL_ENV]: 'https://mirror.example.org/tasktray' },
        appUpdateConfig: yml,
        exists: existsSync,
      }),
    ).toEqual({ kind: 'url', url: 'https://mirror.example.org/tasktray' });
    const nothing = resolveUpdateFeed(none);
    expect(nothing.kind).toBe('none');
    expect(nothing.kind === 'none' && nothing.reason).toMatch(/built without an update feed/);
    expect(nothing.kind === 'none' && nothing.reason).toContain('TASKTRAY_UPDATE_URL');
  });

  it('refuses a feed that is not https (plain http only on this machine) or carries a password', () => {
    for (const url of [
      'http://updates.example.org/',
      'ftp://updates.example.org/',
      'https://user:pw@updates.example.org/',
      'not a url',
    ]) {
      const feed = resolveUpdateFeed({ ...none, env: { [UPDATE_URL_ENV]: url } });
      expect(feed.kind, url).toBe('none');
    }
    expect(feedUrlProblem('http://127.0.0.1:8080/feed')).toBeNull();
  });

  it('an installed copy without a feed: updates off, one clear log line, the updater never loaded', () => {
    const logs: LogRecord[] = [];
    const installed = installUpdates({
      isPackaged: true,
      feed: resolveUpdateFeed(none),
      configDir: tmpdir(),
      loadUpdater: () => Promise.reject(new Error('must not be loaded')),
      logger: createLogger((record) => logs.push(record)),
      onChange: () => undefined,
    });
    expect(installed.state).toMatchObject({ kind: 'off' });
    expect(installed.menuItems()).toEqual([]);
    expect(logs.map((l) => [l.level, l.message])).toEqual([
      [
        'info',
        'updates are off: this copy was built without an update feed (build it with TASKTRAY_UPDATE_URL=https://… npm run dist, or set TASKTRAY_UPDATE_URL in its environment)',
      ],
    ]);
    installed.stop();
  });

  it('TASKTRAY_UPDATE_URL points an installed copy built without a feed at one, and it updates', async () => {
    const server = await feed('0.2.0');
    const { updater, dir } = installedApp(null);
    let reached: (() => void) | null = null;
    const ready = new Promise<void>((resolve) => (reached = resolve));
    const installed = installUpdates({
      isPackaged: true,
      feed: resolveUpdateFeed({ ...none, env: { [UPDATE_URL_ENV]: server.url } }),
      loadUpdater: async () => updater,
      logger: createLogger(() => undefined),
      onChange: (state) => {
        if (state.kind === 'ready') reached?.();
      },
      firstCheckMs: 0,
      configDir: dir,
    });
    try {
      await ready;
      expect(server.requests).toContain('/latest-linux.yml');
      expect(readFileSync(join(dir, 'app-update.yml'), 'utf8')).toBe(
        `provider: generic\nurl: "${server.url}/"\nupdaterCacheDirName: tasktray-updater\n`,
      );
      expect(installed.menuItems().map((i) => i.label)).toEqual(['Restart to update (0.2.0)']);
      expect(installed.menuItems(translator('es')).map((i) => i.label)).toEqual([
        'Reiniciar para actualizar (0.2.0)',
      ]);
    } finally {
      installed.stop();
    }
  });
});
