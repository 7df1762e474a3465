// A test double of the Electron main-process API the shell uses, good enough to run startShell
// end to end in Node. Windows are real: each BrowserWindow is a Playwright page in Chromium that
// loads the real renderer from the shell's own app:// handler (served over loopback HTTP) with the
// real preload (bundled with `electron` swapped for ./preload-shim.ts), so IPC goes through the
// shell's ipcMain handler with a real sender frame. Tray, Menu, Notification, app, powerMonitor,
// screen and the rest record what they are given and let tests click them. net.request speaks
// real HTTP with Electron's documented behaviours: a manual redirect that is not followed cancels
// the request; cookies are kept per session and sent only when the request asks for them.
import { EventEmitter } from 'node:events';
import {
  createServer,
  request as httpRequest,
  type IncomingHttpHeaders,
  type Server,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { build } from 'esbuild';
import type {
  BrowserWindowConstructorOptions,
  ClientRequestConstructorOptions,
  MenuItemConstructorOptions,
  NotificationConstructorOptions,
} from 'electron';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { MessageLink } from '../../electron/app/host-link';
import type { ElectronApi } from '../../electron/main/electron-api';

const root = join(import.meta.dirname, '../..');

/**
 * Fires whenever anything a test can observe through a double changes (the tray, a notification,
 * a window or its page, the app, a shortcut): what tests wait on instead of polling. Every event
 * the engine sends refreshes the tray, so engine changes reach it too.
 */
export const doubleChanges = new EventEmitter().setMaxListeners(0);
const changed = () => doubleChanges.emit('change');

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface DisplayDouble {
  id: number;
  bounds: Rect;
  workArea: Rect;
  scaleFactor: number;
}

export interface DoubleOptions {
  browser: Browser;
  userData: string;
  isPackaged?: boolean;
  displays?: DisplayDouble[];
  /** Whether this process gets the single-instance lock (false: another Tasktray runs). */
  singleInstanceLock?: boolean;
  /** What app.getLoginItemSettings says beyond openAtLogin. */
  loginItems?: { wasOpenedAtLogin?: boolean; executableWillLaunchAtLogin?: boolean };
  notificationsSupported?: boolean;
  /**
   * What utilityProcess.fork runs: given the module's path and the child's end of a
   * MessageChannel (structured clone, delivered in order and asynchronously, as parentPort's),
   * it starts the module's work in this process and returns what the tests may inspect.
   */
  utility?: (modulePath: string, link: MessageLink, api: ElectronApi) => Promise<unknown>;
}

const DEFAULT_DISPLAY: DisplayDouble = {
  id: 1,
  bounds: { x: 0, y: 0, width: 1920, height: 1080 },
  workArea: { x: 0, y: 0, width: 1920, height: 1040 },
  scaleFactor: 1,
};

let preloadBundle: Promise<string> | null = null;

/** The real preload, bundled once with `electron` replaced by the shim. */
function preloadScript(): Promise<string> {
  preloadBundle ??= build({
    entryPoints: [join(root, 'electron/preload/index.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'chrome120',
    alias: { electron: join(root, 'test/shell/preload-shim.ts') },
    logLevel: 'warning',
  }).then((result) => result.outputFiles[0]?.text ?? '');
  return preloadBundle;
}

// ── menus ────────────────────────────────────────────────────────────────────
export class MenuDouble {
  constructor(readonly items: MenuItemConstructorOptions[]) {}

  /** The item at this label path ("Pause notifications", "For 1 hour"). */
  item(...labels: string[]): MenuItemConstructorOptions {
    let items = this.items;
    let found: MenuItemConstructorOptions | undefined;
    for (const label of labels) {
      found = items.find((i) => i.label === label || i.label?.startsWith(label));
      if (!found)
        throw new Error(`No menu item "${label}" in ${items.map((i) => i.label).join(', ')}`);
      items = Array.isArray(found.submenu) ? found.submenu : [];
    }
    if (!found) throw new Error('No label given');
    return found;
  }

  /** Clicks like Electron: a checkbox flips `checked` before its click handler runs. */
  click(...labels: string[]): void {
    const item = this.item(...labels);
    if (item.enabled === false) throw new Error(`Menu item "${labels.join(' › ')}" is disabled`);
    const clicked = item.type === 'checkbox' ? { ...item, checked: !item.checked } : item;
    (clicked.click as ((menuItem: unknown) => void) | undefined)?.(clicked);
  }
}

// ── images ───────────────────────────────────────────────────────────────────
export interface Representation {
  scaleFactor: number;
  width: number;
  height: number;
  buffer: Buffer;
}

export class ImageDouble {
  readonly representations: Representation[] = [];
  addRepresentation(rep: Representation): void {
    this.representations.push(rep);
  }
  getScaleFactors(): number[] {
    return this.representations.map((r) => r.scaleFactor);
  }
}

// ── tray ─────────────────────────────────────────────────────────────────────
export class TrayDouble extends EventEmitter {
  image: ImageDouble;
  tooltip = '';
  title = '';
  contextMenu: MenuDouble | null = null;
  contextMenuSets = 0;
  poppedUp: MenuDouble[] = [];
  destroyed = false;

  constructor(image: ImageDouble) {
    super();
    this.image = image;
  }
  setImage(image: ImageDouble): void {
    this.image = image;
    changed();
  }
  setToolTip(text: string): void {
    this.tooltip = text;
    changed();
  }
  setTitle(text: string): void {
    this.title = text;
    changed();
  }
  setContextMenu(menu: MenuDouble | null): void {
    this.contextMenu = menu;
    this.contextMenuSets += 1;
    changed();
  }
  popUpContextMenu(menu?: MenuDouble): void {
    const shown = menu ?? this.contextMenu;
    if (shown) this.poppedUp.push(shown);
  }
  getBounds(): Rect {
    return { x: 0, y: 0, width: 0, height: 0 };
  }
  destroy(): void {
    this.destroyed = true;
    changed();
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  /** A left click, as the OS reports it. */
  click(): void {
    this.emit('click', {}, this.getBounds());
  }
  rightClick(): void {
    this.emit('right-click', {}, this.getBounds());
  }
}

// ── notifications ────────────────────────────────────────────────────────────
export class NotificationDouble extends EventEmitter {
  shown = false;
  closed = false;
  constructor(readonly options: NotificationConstructorOptions) {
    super();
  }
  show(): void {
    this.shown = true;
    this.emit('show', {});
    changed();
  }
  close(): void {
    this.closed = true;
    changed();
  }
  /** The user clicks it (the banner, or later its entry in the Action Center). */
  click(): void {
    this.emit('click', {});
  }
  action(index: number): void {
    this.emit('action', {}, index);
  }
  /** The banner went away by itself (Windows: it moves to the Action Center). */
  timeOut(): void {
    this.emit('close', { reason: 'timedOut' });
  }
}

// ── sessions and net ─────────────────────────────────────────────────────────
export class SessionDouble {
  /** Cookie jar: origin → name → value. */
  readonly cookies = new Map<string, Map<string, string>>();
  permissionRequestHandler: unknown = null;
  permissionCheckHandler: unknown = null;
  headersReceived: unknown = null;
  readonly webRequest = {
    onHeadersReceived: (listener: unknown) => {
      this.headersReceived = listener;
    },
  };
  constructor(readonly partition: string) {}
  setPermissionRequestHandler(handler: unknown): void {
    this.permissionRequestHandler = handler;
  }
  setPermissionCheckHandler(handler: unknown): void {
    this.permissionCheckHandler = handler;
  }
  cookieHeader(url: URL): string | null {
    const jar = this.cookies.get(url.origin);
    if (!jar || jar.size === 0) return null;
    return [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
  }
  store(url: URL, setCookie: string[]): void {
    const jar = this.cookies.get(url.origin) ?? new Map<string, string>();
    for (const line of setCookie) {
      const [pair = ''] = line.split(';');
      const at = pair.indexOf('=');
      if (at > 0) jar.set(pair.slice(0, at).trim(), pair.slice(at + 1).trim());
    }
    this.cookies.set(url.origin, jar);
  }
}

type ElectronHeaders = Record<string, string | string[]>;

function electronHeaders(headers: IncomingHttpHeaders): ElectronHeaders {
  const out: ElectronHeaders = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) out[name] = value;
  }
  return out;
}

class IncomingMessageDouble extends EventEmitter {
  constructor(
    readonly statusCode: number,
    readonly statusMessage: string,
    readonly headers: ElectronHeaders,
  ) {
    super();
  }
}

/** Electron's ClientRequest over Node's http, with its redirect and cookie rules. */
export class ClientRequestDouble extends EventEmitter {
  private readonly headers: Record<string, string> = {};
  private readonly chunks: Buffer[] = [];
  private aborted = false;
  private current: ReturnType<typeof httpRequest> | null = null;
  private followRedirectCb: (() => void) | undefined;
  readonly url: URL;
  readonly method: string;

  constructor(
    readonly options: ClientRequestConstructorOptions,
    private readonly session: SessionDouble,
  ) {
    super();
    this.url = new URL(options.url ?? '');
    this.method = options.method ?? 'GET';
  }

  /** Whether this request's cookies come from and go to its session (Electron's rule). */
  private get usesCookies(): boolean {
    if (this.options.credentials === 'omit') return false;
    if (this.options.credentials === 'include') return true;
    return this.options.useSessionCookies === true;
  }

  setHeader(name: string, value: string): void {
    if (['content-length', 'host', 'connection'].includes(name.toLowerCase())) {
      throw new Error(`Refused to set unsafe header "${name}"`);
    }
    this.headers[name] = value;
  }
  getHeader(name: string): string | undefined {
    return this.headers[name];
  }
  write(chunk: Buffer | string): boolean {
    this.chunks.push(Buffer.from(chunk));
    return true;
  }
  end(chunk?: Buffer | string): this {
    if (chunk !== undefined) this.write(chunk);
    this.send(this.url, this.method);
    return this;
  }
  abort(): void {
    if (this.aborted) return;
    this.aborted = true;
    this.current?.destroy();
    this.emit('abort');
  }
  followRedirect(): void {
    if (!this.followRedirectCb)
      throw new Error('followRedirect() called, but was not waiting for a redirect');
    this.followRedirectCb();
  }

  private send(url: URL, method: string): void {
    const headers: Record<string, string> = { ...this.headers };
    const cookie = this.usesCookies ? this.session.cookieHeader(url) : null;
    if (cookie) headers.Cookie = cookie;
    const body = Buffer.concat(this.chunks);
    if (body.length > 0) headers['Content-Length'] = String(body.length);
    const req = httpRequest(url, { method, headers }, (res) => {
      if (this.aborted) return;
      const status = res.statusCode ?? 0;
      const setCookie = res.headers['set-cookie'];
      if (setCookie && this.usesCookies) this.session.store(url, setCookie);
      const location = res.headers.location;
      if (status >= 300 && status < 400 && location) {
        res.resume();
        this.redirect(status, method, new URL(location, url), electronHeaders(res.headers));
        return;
      }
      const message = new IncomingMessageDouble(
        status,
        res.statusMessage ?? '',
        electronHeaders(res.headers),
      );
      this.emit('response', message);
      res.on('data', (chunk: Buffer) => message.emit('data', chunk));
      res.on('end', () => message.emit('end'));
      res.on('error', (error) => message.emit('error', error));
    });
    this.current = req;
    req.on('error', (error) => {
      if (!this.aborted) this.emit('error', error);
    });
    req.end(body.length > 0 ? body : undefined);
  }

  private redirect(status: number, method: string, to: URL, headers: ElectronHeaders): void {
    const mode = this.options.redirect ?? 'follow';
    if (mode === 'error') {
      this.emit('error', new Error("Attempted to redirect, but redirect policy was 'error'"));
      return;
    }
    if (mode === 'follow') {
      this.send(to, status === 303 ? 'GET' : method);
      return;
    }
    let follow = false;
    this.followRedirectCb = () => {
      follow = true;
    };
    try {
      this.emit('redirect', status, method, to.toString(), headers);
    } finally {
      this.followRedirectCb = undefined;
      if (follow) this.send(to, status === 303 ? 'GET' : method);
      else if (!this.aborted) this.emit('error', new Error('Redirect was cancelled'));
    }
  }
}

/** net.fetch as Electron documents it: session cookies on, and a manual redirect rejects. */
function netFetchDouble(session: SessionDouble) {
  return (input: string, init: RequestInit = {}): Promise<Response> =>
    new Promise((resolve, reject) => {
      const req = new ClientRequestDouble(
        {
          url: input,
          method: init.method ?? 'GET',
          redirect: init.redirect ?? 'follow',
          credentials: init.credentials === 'omit' ? 'omit' : 'include',
        },
        session,
      );
      new Headers(init.headers).forEach((value, name) => req.setHeader(name, value));
      req.on('response', (res: IncomingMessageDouble) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const headers = new Headers();
          for (const [k, v] of Object.entries(res.headers))
            for (const one of [v].flat()) headers.append(k, one);
          resolve(new Response(Buffer.concat(chunks), { status: res.statusCode, headers }));
        });
      });
      req.on('error', reject);
      if (typeof init.body === 'string') req.write(init.body);
      req.end();
    });
}

