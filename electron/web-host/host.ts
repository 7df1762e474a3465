// The browser test host: the real engine, AppService and demo simulator behind the same IPC
// contract as the Electron shell, served to a browser over loopback HTTP with a per-run token.
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { IpcEventChannel, IpcEventPayload } from '../../shared/ipc';
import { AppService } from '../app/app-service';
import { toDemoAccounts } from '../app/demo-accounts';
import { engineSecrets } from '../app/engine-secrets';
import { Engine } from '../core/engine';
import { FileStateStore } from '../core/file-state-store';
import { dispatch, type AnyHandlers } from '../app/ipc-dispatch';
import { silentLogger, type Logger } from '../core/logger';
import { MemorySecretStore, MemoryStateStore, systemClock } from '../core/ports';
import { systemTimeZone } from '../core/time';
import { startDemo, type DemoPace, type RunningDemo } from '../simulator/demo';
import type { SimLimits } from '../simulator/server';
import { handleApi } from './api';
import { MemorySettings } from './memory-settings';
import { EventHub } from './event-hub';
import { serveStatic, type StaticCache } from './static-files';
import { runHandled } from '../../shared/detached';

export interface WebHostOptions {
  /** The built renderer (vite.renderer.config.ts's outDir). */
  rendererDir: string;
  /** 0 (the default) picks a free port. */
  port?: number;
  logger?: Logger;
  /** The demo simulator's scenario; `limits` overrides its vendors' documented rate limits. */
  demo?: { pace?: Partial<DemoPace>; seed?: number; limits?: SimLimits };
  /** Poll floor for the simulator, which caches nothing (tests poll every second or two). */
  pollFloorMs?: number;
  /** The engine's state in this folder, one file per document as in the app; else in memory. */
  stateDir?: string;
}

export interface RunningWebHost {
  /** Open this: origin, token and the inbox route. */
  url: string;
  origin: string;
  token: string;
  demo: RunningDemo;
  engine: Engine;
  /** URLs "opened in the browser" by open-in-vendor. */
  opened: string[];
  /** What the windows asked of the shell (window:* calls), in order. */
  windowRequests: string[];
  startAtLogin: () => boolean;
  close(): Promise<void>;
}

export async function startWebHost(options: WebHostOptions): Promise<RunningWebHost> {
  const logger = options.logger ?? silentLogger;
  const { stateDir } = options;
  const token = randomBytes(24).toString('base64url');
  const demo = await startDemo(options.demo);
  const demoAccounts = await toDemoAccounts(demo.accounts);
  // The "keychain" of this host: in memory, gone with the process.
  const keychain = new MemorySecretStore();
  const settings = new MemorySettings();
  // As in the app: stored secrets go only to the origins they were saved for.
  const secrets = engineSecrets({
    keychain,
    accounts: () => settings.read().accounts,
    demo: () => demoAccounts,
  });
  const hub = new EventHub();
  const opened: string[] = [];
  const windowRequests: string[] = [];
  let startAtLogin = true;
  const adapterDeps = { fetch: globalThis.fetch, clock: systemClock, logger, secrets };
  let service: AppService | null = null;
  const engine = new Engine({
    deps: adapterDeps,
    store: stateDir ? new FileStateStore(stateDir) : new MemoryStateStore(),
    preferences: () => {
      if (!service) throw new Error('The app service is not ready yet.');
      return service.preferences();
    },
    language: () => settings.read().language,
    timeZone: systemTimeZone(),
    ...(options.pollFloorMs === undefined ? {} : { pollFloorMs: options.pollFloorMs }),
  });
  engine.on('problem', (report) => logger.warn('engine state could not be read back', { report }));
  service = new AppService({
    engine,
    settings,
    secrets: keychain,
    host: {
      openExternal: async (url) => {
        opened.push(url);
        logger.info('open in browser (recorded, not opened)', { url });
      },
      setStartAtLogin: async (enabled) => {
        startAtLogin = enabled;
        return enabled;
      },
      ...(stateDir ? { saveFolder: () => stateDir } : {}),
    },
    demo: demoAccounts,
    adapterDeps,
    emit: <E extends IpcEventChannel>(event: E, payload: IpcEventPayload<E>) =>
      hub.publish(event, payload),
  });
  await service.start();

  const handlers: AnyHandlers = {
    ...service.handlers,
    'window:open-inbox': async () => {
      windowRequests.push('open-inbox');
      return null;
    },
    'window:close': async () => {
      windowRequests.push('close');
      return null;
    },
  };

  let origin = '';
  const files: StaticCache = new Map();
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', origin);
    // Only this origin's own name: a DNS-rebinding page cannot reach the API under another host.
    if (req.headers.host !== new URL(origin).host) {
      res.writeHead(421, { 'Content-Type': 'text/plain' }).end('Misdirected request');
      return;
    }
    if (url.pathname.startsWith('/api/')) {
      handleApi(req, res, url, {
        token,
        hub,
        call: (channel, payload) => dispatch(handlers, channel, payload, logger),
      }).catch((error: unknown) => {
        logger.error('web host request failed', { error });
        if (!res.headersSent) res.writeHead(500).end();
      });
      return;
    }
    runHandled(serveStatic(options.rendererDir, url.pathname, req, res, files)); // answers its own errors
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  origin = `http://127.0.0.1:${port}`;

  return {
    url: `${origin}/?token=${token}#/inbox`,
    origin,
    token,
    demo,
    engine,
    opened,
    windowRequests,
    startAtLogin: () => startAtLogin,
    close: async () => {
      hub.closeAll();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await engine.stop();
      await demo.stop();
    },
  };
}
