// IPC in main: one invoke channel for every call, checked for its sender and its payload (the
// same check every transport uses), then answered by the engine host or, for window:*, by main.
import type { IpcMainInvokeEvent, WebContents } from 'electron';
import type {
  IpcChannel,
  IpcEventChannel,
  IpcResponse,
  IpcResult,
  IpcValidRequest,
} from '../../shared/ipc';
import { checkCall, runCall, type AnyHandlers } from '../app/ipc-dispatch';
import { isServiceChannel, type ServiceChannel } from '../host/protocol';
import type { Logger } from '../core/logger';
import { VendorError } from '../core/vendor-error';
import { CALL_CHANNEL, EVENT_CHANNEL } from '../preload/channels';
import { isTrustedSender, type SenderFrame } from './security';

export interface IpcMainLike {
  handle(
    channel: string,
    listener: (event: IpcMainInvokeEvent, ...args: unknown[]) => Promise<unknown>,
  ): void;
}

/** The sender as the trust check sees it. */
export function senderFrame(
  event: Pick<IpcMainInvokeEvent, 'senderFrame' | 'sender'>,
): SenderFrame | null {
  const frame = event.senderFrame;
  if (!frame) return null;
  return { url: frame.url, isMainFrame: frame.parent === null, webContentsId: event.sender.id };
}

type WindowChannel = Exclude<IpcChannel, ServiceChannel>;

/** The calls main answers itself, for the window that makes them. */
export type WindowHandlers = {
  [C in WindowChannel]: (request: IpcValidRequest<C>) => Promise<IpcResponse<C>>;
};

export interface ServeIpcOptions {
  ipcMain: IpcMainLike;
  /** A checked call for the engine host; resolves to its IpcResult as JSON text. */
  forward(channel: ServiceChannel, payload: unknown): Promise<string>;
  /** window:* for the caller's window. */
  windowHandlers(sender: WebContents): WindowHandlers;
  ownWebContents(): ReadonlySet<number>;
  appOrigin: string;
  logger: Logger;
}

/**
 * Answers travel as JSON text: a task list from the engine host is passed on unread, so main's
 * thread never copies thousands of tasks into objects of its own.
 */
export function serveIpc(options: ServeIpcOptions): void {
  const { logger } = options;
  options.ipcMain.handle(CALL_CHANNEL, async (event, channel, payload): Promise<string> => {
    const frame = senderFrame(event);
    if (!isTrustedSender(frame, options.ownWebContents(), options.appOrigin)) {
      logger.warn('refused IPC from an untrusted sender', {
        channel: typeof channel === 'string' ? channel : null,
        url: frame?.url ?? null,
      });
      const error = new VendorError('forbidden', 'This page may not talk to Tasktray.').toInfo();
      return JSON.stringify({ ok: false, error } satisfies IpcResult<never>);
    }
    // Every payload is checked here, in main, before the engine host or a window handler sees it.
    const call = checkCall(channel, payload, logger);
    if (!call.ok) return JSON.stringify(call);
    if (isServiceChannel(call.channel)) return options.forward(call.channel, call.data);
    const handlers = options.windowHandlers(event.sender) as AnyHandlers;
    return JSON.stringify(await runCall(handlers, call, logger));
  });
}

/** Sends one event, as JSON text, to every window still open. */
export function broadcast(
  targets: readonly Pick<WebContents, 'isDestroyed' | 'send'>[],
  event: IpcEventChannel,
  json: string,
): void {
  for (const contents of targets) {
    if (!contents.isDestroyed()) contents.send(EVENT_CHANNEL, event, json);
  }
}