// ── the whole double ─────────────────────────────────────────────────────────
export interface WindowDouble extends EventEmitter {
  options: BrowserWindowConstructorOptions;
  visible: boolean;
  focused: boolean;
  position: [number, number] | null;
  alwaysOnTop: unknown[];
  /** The app:// URL last loaded. */
  url: string;
  /** Uncaught page errors and console errors, as the renderer reported them. */
  errors: string[];
  page(): Promise<Page>;
  webContents: EventEmitter & { id: number };
  isDestroyed(): boolean;
  hide(): void;
  /** The window loses focus (the user clicked elsewhere). */
  blur(): void;
}

/** A utility process: its work runs in this process, behind a MessageChannel. */
export class UtilityDouble extends EventEmitter {
  /** What the module's start resolved to, once it has (the engine host, for the shell). */
  running: unknown = null;
  exitCode: number | null = null;

  constructor(
    readonly modulePath: string,
    readonly options: unknown,
    private readonly port: MessagePort,
  ) {
    super();
  }

  postMessage(message: unknown): void {
    if (this.exitCode === null) this.port.postMessage(message);
  }

  kill(): boolean {
    this.exit(0);
    return true;
  }

  /** The process dies (its work is not stopped: in a real crash it simply ends). */
  crash(code = 1): void {
    this.exit(code);
  }

