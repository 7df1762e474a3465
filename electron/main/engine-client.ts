// Main's side of the engine host: starts it in Electron's utilityProcess, answers what it asks
// (keychain, settings file, browser, login item, shortcut), passes the windows' calls in and its
// events out. Main never parses a task list: answers and events travel on as JSON text.
import type { IpcEventChannel, IpcRequest, IpcResponse, IpcResult } from '../../shared/ipc';
import type { SaveFailure } from '../../shared/save-failures';
import { RpcEndpoint, type Handlers, type MessageLink } from '../app/host-link';
import type { Logger } from '../core/logger';
import { VendorError } from '../core/vendor-error';
import type {
  HostInit,
  HostMethods,
  HostNotice,
  MainMethods,
  MainNotice,
  ServiceChannel,
  TraySummary,
} from '../host/protocol';

/** The part of Electron's UtilityProcess main uses. */
export interface UtilityChild {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (message: unknown) => void): unknown;
  on(event: 'exit', listener: (code: number) => void): unknown;
  kill(): boolean;
}

/** How often a host that died is started again before main gives up (and says so). */
export const HOST_RESTARTS = 3;

export interface EngineClientOptions {
  /** Starts the host process (utilityProcess.fork in the app). */
  fork(): UtilityChild;
  /** What the host starts from: read again at every (re)start, so a restart sees today's settings. */
  init(): HostInit;
  /** What the host may ask of main. */
  answers: Handlers<MainMethods>;
  onEvent(event: IpcEventChannel, json: string): void;
  onTray(summary: TraySummary): void;
  onSaveFailed(failure: SaveFailure): void;
  onDemo(control: { url: string; token: string } | null): void;
  /** The host died and was started again: the windows reload to read its state. */
  onRestarted(): void;
  /** The host died too often: Tasktray cannot watch tasks until it is restarted. */
  onGaveUp(code: number): void;
  logger: Logger;
}

type Rpc = RpcEndpoint<MainMethods, HostMethods, HostNotice, MainNotice>;

export class EngineClient {
  private rpc: Rpc | null = null;
  private child: UtilityChild | null = null;
  private stopping = false;
  private restarts = 0;
  private exited: Promise<void> = Promise.resolve();

  constructor(private readonly options: EngineClientOptions) {}

  /** Resolves once the host's engine runs; rejects if the host exits first. */
  start(): Promise<void> {
    const child = this.options.fork();
    this.child = child;
    let ready: () => void = () => undefined;
    let failed: (error: Error) => void = () => undefined;
    const started = new Promise<void>((resolve, reject) => {
      ready = resolve;
      failed = reject;
    });
    const link: MessageLink = {
      post: (message) => child.postMessage(message),
      listen: (listener) => child.on('message', listener),
    };
    const rpc: Rpc = new RpcEndpoint(link, this.options.answers, (notice) => {
      if (notice.type === 'ready') ready();
      else this.heard(notice);
    });
    this.rpc = rpc;
    this.exited = new Promise<void>((resolve) => {
      child.on('exit', (code) => {
        const error = new VendorError('internal', 'The Tasktray engine stopped.', {
          hint: 'Quit Tasktray and start it again.',
        });
        rpc.close(error);
        failed(error);
        resolve();
        if (!this.stopping && this.child === child) this.died(code);
      });
    });
    rpc.notify({ type: 'init', init: this.options.init() });
    return started;
  }

  /** A window's call, checked by main: the IpcResult as JSON text, for the window to read. */
  async call(channel: ServiceChannel, payload: unknown): Promise<string> {
    try {
      return await this.host().request('call', { channel, payload });
    } catch (error) {
      const info = (
        error instanceof VendorError ? error : new VendorError('internal', String(error))
      ).toInfo();
      return JSON.stringify({ ok: false, error: info } satisfies IpcResult<never>);
    }
  }

  /** One of main's own calls (the tray, a notification's button): the answer, or its error. */
  async value<C extends ServiceChannel>(
    channel: C,
    request: IpcRequest<C>,
  ): Promise<IpcResponse<C>> {
    const result = JSON.parse(await this.call(channel, request)) as IpcResult<IpcResponse<C>>;
    if (result.ok) return result.value;
    throw VendorError.fromInfo(result.error);
  }

  mostUrgentTaskId(): Promise<string | null> {
    return this.host().request('mostUrgent', null);
  }

  power(op: 'pause' | 'resume' | 'refresh'): void {
    this.rpc?.notify({ type: 'power', op });
  }

  saveFailed(failure: SaveFailure): void {
    this.rpc?.notify({ type: 'save-failed', failure });
  }

  /** The engine saves its state and the demo stops; then the process ends. */
  async stop(): Promise<void> {
    this.stopping = true;
    const child = this.child;
    if (!child || !this.rpc) return;
    try {
      await this.rpc.request('stop', null);
    } catch (error) {
      this.options.logger.warn('the engine did not stop cleanly', { error });
    }
    child.kill();
    await this.exited;
  }

  private host(): Rpc {
    if (!this.rpc) throw new Error('The engine host has not been started.');
    return this.rpc;
  }

  private heard(notice: Exclude<HostNotice, { type: 'ready' }>): void {
    const { options } = this;
    if (notice.type === 'event') options.onEvent(notice.event, notice.json);
    else if (notice.type === 'tray') options.onTray(notice.summary);
    else if (notice.type === 'save-failed') options.onSaveFailed(notice.failure);
    else if (notice.type === 'demo') options.onDemo(notice.control);
    else options.logger[notice.record.level](notice.record.message, notice.record.fields);
  }

  private died(code: number): void {
    const { logger } = this.options;
    if (this.restarts >= HOST_RESTARTS) {
      logger.error('the engine stopped again; Tasktray gives up restarting it', { code });
      this.options.onGaveUp(code);
      return;
    }
    this.restarts += 1;
    logger.error('the engine stopped unexpectedly; starting it again', {
      code,
      restart: this.restarts,
    });
    this.start().then(
      () => this.options.onRestarted(),
      (error: unknown) => logger.error('the engine could not be started again', { error }),
    );
  }
}
