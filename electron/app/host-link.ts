// Requests and notices between main and the engine host over one message link: Electron's
// utilityProcess in the app, a MessageChannel in the shell's test double, a forked Node process
// in the bench. Each side answers the other's requests by id; a notice needs no answer.
import { runHandled } from '../../shared/detached';
import type { VendorErrorInfo } from '../../shared/errors';
import { VendorError } from '../core/vendor-error';

/** Structured-clone messages, in order, both ways. */
export interface MessageLink {
  post(message: unknown): void;
  listen(listener: (message: unknown) => void): void;
}

/** Method name → what it is given and what it answers. */
export type Methods = Record<string, { params: unknown; result: unknown }>;

export type Handlers<M extends Methods> = {
  [K in keyof M]: (params: M[K]['params']) => Promise<M[K]['result']>;
};

type WireError = { vendor: VendorErrorInfo } | { message: string };

type Wire =
  | { kind: 'request'; id: number; method: string; params: unknown }
  | { kind: 'response'; id: number; ok: true; value: unknown }
  | { kind: 'response'; id: number; ok: false; error: WireError }
  | { kind: 'notice'; notice: unknown };

function isWire(message: unknown): message is Wire {
  return typeof message === 'object' && message !== null && 'kind' in message;
}

// A VendorError keeps its kind, codes and hint across the link; anything else its message.
function toWireError(error: unknown): WireError {
  if (error instanceof VendorError) return { vendor: error.toInfo() };
  return { message: error instanceof Error ? error.message : String(error) };
}

function fromWireError(error: WireError): Error {
  return 'vendor' in error ? VendorError.fromInfo(error.vendor) : new Error(error.message);
}

export class RpcEndpoint<In extends Methods, Out extends Methods, NoticeIn, NoticeOut> {
  private nextId = 1;
  private readonly pending = new Map<
    number,
    { resolve: (value: unknown) => void; reject: (error: Error) => void }
  >();
  private closed: Error | null = null;

  constructor(
    private readonly link: MessageLink,
    private readonly handlers: Handlers<In>,
    private readonly onNotice: (notice: NoticeIn) => void,
  ) {
    link.listen((message) => this.receive(message));
  }

  request<K extends keyof Out & string>(
    method: K,
    params: Out[K]['params'],
  ): Promise<Out[K]['result']> {
    if (this.closed) return Promise.reject(this.closed);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.link.post({ kind: 'request', id, method, params } satisfies Wire);
    });
  }

  notify(notice: NoticeOut): void {
    if (!this.closed) this.link.post({ kind: 'notice', notice } satisfies Wire);
  }

  /** The other side is gone: every request still waiting fails with `reason`, and later ones too. */
  close(reason: Error): void {
    this.closed = reason;
    for (const { reject } of this.pending.values()) reject(reason);
    this.pending.clear();
  }

  private receive(message: unknown): void {
    if (!isWire(message)) return;
    if (message.kind === 'notice') this.onNotice(message.notice as NoticeIn);
    else if (message.kind === 'response') {
      const waiting = this.pending.get(message.id);
      this.pending.delete(message.id);
      if (!waiting) return;
      if (message.ok) waiting.resolve(message.value);
      else waiting.reject(fromWireError(message.error));
    } else runHandled(this.answer(message.id, message.method, message.params));
  }

  private async answer(id: number, method: string, params: unknown): Promise<void> {
    const handler = (this.handlers as Record<string, (p: unknown) => Promise<unknown>>)[method];
    let reply: Wire;
    try {
      if (!handler) throw new Error(`No method ${method} on this side of the link.`);
      reply = { kind: 'response', id, ok: true, value: await handler(params) };
    } catch (error) {
      reply = { kind: 'response', id, ok: false, error: toWireError(error) };
    }
    if (this.closed) return;
    try {
      this.link.post(reply);
    } catch (error) {
      // An answer structured clone cannot copy: the asker still hears, with the reason.
      this.link.post({ kind: 'response', id, ok: false, error: toWireError(error) } satisfies Wire);
    }
  }
}