  private exit(code: number): void {
    if (this.exitCode !== null) return;
    this.exitCode = code;
    this.port.close();
    setImmediate(() => {
      this.emit('exit', code);
      changed();
    });
  }
}

export interface ElectronDouble {
  api: ElectronApi;
  /** Every utility process forked, oldest first. */
  utility: UtilityDouble[];
  /** System-wide shortcuts the shell holds, by accelerator; call one to press it. */
  shortcuts: Map<string, () => void>;
  app: AppDouble;
  trays: TrayDouble[];
  notifications: NotificationDouble[];
  windows: WindowDouble[];
  menusBuilt: MenuDouble[];
  applicationMenu: { set: boolean; menu: MenuDouble | null };
  powerMonitor: EventEmitter;
  opened: string[];
  privilegedSchemes: unknown[];
  sessions: Map<string, SessionDouble>;
  displays: DisplayDouble[];
  cursor: { x: number; y: number };
  close(): Promise<void>;
}

export class AppDouble extends EventEmitter {
  readonly paths = new Map<string, string>();
  isPackaged: boolean;
  appUserModelId: string | null = null;
  badgeCounts: number[] = [];
  loginItem = { openAtLogin: false, args: [] as string[] };
  /** Windows: whether the entry will really run (false once switched off in Task Manager). */
  executableWillLaunchAtLogin: boolean | null;
  quitRequested = 0;
  quitted = false;
  /** Chromium switches appended before `ready` (e.g. `lang`). */
  readonly commandLine = {
    switches: new Map<string, string | undefined>(),
    appendSwitch(name: string, value?: string): void {
      this.switches.set(name, value);
    },
  };
  exitCode: number | null = null;

