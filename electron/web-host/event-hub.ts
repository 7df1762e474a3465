// Server-Sent Events: every IPC event goes to every connected window, as one JSON message each.
import type { ServerResponse } from 'node:http';
import type { IpcEventChannel, IpcEventPayload } from '../../shared/ipc';

const HEARTBEAT_MS = 15_000;

export class EventHub {
  private readonly clients = new Set<ServerResponse>();

  add(res: ServerResponse): void {
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
    });
    res.write(': connected\n\n');
    // Comments keep idle connections from being cut by anything in between.
    const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), HEARTBEAT_MS);
    heartbeat.unref();
    this.clients.add(res);
    res.on('close', () => {
      clearInterval(heartbeat);
      this.clients.delete(res);
    });
  }

  publish<E extends IpcEventChannel>(event: E, payload: IpcEventPayload<E>): void {
    const message = `data: ${JSON.stringify({ event, payload })}\n\n`;
    for (const client of this.clients) client.write(message);
  }

  /** One message to one window only (its first state, which no other window asked for). */
  sendTo(res: ServerResponse, body: unknown): void {
    this.sendRawTo(res, JSON.stringify(body));
  }

  /** `sendTo` with the body already JSON (one line: JSON.stringify writes no line breaks). */
  sendRawTo(res: ServerResponse, json: string): void {
    if (this.clients.has(res)) res.write(`data: ${json}\n\n`);
  }

  get size(): number {
    return this.clients.size;
  }

  closeAll(): void {
    for (const client of this.clients) client.end();
    this.clients.clear();
  }
}
