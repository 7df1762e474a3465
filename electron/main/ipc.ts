// IPC in main: one invoke channel for every call, checked for its sender and then handed to the
// same dispatcher every transport uses (so validation happens once, in electron/core).
import type { IpcMainInvokeEvent, WebContents } from 'electron';
import type { IpcEventChannel, IpcEventPayload, IpcResult } from '../../shared/ipc';
import { dispatch, type AnyHandlers } from '../app/ipc-dispatch';
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

export interface ServeIpcOptions {
  ipcMain: IpcMainLike;
  /** Every call's handlers for this sender: the service's, plus window:* for the caller's window. */
  handlersFor(sender: WebContents): AnyHandlers;
  ownWebContents(): ReadonlySet<number>;
  appOrigin: string;
  logger: Logger;
}

export function serveIpc(options: ServeIpcOptions): void {
  options.ipcMain.handle(
    CALL_CHANNEL,
    async (event, channel, payload): Promise<IpcResult<unknown>> => {
      const frame = senderFrame(event);
      if (!isTrustedSender(frame, options.ownWebContents(), options.appOrigin)) {
        options.logger.warn('refused IPC from an untrusted sender', {
          channel: typeof channel === 'string' ? channel : null,
          url: frame?.url ?? null,
        });
        return {
          ok: false,
          error: new VendorError('forbidden', 'This page may not talk to Tasktray.').toInfo(),
        };
      }
      return dispatch(options.handlersFor(event.sender), channel, payload, options.logger);
    },
  );
}

/** Sends one event to every window still open. */
export function broadcast<E extends IpcEventChannel>(
  targets: readonly Pick<WebContents, 'isDestroyed' | 'send'>[],
  event: E,
  payload: IpcEventPayload<E>,
): void {
  for (const contents of targets) {
    if (!contents.isDestroyed()) contents.send(EVENT_CHANNEL, event, payload);
  }
}