  constructor(private readonly options: DoubleOptions) {
    super();
    this.isPackaged = options.isPackaged ?? false;
    this.executableWillLaunchAtLogin = options.loginItems?.executableWillLaunchAtLogin ?? null;
    this.paths.set('userData', options.userData);
    this.paths.set('logs', join(options.userData, 'logs'));
    this.paths.set('appData', join(options.userData, 'app-data'));
  }
  /** Schemes the app asked the OS to send to it (tasktray://). */
  readonly protocolClients: string[] = [];
  setAsDefaultProtocolClient(scheme: string): boolean {
    this.protocolClients.push(scheme);
    return true;
  }
  getPath(name: string): string {
    const path = this.paths.get(name);
    if (!path) throw new Error(`No path "${name}" in the double`);
    return path;
  }
  setPath(name: string, path: string): void {
    this.paths.set(name, path);
  }
  getAppPath(): string {
    return root;
  }
  getVersion(): string {
    return '0.1.0';
  }
  getName(): string {
    return 'Tasktray';
  }
  whenReady(): Promise<void> {
    return Promise.resolve();
  }
  setAppUserModelId(id: string): void {
    this.appUserModelId = id;
  }
  setBadgeCount(count: number): boolean {
    this.badgeCounts.push(count);
    return true;
  }
  requestSingleInstanceLock(): boolean {
    return this.options.singleInstanceLock ?? true;
  }
  getLoginItemSettings() {
    return {
      openAtLogin: this.loginItem.openAtLogin,
      wasOpenedAtLogin: this.options.loginItems?.wasOpenedAtLogin ?? false,
      executableWillLaunchAtLogin: this.executableWillLaunchAtLogin ?? this.loginItem.openAtLogin,
    };
  }
  setLoginItemSettings(settings: { openAtLogin: boolean; args?: string[] }): void {
    this.loginItem = { openAtLogin: settings.openAtLogin, args: settings.args ?? [] };
    changed();
  }
  /** Like Electron: before-quit, then will-quit, which a listener may hold with preventDefault. */
  quit(): void {
    this.quitRequested += 1;
    this.emit('before-quit', { preventDefault: () => undefined });
    let prevented = false;
    this.emit('will-quit', { preventDefault: () => (prevented = true) });
    if (!prevented) {
      this.quitted = true;
      this.emit('quit');
      changed();
    }
  }
  exit(code = 0): void {
    this.exitCode = code;
    changed();
  }
}

