// The API half of the web host: POST /api/call → dispatch → IpcResult; GET /api/events → SSE.
// Both need the per-run token (header for calls; query for EventSource, which cannot set headers).
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { IpcResult } from '../../shared/ipc';
import { cachedRowsJson } from '../app/task-rows';
import type { EventHub } from './event-hub';

const MAX_BODY_BYTES = 1_000_000;

export interface ApiContext {
  token: string;
  hub: EventHub;
  call: (channel: unknown, payload: unknown) => Promise<IpcResult<unknown>>;
}

function sameToken(given: string | null | undefined, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
  });
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
}

/**
 * `JSON.stringify(result)` for an answer to app:state, with its rows' JSON as the feed keeps it
 * between changes (electron/app/task-rows.ts): a window's load does not serialise every row again.
 */
export function stateResultJson(result: IpcResult<unknown>): string {
  if (result.ok && typeof result.value === 'object' && result.value !== null) {
    const { tasks, ...rest } = result.value as { tasks?: unknown };
    const rows = cachedRowsJson(tasks);
    if (rows !== null) {
      const others = JSON.stringify(rest).slice(1, -1);
      return `{"ok":true,"value":{"tasks":${rows}${others ? `,${others}` : ''}}}`;
    }
  }
  return JSON.stringify(result);
}

async function readJson(
  req: IncomingMessage,
): Promise<{ ok: true; value: unknown } | { ok: false; problem: string }> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return { ok: false, problem: 'The request body is too large.' };
    chunks.push(chunk as Buffer);
  }
  try {
    return { ok: true, value: JSON.parse(Buffer.concat(chunks).toString('utf8')) };
  } catch {
    return { ok: false, problem: 'The request body is not JSON.' };
  }
}

export async function handleApi(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  context: ApiContext,
): Promise<void> {
  if (url.pathname === '/api/events' && req.method === 'GET') {
    if (!sameToken(url.searchParams.get('token'), context.token)) {
      sendJson(res, 401, { message: 'A valid token is required.' });
      return;
    }
    context.hub.add(res);
    // `?state=1`: the window's first app:state comes down the stream it just opened, as
    // `{ state: IpcResult }`: one round trip instead of two (open the stream, then call). The
    // stream is held before the state is read, so no later change can miss the window.
    if (url.searchParams.get('state') === '1') {
      const state = stateResultJson(await context.call('app:state', null));
      context.hub.sendRawTo(res, `{"state":${state}}`);
    }
    return;
  }
  if (url.pathname === '/api/call' && req.method === 'POST') {
    const auth = req.headers.authorization ?? '';
    if (!sameToken(auth.startsWith('Bearer ') ? auth.slice(7) : null, context.token)) {
      sendJson(res, 401, { message: 'A valid token is required.' });
      return;
    }
    const body = await readJson(req);
    if (!body.ok) {
      sendJson(res, 400, { message: body.problem });
      return;
    }
    const { channel, payload } = (body.value ?? {}) as { channel?: unknown; payload?: unknown };
    const result = await context.call(channel, payload ?? null);
    sendJson(res, 200, channel === 'app:state' ? stateResultJson(result) : result);
    return;
  }
  sendJson(res, 404, { message: `No API at ${req.method} ${url.pathname}.` });
}
