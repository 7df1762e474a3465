// The engine's fetch in the app: Chromium's network stack (system proxies, PAC, corporate CAs)
// through Electron's ClientRequest, behaving like Node's fetch where the engine relies on it.
// - `redirect: 'manual'` returns the 3xx itself; Electron's `net.fetch` rejects instead ("Redirect
//   was cancelled"), which would read as "offline" for a vendor that redirects to its sign-in.
// - No cookies: vendors are called with their tokens only, never with cookies a vendor page (or
//   another account on the same host) left in a jar. It runs in the engine host (a utility
//   process), which has no session of its own: cookies are neither sent nor kept.
import type { ClientRequest, ClientRequestConstructorOptions, IncomingMessage } from 'electron';
import type { FetchLike } from '../core/ports';

export type NetRequest = (options: ClientRequestConstructorOptions) => ClientRequest;

/** Headers Chromium sets itself and refuses from the caller. */
const CHROMIUM_OWNED = new Set(['content-length', 'host', 'connection']);

type RawHeaders = Record<string, string | string[]>;

function toHeaders(raw: RawHeaders): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(raw)) {
    for (const one of Array.isArray(value) ? value : [value]) headers.append(name, one);
  }
  return headers;
}

function bodyBytes(body: RequestInit['body']): Buffer | null {
  if (body === undefined || body === null) return null;
  if (typeof body === 'string') return Buffer.from(body);
  if (body instanceof URLSearchParams) return Buffer.from(body.toString());
  if (body instanceof ArrayBuffer) return Buffer.from(body);
  if (ArrayBuffer.isView(body)) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  throw new TypeError('Tasktray sends only text or bytes to vendors.');
}

/** A null body for the statuses that may not have one (Response refuses a body for them). */
function nullBodyStatus(status: number): boolean {
  return status === 204 || status === 205 || status === 304 || (status >= 300 && status < 400);
}

export function chromiumFetch(request: NetRequest): FetchLike {
  return (input, init = {}) =>
    new Promise<Response>((resolve, reject) => {
      const signal = init.signal ?? undefined;
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      const manual = init.redirect === 'manual';
      const req = request({
        url: typeof input === 'string' ? input : input.href,
        method: init.method ?? 'GET',
        redirect: manual ? 'manual' : (init.redirect ?? 'follow'),
        credentials: 'omit',
        useSessionCookies: false,
      });
      let settled = false;
      const settle = (done: () => void) => {
        if (settled) return;
        settled = true;
        signal?.removeEventListener('abort', onAbort);
        done();
      };
      const onAbort = () => {
        req.abort();
        settle(() => reject(signal?.reason));
      };
      signal?.addEventListener('abort', onAbort, { once: true });

      new Headers(init.headers).forEach((value, name) => {
        if (!CHROMIUM_OWNED.has(name)) req.setHeader(name, value);
      });
      req.on('redirect', (status: number, _method: string, _url: string, headers: RawHeaders) => {
        if (!manual) return; // 'follow' follows by itself
        // Not following cancels the request: answer with the 3xx first, as fetch does.
        settle(() => resolve(new Response(null, { status, headers: toHeaders(headers ?? {}) })));
        req.abort();
      });
      req.on('response', (response: IncomingMessage) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const status = response.statusCode;
          settle(() =>
            resolve(
              new Response(nullBodyStatus(status) ? null : Buffer.concat(chunks), {
                status,
                statusText: response.statusMessage,
                headers: toHeaders(response.headers),
              }),
            ),
          );
        });
        response.on('error', (error: Error) => settle(() => reject(error)));
      });
      req.on('error', (error: Error) =>
        settle(() => reject(new TypeError('fetch failed', { cause: error }))),
      );
      const bytes = bodyBytes(init.body);
      if (bytes) req.write(bytes);
      req.end();
    });
}