export async function createElectronDouble(options: DoubleOptions): Promise<ElectronDouble> {
  const app = new AppDouble(options);
  const context: BrowserContext = await options.browser.newContext();
  const preload = await preloadScript();
  const protocolHandlers = new Map<string, (request: Request) => Response | Promise<Response>>();
  const ipcHandlers = new Map<string, (event: unknown, ...args: unknown[]) => Promise<unknown>>();
  const trays: TrayDouble[] = [];
  const notifications: NotificationDouble[] = [];
  const windows: WindowDouble[] = [];
  const menusBuilt: MenuDouble[] = [];
  const applicationMenu: ElectronDouble['applicationMenu'] = { set: false, menu: null };
  const powerMonitor = new EventEmitter();
  const opened: string[] = [];
  const privilegedSchemes: unknown[] = [];
  const sessions = new Map<string, SessionDouble>([['', new SessionDouble('')]]);
  const displays = options.displays ?? [DEFAULT_DISPLAY];
  const cursor = { x: 10, y: 10 };
  const utility: UtilityDouble[] = [];

  // app://<host>/<path> is served by the shell's own protocol handler, over loopback HTTP.
  let origin = '';
  const server: Server = createServer((req, res) => {
    void (async () => {
      const handler = protocolHandlers.get('app');
      if (!handler) {
        res.writeHead(404).end('No app:// handler registered');
        return;
      }
      const response = await handler(new Request(`app://tasktray${req.url ?? '/'}`));
      const headers: Record<string, string> = {};
      response.headers.forEach((value, name) => (headers[name] = value));
      res.writeHead(response.status, headers);
      res.end(Buffer.from(await response.arrayBuffer()));
    })().catch((error: unknown) => res.writeHead(500).end(String(error)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const toHttp = (url: string) => url.replace(/^app:\/\/tasktray/, origin);
  const toApp = (url: string) =>
    url.startsWith(origin) ? `app://tasktray${url.slice(origin.length)}` : url;

  let closing = false;
  let nextId = 1;
  const contents = new Map<number, WindowDouble>();

  class BrowserWindowDouble extends EventEmitter implements WindowDouble {
    visible = false;
    focused = false;
    destroyed = false;
    position: [number, number] | null = null;
    alwaysOnTop: unknown[] = [];
    url = '';
    errors: string[] = [];
    private loaded = false;
    private readonly pagePromise: Promise<Page>;
    readonly webContents: EventEmitter & {
      id: number;
      send(channel: string, ...args: unknown[]): void;
      reload(): void;
      isDestroyed(): boolean;
      setWindowOpenHandler(handler: unknown): void;
      windowOpenHandler: unknown;
      getURL(): string;
    };

    static fromWebContents(wc: { id: number } | null): WindowDouble | null {
      return wc ? (contents.get(wc.id) ?? null) : null;
    }
    static getAllWindows(): WindowDouble[] {
      return windows.filter((w) => !w.isDestroyed());
    }

    constructor(readonly options: BrowserWindowConstructorOptions) {
      super();
      const id = nextId++;
      this.webContents = Object.assign(new EventEmitter(), {
        id,
        windowOpenHandler: null as unknown,
        send: (channel: string, ...args: unknown[]) => {
          void this.page()
            .then((page) =>
              page.evaluate(
                ([c, a]) =>
                  (
                    window as unknown as {
                      __electronDoubleDeliver?: (channel: string, args: unknown[]) => void;
                    }
                  ).__electronDoubleDeliver?.(c, a),
                [channel, args] as const,
              ),
            )
            .catch(() => undefined);
        },
        reload: () => {
          void this.page()
            .then((page) => page.reload())
            .then(changed)
            .catch(() => undefined);
        },
        isDestroyed: () => this.destroyed,
        setWindowOpenHandler(handler: unknown) {
          this.windowOpenHandler = handler;
        },
        getURL: () => this.url,
      });
      contents.set(id, this);
      windows.push(this);
      if (options.x !== undefined && options.y !== undefined)
        this.position = [options.x, options.y];
      this.pagePromise = this.openPage();
      app.emit('web-contents-created', {}, this.webContents);
    }

    private async openPage(): Promise<Page> {
      const page = await context.newPage();
      page.on('pageerror', (error) => this.errors.push(`pageerror: ${error.message}`));
      // A route change (the hash) and a load are changes a test may wait for.
      page.on('framenavigated', changed);
      page.on('load', changed);
      page.on('console', (message) => {
        if (message.type() === 'error') this.errors.push(`console: ${message.text()}`);
      });
      await page.setViewportSize({
        width: this.options.width ?? 800,
        height: this.options.height ?? 600,
      });
      await page.exposeBinding(
        '__electronDoubleInvoke',
        async (source, channel: string, args: unknown[]) => {
          const handler = ipcHandlers.get(channel);
          if (!handler) throw new Error(`No ipcMain handler for ${channel}`);
          const event = {
            sender: this.webContents,
            senderFrame: {
              url: toApp(source.frame.url()),
              parent: source.frame.parentFrame() ? {} : null,
            },
          };
          return handler(event, ...args);
        },
      );
      await page.addInitScript({ content: preload });
      return page;
    }

    page(): Promise<Page> {
      return this.pagePromise;
    }
    async loadURL(url: string): Promise<void> {
      this.url = url;
      changed();
      try {
        const page = await this.pagePromise;
        await page.goto(toHttp(url));
      } catch (error) {
        // Electron drops a load its window (or the app) was closed during; so does the double.
        if (closing || this.destroyed) return;
        throw error;
      }
      if (!this.loaded) {
        this.loaded = true;
        this.emit('ready-to-show');
      }
      changed();
    }
    show(): void {
      this.visible = true;
      this.emit('show');
      changed();
    }
    hide(): void {
      this.visible = false;
      this.focused = false;
      this.emit('hide');
      changed();
    }
    focus(): void {
      this.focused = true;
      this.emit('focus');
      changed();
    }
    blur(): void {
      this.focused = false;
      this.emit('blur');
      changed();
    }
    isVisible(): boolean {
      return this.visible;
    }
    isDestroyed(): boolean {
      return this.destroyed;
    }
    isMinimized(): boolean {
      return false;
    }
    restore(): void {}
    setPosition(x: number, y: number): void {
      this.position = [x, y];
      changed();
    }
    setAlwaysOnTop(...args: unknown[]): void {
      this.alwaysOnTop = args;
    }
    close(): void {
      let prevented = false;
      this.emit('close', { preventDefault: () => (prevented = true) });
      if (!prevented) this.destroy();
    }
    destroy(): void {
      this.destroyed = true;
      this.visible = false;
      void this.pagePromise.then((page) => page.close()).catch(() => undefined);
      this.emit('closed');
      changed();
    }
  }

  const Menu = {
    buildFromTemplate: (template: MenuItemConstructorOptions[]) => {
      const menu = new MenuDouble(template);
      menusBuilt.push(menu);
      return menu;
    },
    setApplicationMenu: (menu: MenuDouble | null) => {
      applicationMenu.set = true;
      applicationMenu.menu = menu;
    },
  };

  class TrayClass extends TrayDouble {
    constructor(image: ImageDouble) {
      super(image);
      trays.push(this);
    }
  }

  class NotificationClass extends NotificationDouble {
    static isSupported(): boolean {
      return options.notificationsSupported ?? true;
    }
    constructor(notificationOptions: NotificationConstructorOptions) {
      super(notificationOptions);
      notifications.push(this);
    }
  }

  const fromPartition = (partition: string) => {
    const existing = sessions.get(partition);
    if (existing) return existing;
    const created = new SessionDouble(partition);
    sessions.set(partition, created);
    return created;
  };
  const defaultSession = fromPartition('');
  const inside = (d: DisplayDouble, x: number, y: number) =>
    x >= d.bounds.x &&
    x < d.bounds.x + d.bounds.width &&
    y >= d.bounds.y &&
    y < d.bounds.y + d.bounds.height;
  const displayAt = (x: number, y: number) =>
    displays.find((d) => inside(d, x, y)) ?? displays[0] ?? DEFAULT_DISPLAY;

  const shortcuts = new Map<string, () => void>();
  const api = {
    app,
    BrowserWindow: BrowserWindowDouble,
    ipcMain: {
      handle: (
        channel: string,
        listener: (event: unknown, ...args: unknown[]) => Promise<unknown>,
      ) => {
        if (ipcHandlers.has(channel))
          throw new Error(`Attempted to register a second handler for '${channel}'`);
        ipcHandlers.set(channel, listener);
      },
    },
    Menu,
    nativeImage: {
      createFromBitmap: (
        buffer: Buffer,
        size: { width: number; height: number; scaleFactor?: number },
      ) => {
        const image = new ImageDouble();
        image.addRepresentation({
          scaleFactor: size.scaleFactor ?? 1,
          width: size.width,
          height: size.height,
          buffer,
        });
        return image;
      },
    },
    net: {
      isOnline: () => true,
      request: (requestOptions: ClientRequestConstructorOptions) =>
        new ClientRequestDouble(
          requestOptions,
          (requestOptions.session as SessionDouble | undefined) ?? defaultSession,
        ),
      fetch: netFetchDouble(defaultSession),
    },
    Notification: NotificationClass,
    powerMonitor,
    protocol: {
      registerSchemesAsPrivileged: (schemes: unknown[]) => privilegedSchemes.push(...schemes),
      handle: (scheme: string, handler: (request: Request) => Response | Promise<Response>) => {
        protocolHandlers.set(scheme, handler);
      },
    },
    safeStorage: {
      isEncryptionAvailable: () => false,
      encryptString: () => {
        throw new Error('Encryption is not available.');
      },
      decryptString: () => {
        throw new Error('Encryption is not available.');
      },
      getSelectedStorageBackend: () => 'basic_text',
    },
    screen: {
      getPrimaryDisplay: () => displays[0] ?? DEFAULT_DISPLAY,
      getAllDisplays: () => displays,
      getCursorScreenPoint: () => ({ ...cursor }),
      getDisplayNearestPoint: (point: { x: number; y: number }) => displayAt(point.x, point.y),
      getDisplayMatching: (rect: Rect) =>
        displayAt(rect.x + rect.width / 2, rect.y + rect.height / 2),
    },
    session: { defaultSession, fromPartition },
    shell: {
      openExternal: async (url: string) => {
        opened.push(url);
        changed();
      },
      openPath: async (path: string) => {
        opened.push(path);
        changed();
        return '';
      },
    },
    globalShortcut: {
      register: (accelerator: string, callback: () => void) => {
        if (shortcuts.has(accelerator)) return false;
        shortcuts.set(accelerator, callback);
        changed();
        return true;
      },
      unregister: (accelerator: string) => {
        shortcuts.delete(accelerator);
        changed();
      },
    },
    Tray: TrayClass,
    utilityProcess: {
      fork: (modulePath: string, _args: string[] = [], forkOptions: unknown = {}) => {
        const start = options.utility;
        if (!start) throw new Error(`No utility process double for ${modulePath}`);
        const { port1, port2 } = new MessageChannel();
        const child = new UtilityDouble(modulePath, forkOptions, port1);
        port1.on('message', (message: unknown) => child.emit('message', message));
        port1.unref();
        port2.unref();
        const link: MessageLink = {
          post: (message) => port2.postMessage(message),
          listen: (listener) => port2.on('message', listener),
        };
        utility.push(child);
        start(modulePath, link, api as unknown as ElectronApi).then(
          (running) => {
            child.running = running;
            changed();
          },
          (error: unknown) => {
            console.error(`the utility process ${modulePath} failed to start`, error);
            child.crash(1);
          },
        );
        return child;
      },
    },
  };

  return {
    // The double implements only what the shell calls; the type is the real Electron's.
    api: api as unknown as ElectronApi,
    utility,
    shortcuts,
    app,
    trays,
    notifications,
    windows,
    menusBuilt,
    applicationMenu,
    powerMonitor,
    opened,
    privilegedSchemes,
    sessions,
    displays,
    cursor,
    close: async () => {
      closing = true;
      await context.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
